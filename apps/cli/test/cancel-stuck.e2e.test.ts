// `teardown cancel` on a batch whose workflow task keeps failing (a bug, or a payload Temporal refuses): the cancel
// signal is recorded but no code of the batch runs, so the command says so and how to end it instead of waiting for
// ever, and `--terminate-if-stuck` ends it. On the Temporal CLI dev server, with a worker whose batch workflow always
// fails its task (packages/temporal/test/stuck).
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TeardownClient } from '@teardown/temporal';
import { startDevServer, type DevServer } from '../../../packages/temporal/test/server.js';
import { run } from './cli.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const QUEUE = 'teardown-stuck-cli';
let server: DevServer;
let worker: Worker;
let running: Promise<void>;
let connection: Connection;

beforeAll(async () => {
  server = await startDevServer();
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: server.address }),
    taskQueue: QUEUE,
    workflowsPath: fileURLToPath(new URL('../../../packages/temporal/test/stuck/workflows.ts', import.meta.url)),
  });
  running = worker.run();
  connection = await Connection.connect({ address: server.address });
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await server?.stop();
});

it('says a stuck batch cannot act on the cancel and names the flag that ends it; --terminate-if-stuck terminates it', async () => {
  const teardown = new TeardownClient({ client: new Client({ connection }), taskQueue: QUEUE });
  await teardown.startBatch('stuck', [{ kind: 'epap-receipt', epapId: 'doc-1', appUserId: 'user-1', chainId: 'c' }]);
  const handle = teardown.batchHandle('stuck');
  for (let i = 0; ((await handle.describe()).raw.pendingWorkflowTask?.attempt ?? 0) < 2; i++) {
    if (i > 600) throw new Error('the workflow task never failed');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const env = { TEMPORAL_ADDRESS: server.address };
  const asked = await run(['cancel', 'stuck', '--task-queue', QUEUE], env);
  expect([asked.code, asked.stdout]).toEqual([4, '']);
  expect(asked.stderr).toBe(
    'Batch stuck cannot act on the cancel: its workflow task keeps failing, so no code of the batch runs (see it with `temporal workflow describe`). `teardown cancel stuck --terminate-if-stuck` ends it; deletes in flight are then not reported.\n',
  );
  expect((await handle.describe()).status.name).toBe('RUNNING');

  const ended = await run(['cancel', 'stuck', '--terminate-if-stuck', '--task-queue', QUEUE], env);
  expect([ended.code, ended.stderr]).toEqual([0, '']);
  expect(ended.stdout).toBe(
    'Terminated stuck: its workflow task kept failing. Deletes in flight at that moment are not reported; `teardown report stuck` shows the pages it wrote.\n',
  );
  expect((await handle.describe()).status.name).toBe('TERMINATED');
});
