// A worker process killed with SIGKILL in the middle of a chunk: the chunk's retry, on a new worker, resumes from the
// checkpoint its last heartbeat left with the server. The sandbox's own request counts show that the targets the
// checkpoint holds as settled were not asked again, and the report shows every target deleted, once. On the Temporal CLI
// dev server, which keeps an activity's last heartbeat for its next attempt (the Java test server does not).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { TeardownClient, type BatchReport, type ChunkHeartbeat, type Target } from '@teardown/temporal';
import { startDevServer, type DevServer } from '../../../packages/temporal/test/server.js';
import { workerEnv } from '../../../packages/temporal/test/worker-env.js';

const workerBin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

let server: DevServer;
let sandbox: Sandbox;
let connection: Connection;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  server = await startDevServer();
  connection = await Connection.connect({ address: server.address });
  sandbox = await startSandbox({ seed: 14 });
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
    env: { ...process.env, TEMPORAL_ADDRESS: server.address, ...workerEnv(sandbox.credentials, ['mono', 'epap']) },
  });
  workers.push(child);
  return child;
}

const keyOf = (t: Target) => (t.kind === 'mono-qr' ? t.qrCodeId : t.kind === 'epap-receipt' ? t.epapId : '');

/** The sandbox's own count of delete requests per target. */
function requestCounts(): Map<string, number> {
  const state = sandbox.admin.state();
  return new Map([
    ...state.mono.qrCodes.map((q): [string, number] => [q.id, q.deleteRequests]),
    ...state.epap.receipts.map((r): [string, number] => [r.epapId, r.deleteRequests]),
  ]);
}

it('resumes a chunk from its checkpoint after its worker is SIGKILLed: settled targets are not asked again, nothing is misreported or deleted twice', async () => {
  const seeded = sandbox.admin.seed({ mono: { count: 40, qrCodesPerCollection: 3 }, epap: { count: 120 } });
  const mono = seeded.mono.collections.flatMap((c) =>
    c.qrCodes.map((qrCodeId): Target => ({ kind: 'mono-qr', collectionId: c.id, qrCodeId })),
  );
  const epap = seeded.epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r }));
  // One chunk per provider holding all its targets, so a checkpoint's indexes are positions in these lists.
  const chunkOf = { 'mono-breb': mono, epap } as Record<string, Target[]>;
  // Slow enough that each chunk is mid-way when the kill lands; lost responses so that answers go missing too.
  sandbox.admin.setFaults([
    { provider: 'mono-breb', operation: 'cancelQrCode', fault: 'latency', probability: 1, latencyMs: 50 },
    { provider: 'epap', operation: 'deleteReceipt', fault: 'latency', probability: 1, latencyMs: 50 },
    { provider: 'epap', operation: 'deleteReceipt', fault: 'lostResponse', probability: 0.1 },
  ]);
  const teardown = new TeardownClient({ client: new Client({ connection }) });
  const first = startWorkerProcess();
  // One delete in flight per provider: one chunk lane each, so each provider's chunk is its whole list.
  const handle = await teardown.startBatch('chunk-killed', [...mono, ...epap], { concurrency: 1, chunkSize: 200 });

  // Kill once the server holds a checkpoint with settled targets for both chunks.
  let beats: ChunkHeartbeat[] = [];
  for (let i = 0; i < 600; i++) {
    beats = await teardown.batchChunks('chunk-killed');
    if (beats.length === 2 && beats.every((b) => b.settled.length >= 15)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  // Requests still waiting out their latency at the sandbox end with the dead worker's connections.
  await new Promise((r) => setTimeout(r, 200));
  const atKill = requestCounts();
  // The checkpoints the retries will get: the last heartbeats the server recorded.
  const checkpoints = await teardown.batchChunks('chunk-killed');
  expect(checkpoints.map((c) => c.provider).sort()).toEqual(['epap', 'mono-breb']);
  for (const c of checkpoints) {
    expect(c.settled.length).toBeGreaterThanOrEqual(15);
    expect(c.settled.length).toBeLessThan(chunkOf[c.provider]!.length);
  }

  startWorkerProcess();
  const report = (await handle.result()) as BatchReport;
  sandbox.admin.setFaults([]);
  const atEnd = requestCounts();

  for (const c of checkpoints) {
    const targets = chunkOf[c.provider]!;
    const settled = new Set(c.settled.map(([i]) => i));
    // Settled before the kill: not asked again by the retry.
    for (const i of settled)
      expect([keyOf(targets[i]!), atEnd.get(keyOf(targets[i]!))]).toEqual([
        keyOf(targets[i]!),
        atKill.get(keyOf(targets[i]!)),
      ]);
    // The rest of the chunk was finished by the retry.
    const rest = targets.filter((_, i) => !settled.has(i));
    expect(rest.some((t) => atEnd.get(keyOf(t))! > atKill.get(keyOf(t))!)).toBe(true);
  }
  expect(report.items).toHaveLength(mono.length + epap.length);
  expect(new Set(report.items.map((i) => keyOf(i.target))).size).toBe(mono.length + epap.length);
  const state = sandbox.admin.state();
  for (const item of report.items) {
    const record =
      item.target.kind === 'mono-qr'
        ? state.mono.qrCodes.find((q) => q.id === keyOf(item.target))!
        : state.epap.receipts.find((r) => r.epapId === keyOf(item.target))!;
    // Live targets all: deleted once. epap has no read: one the killed attempt may have sent, then "not found", is
    // unconfirmed — a doubt reported as one. Mono's answer is evidence, so its targets are never in doubt.
    const outcomes = item.target.kind === 'epap-receipt' ? ['deleted', 'unconfirmed'] : ['deleted'];
    expect([
      keyOf(item.target),
      outcomes.includes(item.outcome) ? 'as allowed' : item.outcome,
      record.deletions,
    ]).toEqual([keyOf(item.target), 'as allowed', 1]);
  }
}, 180_000);
