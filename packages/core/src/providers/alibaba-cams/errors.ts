// What CAMS's answers mean, as data read by `errorFromAnswer`. CAMS's HTTP statuses vary between its docs pages, so
// its rules name no status: the `Code` decides.
import type { TeardownError } from '../../errors.js';
import { errorFromAnswer, ruleFor, type ErrorKind, type ErrorTable } from '../../error-table.js';
import { isRecord, parseJson } from '../../json.js';
import type { HttpResponse } from '../../http/transport.js';

/**
 * DeletePhoneMessageQrdl's documented codes and the gateway codes any call can get (docs/providers.md §2), then the
 * families of codes (`Throttling.*`, `Missing*`…). First match wins: `System.LimitControl` before `System.*`.
 */
export const CAMS_ERRORS: ErrorTable = {
  provider: 'alibaba-cams',
  answers: [
    {
      code: 'System.LimitControl',
      kind: 'rate_limited',
      hint: 'CAMS allows 5 requests per second per account: slow down or share one rate limiter.',
    },
    { code: 'Throttling.*', kind: 'rate_limited' },
    {
      code: 'Product.Unsubscript',
      kind: 'permission',
      hint: 'Activate Chat App Message Service for this Alibaba Cloud account.',
    },
    {
      code: 'Ram.PermissionDeny',
      kind: 'permission',
      hint: 'Grant the RAM action cams:DeletePhoneMessageQrdl (or the operation called) to this AccessKey.',
    },
    {
      code: 'Unknown.ResourceOwnerId',
      kind: 'permission',
      hint: 'The QR code belongs to another account or CustSpaceId: check CustSpaceId.',
    },
    { code: 'Forbidden.RAM', kind: 'permission' },
    { code: 'NoPermission', kind: 'permission' },
    {
      code: 'SignatureDoesNotMatch',
      kind: 'authentication',
      hint: 'Check the AccessKey secret; the request signature was refused.',
    },
    { code: 'IncompleteSignature', kind: 'authentication' },
    { code: 'InvalidAccessKeyId.NotFound', kind: 'authentication', hint: 'Check the AccessKey ID.' },
    { code: 'InvalidAccessKeyId.Inactive', kind: 'authentication', hint: 'Enable the AccessKey in the RAM console.' },
    {
      code: 'InvalidTimeStamp.Expired',
      kind: 'authentication',
      hint: "Check this machine's clock: requests older than 15 minutes are refused.",
    },
    { code: 'SignatureNonceUsed', kind: 'authentication' },
    { code: 'InvalidSecurityToken.Expired', kind: 'authentication' },
    { code: 'InvalidSecurityToken.Malformed', kind: 'authentication' },
    { code: 'Missing*', kind: 'request' },
    { code: 'InvalidParameter*', kind: 'request' },
    { code: 'ServiceUnavailable', kind: 'server' },
    { code: 'InternalError', kind: 'server' },
    { code: 'System.*', kind: 'server' },
  ],
  fallback: [
    { status: 408, kind: 'server' },
    { status: 429, kind: 'rate_limited' },
    { status: '5xx', kind: 'server' },
    // A 404 (or a 200 whose `Code` is not `OK`) with a code of no known meaning is no evidence about the target.
    { status: 'any', kind: 'request' },
  ],
};

/**
 * `CAMS_ERRORS` with `notFoundCodes` first as "no such QR code". What CAMS answers for an unknown QrdlCode is
 * undocumented, so which codes mean it is the client's configuration (`AlibabaCamsClientOptions.notFoundCodes`).
 */
export function camsErrorTable(notFoundCodes: Iterable<string>): ErrorTable {
  const notFound = [...notFoundCodes].map((code) => ({ code, kind: 'not_found' as const }));
  return { ...CAMS_ERRORS, answers: [...notFound, ...CAMS_ERRORS.answers] };
}

/** Pure: what a CAMS `Code` means at `status`, by `CAMS_ERRORS`. */
export function camsErrorKind(code: string, status: number): ErrorKind {
  return ruleFor(CAMS_ERRORS, '', code, status).kind;
}

/** Pure: the error a CAMS response represents, or undefined when `Code` is `OK` (any `Code` else is an error, even on 200). */
export function camsError(
  operation: string,
  response: HttpResponse,
  nowMs: number,
  notFoundCodes: ReadonlySet<string>,
): TeardownError | undefined {
  return camsErrorOf(operation, response, parseJson(response.body), nowMs, camsErrorTable(notFoundCodes));
}

/** `camsError` for a body the caller has already parsed (the client reads `RequestId` from the same JSON). */
export function camsErrorOf(
  operation: string,
  response: HttpResponse,
  json: unknown,
  nowMs: number,
  table: ErrorTable,
): TeardownError | undefined {
  const body = isRecord(json) ? json : {};
  const code = typeof body.Code === 'string' ? body.Code : undefined;
  if (response.status >= 200 && response.status < 300 && (code === undefined || code === 'OK')) return undefined;
  return errorFromAnswer(
    table,
    operation,
    {
      status: response.status,
      headers: response.headers,
      ...(code !== undefined && { code }),
      ...(typeof body.Message === 'string' && { message: body.Message }),
      ...(typeof body.RequestId === 'string' && { requestId: body.RequestId.trim() }),
    },
    nowMs,
  );
}
