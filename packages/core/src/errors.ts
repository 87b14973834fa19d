// One error hierarchy for every provider (modelled on stripe-node): callers branch on fields, never on message text.
// Messages are built only from provider codes and provider messages, never from credentials or tokens.

import { PROVIDER_LABEL, type Provider } from './providers.js';
import { PROVIDER_CODE_MAX_BYTES, PROVIDER_MESSAGE_MAX_BYTES, capBytes } from './provider-text.js';

/**
 * What a caller should do: try again later, give up, or treat the target as already deleted. `not_found`: the provider
 * has no such target and cannot say whether it ever existed (a mistyped ID reads the same as a deleted one), so it is
 * not evidence of a delete; a delete reports it only when its caller opted in (`DeleteOptions.notFound`).
 */
export type ErrorClassification = 'retryable' | 'not_retryable' | 'already_done' | 'not_found';

export interface TeardownErrorFields {
  /** Absent when no provider is involved (e.g. a target of no known kind). */
  provider?: Provider;
  operation: string;
  code: string;
  /** Kept only by the base class: a subclass's errors have its classification (`TeardownError.classification`). */
  classification: ErrorClassification;
  status?: number;
  providerMessage?: string;
  requestId?: string;
  retryAfterMs?: number;
  hint?: string;
  /**
   * Whether the failed call may have changed something at the provider: one of its requests got no answer, or the
   * provider answered with a server error (it may have applied the change before failing). False when every answer
   * refused the request (a rate limit, bad input, no permission): nothing was applied. Absent when no request was sent.
   */
  mayHaveBeenApplied?: boolean;
  /** HTTP attempts the failed call made (retries and a token refresh included). Absent when no request was sent. */
  attempts?: number;
}

export class TeardownError extends Error {
  /**
   * The classification of every error of this class: given fields cannot override it, so a class and its
   * classification never disagree. Undefined for the base class, whose errors carry the one they are given.
   */
  static readonly classification: ErrorClassification | undefined = undefined;
  readonly provider?: Provider;
  readonly operation: string;
  readonly status?: number;
  readonly code: string;
  readonly providerMessage?: string;
  readonly requestId?: string;
  readonly classification: ErrorClassification;
  readonly retryAfterMs?: number;
  readonly hint: string;
  /** See TeardownErrorFields; the client that sent the call sets it when the call fails. */
  mayHaveBeenApplied?: boolean;
  /** See TeardownErrorFields; the client that sent the call sets it when the call fails. */
  attempts?: number;

  constructor(given: TeardownErrorFields, message?: string) {
    // The one place provider text enters an error: whatever a provider answers, an error stays a few hundred bytes.
    const fields = bounded(given);
    super(message ?? describe(fields));
    this.name = new.target.name;
    if (fields.provider !== undefined) this.provider = fields.provider;
    this.operation = fields.operation;
    this.code = fields.code;
    this.classification = new.target.classification ?? fields.classification;
    this.hint = fields.hint ?? hintFor(this.classification);
    if (fields.status !== undefined) this.status = fields.status;
    if (fields.providerMessage !== undefined) this.providerMessage = fields.providerMessage;
    if (fields.requestId !== undefined) this.requestId = fields.requestId;
    if (fields.retryAfterMs !== undefined) this.retryAfterMs = fields.retryAfterMs;
    if (fields.mayHaveBeenApplied !== undefined) this.mayHaveBeenApplied = fields.mayHaveBeenApplied;
    if (fields.attempts !== undefined) this.attempts = fields.attempts;
  }

  get retryable(): boolean {
    return this.classification === 'retryable';
  }

  /** The fields as plain data (for Temporal failure details, n8n error items, logs). */
  toJSON(): TeardownErrorFields & { name: string; message: string; hint: string; retryable: boolean } {
    return {
      name: this.name,
      message: this.message,
      ...(this.provider !== undefined && { provider: this.provider }),
      operation: this.operation,
      code: this.code,
      classification: this.classification,
      retryable: this.retryable,
      hint: this.hint,
      ...(this.status !== undefined && { status: this.status }),
      ...(this.providerMessage !== undefined && { providerMessage: this.providerMessage }),
      ...(this.requestId !== undefined && { requestId: this.requestId }),
      ...(this.retryAfterMs !== undefined && { retryAfterMs: this.retryAfterMs }),
      ...(this.mayHaveBeenApplied !== undefined && { mayHaveBeenApplied: this.mayHaveBeenApplied }),
      ...(this.attempts !== undefined && { attempts: this.attempts }),
    };
  }
}

/** The fields with the provider's text (message, code, request id) capped in bytes, with a marker where cut. */
function bounded(f: TeardownErrorFields): TeardownErrorFields {
  const out = { ...f, code: capBytes(f.code, PROVIDER_CODE_MAX_BYTES) };
  if (f.providerMessage !== undefined) out.providerMessage = capBytes(f.providerMessage, PROVIDER_MESSAGE_MAX_BYTES);
  if (f.requestId !== undefined) out.requestId = capBytes(f.requestId, PROVIDER_CODE_MAX_BYTES);
  return out;
}

/**
 * The provider (as people call it) and the call first, then what the provider said, then its code, status and request
 * ID: `Mono Bre-B cancelQrCode failed: The service is unavailable (service_is_unavailable, HTTP 503, request log_…)`.
 */
function describe(f: TeardownErrorFields): string {
  const who = f.provider ? `${PROVIDER_LABEL[f.provider]} ${f.operation}` : f.operation;
  const facts = [f.code, f.status === undefined ? '' : `HTTP ${f.status}`, f.requestId ? `request ${f.requestId}` : '']
    .filter(Boolean)
    .join(', ');
  return `${who} failed: ${f.providerMessage ? `${f.providerMessage} (${facts})` : facts}`;
}

function hintFor(classification: ErrorClassification): string {
  switch (classification) {
    case 'retryable':
      return 'Temporary problem at the provider or on the network: retry later.';
    case 'already_done':
      return 'The target was already deleted: nothing left to do.';
    case 'not_retryable':
      return 'The provider rejected the request: fix the input, credentials or permissions before retrying.';
    case 'not_found':
      return 'The provider has no such target: check the ID (a mistyped one reads the same), or count "not found" as done if it may have been deleted before.';
  }
}

/** Bad input, caught before any request is sent. */
export class TeardownValidationError extends TeardownError {
  static override readonly classification = 'not_retryable';
  /** The input property, e.g. `collectionId`. */
  readonly field: string;
  /** What is wrong, as a sentence that names the field by its label (see `ID_FIELDS`). */
  readonly rule: string;
  constructor(provider: Provider | undefined, operation: string, field: string, rule: string) {
    super(
      {
        ...(provider !== undefined && { provider }),
        operation,
        code: 'validation_error',
        classification: 'not_retryable',
        hint: rule,
      },
      `${rule} Nothing was sent.`,
    );
    this.field = field;
    this.rule = rule;
  }
}

/** The provider rejected the request itself (malformed, wrong kind of target, missing parameter). */
export class TeardownRequestError extends TeardownError {
  static override readonly classification = 'not_retryable';
}
/** Credentials wrong, expired or revoked, or the request signature was refused. */
export class TeardownAuthenticationError extends TeardownError {
  static override readonly classification = 'not_retryable';
}
/** Authenticated, but not allowed (scope, RAM policy, another owner's resource). */
export class TeardownPermissionError extends TeardownError {
  static override readonly classification = 'not_retryable';
}
/** The provider has no such target (or resource); see `ErrorClassification` `not_found`. */
export class TeardownNotFoundError extends TeardownError {
  static override readonly classification = 'not_found';
}
/** The target's state forbids the operation (e.g. a collection with payments). */
export class TeardownConflictError extends TeardownError {
  static override readonly classification = 'not_retryable';
}
/** The provider refused the request for its rate: nothing was applied. */
export class TeardownRateLimitError extends TeardownError {
  static override readonly classification = 'retryable';
}
/** The provider failed (5xx, or a code saying so): it may have applied the request before failing. */
export class TeardownServerError extends TeardownError {
  static override readonly classification = 'retryable';
}
/** No response arrived: the request may or may not have been applied. */
export class TeardownNetworkError extends TeardownError {
  static override readonly classification = 'retryable';
}
/** No response within the timeout: the request may or may not have been applied. */
export class TeardownTimeoutError extends TeardownError {
  static override readonly classification = 'retryable';
}
/**
 * The provider's answer proves the target was deleted before (Mono's `qr_already_canceled`). A delete settles it as
 * the outcome `already_gone`; it reaches a caller only when the caller opted out of treating that as success.
 */
export class TeardownAlreadyGoneError extends TeardownError {
  static override readonly classification = 'already_done';
}

export function isTeardownError(error: unknown): error is TeardownError {
  return error instanceof TeardownError;
}

/** Statuses every provider here asks callers to retry. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Parses `Retry-After` (seconds or an HTTP date) or `x-acs-retry-after` (integer seconds — unit undocumented; the official SDK reads an integer). */
export function retryAfterMs(headers: Record<string, string | undefined>, nowMs: number): number | undefined {
  const value = headers['retry-after'] ?? headers['x-acs-retry-after'];
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
