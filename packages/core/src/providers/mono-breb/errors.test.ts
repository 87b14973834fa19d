import { describe, expect, it } from 'vitest';
import {
  TeardownAlreadyGoneError,
  TeardownAuthenticationError,
  TeardownConflictError,
  TeardownNotFoundError,
  TeardownPermissionError,
  TeardownRateLimitError,
  TeardownRequestError,
  TeardownServerError,
} from '../../errors.js';
import { monoEnvelope } from '../../../test/loopback.js';
import { monoError } from './errors.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('Mono Bre-B answers as errors', () => {
  it('treats every 2xx as success', () => {
    for (const status of [200, 201, 202, 204])
      expect(monoError('cancelQrCode', answer(status, ''), NOW)).toBeUndefined();
  });

  it.each([
    [408, 'request_timeout', TeardownServerError, 'retryable'],
    [429, 'too_many_requests', TeardownRateLimitError, 'retryable'],
    [500, 'internal_error', TeardownServerError, 'retryable'],
    [502, 'bad_gateway', TeardownServerError, 'retryable'],
    [503, 'service_is_unavailable', TeardownServerError, 'retryable'],
    [504, 'gateway_timeout', TeardownServerError, 'retryable'],
    [400, 'qr_not_dynamic', TeardownRequestError, 'not_retryable'],
    [401, 'missing_authorization_header', TeardownAuthenticationError, 'not_retryable'],
    [403, 'not_authorized', TeardownPermissionError, 'not_retryable'],
    [404, 'collection_not_found', TeardownNotFoundError, 'not_found'],
    [404, 'qr_not_found', TeardownNotFoundError, 'not_found'],
    [409, 'has_payments', TeardownConflictError, 'not_retryable'],
    [409, 'collection_invalid_state', TeardownConflictError, 'not_retryable'],
    [409, 'qr_already_canceled', TeardownAlreadyGoneError, 'already_done'],
    [404, 'not_found', TeardownRequestError, 'not_retryable'],
  ] as const)('maps HTTP %i %s to its class, keeping the log id', (status, code, cls, classification) => {
    const error = monoError(
      'deleteCollection',
      answer(status, monoEnvelope(`${status} X`, code, 'text', 'Top', 'log_abc')),
      NOW,
    );
    expect(error).toBeInstanceOf(cls);
    expect(error).toMatchObject({
      provider: 'mono-breb',
      operation: 'deleteCollection',
      status,
      code,
      providerMessage: 'text',
      requestId: 'log_abc',
      classification,
    });
    expect(error!.retryable).toBe(classification === 'retryable');
  });

  it('reads the OAuth error shape of the token endpoint', () => {
    const invalid = monoError(
      'token',
      answer(401, { error: 'invalid_client', error_description: 'Client authentication failed' }),
      NOW,
    );
    expect(invalid).toBeInstanceOf(TeardownAuthenticationError);
    expect(invalid).toMatchObject({
      code: 'invalid_client',
      providerMessage: 'Client authentication failed',
      classification: 'not_retryable',
    });
    const grant = monoError('token', answer(400, { error: 'unsupported_grant_type', error_description: 'x' }), NOW);
    expect(grant).toBeInstanceOf(TeardownRequestError);
    expect(grant!.code).toBe('unsupported_grant_type');
  });

  it('honours Retry-After in seconds and as an HTTP date', () => {
    expect(monoError('cancelQrCode', answer(429, '', { 'retry-after': '7' }), NOW)!.retryAfterMs).toBe(7000);
    expect(
      monoError('cancelQrCode', answer(503, '', { 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), NOW)!.retryAfterMs,
    ).toBe(30_000);
  });

  it('falls back to an http_<status> code for a body that is not Mono JSON', () => {
    const error = monoError('getCollection', answer(502, '<html>Bad Gateway</html>'), NOW);
    expect(error).toMatchObject({ code: 'http_502', classification: 'retryable', status: 502 });
    expect(error!.providerMessage).toBeUndefined();
  });
});
