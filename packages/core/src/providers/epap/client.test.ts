import { afterEach, describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import type { TeardownError } from '../../errors.js';
import {
  TeardownAuthenticationError,
  TeardownNotFoundError,
  TeardownPermissionError,
  TeardownRequestError,
  TeardownServerError,
} from '../../errors.js';
import {
  EPAP_TAIL,
  instantSleep,
  startLoopback,
  type Answer,
  type Loopback,
  type Received,
} from '../../../test/loopback.js';
import { EpapClient } from './client.js';

const SECRET = 'epap-secret-value-xyz';
const login = { status: 200, body: { access_token: 'epap-token', expires_in: 3599, token_type: 'Bearer' } } as const;
const deleted = {
  status: 200,
  body: {
    message: 'Successfully deleted receipt. The user has been notified about a deleted epap.',
    status: 'OK',
    status_code: 200,
  },
} as const;
const err = (status: number, statusText: string, message: string) => ({
  status,
  body: { message, status: statusText, status_code: status },
});
const receipt = { epapId: 'doc-1', appUserId: 'user-1' };

let server: Loopback | undefined;
afterEach(async () => server?.close());

async function epapAt(api: (req: Received, i: number) => Answer) {
  server = await startLoopback((req, i) => (req.path === '/receipts/v1/login' ? login : api(req, i)));
  const client = new EpapClient({
    clientId: 'client-1',
    clientSecret: SECRET,
    chainId: 'chain-1',
    baseUrl: `${server.url}/receipts`,
    sleep: instantSleep,
    retry: { random: () => 0 },
  });
  return {
    client,
    received: server.received,
    deletes: () => server!.received.filter((r) => r.path === '/receipts/v2/delete'),
  };
}

describe('epap deleteReceipt', () => {
  it('logs in with header credentials, then deletes with the documented headers and an empty body', async () => {
    const { client, received } = await epapAt(() => deleted);
    expect(await client.deleteReceipt(receipt)).toEqual({
      provider: 'epap',
      operation: 'deleteReceipt',
      outcome: 'deleted',
      attempts: 1,
    });
    const [l, d] = received;
    expect(l!.headers).toMatchObject({
      clientid: 'client-1',
      clientsecret: SECRET,
      scope: 'epap.pos',
      token_type: 'Bearer',
    });
    expect(d!.method).toBe('POST');
    expect(d!.headers).toMatchObject({
      authorization: 'Bearer epap-token',
      epap_id: 'doc-1',
      client_id: 'client-1',
      chain_id: 'chain-1',
      app_user_id: 'user-1',
      'content-length': '0',
    });
    expect(d!.body).toBe('');
  });

  it('logs in again once when the token has expired', async () => {
    const expired = err(
      403,
      'Forbidden',
      `Authorization for request has expired. Please generate a fresh access token.${EPAP_TAIL.replace(' The server cannot process your request because the syntax is not valid.', '')}`,
    );
    const { client, received } = await epapAt((_r, i) => (i === 1 ? expired : deleted));
    expect((await client.deleteReceipt(receipt)).outcome).toBe('deleted');
    expect(received.map((r) => r.path)).toEqual([
      '/receipts/v1/login',
      '/receipts/v2/delete',
      '/receipts/v1/login',
      '/receipts/v2/delete',
    ]);
  });

  it('fails a receipt without a document as not found, naming it, unless not found counts as done; unconfirmed after an unanswered attempt (epap has no read to show it existed)', async () => {
    const gone = err(
      406,
      'Not Acceptable',
      `Value of key 'epap_id' does not have a corresponding document.${EPAP_TAIL}`,
    );
    const a = await epapAt(() => gone);
    const error = await a.client.deleteReceipt(receipt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeardownNotFoundError);
    expect((error as Error).message).toBe(
      `epap has no receipt doc-1 of chain chain-1 and app user user-1 (document_not_found, HTTP 406). Nothing was deleted.`,
    );
    expect(await a.client.deleteReceipt(receipt, { notFound: 'done' })).toMatchObject({
      outcome: 'not_found',
      reason: 'document_not_found',
    });
    await server!.close();
    const b = await epapAt((_r, i) => (i === 1 ? 'drop' : gone));
    expect(await b.client.deleteReceipt(receipt)).toMatchObject({
      outcome: 'unconfirmed',
      reason: 'document_not_found',
      attempts: 2,
    });
    // Told that an earlier attempt of ours may have applied it: the same doubt, whatever notFound says.
    expect(await b.client.deleteReceipt(receipt, { mayHaveBeenApplied: true, notFound: 'done' })).toMatchObject({
      outcome: 'unconfirmed',
      reason: 'document_not_found',
    });
  });

  it.each([
    [
      400,
      'Bad Request',
      `Required key 'epap_id' in request headers is missing with no default.${EPAP_TAIL}`,
      'missing_header',
      TeardownRequestError,
      'not_retryable',
    ],
    [
      403,
      'Forbidden',
      `Value of key 'client_id' in request headers is unknown.${EPAP_TAIL}`,
      'unknown_client',
      TeardownAuthenticationError,
      'not_retryable',
    ],
    [
      406,
      'Not Acceptable',
      `Type of key 'chain_id' in request headers is not a string.${EPAP_TAIL}`,
      'header_not_string',
      TeardownRequestError,
      'not_retryable',
    ],
    [
      406,
      'Not Acceptable',
      `Value of key 'client_id', 'chain_id' or 'app_user_id' does not correspond to the epap document data.${EPAP_TAIL}`,
      'document_mismatch',
      TeardownPermissionError,
      'not_retryable',
    ],
    [
      500,
      'Internal Server Error',
      'An unknown error occured. Please contact us at contact@epap.app',
      'internal_error',
      TeardownServerError,
      'retryable',
    ],
  ] as const)('maps %i %s', async (status, text, message, code, cls, classification) => {
    const { client, deletes } = await epapAt(() => err(status, text, message));
    const error = (await client.deleteReceipt(receipt).catch((e: unknown) => e)) as TeardownError;
    expect(error).toBeInstanceOf(cls);
    expect(error).toMatchObject({ provider: 'epap', status, code, providerMessage: message, classification });
    expect(deletes()).toHaveLength(classification === 'retryable' ? 4 : 1);
  });

  it('refuses header injection and missing fields before logging in', async () => {
    const { client, received } = await epapAt(() => deleted);
    await expect(client.deleteReceipt({ epapId: 'doc\r\nx-admin: 1', appUserId: 'u' })).rejects.toMatchObject({
      field: 'epapId',
      code: 'validation_error',
    });
    await expect(client.deleteReceipt({ epapId: 'doc', appUserId: '' })).rejects.toMatchObject({ field: 'appUserId' });
    expect(received).toHaveLength(0);
  });

  it('reports a refused login without the secret', async () => {
    server = await startLoopback(() => ({
      status: 403,
      body: { Message: 'Unauthorized', Status: 'Forbidden', StatusCode: 403 },
    }));
    const client = new EpapClient({
      clientId: 'c',
      clientSecret: SECRET,
      chainId: 'k',
      baseUrl: server.url,
      sleep: instantSleep,
    });
    const error = await client.deleteReceipt(receipt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeardownAuthenticationError);
    expect(error).toMatchObject({ operation: 'login', status: 403, providerMessage: 'Unauthorized' });
    for (const text of [
      JSON.stringify(error),
      inspect(error, { showHidden: true, depth: 5 }),
      inspect(client, { depth: 5 }),
    ])
      expect(text).not.toContain(SECRET);
  });

  it('scrubs its secret and its token from a provider message that echoes them: the error, its JSON and its message show ***', async () => {
    const echo = (text: string) => ({ status: 400, body: { message: `Bad request: ${text}`, status: 'Bad Request' } });
    const { client } = await epapAt((req) => echo(`${req.headers.authorization} with secret ${SECRET}`));
    const error = (await client.deleteReceipt(receipt).catch((e: unknown) => e)) as TeardownError;
    expect(error).toBeInstanceOf(TeardownRequestError);
    expect(error.providerMessage).toBe('Bad request: Bearer *** with secret ***');
    for (const text of [error.message, JSON.stringify(error), inspect(error, { showHidden: true, depth: 5 })]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('epap-token');
    }
    await server!.close();
    // A refused login that echoes the secret (in JSON, escaped or not) is scrubbed the same way.
    server = await startLoopback(() => ({ status: 403, body: { Message: `Unknown client secret ${SECRET}` } }));
    const refused = new EpapClient({ clientId: 'c', clientSecret: SECRET, chainId: 'k', baseUrl: server.url });
    const loginError = (await refused.deleteReceipt(receipt).catch((e: unknown) => e)) as TeardownError;
    expect(loginError).toMatchObject({ operation: 'login', providerMessage: 'Unknown client secret ***' });
    expect(JSON.stringify(loginError)).not.toContain(SECRET);
  });

  it('logs in a handful of times, not once per receipt, when its credentials are refused (200 deletes, 8 at a time)', async () => {
    server = await startLoopback(() => ({ status: 403, body: { Message: 'Unauthorized', StatusCode: 403 } }));
    const client = new EpapClient({ clientId: 'c', clientSecret: SECRET, chainId: 'k', baseUrl: server.url });
    const queue = Array.from({ length: 200 }, (_, i) => ({ epapId: `doc-${i}`, appUserId: 'user-1' }));
    const failures: unknown[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let r = queue.shift(); r; r = queue.shift())
          failures.push(await client.deleteReceipt(r).catch((e: unknown) => e));
      }),
    );
    expect(failures).toHaveLength(200);
    expect(failures.every((e) => e instanceof TeardownAuthenticationError)).toBe(true);
    // Before one login at a time per credential: 200 logins. Now the first, shared by all 200 (they all come within
    // the second of backoff after it).
    expect(server.received.filter((r) => r.path === '/v1/login')).toHaveLength(1);
  });
});
