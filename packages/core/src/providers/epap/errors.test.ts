import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TeardownAuthenticationError,
  TeardownNotFoundError,
  TeardownRequestError,
  TeardownServerError,
} from '../../errors.js';
import { EPAP_TAIL } from '../../../test/loopback.js';
import { epapError, epapErrorCode } from './errors.js';

const NOW = 0;
const answer = (status: number, body: unknown) => ({ status, headers: {}, body: JSON.stringify(body) });

describe('epap answers as errors', () => {
  it('reads the capitalised v1 keys of login errors', () => {
    const notPost = epapError(
      'login',
      answer(400, { Message: 'Only POST is allowed', Status: 'Bad Request', StatusCode: 400 }),
      NOW,
    );
    expect(notPost).toBeInstanceOf(TeardownRequestError);
    expect(notPost).toMatchObject({
      operation: 'login',
      status: 400,
      code: 'http_400',
      providerMessage: 'Only POST is allowed',
      classification: 'not_retryable',
    });
    const refused = epapError(
      'login',
      answer(403, { Message: 'Unauthorized', Status: 'Forbidden', StatusCode: 403 }),
      NOW,
    );
    expect(refused).toBeInstanceOf(TeardownAuthenticationError);
    expect(refused!.classification).toBe('not_retryable');
    const failed = epapError(
      'login',
      answer(500, { Message: 'Token could not be generated', Status: 'Internal Server Error', StatusCode: 500 }),
      NOW,
    );
    expect(failed).toBeInstanceOf(TeardownServerError);
    expect(failed).toMatchObject({ code: 'internal_error', classification: 'retryable' });
  });

  it('derives a stable code from every documented delete message, whatever header it names', () => {
    fc.assert(
      fc.property(fc.constantFrom('epap_id', 'client_id', 'chain_id', 'app_user_id', 'Authorization'), (key) => {
        expect(epapErrorCode(`Required key '${key}' in request headers is missing with no default.${EPAP_TAIL}`)).toBe(
          'missing_header',
        );
        expect(epapErrorCode(`Type of key '${key}' in request headers is not a string.${EPAP_TAIL}`)).toBe(
          'header_not_string',
        );
      }),
    );
    expect(
      epapErrorCode(`Authorization for request has expired. Please generate a fresh access token.${EPAP_TAIL}`),
    ).toBe('authorization_expired');
    expect(epapErrorCode('Something nobody documented')).toBeUndefined();
  });

  it('classifies a missing document as not found (not as already deleted) and an expired token as an authentication error', () => {
    const gone = epapError(
      'deleteReceipt',
      answer(406, {
        message: `Value of key 'epap_id' does not have a corresponding document.${EPAP_TAIL}`,
        status: 'Not Acceptable',
        status_code: 406,
      }),
      NOW,
    );
    expect(gone).toBeInstanceOf(TeardownNotFoundError);
    expect(gone).toMatchObject({ code: 'document_not_found', classification: 'not_found', retryable: false });
    const expired = epapError(
      'deleteReceipt',
      answer(403, {
        message: `Authorization for request has expired. Please generate a fresh access token.${EPAP_TAIL}`,
        status: 'Forbidden',
        status_code: 403,
      }),
      NOW,
    );
    expect(expired).toBeInstanceOf(TeardownAuthenticationError);
    expect(expired!.code).toBe('authorization_expired');
  });
});
