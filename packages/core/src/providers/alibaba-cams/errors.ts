// Maps CAMS answers to Teardown errors. CAMS's HTTP statuses vary between its docs pages, so the `Code` decides.
import type { TeardownError } from '../../errors.js';
import {
  TeardownAuthenticationError,
  TeardownNotFoundError,
  TeardownPermissionError,
  TeardownRateLimitError,
  TeardownRequestError,
  TeardownServerError,
  retryAfterMs,
  type ErrorClassification,
  type TeardownErrorFields,
} from '../../errors.js';
import { isRecord, parseJson } from '../../json.js';
import type { HttpResponse } from '../../http/transport.js';

type Kind = 'throttled' | 'server' | 'auth' | 'permission' | 'request' | 'not_found';

const AUTH_CODES = new Set([
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'InvalidTimeStamp.Expired',
  'SignatureNonceUsed',
  'InvalidSecurityToken.Expired',
  'InvalidSecurityToken.Malformed',
]);
const PERMISSION_CODES = new Set([
  'Ram.PermissionDeny',
  'Product.Unsubscript',
  'Unknown.ResourceOwnerId',
  'Forbidden.RAM',
  'NoPermission',
]);

const HINTS: Record<string, string> = {
  'System.LimitControl': 'CAMS allows 5 requests per second per account: slow down or share one rate limiter.',
  'Ram.PermissionDeny': 'Grant the RAM action cams:DeletePhoneMessageQrdl (or the operation called) to this AccessKey.',
  'Product.Unsubscript': 'Activate Chat App Message Service for this Alibaba Cloud account.',
  'Unknown.ResourceOwnerId': 'The QR code belongs to another account or CustSpaceId: check CustSpaceId.',
  SignatureDoesNotMatch: 'Check the AccessKey secret; the request signature was refused.',
  'InvalidAccessKeyId.NotFound': 'Check the AccessKey ID.',
  'InvalidAccessKeyId.Inactive': 'Enable the AccessKey in the RAM console.',
  'InvalidTimeStamp.Expired': "Check this machine's clock: requests older than 15 minutes are refused.",
};

export function camsErrorKind(code: string, status: number): Kind {
  if (code === 'System.LimitControl' || code.startsWith('Throttling')) return 'throttled';
  if (AUTH_CODES.has(code)) return 'auth';
  if (PERMISSION_CODES.has(code)) return 'permission';
  if (code.startsWith('Missing') || code.startsWith('InvalidParameter')) return 'request';
  if (status >= 500 || code === 'ServiceUnavailable' || code === 'InternalError' || code.startsWith('System.'))
    return 'server';
  if (status === 404) return 'not_found';
  return 'request';
}

/** Pure: the error a CAMS response represents, or undefined when `Code` is `OK` (any `Code` else is an error, even on 200). */
export function camsError(
  operation: string,
  response: HttpResponse,
  nowMs: number,
  notFoundCodes: ReadonlySet<string>,
): TeardownError | undefined {
  return camsErrorOf(operation, response, parseJson(response.body), nowMs, notFoundCodes);
}

/** `camsError` for a body the caller has already parsed (the client reads `RequestId` from the same JSON). */
export function camsErrorOf(
  operation: string,
  response: HttpResponse,
  json: unknown,
  nowMs: number,
  notFoundCodes: ReadonlySet<string>,
): TeardownError | undefined {
  const body = isRecord(json) ? json : {};
  const code = typeof body.Code === 'string' ? body.Code : undefined;
  const ok = response.status >= 200 && response.status < 300;
  if (ok && (code === undefined || code === 'OK')) return undefined;
  const effective = code ?? `http_${response.status}`;
  const kind = camsErrorKind(effective, response.status);
  const classification: ErrorClassification = notFoundCodes.has(effective)
    ? 'not_found'
    : kind === 'throttled' || kind === 'server'
      ? 'retryable'
      : 'not_retryable';
  const fields: TeardownErrorFields = {
    provider: 'alibaba-cams',
    operation,
    status: response.status,
    code: effective,
    classification,
    ...(typeof body.Message === 'string' && { providerMessage: body.Message }),
    ...(typeof body.RequestId === 'string' && { requestId: body.RequestId.trim() }),
    ...(HINTS[effective] !== undefined && { hint: HINTS[effective] }),
  };
  const wait = retryAfterMs(response.headers, nowMs);
  if (wait !== undefined) fields.retryAfterMs = wait;
  if (classification === 'not_found') return new TeardownNotFoundError(fields);
  switch (kind) {
    case 'throttled':
      return new TeardownRateLimitError(fields);
    case 'server':
      return new TeardownServerError(fields);
    case 'auth':
      return new TeardownAuthenticationError(fields);
    case 'permission':
      return new TeardownPermissionError(fields);
    case 'not_found':
      return new TeardownNotFoundError(fields);
    case 'request':
      return new TeardownRequestError(fields);
  }
}
