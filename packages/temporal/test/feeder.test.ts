// A batch never depends on the client that feeds it, and the library hands big arrays over in bounded pages: on the
// Temporal CLI dev server against the sandbox, every outcome checked against the sandbox's own record of deletions.
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeardownValidationError } from '@teardown/core';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import {
  PAGE_TARGETS,
  TASK_QUEUE,
  TeardownClient,
  createActivities,
  formatTarget,
  targetOfOperation,
  workerOptions,
  type Target,
} from '../src/index.js';
import { createDevServerEnvironment, recordHistory, workflowsPath } from './server.js';

Runtime.install({ logger: new DefaultLogger('WARN') });

let env: TestWorkflowEnvironment;
let sandbox: Sandbox;
let teardown: TeardownClient;
let worker: Worker;
let running: Promise<unknown>;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 21, keyCancellationDelayMs: 100, dropWebhooks: true });
  env = await createDevServerEnvironment();
  const fast = { retry: { maxAttempts: 5, baseDelayMs: 10 } };
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowsPath,
    activities: createActivities({
      mono: { ...sandbox.credentials.mono, ...fast },
      epap: { ...sandbox.credentials.epap, ...fast },
      cams: { ...sandbox.credentials.cams, ...fast },
    }),
    ...workerOptions,
  });
  running = worker.run();
  teardown = new TeardownClient({ client: env.client });
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await sandbox?.close();
});

const epapTargets = (count: number): Target[] =>
  sandbox.admin.seed({ epap: { count } }).epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r }));

/** How many times the sandbox deleted each target, by its text form. */
const deletionsByTarget = () =>
  new Map(sandbox.admin.targets().map((r) => [formatTarget(targetOfOperation(r.operation, r.fields)), r.deletions]));

async function* slowly(pages: Target[][], gapMs: number): AsyncGenerator<Target> {
  for (const page of pages) {
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    yield* page;
  }
}

describe('the feeder lease', () => {
  it('a batch whose feeder vanished closes itself once its lease runs out, finishes what it holds and says so', async () => {
    const targets = epapTargets(30);
    const handle = await teardown.startBatch('orphan', targets.slice(0, 10), {
      expectMorePages: true,
      feederLease: '2 seconds',
    });
    await teardown.addToBatch('orphan', targets.slice(10, 20));
    // The feeder is gone: no page, no renewal, no closeBatch.
    const report = await teardown.batchResult('orphan');
    expect(report.progress).toMatchObject({ total: 20, closed: true, finished: true, feederLost: true });
    expect(report.progress.providers.epap).toMatchObject({ done: 20, remaining: 0 });
    expect(new Set(report.items.map((i) => formatTarget(i.target)))).toEqual(
      new Set(targets.slice(0, 20).map(formatTarget)),
    );
    const deletions = deletionsByTarget();
    for (const t of targets) expect(deletions.get(formatTarget(t))).toBe(targets.indexOf(t) < 20 ? 1 : 0);
    await recordHistory('batchDelete-feeder-lease', env.client.workflow.getHandle(handle.workflowId));
  });

  it('a feeder that waits longer than the lease for its source keeps the batch open by renewing it', async () => {
    const targets = epapTargets(30);
    await teardown.startBatch('renewed', [], { expectMorePages: true, feederLease: '1 second' });
    // Three pages, 2.5 s apart: each gap is more than twice the lease.
    const pages = [targets.slice(0, 10), targets.slice(10, 20), targets.slice(20)];
    const feed = await teardown.feedBatch('renewed', slowly(pages, 2500), { feederLease: '1 second' });
    expect(feed).toEqual({ handedOver: 30, complete: true });
    const report = await teardown.batchResult('renewed');
    expect(report.progress.feederLost).toBeUndefined();
    expect(report.progress).toMatchObject({ total: 30, closed: true, finished: true });
    expect(report.items.map((i) => i.outcome)).toEqual(Array(30).fill('deleted'));
  });

  it('a feeder whose batch stopped taking targets says so instead of counting the dropped pages as handed over', async () => {
    const targets = epapTargets(30);
    sandbox.admin.setFaults([
      { provider: 'epap', operation: 'deleteReceipt', fault: 'latency', probability: 1, latencyMs: 200 },
    ]);
    try {
      await teardown.startBatch('closed-under', targets.slice(0, 10), { expectMorePages: true, concurrency: 1 });
      await teardown.closeBatch('closed-under');
      // Once the batch has answered a query the close has reached it: the pages below come after it.
      expect(await teardown.batchProgress('closed-under')).toMatchObject({ closed: true, finished: false });
      const feed = await teardown.feedBatch('closed-under', targets.slice(10), {});
      expect(feed).toEqual({ handedOver: 20, complete: false, stoppedBy: 'batch', received: 10 });
      const report = await teardown.batchResult('closed-under');
      expect(report.items.map((i) => formatTarget(i.target)).sort()).toEqual(
        targets.slice(0, 10).map(formatTarget).sort(),
      );
    } finally {
      sandbox.admin.setFaults([]);
    }
  });

  it('refuses a lease that is not a duration of at least a second, naming the field, before anything starts', async () => {
    for (const feederLease of ['soon', 500, 0]) {
      const error = await teardown
        .startBatch('bad-lease', epapTargets(1), { expectMorePages: true, feederLease })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TeardownValidationError);
      expect(error).toMatchObject({ field: 'feederLease' });
    }
    await expect(teardown.batchHandle('bad-lease').describe()).rejects.toThrow(/not found/i);
  });
});

describe('big arrays through the library', () => {
  it('startBatch pages an array far beyond Temporal blob limit: every payload under 512 KB, every target deleted once', async () => {
    // About 3.5 MB of targets: one start with them all failed at 2 MB ("Blob data size exceeds limit").
    const count = 30_000;
    const targets = epapTargets(count);
    const bytes = Buffer.byteLength(JSON.stringify(targets));
    expect(bytes).toBeGreaterThan(2 * 1024 * 1024);
    const handle = await teardown.startBatch('big-array', targets, { maxWaiting: 5000 });
    const report = await teardown.batchResult('big-array');
    expect(report.progress).toMatchObject({ total: count, closed: true, finished: true });
    expect(report.items).toHaveLength(count);
    const deletions = deletionsByTarget();
    for (const t of targets) expect(deletions.get(formatTarget(t))).toBe(1);
    // Every payload of the batch's runs: its start (or continue-as-new) input and each page signal.
    const sizes: number[] = [];
    let signals = 0;
    // A run's whole history (its chunks' inputs and results too) can pass gRPC's 4 MB default message; users never
    // fetch one.
    const connection = await Connection.connect({
      address: env.connection.options.address,
      channelArgs: { 'grpc.max_receive_message_length': 64 * 2 ** 20 },
    });
    const reader = new Client({ connection });
    for (let runId: string | undefined = handle.firstExecutionRunId; runId;) {
      const { events } = await reader.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      runId = undefined;
      for (const e of events ?? []) {
        const started = e.workflowExecutionStartedEventAttributes?.input?.payloads;
        const signal = e.workflowExecutionSignaledEventAttributes;
        if (started) sizes.push(...started.map((p) => p.data?.length ?? 0));
        if (signal?.signalName === 'addTargets') {
          signals++;
          sizes.push(...(signal.input?.payloads ?? []).map((p) => p.data?.length ?? 0));
        }
        runId ??= e.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      }
    }
    await connection.close();
    expect(signals).toBeGreaterThanOrEqual((count - PAGE_TARGETS) / PAGE_TARGETS);
    expect(Math.max(...sizes)).toBeLessThan(512 * 1024);
  });
});
