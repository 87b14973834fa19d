// The receiver over real HTTP: signatures, envelopes, sizes, redeliveries — and the whole webhook path on a real
// Temporal server: sandbox → signed collection.discarded → this receiver → signal → deleteCollection's result.
import { connect, type AddressInfo } from 'node:net';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signMonoWebhook, type MonoWebhookEvent } from '@teardown/core';
import { startSandbox } from '@teardown/sandbox';
import { TeardownClient } from '@teardown/temporal';
import { startWorker } from '@teardown/worker';
import { createWebhookServer, signalWith } from '../src/index.js';
import { createDevServerEnvironment } from '../../../packages/temporal/test/server.js';

Runtime.install({ logger: new DefaultLogger('WARN') });
const SECRET = 'whsec_current';
const discarded = (id: string, timestamp = '2026-11-22T10:00:00Z') =>
  JSON.stringify({
    event: { type: 'collection.discarded', data: { id, state: 'discarded', state_reason: 'deleted' } },
    timestamp,
  });

async function listen(
  onCollectionDiscarded: (e: MonoWebhookEvent) => Promise<'signalled' | 'no-workflow'>,
  log?: (line: string) => void,
) {
  const server = createWebhookServer({ secrets: ['whsec_old', SECRET], onCollectionDiscarded, ...(log && { log }) });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mono`;
  return { server, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const post = (url: string, body: string, signature?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature && { 'mono-signature': signature }) },
    body,
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

describe('webhook receiver', () => {
  const calls: MonoWebhookEvent[] = [];
  const logged: string[] = [];
  let rx: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    rx = await listen(
      (e) => {
        calls.push(e);
        return Promise.resolve(e.event.data.id.endsWith('none') ? 'no-workflow' : 'signalled');
      },
      (line) => logged.push(line),
    );
  });
  afterAll(() => rx.close());
  const now = () => Math.floor(Date.now() / 1000);

  it('signals once per delivery, treats redeliveries as duplicates, accepts any current secret', async () => {
    const body = discarded('bbcol_5tgliBmzjZ6mpQPRbQjfKj');
    expect(await post(rx.url, body, signMonoWebhook(body, SECRET, now()))).toEqual({
      status: 200,
      body: { status: 'signalled' },
    });
    expect(await post(rx.url, body, signMonoWebhook(body, 'whsec_old', now()))).toEqual({
      status: 200,
      body: { status: 'duplicate' },
    });
    expect(calls).toHaveLength(1);
  });

  it('answers 202 and starts nothing when no workflow waits', async () => {
    const body = discarded('bbcol_5tgliBmzjZ6mpQPRbQnone');
    expect(await post(rx.url, body, signMonoWebhook(body, SECRET, now()))).toEqual({
      status: 202,
      body: { status: 'no-workflow' },
    });
  });

  it('refuses bad, stale and missing signatures with 401 before parsing', async () => {
    const body = discarded('bbcol_x');
    const before = calls.length;
    expect((await post(rx.url, body, signMonoWebhook(body, 'wrong', now()))).status).toBe(401);
    expect(await post(rx.url, body, signMonoWebhook(body, SECRET, now() - 301))).toEqual({
      status: 401,
      body: { error: 'invalid_signature', reason: 'timestamp_outside_tolerance' },
    });
    expect((await post(rx.url, body)).status).toBe(401);
    expect((await post(rx.url, 'not json', signMonoWebhook('{}', SECRET, now()))).status).toBe(401);
    expect(calls.length).toBe(before);
  });

  it('acknowledges a signed delivery it cannot use (202 ignored, counted, logged), 405 for other methods', async () => {
    const sign = (b: string) => signMonoWebhook(b, SECRET, now());
    const before = rx.server.counts.ignored;
    expect(await post(rx.url, '{oops', sign('{oops'))).toEqual({
      status: 202,
      body: { status: 'ignored', reason: 'invalid_envelope', field: 'body' },
    });
    const noId = JSON.stringify({
      event: { type: 'collection.discarded', data: {} },
      timestamp: '2026-01-01T00:00:00Z',
    });
    expect(await post(rx.url, noId, sign(noId))).toEqual({
      status: 202,
      body: { status: 'ignored', reason: 'invalid_envelope', field: 'event.data.id' },
    });
    expect(rx.server.counts.ignored - before).toBe(2);
    const ready = JSON.stringify({
      event: { type: 'collection.ready', data: { id: 'bbcol_x', state: 'ready' } },
      timestamp: '2026-01-01T00:00:00Z',
    });
    expect(await post(rx.url, ready, sign(ready))).toEqual({
      status: 202,
      body: { status: 'ignored', type: 'collection.ready' },
    });
    expect((await fetch(rx.url)).status).toBe(405);
  });

  it('answers a signed collection.discarded with an ID that is not a Mono ID 202 ignored, and logs it on one line, encoded', async () => {
    const id = 'bbcol_x\r\n2026-11-22 forged: everything deleted\u001b]0;PWNED\u0007';
    const body = discarded(id);
    const before = calls.length;
    expect(await post(rx.url, body, signMonoWebhook(body, SECRET, now()))).toEqual({
      status: 202,
      body: { status: 'ignored', reason: 'invalid_collection_id', id },
    });
    expect(calls.length).toBe(before);
    const line = logged.find((l) => l.includes('invalid_collection_id'))!;
    expect(line).toContain('bbcol_x\\r\\n2026-11-22 forged');
    expect(line).not.toMatch(/[\p{Cc}\p{Bidi_Control}]/u);
  });

  it('serves only its path: 404 elsewhere, before reading or verifying anything', async () => {
    const body = discarded('bbcol_5tgliBmzjZ6mpQPRbQjfKj');
    const other = rx.url.replace(/\/mono$/, '/elsewhere');
    expect(await post(other, body, signMonoWebhook(body, SECRET, now()))).toEqual({
      status: 404,
      body: { error: 'not_found' },
    });
    expect((await post(`${rx.url}/x`, body, signMonoWebhook(body, SECRET, now()))).status).toBe(404);
  });

  it('signals once for 100 identical deliveries at once; the other 99 are duplicates', async () => {
    let signals = 0;
    let release = () => undefined as void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = await listen(async () => {
      signals++;
      await gate;
      return 'signalled';
    });
    try {
      const body = discarded('bbcol_5tgliBmzjZ6mpQPRbQjAll', '2026-11-22T11:00:00Z');
      const sig = signMonoWebhook(body, SECRET, now());
      const answers = Array.from({ length: 100 }, () => post(slow.url, body, sig));
      while (signals === 0) await new Promise((r) => setTimeout(r, 5));
      release();
      const statuses = (await Promise.all(answers)).map((a) => a.body.status);
      expect(signals).toBe(1);
      expect(statuses.filter((s) => s === 'signalled')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(99);
    } finally {
      await slow.close();
    }
  });

  it('answers a body over 1 MB with 413 and closes the connection, even while the client is still sending', async () => {
    const big = 'x'.repeat(1024 * 1024 + 1);
    const res = await fetch(rx.url, {
      method: 'POST',
      body: big,
      headers: { 'mono-signature': signMonoWebhook(big, SECRET, now()) },
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    // No content-length: the receiver learns the size only while reading, the client keeps writing.
    const { port } = new URL(rx.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write('POST /mono HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n');
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 3 * 1024 * 1024) {
          sent += chunk.length;
          if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`))
            return socket.once('drain', pump);
        }
        socket.end('0\r\n\r\n');
      };
      pump();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain('connection: close');
  });
});

describe('the webhook path end to end on a real Temporal server', () => {
  it('completes deleteCollection when the sandbox’s signed collection.discarded reaches the receiver', async () => {
    const env = await createDevServerEnvironment();
    const sandbox = await startSandbox({ seed: 9, keyCancellationDelayMs: 200 });
    const teardown = new TeardownClient({ client: env.client });
    const rx = await listen(signalWith(teardown));
    sandbox.admin.registerWebhook({ url: rx.url, secret: SECRET });
    const worker = await startWorker({
      connection: env.nativeConnection,
      providers: { mono: sandbox.credentials.mono },
    });
    try {
      const { mono } = sandbox.admin.seed({ mono: { count: 1 } });
      const collectionId = mono.collections[0]!.id;
      // Polling once a day: only the webhook can finish this.
      const started = await teardown.startDelete(
        { kind: 'mono-collection', collectionId },
        { pollInterval: '1 day', discardTimeout: '7 days' },
      );
      const delivered = () =>
        sandbox.admin
          .state()
          .webhookDeliveries.find(
            (d) => d.collectionId === collectionId && d.type === 'collection.discarded' && d.delivered,
          );
      for (let i = 0; i < 200 && !delivered(); i++) await new Promise((r) => setTimeout(r, 25));
      expect(delivered()).toBeDefined();
      expect(await started.result()).toMatchObject({
        outcome: 'deleted',
        observedVia: 'webhook',
        discardedAt: expect.any(String),
      });
      expect(sandbox.admin.state().mono.collections.find((c) => c.id === collectionId)).toMatchObject({
        state: 'discarded',
        deletions: 1,
      });
    } finally {
      await worker.shutdown();
      await rx.close();
      await sandbox.close();
      await env.teardown();
    }
  });
});
