// 300 CAMS deletes by two worker processes sharing the CAMS task queue, whose `maxTaskQueueActivitiesPerSecond` (4.9, one partition) is
// held by the server (the Temporal CLI dev server) for both together; neither process limits its CAMS client. Every
// item is deleted exactly once and reported deleted, and both processes did CAMS deletes. Prints how many requests CAMS
// refused with System.LimitControl and the most that arrived within any rolling second (the bench reports the same).
// About 65 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { TeardownClient, type BatchReport, type Target } from '@teardown/temporal';
import { mostWithin } from '../../../packages/temporal/test/rates.js';
import { startDevServer, type DevServer } from '../../../packages/temporal/test/server.js';
import { workerEnv } from '../../../packages/temporal/test/worker-env.js';

const workerBin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

let server: DevServer;
let sandbox: Sandbox;
let connection: Connection;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  [server, sandbox] = await Promise.all([startDevServer(), startSandbox({ seed: 17 })]);
  connection = await Connection.connect({ address: server.address });
});

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await connection?.close();
  await sandbox?.close();
  await server?.stop();
});

function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [workerBin], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, TEMPORAL_ADDRESS: server.address, ...workerEnv(sandbox.credentials, ['cams']) },
  });
  workers.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Teardown worker polling')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before polling`)));
  });
}

it('deletes 300 CAMS QR codes through two worker processes on the server-limited CAMS queue: each once, all reported deleted', async () => {
  await Promise.all([startWorkerProcess(), startWorkerProcess()]);
  const seeded = sandbox.admin.seed({ cams: { count: 300 } });
  const targets = seeded.cams.qrCodes.map((q): Target => ({ kind: 'cams-qr', ...q }));
  const teardown = new TeardownClient({ client: new Client({ connection }) });
  const handle = await teardown.startBatch('cams-300', targets, { concurrency: 16 });
  const report = (await handle.result()) as BatchReport;

  expect(report.items).toHaveLength(300);
  const state = sandbox.admin.state();
  const byCode = new Map(state.cams.qrCodes.map((q) => [q.qrdlCode, q]));
  for (const item of report.items) {
    const record = byCode.get((item.target as { qrdlCode: string }).qrdlCode)!;
    expect([item.outcome, record.deletions, record.exists]).toEqual(['deleted', 1, false]);
  }
  // Both processes took CAMS activities from the shared queue (a worker's identity is its pid@host).
  const history = await handle.fetchHistory();
  const identities = new Set(
    (history.events ?? [])
      .filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes!.identity),
  );
  expect(identities.size).toBe(2);

  const calls = sandbox.admin.calls();
  const requests = calls['alibaba-cams.deletePhoneMessageQrdl'] ?? 0;
  // Before its first delete, each code's listing is read once per phone number (evidence it existed): on the same queue.
  const lists = calls['alibaba-cams.listPhoneMessageQrdl'] ?? 0;
  expect(lists).toBeGreaterThan(0);
  expect(state.cams.arrivals).toHaveLength(requests + lists);
  console.log(
    `300 CAMS deletes via 2 worker processes: ${requests - 300} System.LimitControl, ${lists} listings, at most ${mostWithin(state.cams.arrivals, 1000)} requests within any rolling second`,
  );
}, 240_000);
