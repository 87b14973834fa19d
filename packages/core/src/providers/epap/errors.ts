// What epap's answers mean, as data read by `errorFromAnswer`. epap answers with messages, not codes: each documented
// message carries a stable code, recognised by the start of the message.
import type { TeardownError } from '../../errors.js';
import { errorFromAnswer, type ErrorTable } from '../../error-table.js';
import { isRecord, parseJson } from '../../json.js';
import type { HttpResponse } from '../../http/transport.js';

export type EpapErrorCode =
  | 'missing_header'
  | 'unknown_client'
  | 'authorization_expired'
  | 'header_not_string'
  | 'document_not_found'
  | 'document_mismatch'
  | 'internal_error';

/**
 * `POST /v2/delete`'s documented answers and the login's (v1: no message of its own, so any code; docs/providers.md §3).
 * A documented message at another status than its own is not the documented answer: the fallback reads it.
 */
export const EPAP_ERRORS: ErrorTable<EpapErrorCode | '*'> = {
  provider: 'epap',
  answers: [
    { operation: 'login', status: 403, code: '*', kind: 'authentication' },
    {
      status: 400,
      code: 'missing_header',
      message: /^Required key '[^']*' in request headers is missing/,
      kind: 'request',
      hint: 'A required header was missing: check the epap ID, chain ID and app user ID.',
    },
    {
      status: 403,
      code: 'unknown_client',
      message: /^Value of key 'client_id' in request headers is unknown/,
      kind: 'authentication',
      hint: 'Check the epap client ID.',
    },
    {
      status: 403,
      code: 'authorization_expired',
      message: /^Authorization for request has expired/,
      kind: 'authentication',
      hint: 'The access token expired: log in again.',
    },
    {
      status: 406,
      code: 'header_not_string',
      message: /^Type of key '[^']*' in request headers is not a string/,
      kind: 'request',
      hint: 'Every header value must be a string.',
    },
    {
      status: 406,
      code: 'document_not_found',
      message: /^Value of key 'epap_id' does not have a corresponding document/,
      kind: 'not_found',
      hint: 'No receipt has this epap ID: check it (it may also have been deleted before).',
    },
    {
      status: 406,
      code: 'document_mismatch',
      message: /^Value of key 'client_id', 'chain_id' or 'app_user_id' does not correspond/,
      kind: 'permission',
      hint: 'The receipt belongs to another chain or app user: a chain can only delete its own receipts.',
    },
    {
      status: 500,
      code: 'internal_error',
      message: /^An unknown error occured/,
      kind: 'server',
      hint: 'epap failed internally: retry later, or contact contact@epap.app.',
    },
  ],
  fallback: [
    { status: 408, kind: 'server' },
    { status: 429, kind: 'rate_limited' },
    { status: '5xx', kind: 'server' },
    { status: 'any', kind: 'request' },
  ],
};

/** Pure: the stable code for an epap message, if it is a documented one. */
export function epapErrorCode(message: string): EpapErrorCode | undefined {
  const rule = EPAP_ERRORS.answers.find((r) => r.message?.test(message));
  return rule?.code === '*' ? undefined : rule?.code;
}

/** Pure: the error an epap response represents, or undefined for a 2xx. Reads v1 (`Message`) and v2 (`message`) shapes. */
export function epapError(operation: string, response: HttpResponse, nowMs: number): TeardownError | undefined {
  const { status } = response;
  if (status >= 200 && status < 300) return undefined;
  const json = parseJson(response.body);
  const body = isRecord(json) ? json : {};
  const message =
    typeof body.message === 'string' ? body.message : typeof body.Message === 'string' ? body.Message : undefined;
  const code =
    (message === undefined ? undefined : epapErrorCode(message)) ?? (status >= 500 ? 'internal_error' : undefined);
  return errorFromAnswer(
    EPAP_ERRORS,
    operation,
    {
      status,
      headers: response.headers,
      ...(code !== undefined && { code }),
      ...(message !== undefined && { message }),
    },
    nowMs,
  );
}
