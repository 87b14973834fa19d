// A worker process killed with SIGKILL in the middle of a batch, then restarted: every item still ends right, nothing
// is deleted twice, and the report matches the sandbox's record. On the Temporal CLI dev server, with the worker's
// workflow cache on (the default): the killed worker's sticky queue is abandoned and the server hands its workflow
// tasks to the new worker after the sticky schedule-to-start timeout, as a production cluster does.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { TeardownClient, type BatchReport, type Target } from '@teardown/temporal';
import { startDevServer, type DevServer } from '../../../packages/temporal/test/server.js';
import { workerEnv } from '../../../packages/temporal/test/worker-env.js';

const workerBin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

let server: DevServer;
let sandbox: Sandbox;
let connection: Connection;
let address: string;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  server = await startDevServer();
  address = server.address;
  connection = await Connection.connect({ address });
  sandbox = await startSandbox({ seed: 13 });
});

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await connection?.close();
  await sandbox?.close();
  await server?.stop();
});

function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, [workerBin], {
    stdio: 'ignore',
    env: { ...process.env, TEMPORAL_ADDRESS: address, ...workerEnv(sandbox.credentials, ['mono', 'epap']) },
  });
  workers.push(child);
  return child;
}

it('survives a SIGKILLed worker mid-batch with every item right and nothing deleted twice', async () => {
  const seeded = sandbox.admin.seed({ mono: { count: 50, qrCodesPerCollection: 3 }, epap: { count: 150 } });
  const targets: Target[] = [
    ...seeded.mono.collections.flatMap((c) =>
      c.qrCodes.map((qrCodeId): Target => ({ kind: 'mono-qr', collectionId: c.id, qrCodeId })),
    ),
    ...seeded.epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r })),
  ];
  // Slow enough that the kill lands mid-batch; lost responses so retries after the crash meet "already gone".
  sandbox.admin.setFaults([
    { provider: 'mono-breb', operation: 'cancelQrCode', fault: 'latency', probability: 1, latencyMs: 40 },
    { provider: 'epap', operation: 'deleteReceipt', fault: 'latency', probability: 1, latencyMs: 40 },
    { provider: 'epap', operation: 'deleteReceipt', fault: 'lostResponse', probability: 0.1 },
  ]);
  const teardown = new TeardownClient({ client: new Client({ connection }) });
  const first = startWorkerProcess();
  const handle = await teardown.startBatch('killed', targets, { concurrency: 4, activityTimeout: '5 seconds' });
  // The kill lands once 60 were done, as that read showed (a second read could show fewer for a moment: a chunk that
  // completes between batchProgress's query and its describe is missing from both).
  let doneAtKill = 0;
  for (let i = 0; i < 400 && doneAtKill < 60; i++) {
    const p = await teardown.batchProgress('killed').catch(() => undefined);
    doneAtKill = p ? p.providers['mono-breb'].done + p.providers.epap.done : 0;
    if (doneAtKill < 60) await new Promise((r) => setTimeout(r, 50));
  }
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  expect(doneAtKill).toBeGreaterThanOrEqual(60);
  expect(doneAtKill).toBeLessThan(300);

  startWorkerProcess();
  const report = (await handle.result()) as BatchReport;
  sandbox.admin.setFaults([]);

  expect(report.items).toHaveLength(300);
  expect(new Set(report.items.map((i) => JSON.stringify(i.target))).size).toBe(300);
  const state = sandbox.admin.state();
  for (const item of report.items) {
    const record =
      item.target.kind === 'mono-qr'
        ? state.mono.qrCodes.find((q) => q.id === (item.target as { qrCodeId: string }).qrCodeId)!
        : state.epap.receipts.find((r) => r.epapId === (item.target as { epapId: string }).epapId)!;
    // Live targets all: deleted once. epap has no read, so one whose answer was lost (or whose chunk was cut by the
    // kill) and that is then "not found" is unconfirmed — a doubt reported as one, never a second deletion.
    const outcomes = item.target.kind === 'epap-receipt' ? ['deleted', 'unconfirmed'] : ['deleted'];
    expect([outcomes.includes(item.outcome) ? 'as allowed' : item.outcome, record.deletions]).toEqual([
      'as allowed',
      1,
    ]);
  }
}, 180_000);
