// No provider answer can wedge a batch: every payload stays under Temporal's 512 KB warning whatever the provider says.
// On the real Temporal server (the CLI dev server) against the sandbox answering every epap delete with a 4 KB message.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_MESSAGE_MAX_BYTES, utf8Bytes } from '@teardown/core';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import {
  ITEM_MESSAGE_MAX_BYTES,
  TASK_QUEUE,
  TeardownClient,
  batchPageId,
  createActivities,
  workerOptions,
  type Target,
} from '../src/index.js';
import { createDevServerEnvironment, workflowsPath } from './server.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const WARN_BYTES = 512 * 1024;
let env: TestWorkflowEnvironment;
let sandbox: Sandbox;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 21 });
  env = await createDevServerEnvironment();
  const activities = createActivities({ epap: { ...sandbox.credentials.epap, retry: { baseDelayMs: 10 } } });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowsPath,
    activities,
    ...workerOptions,
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await sandbox?.close();
});

/**
 * Bytes of every payload a workflow's history holds (inputs, results, heartbeats, markers), the largest first. Fetched
 * 5 events at a time (each under 512 KB, so under the 4 MB a gRPC answer may hold): a whole history can pass it.
 */
async function payloadSizes(workflowId: string): Promise<number[]> {
  const sizes: number[] = [];
  const walk = (value: unknown): void => {
    if (value instanceof Uint8Array || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) return value.forEach(walk);
    const data = (value as { data?: unknown }).data;
    if ((value as { metadata?: unknown }).metadata && data instanceof Uint8Array) sizes.push(data.length);
    Object.values(value).forEach(walk);
  };
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await env.client.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      maximumPageSize: 5,
      ...(nextPageToken && { nextPageToken }),
    });
    walk(page.history?.events);
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return sizes.sort((a, b) => b - a);
}

describe('bounded sizes', () => {
  it('a 5,000-target batch whose every delete is answered with a 4 KB message finishes, every item failed, every payload under 512 KB', async () => {
    const { epap } = sandbox.admin.seed({ epap: { count: 5000 } });
    const targets = epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r }));
    sandbox.admin.setFaults([{ provider: 'epap', operation: 'deleteReceipt', fault: 'longMessage', probability: 1 }]);
    const teardown = new TeardownClient({ client: env.client });
    await teardown.startBatch('long-messages', targets);
    const report = await teardown.batchResult('long-messages');

    expect(report.items).toHaveLength(5000);
    expect(new Set(report.items.map((i) => (i.target as { epapId: string }).epapId))).toEqual(
      new Set(epap.receipts.map((r) => r.epapId)),
    );
    expect(report.items.every((i) => i.outcome === 'failed' && i.code === 'http_400')).toBe(true);
    for (const { message } of report.items) {
      expect(utf8Bytes(message!)).toBeLessThanOrEqual(ITEM_MESSAGE_MAX_BYTES);
      expect(message).toContain('… [truncated, 4096 bytes]');
    }
    expect(report.progress).toMatchObject({ total: 5000, finished: true, providers: { epap: { failed: 5000 } } });
    expect(sandbox.admin.state().epap.receipts.filter((r) => r.deletedAt)).toHaveLength(0);

    // Every payload: the batch's runs (chunk inputs and results, continue-as-new input, its result) and every page.
    const run = await teardown.batchHandle('long-messages').result();
    const workflowIds = ['teardown/batch/long-messages'];
    for (let n = 0; n < run.pages; n++) workflowIds.push(batchPageId('teardown/batch/long-messages', n));
    expect(run.pages).toBeGreaterThan(5000 / 2000); // more pages than by items alone: pages are bounded by bytes
    const largest = Math.max(...(await Promise.all(workflowIds.map(payloadSizes))).map((s) => s[0] ?? 0));
    expect(largest).toBeLessThan(WARN_BYTES);
    expect(largest).toBeGreaterThan(PROVIDER_MESSAGE_MAX_BYTES * 100); // the pages themselves were measured
    sandbox.admin.setFaults([]);
  });
});
