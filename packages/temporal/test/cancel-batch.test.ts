// cancelBatch on a batch whose workflow task keeps failing: the signal is recorded but never acted on, and the client
// says so (`stuck`), or terminates the batch when asked. On the real Temporal server (the CLI dev server).
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TeardownClient } from '../src/index.js';
import { createDevServerEnvironment } from './server.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const QUEUE = 'teardown-stuck';
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  env = await createDevServerEnvironment();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: QUEUE,
    workflowsPath: fileURLToPath(new URL('./stuck/workflows.ts', import.meta.url)),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

it('answers stuck for a batch whose workflow task keeps failing, and terminates it, saying why, only when asked', async () => {
  const teardown = new TeardownClient({ client: env.client, taskQueue: QUEUE });
  await teardown.startBatch('stuck', [{ kind: 'epap-receipt', epapId: 'doc-1', appUserId: 'user-1', chainId: 'c' }]);
  const handle = teardown.batchHandle('stuck');
  for (let i = 0; ((await handle.describe()).raw.pendingWorkflowTask?.attempt ?? 0) < 2; i++) {
    if (i > 600) throw new Error('the workflow task never failed');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(await teardown.cancelBatch('stuck')).toBe('stuck');
  expect((await handle.describe()).status.name).toBe('RUNNING');
  expect(await teardown.cancelBatch('stuck', { terminateIfStuck: true })).toBe('terminated');
  const { status } = await handle.describe();
  expect(status.name).toBe('TERMINATED');
  const events = (await handle.fetchHistory()).events ?? [];
  expect(events.at(-1)?.workflowExecutionTerminatedEventAttributes?.reason).toMatch(
    /^cancelBatch: the workflow task has failed \d+ times, so the cancel signal cannot be acted on$/,
  );
  // Cancelling it again changes nothing.
  expect(await teardown.cancelBatch('stuck', { terminateIfStuck: true })).toBe('already_finished');
});
