// What a failed item tells the user, in n8n's words: one sentence that names the provider and the target first, says
// what the provider answered and after how many attempts, and a hint that says what to do, naming the node's options
// by their labels in the editor (core's own messages and hints are for library users and name its API instead).
import type { IDataObject } from 'n8n-workflow';
import {
  isTeardownError,
  PROVIDER_LABEL,
  TeardownAlreadyGoneError,
  TeardownValidationError,
  type TeardownError,
} from '@teardown/core';

/** The delete options' labels in the editor (shared/parameters.ts shows them), as hints name them. */
export const ALREADY_DELETED_LABEL = 'Count Already Deleted as Done';
export const NOT_FOUND_LABEL = 'Count "Not Found" as Done';
const ALREADY_DELETED_OPTION = `"${ALREADY_DELETED_LABEL}"`;
const NOT_FOUND_OPTION = `"${NOT_FOUND_LABEL}"`;

/** The one target an item acts on: its IDs (on every output item, error items too) and how a sentence names it. */
export interface Target<Ids extends IDataObject = IDataObject> {
  ids: Ids;
  /** e.g. "QR code bbqr_… in collection bbcol_…" */
  name: string;
}

/** What a failure is about: the operation (its action, "Cancel a QR code"), whether it deletes, and its target. */
export interface About {
  action: string;
  deletes?: boolean;
  target?: Target;
}

export interface Failure {
  message: string;
  /** What to do about it. */
  hint?: string;
  /** Everything an error item carries beside the message: the target's IDs, then core's fields (null when absent). */
  fields: IDataObject;
}

/** A failure the node decides itself, not a provider's answer (e.g. a discard still pending at the timeout). */
export class ItemFailure extends Error {
  constructor(
    message: string,
    readonly hint: string,
    /** What the error item carries beside the target's IDs. */
    readonly fields: IDataObject,
  ) {
    super(message);
  }
}

export function describeFailure(error: unknown, about: About): Failure {
  const ids = about.target?.ids ?? {};
  if (error instanceof ItemFailure)
    return { message: error.message, hint: error.hint, fields: { ...ids, ...error.fields, hint: error.hint } };
  if (!isTeardownError(error))
    return { message: error instanceof Error ? error.message : String(error), fields: { ...ids } };
  const fields: IDataObject = {
    ...ids,
    code: error.code,
    classification: error.classification,
    requestId: error.requestId ?? null,
    status: error.status ?? null,
    attempts: error.attempts ?? null,
    mayHaveBeenApplied: error.mayHaveBeenApplied ?? null,
  };
  // Core's rule already names the field by its label and says nothing was sent: a second sentence would repeat it.
  if (error instanceof TeardownValidationError) return { message: error.message, fields: { ...fields, hint: null } };
  const hint = hintFor(error, about);
  return { message: sentence(error, about), hint, fields: { ...fields, hint } };
}

function sentence(error: TeardownError, about: About): string {
  const who = error.provider ? PROVIDER_LABEL[error.provider] : 'The provider';
  const target = about.target?.name;
  const facts = factsOf(error);
  if (target && error.classification === 'not_found')
    return `${who} has no ${target} (${facts}).${about.deletes ? ' Nothing was deleted.' : ''}`;
  if (target && error instanceof TeardownAlreadyGoneError)
    return `${who}: ${target} was already deleted before this run (${facts}).`;
  // A list in the editor names no operation: core's own sentence (provider, call, answer) says it.
  if (!target && !about.action) return error.message;
  const [verb = '', ...rest] = about.action.split(' ');
  const doing = target ? `${verb.toLowerCase()} ${target}` : [verb.toLowerCase(), ...rest].join(' ');
  const said = error.providerMessage ? `: “${error.providerMessage}”` : '';
  return `${who} could not ${doing}${said} (${facts}).`;
}

/** The provider's code, HTTP status and request ID, and the attempts made: what support asks for. */
function factsOf(error: TeardownError): string {
  const attempts = error.attempts === undefined ? '' : `${error.attempts} attempt${error.attempts === 1 ? '' : 's'}`;
  const status = error.status === undefined ? '' : `HTTP ${error.status}`;
  const request = error.requestId ? `request ${error.requestId}` : '';
  return [error.code, status, request, attempts].filter(Boolean).join(', ');
}

function hintFor(error: TeardownError, about: About): string {
  const who = error.provider ? PROVIDER_LABEL[error.provider] : 'the provider';
  if (error.classification === 'not_found')
    return about.deletes
      ? `Check the ID: ${who} cannot tell a mistyped ID from one deleted earlier. If "not there" is all you need, turn on the option ${NOT_FOUND_OPTION}.`
      : 'Check the ID, and that it belongs to the account of this credential.';
  if (error instanceof TeardownAlreadyGoneError)
    return `Nothing is left to delete. To count such items as done, turn on the option ${ALREADY_DELETED_OPTION}.`;
  if (error.classification === 'retryable')
    return `A temporary problem at ${who} or on the network: run it again later, or turn on "Retry On Fail" in the node's settings.${
      error.mayHaveBeenApplied && about.deletes
        ? ' The delete may have gone through: a later run then reports it as done.'
        : ''
    }`;
  return error.hint;
}
