// epap answers with messages, not codes: stable codes are derived from the documented message texts.
import type { TeardownError } from '../../errors.js';
import {
  TeardownAuthenticationError,
  TeardownNotFoundError,
  TeardownPermissionError,
  TeardownRequestError,
  TeardownServerError,
  isRetryableStatus,
  retryAfterMs,
  type TeardownErrorFields,
} from '../../errors.js';
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

const BY_MESSAGE: [RegExp, EpapErrorCode][] = [
  [/^Required key '[^']*' in request headers is missing/, 'missing_header'],
  [/^Value of key 'client_id' in request headers is unknown/, 'unknown_client'],
  [/^Authorization for request has expired/, 'authorization_expired'],
  [/^Type of key '[^']*' in request headers is not a string/, 'header_not_string'],
  [/^Value of key 'epap_id' does not have a corresponding document/, 'document_not_found'],
  [/^Value of key 'client_id', 'chain_id' or 'app_user_id' does not correspond/, 'document_mismatch'],
  [/^An unknown error occured/, 'internal_error'],
];

const HINTS: Record<EpapErrorCode, string> = {
  missing_header: 'A required header was missing: check the epap ID, chain ID and app user ID.',
  unknown_client: 'Check the epap client ID.',
  authorization_expired: 'The access token expired: log in again.',
  header_not_string: 'Every header value must be a string.',
  document_not_found: 'No receipt has this epap ID: check it (it may also have been deleted before).',
  document_mismatch: 'The receipt belongs to another chain or app user: a chain can only delete its own receipts.',
  internal_error: 'epap failed internally: retry later, or contact contact@epap.app.',
};

/** Pure: the stable code for an epap message, if it is a documented one. */
export function epapErrorCode(message: string): EpapErrorCode | undefined {
  return BY_MESSAGE.find(([pattern]) => pattern.test(message))?.[1];
}

/** Pure: the error an epap response represents, or undefined for a 2xx. Reads v1 (`Message`) and v2 (`message`) shapes. */
export function epapError(operation: string, response: HttpResponse, nowMs: number): TeardownError | undefined {
  const { status } = response;
  if (status >= 200 && status < 300) return undefined;
  const json = parseJson(response.body);
  const body = isRecord(json) ? json : {};
  const message =
    typeof body.message === 'string' ? body.message : typeof body.Message === 'string' ? body.Message : undefined;
  const known = message === undefined ? undefined : epapErrorCode(message);
  const code = known ?? (status >= 500 ? 'internal_error' : `http_${status}`);
  const fields: TeardownErrorFields = {
    provider: 'epap',
    operation,
    status,
    code,
    classification:
      code === 'document_not_found' ? 'not_found' : isRetryableStatus(status) ? 'retryable' : 'not_retryable',
    ...(message !== undefined && { providerMessage: message }),
    ...(known !== undefined && { hint: HINTS[known] }),
  };
  const wait = retryAfterMs(response.headers, nowMs);
  if (wait !== undefined) fields.retryAfterMs = wait;
  if (code === 'document_not_found') return new TeardownNotFoundError(fields);
  if (code === 'unknown_client' || code === 'authorization_expired' || (operation === 'login' && status === 403))
    return new TeardownAuthenticationError(fields);
  if (code === 'document_mismatch') return new TeardownPermissionError(fields);
  if (isRetryableStatus(status)) return new TeardownServerError(fields);
  return new TeardownRequestError(fields);
}
