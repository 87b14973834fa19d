// A collection.discarded webhook that arrives while the Temporal server is down: the receiver cannot signal and answers
// 503, so Mono keeps delivering it; once the server is back (restarted on the same SQLite file and port) the signal
// gets through and the waiting deleteCollection completes, and Mono's delivery ends with a 2xx. On the Temporal CLI dev
// server. About 40 s, most of it the receiver's signal call retrying before it gives up and answers 503 (meanwhile
// Mono's attempts time out: the signal that gets through may be a late one of an earlier attempt, or a redelivery's).
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signMonoWebhook } from '@teardown/core';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { TeardownClient } from '@teardown/temporal';
import { startWorker, type RunningWorkers } from '@teardown/worker';
import { createWebhookServer, signalWith } from '../src/index.js';
import { startDevServer, type DevServer } from '../../../packages/temporal/test/server.js';

// The worker's reconnection attempts while the server is down are expected: errors only.
Runtime.install({
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
});

let server: DevServer;
let sandbox: Sandbox;
let connection: Connection;
let nativeConnection: NativeConnection;
let worker: RunningWorkers;
let receiver: ReturnType<typeof createWebhookServer>;
const logged: string[] = [];

beforeAll(async () => {
  server = await startDevServer();
  // Redeliveries back off 100 ms × 2ⁿ: twelve attempts span a few minutes, longer than the outage below.
  sandbox = await startSandbox({ seed: 41, keyCancellationDelayMs: 1500, webhookMaxAttempts: 12 });
  connection = await Connection.connect({ address: server.address });
  nativeConnection = await NativeConnection.connect({ address: server.address });
  worker = await startWorker({
    connection: nativeConnection,
    providers: { mono: sandbox.credentials.mono },
  });
  receiver = createWebhookServer({
    secrets: [sandbox.credentials.mono.webhookSecret],
    onCollectionDiscarded: signalWith(new TeardownClient({ client: new Client({ connection }) })),
    log: (line) => logged.push(line),
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  sandbox.admin.registerWebhook({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/mono` });
});

afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
  await worker?.shutdown();
  await nativeConnection?.close();
  await connection?.close();
  await sandbox?.close();
  await server?.stop();
});

const until = async (check: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; !(await check()); i++) {
    if (i > 1200) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

it('answers 503 to a discard webhook while Temporal is down, and deleteCollection still completes once it is back', async () => {
  const teardown = new TeardownClient({ client: new Client({ connection }) });
  const { mono } = sandbox.admin.seed({ mono: { count: 1 } });
  const collectionId = mono.collections[0]!.id;
  // Polling once an hour: only a webhook can finish this within the test.
  const started = await teardown.startDelete({ kind: 'mono-collection', collectionId }, { pollInterval: '1 hour' });
  await until(async () => (await teardown.collectionStep(collectionId)) === 'awaiting-discard', 'the delete');
  await server.kill();

  const delivery = () =>
    sandbox.admin
      .state()
      .webhookDeliveries.find((d) => d.collectionId === collectionId && d.type === 'collection.discarded');
  await until(() => logged.some((line) => line.startsWith(`could not signal for "${collectionId}"`)), 'a 503 answer');
  expect(delivery()).toMatchObject({ delivered: false });
  const attemptsWhileDown = delivery()!.attempts;
  expect(attemptsWhileDown).toBeGreaterThanOrEqual(1);

  await server.restart();
  const result = await started.result();
  const record = sandbox.admin.state().mono.collections.find((c) => c.id === collectionId)!;
  expect(result).toMatchObject({ outcome: 'deleted', observedVia: 'webhook', discardedAt: record.discardedAt });
  expect(record).toMatchObject({ state: 'discarded', deletions: 1 });
  // Mono stops redelivering only at a 2xx: a redelivery after the restart gets one ('duplicate' or 'signalled').
  await until(() => delivery()!.delivered, 'a delivery answered 2xx');
  expect(delivery()!.attempts).toBeGreaterThan(attemptsWhileDown);
});

it('signals every delivery that arrives while Temporal restarts: the receiver tries again instead of answering 503', async () => {
  const teardown = new TeardownClient({ client: new Client({ connection }) });
  const { mono } = sandbox.admin.seed({ mono: { count: 1 } });
  const collectionId = mono.collections[0]!.id;
  await teardown.startDelete({ kind: 'mono-collection', collectionId }, { pollInterval: '1 hour' });
  await until(async () => (await teardown.collectionStep(collectionId)) === 'awaiting-discard', 'the delete');
  // Temporal is killed, and is up again on the same SQLite file a couple of seconds later (more than one try's 2 s, less
  // than the 8 s a signal is tried for): the deliveries in between wait for it instead of getting 503s.
  await server.kill();
  const back = new Promise((resolve) => setTimeout(resolve, 2000)).then(() => server.restart());
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/mono`;
  // Distinct timestamps: 20 deliveries, not one delivery and 19 duplicates.
  const answers = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const body = JSON.stringify({
        event: {
          type: 'collection.discarded',
          data: { id: collectionId, state: 'discarded', state_reason: 'deleted' },
        },
        timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      });
      const secret = sandbox.credentials.mono.webhookSecret;
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'mono-signature': signMonoWebhook(body, secret, Math.floor(Date.now() / 1000)),
        },
        body,
      });
      return `${res.status} ${((await res.json()) as { status?: string; error?: string }).status ?? 'error'}`;
    }),
  );
  await back;
  // Temporal answered every one: signalled, or (the sandbox's own delivery having completed the workflow meanwhile) no
  // workflow left to signal. Never 503.
  expect(answers.filter((a) => a !== '200 signalled' && a !== '202 no-workflow')).toEqual([]);
});
