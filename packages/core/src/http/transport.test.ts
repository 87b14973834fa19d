import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TeardownNetworkError, TeardownRequestError, TeardownTimeoutError, type TeardownError } from '../errors.js';
import { MonoBrebClient } from '../providers/mono-breb/client.js';
import { AlibabaCamsClient } from '../providers/alibaba-cams/client.js';
import { EpapClient } from '../providers/epap/client.js';
import { startLoopback, type Loopback } from '../../test/loopback.js';
import { createNodeTransport } from '../platform/node.js';
import { TransportNotSentError, TransportTimeoutError } from './transport.js';

const COL = 'bbcol_5tgliBmzjZ6mpQPRbQjfKj';
const token = { access_token: 'tok', expires_in: 3600, token_type: 'Bearer' };

let server: Loopback | undefined;
const transport = createNodeTransport();
afterEach(async () => server?.close());
afterAll(() => transport.close());

describe('node transport', () => {
  it('resolves with any status, lower-case header names and the body as text', async () => {
    server = await startLoopback(() => ({ status: 418, body: { ok: 'ü' }, headers: { 'X-Request-Id': 'abc' } }));
    const response = await transport({
      method: 'POST',
      url: `${server.url}/p?q=1`,
      headers: { 'x-test': 'v' },
      body: 'hello',
    });
    expect(response.status).toBe(418);
    expect(response.headers['x-request-id']).toBe('abc');
    expect(JSON.parse(response.body)).toEqual({ ok: 'ü' });
    expect(server.received[0]).toMatchObject({ method: 'POST', path: '/p?q=1', body: 'hello' });
    expect(server.received[0]!.headers['x-test']).toBe('v');
  });

  it('sends content-length 0 on an empty POST and keeps one socket alive across sequential requests', async () => {
    const sockets = new Set<unknown>();
    const raw = http.createServer((req, res) => {
      sockets.add(req.socket);
      res.end(req.headers['content-length'] ?? 'none');
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/`;
    try {
      for (let i = 0; i < 5; i++) expect((await transport({ method: 'POST', url, headers: {} })).body).toBe('0');
      expect(sockets.size).toBe(1);
    } finally {
      raw.closeAllConnections();
      raw.close();
    }
  });

  it('sends a URL the parser would change exactly as Node sends it after parsing, and a plain one as given', async () => {
    server = await startLoopback(() => ({ status: 204 }));
    await transport({ method: 'GET', url: `${server.url}/a/./b/../c d?q='x'#frag`, headers: {} });
    await transport({ method: 'GET', url: `${server.url}/a/%2E%2e/c`, headers: {} });
    await transport({ method: 'GET', url: `${server.url}?PhoneNumber=86%2B1&QrdlCode=D9`, headers: {} });
    await transport({
      method: 'GET',
      url: `${server.url}/api/v1/collections/bbcol_1/qr/bbqr_2?usage_mode=single_use`,
      headers: {},
    });
    expect(server.received.map((r) => r.path)).toEqual([
      '/a/c%20d?q=%27x%27',
      '/c',
      '/?PhoneNumber=86%2B1&QrdlCode=D9',
      '/api/v1/collections/bbcol_1/qr/bbqr_2?usage_mode=single_use',
    ]);
  });

  it("joins set-cookie values and leaves the caller's headers untouched", async () => {
    const raw = http.createServer((req, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.end(req.headers['content-length'] ?? 'none');
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      const headers = { 'x-test': 'v' };
      const response = await transport({
        method: 'DELETE',
        url: `http://127.0.0.1:${(raw.address() as AddressInfo).port}/x`,
        headers,
      });
      expect(response.headers['set-cookie']).toBe('a=1, b=2');
      expect(response.body).toBe('0');
      expect(headers).toEqual({ 'x-test': 'v' });
    } finally {
      raw.closeAllConnections();
      raw.close();
    }
  });

  it('rejects with TransportTimeoutError when no answer arrives in time', async () => {
    server = await startLoopback(() => new Promise(() => undefined));
    await expect(transport({ method: 'GET', url: server.url, headers: {}, timeoutMs: 50 })).rejects.toBeInstanceOf(
      TransportTimeoutError,
    );
  });
});

describe('a request Node refuses to send', () => {
  it('rejects with TransportNotSentError and sends nothing', async () => {
    server = await startLoopback(() => ({ status: 200 }));
    await expect(transport({ method: 'GET', url: server.url, headers: { 'x-v': 'a\nb' } })).rejects.toBeInstanceOf(
      TransportNotSentError,
    );
    await expect(transport({ method: 'GET', url: 'http://exa mple.com/', headers: {} })).rejects.toBeInstanceOf(
      TransportNotSentError,
    );
    expect(server.received).toHaveLength(0);
  });

  it('is a not-retryable request error, not a lost attempt, when a provider issues a token Node cannot send', async () => {
    server = await startLoopback((req) =>
      req.path === '/api/v1/oauth/token'
        ? { status: 200, body: { ...token, access_token: 'tok\u20ac' } }
        : { status: 204 },
    );
    const client = new MonoBrebClient({ clientId: 'c', clientSecret: 's', baseUrl: server.url, transport });
    const error = (await client
      .cancelQrCode({ collectionId: COL, qrCodeId: 'bbqr_5tgliBmzjZ6mpQPRbQjfKj' })
      .catch((e: unknown) => e)) as TeardownError;
    expect(error).toBeInstanceOf(TeardownRequestError);
    expect(error).toMatchObject({ code: 'request_not_sent', classification: 'not_retryable' });
    expect(error.message).not.toContain('tok\u20ac');
    expect(server.received.map((r) => r.path)).toEqual(['/api/v1/oauth/token']);
  });
});

describe('a request that gets no answer', () => {
  it('is a retryable TeardownTimeoutError after the timeout', async () => {
    server = await startLoopback((req) =>
      req.path === '/api/v1/oauth/token' ? { status: 200, body: token } : new Promise(() => undefined),
    );
    const client = new MonoBrebClient({
      clientId: 'c',
      clientSecret: 's',
      baseUrl: server.url,
      transport,
      timeoutMs: 50,
      retry: { maxAttempts: 1 },
    });
    const error = (await client.getCollection({ collectionId: COL }).catch((e: unknown) => e)) as TeardownError;
    expect(error).toBeInstanceOf(TeardownTimeoutError);
    expect(error).toMatchObject({
      code: 'timeout',
      classification: 'retryable',
      retryable: true,
      operation: 'getCollection',
      provider: 'mono-breb',
    });
    expect(error.status).toBeUndefined();
  });

  it('is a retryable TeardownNetworkError when the connection is refused, retried up to maxAttempts', async () => {
    const closed = await startLoopback(() => ({ status: 200 }));
    const url = closed.url;
    await closed.close();
    const sleeps: number[] = [];
    const client = new MonoBrebClient({
      clientId: 'c',
      clientSecret: 's',
      baseUrl: url,
      transport,
      retry: { maxAttempts: 3, random: () => 0.5 },
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });
    const error = (await client.getCollection({ collectionId: COL }).catch((e: unknown) => e)) as TeardownError;
    expect(error).toBeInstanceOf(TeardownNetworkError);
    expect(error).toMatchObject({ code: 'network_error', classification: 'retryable' });
    expect(sleeps).toEqual([125, 250]);
  });

  // The transport's own errors are its contract with core, never what a caller of a client sees.
  it.each(['alibaba-cams', 'epap'] as const)(
    'reaches a caller of %s as a retryable TeardownTimeoutError, not a TransportTimeoutError',
    async (p) => {
      server = await startLoopback((req) =>
        req.path.endsWith('/v1/login')
          ? { status: 200, body: { access_token: 'tok', expires_in: 3599, token_type: 'Bearer' } }
          : new Promise(() => undefined),
      );
      const common = { transport, timeoutMs: 50, retry: { maxAttempts: 1 } };
      const error = (await (
        p === 'epap'
          ? new EpapClient({
              clientId: 'c',
              clientSecret: 's',
              chainId: 'k',
              baseUrl: server.url,
              ...common,
            }).deleteReceipt({ epapId: 'doc-1', appUserId: 'user-1' })
          : new AlibabaCamsClient({
              accessKeyId: 'AKID',
              accessKeySecret: 's',
              endpoint: server.url,
              ...common,
            }).deletePhoneMessageQrdl({ phoneNumber: '8613800000000', qrdlCode: 'Q' })
      ).catch((e: unknown) => e)) as TeardownError;
      expect(error).toBeInstanceOf(TeardownTimeoutError);
      expect(error).not.toBeInstanceOf(TransportTimeoutError);
      expect(error).toMatchObject({
        provider: p,
        code: 'timeout',
        classification: 'retryable',
        mayHaveBeenApplied: true,
      });
    },
  );

  it('reaches a caller of epap as a not-retryable request error, not a TransportNotSentError, when Node cannot send it', async () => {
    server = await startLoopback(() => ({ status: 200, body: { access_token: 'tok\u20ac', expires_in: 3599 } }));
    const client = new EpapClient({ clientId: 'c', clientSecret: 's', chainId: 'k', baseUrl: server.url, transport });
    const error = await client.deleteReceipt({ epapId: 'doc-1', appUserId: 'user-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeardownRequestError);
    expect(error).not.toBeInstanceOf(TransportNotSentError);
    expect(error).toMatchObject({ provider: 'epap', code: 'request_not_sent', classification: 'not_retryable' });
    expect(server.received).toHaveLength(1);
  });
});
