// What Mono's answers mean (its error envelope, or OAuth's shape on the token endpoint), as data read by
// `errorFromAnswer`.
import type { TeardownError } from '../../errors.js';
import { errorFromAnswer, type ErrorTable, type ProviderAnswer } from '../../error-table.js';
import { isRecord, parseJson } from '../../json.js';
import type { HttpResponse } from '../../http/transport.js';

const CHECK_CREDENTIALS = 'Check the client ID and secret.';

/**
 * Every documented answer (docs/providers.md §1 and Mono's own pages), and Mono's rules for the rest: 408, 429 and 5xx are
 * retryable; a 404 is "no such target" only with a code that says so — a wrong base URL answers 404 with `not_found` or
 * no envelope at all, which must never read as a target that is not there.
 */
export const MONO_ERRORS: ErrorTable = {
  provider: 'mono-breb',
  answers: [
    // Status unknown (the sandbox answers 409): the code decides, whatever the status.
    { code: 'has_payments', kind: 'conflict', hint: 'The collection has successful payments and cannot be deleted.' },
    { code: 'qr_already_canceled', kind: 'already_done', hint: 'The QR code was already cancelled.' },
    { code: 'invalid_client', kind: 'authentication', hint: CHECK_CREDENTIALS },
    {
      status: 400,
      code: 'qr_not_dynamic',
      kind: 'request',
      hint: 'Only dynamic (single_use) QR codes can be cancelled; static ones stay valid.',
    },
    { status: 401, code: 'missing_authorization_header', kind: 'authentication', hint: CHECK_CREDENTIALS },
    {
      status: 403,
      code: 'not_authorized',
      kind: 'permission',
      hint: 'The token lacks the `collections` scope: ask Mono to grant it to this client.',
    },
    {
      status: 404,
      code: 'collection_not_found',
      kind: 'not_found',
      hint: 'Check the collection ID and that it belongs to these credentials.',
    },
    // Undocumented ("unknown code") for a missing QR code under an existing collection: what the sandbox answers.
    { status: 404, code: 'qr_not_found', kind: 'not_found', hint: 'Check the QR code ID and its collection ID.' },
    {
      status: 409,
      code: 'collection_invalid_state',
      kind: 'conflict',
      hint: 'The collection is failed or already discarded: read it to see its state.',
    },
    { status: 500, code: 'internal_error', kind: 'server' },
    { status: 503, code: 'service_is_unavailable', kind: 'server' },
  ],
  fallback: [
    { status: 401, kind: 'authentication' },
    { status: 403, kind: 'permission' },
    {
      status: 404,
      kind: 'request',
      hint: 'Mono answered 404 without saying what is missing: check the base URL (a wrong one answers 404 to everything).',
    },
    { status: 408, kind: 'server' },
    { status: 409, kind: 'conflict' },
    { status: 429, kind: 'rate_limited' },
    { status: '5xx', kind: 'server' },
    { status: 'any', kind: 'request' },
  ],
};

const codesOf = (kind: string): ReadonlySet<string> =>
  new Set(MONO_ERRORS.answers.filter((r) => r.kind === kind).map((r) => r.code));

/** Codes that mean the delete already happened. `collection_invalid_state` is not here: it is ambiguous (see client). */
export const MONO_ALREADY_DONE_CODES: ReadonlySet<string> = codesOf('already_done');

/** Codes of a 404 that mean "no such collection / QR code" (see `MONO_ERRORS`). */
export const MONO_NOT_FOUND_CODES: ReadonlySet<string> = codesOf('not_found');

/** Pure: the code, message and log id of a Mono error body (its envelope, or OAuth's shape), if it is one. */
function readAnswer(response: HttpResponse): ProviderAnswer {
  const answer: ProviderAnswer = { status: response.status, headers: response.headers };
  const json = parseJson(response.body);
  if (!isRecord(json)) return answer;
  if (typeof json.error === 'string') {
    answer.code = json.error;
    if (typeof json.error_description === 'string') answer.message = json.error_description;
    return answer;
  }
  const first = Array.isArray(json.errors) ? (json.errors as unknown[])[0] : undefined;
  if (isRecord(first) && typeof first.error_code === 'string') {
    answer.code = first.error_code;
    if (typeof first.message === 'string') answer.message = first.message;
    if (typeof json.id === 'string' && json.id) answer.requestId = json.id;
  }
  return answer;
}

/** Pure: the error a Mono response represents, or undefined for a 2xx. */
export function monoError(operation: string, response: HttpResponse, nowMs: number): TeardownError | undefined {
  if (response.status >= 200 && response.status < 300) return undefined;
  return errorFromAnswer(MONO_ERRORS, operation, readAnswer(response), nowMs);
}
