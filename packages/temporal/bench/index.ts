// pnpm bench: 2,000 Mono/epap deletes through batchDelete on a real-time Temporal test server and the sandbox,
// against the same deletes by a plain @teardown/core loop at the same concurrency; then 300 CAMS deletes through two
// workers sharing the CAMS task queue. Prints figures and ratios; asserts nothing.
import { execFileSync, fork, spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { EpapClient, MonoBrebClient } from '@teardown/core';
import { startSandbox } from '@teardown/sandbox';
import { TASK_QUEUE, TeardownClient, createActivities, type Target } from '../src/index.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const CONCURRENCY = 16;
const serverPath =
  process.env.TEMPORAL_TEST_SERVER ??
  execFileSync('bash', [fileURLToPath(new URL('../../../tools/temporal-test-server/setup.sh', import.meta.url))], {
    encoding: 'utf8',
  }).trim();
const workflowsPath = fileURLToPath(new URL('../dist/workflows/index.js', import.meta.url));
const port = await new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = s.address() as net.AddressInfo;
    s.close(() => resolve(free));
  });
});
const server = spawn(serverPath, [String(port)], { stdio: 'ignore' });
let connection: Connection | undefined;
for (let i = 0; !connection; i++) {
  connection = await Connection.connect({ address: `127.0.0.1:${port}`, connectTimeout: 1000 }).catch(
    async (e: unknown) => {
      if (i > 60) throw e;
      await new Promise((r) => setTimeout(r, 500));
      return undefined;
    },
  );
}
const native = await NativeConnection.connect({ address: `127.0.0.1:${port}` });
const sandbox = await startSandbox({ seed: 77 });
const teardown = new TeardownClient({ client: new Client({ connection }) });

function seedTargets(n: number): Target[] {
  const s = sandbox.admin.seed({ mono: { count: n / 4, qrCodesPerCollection: 2 }, epap: { count: n / 2 } });
  return [
    ...s.mono.collections.flatMap((c) =>
      c.qrCodes.map((qrCodeId): Target => ({ kind: 'mono-qr', collectionId: c.id, qrCodeId })),
    ),
    ...s.epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r })),
  ];
}

// 1. A plain core loop: 16 in flight.
const mono = new MonoBrebClient(sandbox.credentials.mono);
const epap = new EpapClient(sandbox.credentials.epap);
const plainTargets = seedTargets(2000);
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < plainTargets.length) {
      const t = plainTargets[next++]!;
      if (t.kind === 'mono-qr') await mono.cancelQrCode(t);
      else if (t.kind === 'epap-receipt') await epap.deleteReceipt(t);
    }
  }),
);
const plainRate = 2000 / ((performance.now() - t0) / 1000);

// 2. The same through batchDelete (8 lanes per provider = 16 in flight).
const activities = createActivities({
  mono: sandbox.credentials.mono,
  epap: sandbox.credentials.epap,
  cams: sandbox.credentials.cams,
});
const worker = await Worker.create({ connection: native, taskQueue: TASK_QUEUE, workflowsPath, activities });
const running = worker.run();
const batchTargets = seedTargets(2000);
const rssBefore = process.memoryUsage().rss;
const t1 = performance.now();
await (await teardown.startBatch('bench-2000', batchTargets, { concurrency: CONCURRENCY / 2 })).result();
const batchRate = 2000 / ((performance.now() - t1) / 1000);
const peakRssMb = process.resourceUsage().maxRSS / 1024;

// 3. 300 CAMS deletes through two workers on the rate-limited CAMS queue (their own limiter off).
const cams = sandbox.admin.seed({ cams: { count: 300 } });
const camsWorkers = [1, 2].map(() =>
  fork(
    fileURLToPath(new URL('./cams-worker.ts', import.meta.url)),
    [
      `127.0.0.1:${port}`,
      sandbox.credentials.cams.endpoint,
      sandbox.credentials.cams.accessKeyId,
      sandbox.credentials.cams.accessKeySecret,
    ],
    { execArgv: ['--import', 'tsx'] },
  ),
);
await Promise.all(camsWorkers.map((w) => new Promise((r) => w.once('message', r))));
const limitBefore = sandbox.admin.calls()['alibaba-cams.deletePhoneMessageQrdl'] ?? 0;
const t2 = performance.now();
await (
  await teardown.startBatch(
    'bench-cams-300',
    cams.cams.qrCodes.map((q): Target => ({ kind: 'cams-qr', ...q })),
    { concurrency: 16 },
  )
).result();
const camsSeconds = (performance.now() - t2) / 1000;
const camsRequests = (sandbox.admin.calls()['alibaba-cams.deletePhoneMessageQrdl'] ?? 0) - limitBefore;

console.log('@teardown/temporal benchmark (real-time Temporal Java test server, sandbox on loopback, 2 cores)\n');
console.log(`plain core loop, 16 in flight        ${plainRate.toFixed(0).padStart(6)} deletes/s`);
console.log(
  `batchDelete, 8 lanes × 2 providers   ${batchRate.toFixed(0).padStart(6)} deletes/s   ratio ${(batchRate / plainRate).toFixed(2)}×`,
);
console.log(
  `process peak RSS (worker + client + sandbox in one process): ${peakRssMb.toFixed(0)} MB (RSS before batch ${(rssBefore / 1048576).toFixed(0)} MB)`,
);
console.log(
  `300 CAMS deletes, 2 workers on the rate-limited queue: ${camsSeconds.toFixed(1)} s against a 60 s floor at 5/s (${((camsSeconds / 60 - 1) * 100).toFixed(1)}%), ${camsRequests - 300} System.LimitControl / retried requests`,
);

for (const w of camsWorkers) w.kill('SIGTERM');
worker.shutdown();
await running;
await native.close();
await connection.close();
await sandbox.close();
server.kill('SIGKILL');
