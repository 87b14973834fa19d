import { afterEach, describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import type { TeardownError } from '../../errors.js';
import {
  TeardownAlreadyGoneError,
  TeardownAuthenticationError,
  TeardownConflictError,
  TeardownNotFoundError,
  TeardownPermissionError,
  TeardownRequestError,
  TeardownServerError,
  TeardownValidationError,
} from '../../errors.js';
import { createNodeTransport } from '../../platform/node.js';
import {
  instantSleep,
  monoEnvelope,
  startLoopback,
  type Answer,
  type Loopback,
  type Received,
} from '../../../test/loopback.js';
import { MonoBrebClient } from './client.js';

const COL = 'bbcol_5tgliBmzjZ6mpQPRbQjfKj';
const QR = 'bbqr_5tgliBmzjZ6mpQPRbQjfKj';
const SECRET = 'mono-secret-value-xyz';
const token = {
  access_token: 'tok_live_abc',
  expires_in: 3600,
  refresh_token: 'r',
  scope: 'collections',
  token_type: 'Bearer',
};

let server: Loopback | undefined;
afterEach(async () => server?.close());

async function monoAt(api: (req: Received, i: number) => Answer) {
  server = await startLoopback((req, i) =>
    req.path === '/api/v1/oauth/token' ? { status: 200, body: token } : api(req, i),
  );
  const transport = createNodeTransport();
  const client = new MonoBrebClient({
    clientId: 'cid',
    clientSecret: SECRET,
    baseUrl: server.url,
    sleep: instantSleep,
    transport,
    retry: { random: () => 0 },
  });
  return {
    client,
    received: server.received,
    apiCalls: () => server!.received.filter((r) => r.path !== '/api/v1/oauth/token'),
  };
}

describe('Mono Bre-B cancelQrCode', () => {
  it('cancels with a bearer token from the client-credentials grant', async () => {
    const { client, received } = await monoAt(() => ({ status: 204 }));
    const result = await client.cancelQrCode({ collectionId: COL, qrCodeId: QR });
    expect(result).toEqual({ provider: 'mono-breb', operation: 'cancelQrCode', outcome: 'deleted', attempts: 1 });
    const [login, cancel] = received;
    expect(login!.method).toBe('POST');
    expect(JSON.parse(login!.body)).toEqual({
      client_id: 'cid',
      client_secret: SECRET,
      grant_type: 'client_credentials',
      scope: 'collections',
    });
    expect(cancel!.method).toBe('DELETE');
    expect(cancel!.path).toBe(`/api/v1/collections/${COL}/qr/${QR}`);
    expect(cancel!.headers.authorization).toBe('Bearer tok_live_abc');
  });

  it('reports an already cancelled QR code as already gone, or throws when the caller opts out', async () => {
    const conflict = monoEnvelope(
      '409 Conflict',
      'qr_already_canceled',
      'The QR code has already been cancelled',
      'Conflict',
    );
    const { client } = await monoAt(() => ({ status: 409, body: conflict }));
    expect(await client.cancelQrCode({ collectionId: COL, qrCodeId: QR })).toEqual({
      provider: 'mono-breb',
      operation: 'cancelQrCode',
      outcome: 'already_gone',
      reason: 'qr_already_canceled',
      requestId: 'log_7MkWaFqvfosB8fzHhb1Eql',
      attempts: 1,
    });
    const error = await client
      .cancelQrCode({ collectionId: COL, qrCodeId: QR }, { treatAlreadyGoneAsSuccess: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeardownAlreadyGoneError);
    expect((error as TeardownError).classification).toBe('already_done');
  });

  it('reports "deleted" when the first attempt got no answer and the retry finds it cancelled since', async () => {
    const conflict = monoEnvelope(
      '409 Conflict',
      'qr_already_canceled',
      'The QR code has already been cancelled',
      'Conflict',
    );
    const { client, apiCalls } = await monoAt((r, i) =>
      i === 1
        ? 'drop'
        : r.method === 'GET'
          ? { status: 200, body: { id: QR, canceled: true, updated_at: new Date().toISOString() } }
          : { status: 409, body: conflict },
    );
    const result = await client.cancelQrCode({ collectionId: COL, qrCodeId: QR });
    expect(result).toMatchObject({ outcome: 'deleted', reason: 'qr_already_canceled', attempts: 2 });
    expect(apiCalls().map((r) => r.method)).toEqual(['DELETE', 'DELETE', 'GET']);
  });

  it('still reports "already gone" after an unanswered attempt when the QR code was cancelled before we first asked', async () => {
    const conflict = monoEnvelope(
      '409 Conflict',
      'qr_already_canceled',
      'The QR code has already been cancelled',
      'Conflict',
    );
    const { client } = await monoAt((r, i) =>
      i === 1
        ? 'drop'
        : r.method === 'GET'
          ? { status: 200, body: { id: QR, canceled: true, updated_at: new Date(Date.now() - 60_000).toISOString() } }
          : { status: 409, body: conflict },
    );
    expect(await client.cancelQrCode({ collectionId: COL, qrCodeId: QR })).toMatchObject({
      outcome: 'already_gone',
      reason: 'qr_already_canceled',
      attempts: 2,
    });
  });

  it('reports "deleted" after an unanswered attempt when an earlier attempt of the caller may have cancelled it, however long ago', async () => {
    const conflict = monoEnvelope(
      '409 Conflict',
      'qr_already_canceled',
      'The QR code has already been cancelled',
      'Conflict',
    );
    const { client, apiCalls } = await monoAt((r, i) =>
      i === 1
        ? 'drop'
        : r.method === 'GET'
          ? { status: 200, body: { id: QR, canceled: true, updated_at: new Date(Date.now() - 60_000).toISOString() } }
          : { status: 409, body: conflict },
    );
    expect(await client.cancelQrCode({ collectionId: COL, qrCodeId: QR }, { mayHaveBeenApplied: true })).toMatchObject({
      outcome: 'deleted',
      reason: 'qr_already_canceled',
      attempts: 2,
    });
    expect(apiCalls().map((r) => r.method)).toEqual(['DELETE', 'DELETE']); // nothing to read: no timestamp can overrule it
  });

  it.each([
    ['cancelled before our first attempt: already gone', -60_000, 'already_gone'],
    ['cancelled after our first attempt began: ours', +1_000, 'deleted'],
  ])(
    "with mayHaveBeenApplied and firstAttemptAt, Mono's own cancel time decides: %s",
    async (_name, cancelledAfterFirstAttempt, outcome) => {
      const firstAttemptAt = Date.now() - 30_000;
      const conflict = monoEnvelope(
        '409 Conflict',
        'qr_already_canceled',
        'The QR code has already been cancelled',
        'Conflict',
      );
      const updated_at = new Date(firstAttemptAt + cancelledAfterFirstAttempt).toISOString();
      const { client, apiCalls } = await monoAt((r) =>
        r.method === 'GET'
          ? { status: 200, body: { id: QR, canceled: true, updated_at } }
          : { status: 409, body: conflict },
      );
      expect(
        await client.cancelQrCode({ collectionId: COL, qrCodeId: QR }, { mayHaveBeenApplied: true, firstAttemptAt }),
      ).toMatchObject({ outcome, reason: 'qr_already_canceled', attempts: 1 });
      expect(apiCalls().map((r) => r.method)).toEqual(['DELETE', 'GET']);
    },
  );

  it.each([
    [
      400,
      'qr_not_dynamic',
      'Only dynamic QR codes can be cancelled',
      'Malformed request',
      TeardownRequestError,
      'not_retryable',
      1,
    ],
    [
      403,
      'not_authorized',
      'Not authorized to have access to this resource.',
      'Not authorized to have access to this resource',
      TeardownPermissionError,
      'not_retryable',
      1,
    ],
    [
      404,
      'collection_not_found',
      "The collection doesn't exist",
      'Resource not defined',
      TeardownNotFoundError,
      'not_found',
      1,
    ],
    [
      500,
      'internal_error',
      'An unexpected error occurred',
      'Something went wrong on the Server',
      TeardownServerError,
      'retryable',
      4,
    ],
    [
      503,
      'service_is_unavailable',
      'The service is unavailable, Please try again later',
      'Service unavailable',
      TeardownServerError,
      'retryable',
      4,
    ],
  ] as const)(
    'maps HTTP %i %s to its class and classification',
    async (status, code, message, top, cls, classification, attempts) => {
      const { client, apiCalls } = await monoAt(() => ({
        status,
        body: monoEnvelope(`${status} X`, code, message, top),
      }));
      const error = (await client
        .cancelQrCode({ collectionId: COL, qrCodeId: QR })
        .catch((e: unknown) => e)) as TeardownError;
      expect(error).toBeInstanceOf(cls);
      expect(error).toMatchObject({
        provider: 'mono-breb',
        operation: 'cancelQrCode',
        status,
        code,
        providerMessage: message,
        requestId: 'log_7MkWaFqvfosB8fzHhb1Eql',
        classification,
        attempts,
      });
      // Provider first, then what it said, then its code, status and log ID (a not-found names what was looked for).
      const facts = `${code}, HTTP ${status}, request log_7MkWaFqvfosB8fzHhb1Eql`;
      expect(error.message).toBe(
        classification === 'not_found'
          ? `Mono Bre-B has no QR code ${QR} in collection ${COL} (${facts}). Nothing was deleted.`
          : `Mono Bre-B cancelQrCode failed: ${message} (${facts})`,
      );
      expect(apiCalls()).toHaveLength(attempts);
    },
  );

  it('fails an unknown QR code or collection as not found, naming it, unless not found counts as done — even after an unanswered attempt, since Mono keeps what it cancels', async () => {
    const notFound = {
      status: 404,
      body: monoEnvelope('404 Not Found', 'qr_not_found', "The QR code doesn't exist", 'Resource not defined'),
    };
    const { client } = await monoAt((_r, i) => (i === 0 ? 'drop' : notFound));
    const error = await client.cancelQrCode({ collectionId: COL, qrCodeId: QR }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeardownNotFoundError);
    expect((error as Error).message).toBe(
      `Mono Bre-B has no QR code ${QR} in collection ${COL} (qr_not_found, HTTP 404, request log_7MkWaFqvfosB8fzHhb1Eql). Nothing was deleted.`,
    );
    expect(
      await client.cancelQrCode({ collectionId: COL, qrCodeId: QR }, { notFound: 'done', mayHaveBeenApplied: true }),
    ).toMatchObject({ outcome: 'not_found', reason: 'qr_not_found' });
    await expect(client.deleteCollection({ collectionId: COL }, { mayHaveBeenApplied: true })).rejects.toThrow(
      `Mono Bre-B has no collection ${COL}`,
    );
  });

  it('never reads a 404 without a collection or QR code code (a wrong base URL) as not found', async () => {
    const { client } = await monoAt(() => ({
      status: 404,
      body: monoEnvelope('404 Not Found', 'not_found', 'The requested resource was not found', 'Not Found'),
    }));
    await expect(client.cancelQrCode({ collectionId: COL, qrCodeId: QR }, { notFound: 'done' })).rejects.toMatchObject({
      code: 'not_found',
      classification: 'not_retryable',
    });
  });

  it('gets a new token once on 401, then succeeds', async () => {
    const missing = monoEnvelope(
      '401 Unauthorized',
      'missing_authorization_header',
      '`Authorization` header is missing.',
      'Authorization header is missing or invalid.',
    );
    const { client, received } = await monoAt((_r, i) => (i === 1 ? { status: 401, body: missing } : { status: 204 }));
    expect((await client.cancelQrCode({ collectionId: COL, qrCodeId: QR })).outcome).toBe('deleted');
    expect(received.map((r) => r.method)).toEqual(['POST', 'DELETE', 'POST', 'DELETE']);
  });

  it('gives up after one refresh when 401 persists', async () => {
    const missing = monoEnvelope(
      '401 Unauthorized',
      'missing_authorization_header',
      '`Authorization` header is missing.',
      'Authorization header is missing or invalid.',
    );
    const { client, received } = await monoAt(() => ({ status: 401, body: missing }));
    await expect(client.cancelQrCode({ collectionId: COL, qrCodeId: QR })).rejects.toBeInstanceOf(
      TeardownAuthenticationError,
    );
    expect(received).toHaveLength(4);
  });

  it('shares one token request between 100 concurrent cancels', async () => {
    const { client, received } = await monoAt(() => ({ status: 204 }));
    await Promise.all(Array.from({ length: 100 }, () => client.cancelQrCode({ collectionId: COL, qrCodeId: QR })));
    expect(received.filter((r) => r.path === '/api/v1/oauth/token')).toHaveLength(1);
    expect(received).toHaveLength(101);
  });

  it('rejects a bad ID before sending anything', async () => {
    const { client, received } = await monoAt(() => ({ status: 204 }));
    await expect(client.cancelQrCode({ collectionId: COL, qrCodeId: '../../collections/x' })).rejects.toMatchObject({
      field: 'qrCodeId',
      code: 'validation_error',
    });
    await expect(client.deleteCollection({ collectionId: 'bbcol_short' })).rejects.toBeInstanceOf(
      TeardownValidationError,
    );
    expect(received).toHaveLength(0);
  });
});

describe('Mono Bre-B deleteCollection', () => {
  const invalidState = monoEnvelope(
    '409 Conflict',
    'collection_invalid_state',
    'The collection is in an invalid state for this operation',
    'Conflict',
  );
  const collection = (state: string, reason: string | null) => ({
    id: COL,
    state,
    state_reason: reason,
    paid_amount: { amount: 0, currency: 'COP' },
  });

  it('deletes a collection', async () => {
    const { client, apiCalls } = await monoAt(() => ({ status: 204 }));
    expect((await client.deleteCollection({ collectionId: COL })).outcome).toBe('deleted');
    expect(apiCalls()[0]).toMatchObject({ method: 'DELETE', path: `/api/v1/collections/${COL}` });
  });

  it('reads the collection on collection_invalid_state: discarded means already gone', async () => {
    const { client, apiCalls } = await monoAt((r) =>
      r.method === 'GET'
        ? { status: 200, body: collection('discarded', 'deleted') }
        : { status: 409, body: invalidState },
    );
    expect(await client.deleteCollection({ collectionId: COL })).toMatchObject({
      outcome: 'already_gone',
      reason: 'collection_discarded',
    });
    expect(apiCalls().map((r) => r.method)).toEqual(['DELETE', 'GET']);
  });

  it('reports "deleted" for a discarded collection when an earlier attempt of the caller may have deleted it, however long ago', async () => {
    // A Temporal activity's first attempt deleted it and got no answer; the retry comes more than a second later.
    const old = { ...collection('discarded', 'deleted'), updated_at: new Date(Date.now() - 60_000).toISOString() };
    const { client } = await monoAt((r) =>
      r.method === 'GET' ? { status: 200, body: old } : { status: 409, body: invalidState },
    );
    expect(await client.deleteCollection({ collectionId: COL }, { mayHaveBeenApplied: true })).toMatchObject({
      outcome: 'deleted',
      reason: 'collection_discarded',
    });
    expect(await client.deleteCollection({ collectionId: COL })).toMatchObject({
      outcome: 'already_gone',
      reason: 'collection_discarded',
    });
  });

  it('reads the collection on collection_invalid_state: failed is a conflict that must not be retried', async () => {
    const { client } = await monoAt((r) =>
      r.method === 'GET' ? { status: 200, body: collection('failed', null) } : { status: 409, body: invalidState },
    );
    const error = await client.deleteCollection({ collectionId: COL }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeardownConflictError);
    expect(error).toMatchObject({ code: 'collection_invalid_state', classification: 'not_retryable' });
  });

  it('refuses a collection with payments without retrying', async () => {
    const { client, apiCalls } = await monoAt(() => ({
      status: 409,
      body: monoEnvelope('409 Conflict', 'has_payments', 'The collection has payments', 'Conflict'),
    }));
    await expect(client.deleteCollection({ collectionId: COL })).rejects.toMatchObject({
      code: 'has_payments',
      classification: 'not_retryable',
    });
    expect(apiCalls()).toHaveLength(1);
  });
});

describe('Mono Bre-B reads', () => {
  it('lists active dynamic QR codes with the documented filters, and collections with paging', async () => {
    const { client, apiCalls } = await monoAt((r) =>
      r.path.includes('/qr')
        ? { status: 200, body: { qr: [{ id: QR }] } }
        : { status: 200, body: { collections: [{ id: COL }] } },
    );
    expect(await client.listQrCodes({ collectionId: COL, canceled: false, usageMode: 'single_use' })).toEqual([
      { id: QR },
    ]);
    expect(await client.listCollections({ pageNumber: 2, pageSize: 50 })).toEqual([{ id: COL }]);
    expect(apiCalls().map((r) => r.path)).toEqual([
      `/api/v1/collections/${COL}/qr?canceled=false&usage_mode=single_use`,
      '/api/v1/collections?page_number=2&page_size=50',
    ]);
    await expect(client.listCollections({ pageSize: 501 })).rejects.toMatchObject({ field: 'pageSize' });
  });
});

describe('secrets', () => {
  it('never appear in errors, even when the token endpoint refuses the client', async () => {
    server = await startLoopback(() => ({
      status: 401,
      body: { error: 'invalid_client', error_description: 'Client authentication failed' },
    }));
    const client = new MonoBrebClient({
      clientId: 'cid',
      clientSecret: SECRET,
      baseUrl: server.url,
      sleep: instantSleep,
    });
    const error = (await client.getCollection({ collectionId: COL }).catch((e: unknown) => e)) as TeardownError;
    expect(error).toBeInstanceOf(TeardownAuthenticationError);
    expect(error.code).toBe('invalid_client');
    for (const text of [
      error.message,
      JSON.stringify(error),
      inspect(error, { depth: 5, showHidden: true }),
      inspect(client, { depth: 5 }),
    ]) {
      expect(text).not.toContain(SECRET);
    }
  });
});

describe('Mono Bre-B waitForDiscard', () => {
  const UPDATED_AT = '2026-01-01T00:00:09Z';
  /** A client whose sleep moves its clock: the wait runs at once, and the sleeps it asked for are recorded. */
  async function waiting(states: string[]) {
    server = await startLoopback((req, i) =>
      req.path === '/api/v1/oauth/token'
        ? { status: 200, body: token }
        : {
            status: 200,
            body: { id: COL, state: states[Math.min(i - 1, states.length - 1)], updated_at: UPDATED_AT },
          },
    );
    let now = 1_000_000;
    const sleeps: number[] = [];
    const client = new MonoBrebClient({
      clientId: 'cid',
      clientSecret: SECRET,
      baseUrl: server.url,
      transport: createNodeTransport(),
      clock: { now: () => now },
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
    });
    const reads = () => server!.received.filter((r) => r.path === `/api/v1/collections/${COL}`).length;
    return { client, sleeps, reads };
  }

  it('reads until Mono shows the collection discarded and reports Mono’s own time of it', async () => {
    const { client, sleeps, reads } = await waiting(['ready', 'ready', 'discarded']);
    const wait = await client.waitForDiscard({ collectionId: COL }, { timeoutMs: 60_000, pollIntervalMs: 1000 });
    expect(wait).toEqual({ discarded: true, discardedAt: UPDATED_AT, reads: 3 });
    expect(sleeps).toEqual([1000, 1000]);
    expect(reads()).toBe(3);
  });

  it('gives up at the timeout, reading once more at the deadline', async () => {
    const { client, sleeps } = await waiting(['ready']);
    const wait = await client.waitForDiscard({ collectionId: COL }, { timeoutMs: 2500, pollIntervalMs: 1000 });
    expect(wait).toEqual({ discarded: false, reads: 4 });
    expect(sleeps).toEqual([1000, 1000, 500]);
  });

  it('refuses a poll interval under 100 ms before any request', async () => {
    const { client, reads } = await waiting(['ready']);
    await expect(client.waitForDiscard({ collectionId: COL }, { timeoutMs: 1000, pollIntervalMs: 10 })).rejects.toThrow(
      TeardownValidationError,
    );
    expect(reads()).toBe(0);
  });
});
