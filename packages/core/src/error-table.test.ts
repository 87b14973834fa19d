import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TeardownAlreadyGoneError,
  TeardownAuthenticationError,
  TeardownConflictError,
  TeardownError,
  TeardownNotFoundError,
  TeardownPermissionError,
  TeardownRateLimitError,
  TeardownRequestError,
  TeardownServerError,
  type ErrorClassification,
} from './errors.js';
import { ERROR_CLASS, teardownError, type ErrorKind, type ErrorTable } from './error-table.js';
import type { HttpResponse } from './http/transport.js';
import { CAMS_ERRORS, camsError } from './providers/alibaba-cams/errors.js';
import { EPAP_ERRORS, epapError } from './providers/epap/errors.js';
import { MONO_ERRORS, monoError } from './providers/mono-breb/errors.js';
import { EPAP_TAIL, monoEnvelope } from '../test/loopback.js';
import type { Provider } from './providers.js';

const NOW = 0;
const json = (status: number, body: unknown): HttpResponse => ({ status, headers: {}, body: JSON.stringify(body) });

/** Each provider's answer in its own shape, read by its own function: what the clients do with a response. */
const PROVIDER: Record<
  Provider,
  { table: ErrorTable; answer: (status: number, code: string, message?: string) => HttpResponse; read: Read }
> = {
  'mono-breb': {
    table: MONO_ERRORS,
    answer: (status, code, message = 'text') =>
      json(status, monoEnvelope(`${status} X`, code, message, 'Top', 'log_1')),
    read: (op, r) => monoError(op, r, NOW),
  },
  'alibaba-cams': {
    table: CAMS_ERRORS,
    answer: (status, code, message = 'text') => json(status, { Code: code, Message: message, RequestId: 'R-1' }),
    read: (op, r) => camsError(op, r, NOW, new Set(['QrdlCode.NotExist'])),
  },
  epap: {
    table: EPAP_ERRORS,
    answer: (status, _code, message = 'text') => json(status, { message, status: 'X', status_code: status }),
    read: (op, r) => epapError(op, r, NOW),
  },
};
type Read = (operation: string, response: HttpResponse) => TeardownError | undefined;

/** The class's classification is the error's, and the pair is the one its kind names. */
function expectConsistent(error: TeardownError | undefined, kind?: ErrorKind): void {
  expect(error).toBeInstanceOf(TeardownError);
  const Class = error!.constructor as typeof TeardownError;
  expect(error!.classification).toBe(Class.classification);
  expect(error!.retryable).toBe(Class.classification === 'retryable');
  if (kind) expect(error).toBeInstanceOf(ERROR_CLASS[kind]);
}

describe('one class per kind, one classification per class', () => {
  it.each(Object.keys(ERROR_CLASS) as ErrorKind[])('%s: the class chosen for it carries its classification', (kind) => {
    const error = teardownError(kind, { provider: 'epap', operation: 'op', code: 'c' });
    expectConsistent(error, kind);
    expect(error.classification).toBe(ERROR_CLASS[kind].classification);
  });

  it('fixes the classification by class, whatever the fields say', () => {
    const fields = { operation: 'op', code: 'c', classification: 'not_retryable' as ErrorClassification };
    expect(new TeardownNotFoundError(fields).classification).toBe('not_found');
    expect(new TeardownRateLimitError(fields).retryable).toBe(true);
    expect(new TeardownAlreadyGoneError(fields).classification).toBe('already_done');
    expect(new TeardownError({ ...fields, classification: 'retryable' }).classification).toBe('retryable');
  });
});

describe('every documented answer in the tables', () => {
  const rows = (Object.keys(PROVIDER) as Provider[]).flatMap((p) =>
    PROVIDER[p].table.answers.map((rule) => ({ p, rule })),
  );
  it.each(rows.map(({ p, rule }) => [p, rule.operation ?? 'delete', rule.status ?? 'any', rule.code, rule] as const))(
    '%s %s HTTP %s %s reads as its kind',
    (p, operation, _status, _code, rule) => {
      const { answer, read } = PROVIDER[p];
      const message = rule.message?.source.slice(1).replace(/\[\^'\]\*/g, 'x') ?? 'text';
      // A rule with no status means the same at any status (CAMS's vary between its docs pages).
      for (const status of rule.status === undefined ? [400, 403, 409, 503] : [rule.status])
        expectConsistent(read(operation, answer(status, rule.code, message)), rule.kind);
    },
  );
});

/** Independently of the tables: docs/providers.md's answers, and the pair each must read as. */
const DOCUMENTED: [Provider, string, number, string, typeof TeardownError, ErrorClassification][] = [
  ['mono-breb', 'cancelQrCode', 400, 'qr_not_dynamic', TeardownRequestError, 'not_retryable'],
  ['mono-breb', 'cancelQrCode', 401, 'missing_authorization_header', TeardownAuthenticationError, 'not_retryable'],
  ['mono-breb', 'cancelQrCode', 403, 'not_authorized', TeardownPermissionError, 'not_retryable'],
  ['mono-breb', 'cancelQrCode', 404, 'collection_not_found', TeardownNotFoundError, 'not_found'],
  ['mono-breb', 'cancelQrCode', 409, 'qr_already_canceled', TeardownAlreadyGoneError, 'already_done'],
  ['mono-breb', 'cancelQrCode', 500, 'internal_error', TeardownServerError, 'retryable'],
  ['mono-breb', 'cancelQrCode', 503, 'service_is_unavailable', TeardownServerError, 'retryable'],
  ['mono-breb', 'deleteCollection', 409, 'has_payments', TeardownConflictError, 'not_retryable'],
  ['mono-breb', 'deleteCollection', 409, 'collection_invalid_state', TeardownConflictError, 'not_retryable'],
  ['mono-breb', 'deleteCollection', 404, 'collection_not_found', TeardownNotFoundError, 'not_found'],
  ['mono-breb', 'token', 401, 'invalid_client', TeardownAuthenticationError, 'not_retryable'],
  ['mono-breb', 'token', 400, 'unsupported_grant_type', TeardownRequestError, 'not_retryable'],
  ['mono-breb', 'getCollection', 408, 'request_timeout', TeardownServerError, 'retryable'],
  ['mono-breb', 'getCollection', 502, 'bad_gateway', TeardownServerError, 'retryable'],
  ['mono-breb', 'getCollection', 504, 'gateway_timeout', TeardownServerError, 'retryable'],
  ['alibaba-cams', 'deletePhoneMessageQrdl', 400, 'Product.Unsubscript', TeardownPermissionError, 'not_retryable'],
  ['alibaba-cams', 'deletePhoneMessageQrdl', 400, 'Ram.PermissionDeny', TeardownPermissionError, 'not_retryable'],
  ['alibaba-cams', 'deletePhoneMessageQrdl', 400, 'System.LimitControl', TeardownRateLimitError, 'retryable'],
  ['alibaba-cams', 'deletePhoneMessageQrdl', 400, 'Unknown.ResourceOwnerId', TeardownPermissionError, 'not_retryable'],
  ['alibaba-cams', 'deletePhoneMessageQrdl', 400, 'Throttling.User', TeardownRateLimitError, 'retryable'],
  ['alibaba-cams', 'deletePhoneMessageQrdl', 503, 'Throttling.Api', TeardownRateLimitError, 'retryable'],
  [
    'alibaba-cams',
    'deletePhoneMessageQrdl',
    400,
    'SignatureDoesNotMatch',
    TeardownAuthenticationError,
    'not_retryable',
  ],
  ['alibaba-cams', 'deletePhoneMessageQrdl', 400, 'IncompleteSignature', TeardownAuthenticationError, 'not_retryable'],
  [
    'alibaba-cams',
    'deletePhoneMessageQrdl',
    404,
    'InvalidAccessKeyId.NotFound',
    TeardownAuthenticationError,
    'not_retryable',
  ],
  [
    'alibaba-cams',
    'deletePhoneMessageQrdl',
    400,
    'InvalidAccessKeyId.Inactive',
    TeardownAuthenticationError,
    'not_retryable',
  ],
  [
    'alibaba-cams',
    'deletePhoneMessageQrdl',
    400,
    'InvalidTimeStamp.Expired',
    TeardownAuthenticationError,
    'not_retryable',
  ],
  ['alibaba-cams', 'deletePhoneMessageQrdl', 400, 'SignatureNonceUsed', TeardownAuthenticationError, 'not_retryable'],
  ['alibaba-cams', 'deletePhoneMessageQrdl', 400, 'MissingQrdlCode', TeardownRequestError, 'not_retryable'],
  ['alibaba-cams', 'deletePhoneMessageQrdl', 200, 'Ram.PermissionDeny', TeardownPermissionError, 'not_retryable'],
  ['epap', 'login', 400, 'Only POST', TeardownRequestError, 'not_retryable'],
  ['epap', 'login', 403, 'Unauthorized', TeardownAuthenticationError, 'not_retryable'],
  ['epap', 'login', 500, 'Token could not be generated', TeardownServerError, 'retryable'],
  [
    'epap',
    'deleteReceipt',
    400,
    "Required key 'epap_id' in request headers is missing with no default.",
    TeardownRequestError,
    'not_retryable',
  ],
  [
    'epap',
    'deleteReceipt',
    403,
    "Value of key 'client_id' in request headers is unknown.",
    TeardownAuthenticationError,
    'not_retryable',
  ],
  [
    'epap',
    'deleteReceipt',
    403,
    'Authorization for request has expired. Please generate a fresh access token.',
    TeardownAuthenticationError,
    'not_retryable',
  ],
  [
    'epap',
    'deleteReceipt',
    406,
    "Type of key 'chain_id' in request headers is not a string.",
    TeardownRequestError,
    'not_retryable',
  ],
  [
    'epap',
    'deleteReceipt',
    406,
    "Value of key 'epap_id' does not have a corresponding document.",
    TeardownNotFoundError,
    'not_found',
  ],
  [
    'epap',
    'deleteReceipt',
    406,
    "Value of key 'client_id', 'chain_id' or 'app_user_id' does not correspond to the epap document data.",
    TeardownPermissionError,
    'not_retryable',
  ],
  [
    'epap',
    'deleteReceipt',
    500,
    'An unknown error occured. Please contact us at contact@epap.app',
    TeardownServerError,
    'retryable',
  ],
];

describe('every answer docs/providers.md documents, listed apart from the tables', () => {
  it.each(DOCUMENTED)('%s %s HTTP %i %s', (p, operation, status, codeOrMessage, Class, classification) => {
    const message =
      p === 'epap' && status !== 500 && operation !== 'login' ? `${codeOrMessage}${EPAP_TAIL}` : codeOrMessage;
    const error = PROVIDER[p].read(operation, PROVIDER[p].answer(status, codeOrMessage, message));
    expect(error).toBeInstanceOf(Class);
    expect(error).toMatchObject({
      provider: p,
      operation,
      status,
      classification,
      retryable: classification === 'retryable',
    });
    if (p !== 'epap') expect(error!.code).toBe(codeOrMessage);
  });
});

describe('answers no table documents', () => {
  it.each(Object.keys(PROVIDER) as Provider[])('%s: a 429 is a retryable rate limit, with or without a body', (p) => {
    for (const response of [PROVIDER[p].answer(429, 'TooMany'), { status: 429, headers: {}, body: '' }]) {
      const error = PROVIDER[p].read('delete', response);
      expect(error).toBeInstanceOf(TeardownRateLimitError);
      expect(error).toMatchObject({ classification: 'retryable', retryable: true });
    }
  });

  it.each(['mono-breb', 'alibaba-cams'] as const)(
    '%s: a 404 with a code of no known meaning is a request error, never "no such target"',
    (p) => {
      for (const response of [PROVIDER[p].answer(404, 'not_found'), { status: 404, headers: {}, body: 'Not Found' }]) {
        const error = PROVIDER[p].read('delete', response);
        expect(error).toBeInstanceOf(TeardownRequestError);
        expect(error).not.toBeInstanceOf(TeardownNotFoundError);
        expect(error!.classification).toBe('not_retryable');
      }
    },
  );

  it('never gives an error whose class and classification disagree, whatever the status and code', () => {
    const codes = (Object.keys(PROVIDER) as Provider[]).flatMap((p) => PROVIDER[p].table.answers.map((r) => r.code));
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(PROVIDER) as Provider[])),
        fc.constantFrom('token', 'login', 'delete'),
        fc.integer({ min: 300, max: 599 }),
        fc.oneof(fc.constantFrom(...codes), fc.string()),
        (p, operation, status, code) => expectConsistent(PROVIDER[p].read(operation, PROVIDER[p].answer(status, code))),
      ),
    );
  });
});
