// One server's rows of `pnpm bench`, in a process of its own so that its peak RSS is its own: argv[2] is `dev` (the
// Temporal CLI dev server) or `java` (the Java test server, real time). Sends the figures to the parent (bench/index.ts).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { TASK_QUEUE, TeardownClient, createActivities, type Target } from '../src/index.js';
import { mostWithin } from '../test/rates.js';
import { startDevServer, startJavaTestServer, workflowsPath } from '../test/server.js';
import { batchDeleteRate, plainLoopRate, seedMonoAndEpap } from './chunks.js';

export interface ServerRows {
  plainRate: number;
  batchRate: number;
  eventsPerTarget: number;
  peakRssMb: number;
  cams: { seconds: number; limitControl: number; mostInOneSecond: number };
}

const TARGETS = 2000;
const CAMS_TARGETS = 300;

/** 300 CAMS deletes by two worker processes sharing the CAMS task queue, their CAMS clients without a limiter. */
async function camsTwoWorkers(address: string, sandbox: Sandbox): Promise<ServerRows['cams']> {
  const { cams } = sandbox.credentials;
  const workers = [1, 2].map(() =>
    fork(
      fileURLToPath(new URL('./cams-worker.ts', import.meta.url)),
      [address, cams.endpoint, cams.accessKeyId, cams.accessKeySecret],
      { execArgv: ['--import', 'tsx'] },
    ),
  );
  const native = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  // The batch workflow's own worker (CAMS activities go to the two processes).
  const worker = await Worker.create({
    connection: native,
    taskQueue: TASK_QUEUE,
    workflowsPath,
    activities: createActivities({}),
  });
  const running = worker.run();
  try {
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
    const seeded = sandbox.admin.seed({ cams: { count: CAMS_TARGETS } });
    const before = sandbox.admin.state().cams.arrivals.length;
    const teardown = new TeardownClient({ client: new Client({ connection }) });
    const started = performance.now();
    await teardown.startBatch(
      'bench-cams',
      seeded.cams.qrCodes.map((q): Target => ({ kind: 'cams-qr', ...q })),
      { concurrency: 16 },
    );
    await teardown.batchResult('bench-cams');
    const seconds = (performance.now() - started) / 1000;
    const arrivals = sandbox.admin.state().cams.arrivals.slice(before);
    return { seconds, limitControl: arrivals.length - CAMS_TARGETS, mostInOneSecond: mostWithin(arrivals, 1000) };
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    worker.shutdown();
    await running;
    await native.close();
    await connection.close();
  }
}

Runtime.install({
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
});
const server = process.argv[2] === 'java' ? await startJavaTestServer() : await startDevServer();
const sandbox = await startSandbox({ seed: 77 });
try {
  const plainRate = await plainLoopRate(sandbox, seedMonoAndEpap(sandbox, TARGETS), 16);
  const batch = await batchDeleteRate(server.address, sandbox, seedMonoAndEpap(sandbox, TARGETS), {
    batchId: 'bench-batch',
    concurrency: 8,
  });
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const rows: ServerRows = {
    plainRate,
    batchRate: batch.rate,
    eventsPerTarget: batch.eventsPer1000 / 1000,
    peakRssMb,
    cams: await camsTwoWorkers(server.address, sandbox),
  };
  process.send!(rows);
} finally {
  await sandbox.close();
  await server.stop();
}
