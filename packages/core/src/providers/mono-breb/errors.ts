// Maps Mono's answers (its error envelope, or OAuth's shape on the token endpoint) to Teardown errors.
import type { TeardownError } from '../../errors.js';
import {
  TeardownAuthenticationError,
  TeardownConflictError,
  TeardownNotFoundError,
  TeardownPermissionError,
  TeardownRateLimitError,
  TeardownRequestError,
  TeardownServerError,
  isRetryableStatus,
  retryAfterMs,
  type ErrorClassification,
  type TeardownErrorFields,
} from '../../errors.js';
import { isRecord, parseJson } from '../../json.js';
import type { HttpResponse } from '../../http/transport.js';

/** Codes that mean the delete already happened. `collection_invalid_state` is not here: it is ambiguous (see client). */
export const MONO_ALREADY_DONE_CODES: ReadonlySet<string> = new Set(['qr_already_canceled']);

const HINTS: Record<string, string> = {
  qr_already_canceled: 'The QR code was already cancelled.',
  qr_not_dynamic: 'Only dynamic (single_use) QR codes can be cancelled; static ones stay valid.',
  has_payments: 'The collection has successful payments and cannot be deleted.',
  collection_invalid_state: 'The collection is failed or already discarded: read it to see its state.',
  collection_not_found: 'Check the collection ID and that it belongs to these credentials.',
  qr_not_found: 'Check the QR code ID and its collection ID.',
  not_authorized: 'The token lacks the `collections` scope: ask Mono to grant it to this client.',
  missing_authorization_header: 'Check the client ID and secret.',
  invalid_client: 'Check the client ID and secret.',
};

interface MonoErrorBody {
  code: string;
  message?: string;
  requestId?: string;
}

function readBody(body: string): MonoErrorBody | undefined {
  const json = parseJson(body);
  if (!isRecord(json)) return undefined;
  if (typeof json.error === 'string') {
    return { code: json.error, ...(typeof json.error_description === 'string' && { message: json.error_description }) };
  }
  const first = Array.isArray(json.errors) ? (json.errors as unknown[])[0] : undefined;
  const requestId = typeof json.id === 'string' ? json.id : undefined;
  if (isRecord(first) && typeof first.error_code === 'string') {
    return {
      code: first.error_code,
      ...(typeof first.message === 'string' && { message: first.message }),
      ...(requestId && { requestId }),
    };
  }
  return undefined;
}

/**
 * Codes of a 404 that mean "no such collection / QR code". Only these: a 404 without them (a wrong base URL answers
 * `not_found` or no envelope at all) must never read as a target that is not there.
 */
export const MONO_NOT_FOUND_CODES: ReadonlySet<string> = new Set(['collection_not_found', 'qr_not_found']);

function classify(status: number, code: string): ErrorClassification {
  if (MONO_ALREADY_DONE_CODES.has(code)) return 'already_done';
  if (status === 404 && MONO_NOT_FOUND_CODES.has(code)) return 'not_found';
  return isRetryableStatus(status) ? 'retryable' : 'not_retryable';
}

/** Pure: the error a Mono response represents, or undefined for a 2xx. */
export function monoError(operation: string, response: HttpResponse, nowMs: number): TeardownError | undefined {
  const { status } = response;
  if (status >= 200 && status < 300) return undefined;
  const body = readBody(response.body);
  const code = body?.code ?? `http_${status}`;
  const fields: TeardownErrorFields = {
    provider: 'mono-breb',
    operation,
    status,
    code,
    classification: classify(status, code),
    ...(body?.message !== undefined && { providerMessage: body.message }),
    ...(body?.requestId !== undefined && { requestId: body.requestId }),
    ...(HINTS[code] !== undefined && { hint: HINTS[code] }),
  };
  const wait = retryAfterMs(response.headers, nowMs);
  if (wait !== undefined) fields.retryAfterMs = wait;
  if (status === 401 || code === 'invalid_client') return new TeardownAuthenticationError(fields);
  if (status === 403) return new TeardownPermissionError(fields);
  if (status === 404) return new TeardownNotFoundError(fields);
  if (status === 409) return new TeardownConflictError(fields);
  if (status === 429) return new TeardownRateLimitError(fields);
  if (isRetryableStatus(status)) return new TeardownServerError(fields);
  return new TeardownRequestError(fields);
}
