// A worker SIGKILLed in the middle of a batch of epap receipts, some live, some mistyped (never existed), some deleted
// before the batch. epap gives no evidence that a receipt existed, so a retry that meets "not found" for a target the
// dead attempt may have sent can only say `unconfirmed`. The chunk's frontier bounds which targets those are: the ones
// below the frontier its last heartbeat recorded, a window ahead of its lanes, not the whole unsettled rest of the chunk.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { EpapClient } from '@teardown/core';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { TeardownClient, frontierWindow, type BatchReport, type ChunkHeartbeat, type Target } from '@teardown/temporal';
import { startDevServer, type DevServer } from '../../../packages/temporal/test/server.js';
import { workerEnv } from '../../../packages/temporal/test/worker-env.js';

const workerBin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

let server: DevServer;
let sandbox: Sandbox;
let connection: Connection;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 21 });
});

afterAll(async () => {
  await sandbox?.close();
});

// A server and workers of its own for each test: a killed worker's last polls could take the next test's tasks.
beforeEach(async () => {
  server = await startDevServer();
  connection = await Connection.connect({ address: server.address });
});

afterEach(async () => {
  for (const w of workers.splice(0)) w.kill('SIGKILL');
  await connection?.close();
  await server?.stop();
});

function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, [workerBin], {
    stdio: 'ignore',
    env: { ...process.env, TEMPORAL_ADDRESS: server.address, ...workerEnv(sandbox.credentials, ['epap']) },
  });
  workers.push(child);
  return child;
}

type Receipt = Extract<Target, { kind: 'epap-receipt' }>;

/** 2,000 receipts in a fixed mix: 2 live, 1 mistyped, 2 live, 1 deleted before the batch, and so on. */
async function mixedReceipts(): Promise<{ targets: Receipt[]; live: Set<string> }> {
  const seeded = sandbox.admin.seed({ epap: { count: 1750 } }).epap.receipts;
  const gone = seeded.slice(1400);
  const epap = new EpapClient(sandbox.credentials.epap);
  for (let i = 0; i < gone.length; i += 50) await Promise.all(gone.slice(i, i + 50).map((r) => epap.deleteReceipt(r)));
  const live = seeded.slice(0, 1400);
  const targets: Receipt[] = [];
  for (let i = 0; targets.length < 2000; i++) {
    const r = live[i]!;
    targets.push({ kind: 'epap-receipt', ...r });
    if (i % 2 === 1) {
      const j = (i - 1) / 2;
      targets.push(
        j % 2 === 0
          ? { kind: 'epap-receipt', ...r, epapId: `${r.epapId}-typo` }
          : { kind: 'epap-receipt', ...gone[j >> 1]! },
      );
    }
  }
  return { targets: targets.slice(0, 2000), live: new Set(live.map((r) => r.epapId)) };
}

/** Kills something once four chunks are running and have settled targets; resolves with checkpoints to check. */
type Crash = (worker: ChildProcess, beats: ChunkHeartbeat[], teardown: TeardownClient) => Promise<ChunkHeartbeat[]>;

/**
 * A batch of mixed receipts, crashed mid-way: every live receipt deleted once, none of the others deleted, and at most
 * a window plus the deletes in flight `unconfirmed` per chunk the crash caught.
 */
async function crashMidBatch(batchId: string, crash: Crash): Promise<void> {
  const { targets, live } = await mixedReceipts();
  sandbox.admin.setFaults([
    { provider: 'epap', operation: 'deleteReceipt', fault: 'latency', probability: 1, latencyMs: 20 },
  ]);
  const teardown = new TeardownClient({ client: new Client({ connection }) });
  const worker = startWorkerProcess();
  // 8 in flight: four chunks at once (CHUNK_LANES), two deletes in flight in each.
  const perChunk = 2;
  const handle = await teardown.startBatch(batchId, targets, { concurrency: 8 });
  let beats: ChunkHeartbeat[] = [];
  for (let i = 0; i < 600; i++) {
    beats = await teardown.batchChunks(batchId);
    if (beats.length === 4 && beats.every((b) => b.settled.length >= 20)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const checkpoints = await crash(worker, beats, teardown);
  expect(checkpoints).toHaveLength(4);
  await handle.result();
  const report: BatchReport = await teardown.batchReport(batchId);
  sandbox.admin.setFaults([]);

  const receipts = new Map(sandbox.admin.state().epap.receipts.map((r) => [r.epapId, r]));
  expect(report.items).toHaveLength(targets.length);
  const outcomes = { live: new Map<string, number>(), absent: new Map<string, number>() };
  for (const item of report.items) {
    const { epapId } = item.target as Receipt;
    const group = live.has(epapId) ? outcomes.live : outcomes.absent;
    group.set(item.outcome, (group.get(item.outcome) ?? 0) + 1);
    if (live.has(epapId)) {
      // Deleted once; `unconfirmed` only if the dead attempt's answer was lost with it.
      expect([epapId, receipts.get(epapId)!.deletions]).toEqual([epapId, 1]);
      expect(['deleted', 'unconfirmed']).toContain(item.outcome);
    } else {
      expect([epapId, item.outcome]).not.toEqual([epapId, 'deleted']);
      expect(['failed', 'unconfirmed']).toContain(item.outcome);
      if (item.outcome === 'failed') expect(item.code).toBe('document_not_found');
    }
  }
  console.log(
    `${batchId}: live ${JSON.stringify(Object.fromEntries(outcomes.live))}, absent ${JSON.stringify(Object.fromEntries(outcomes.absent))}; ` +
      `checkpoints ${JSON.stringify(checkpoints.map((c) => ({ settled: c.settled.length, frontier: c.frontier })))}`,
  );
  // Each chunk's recorded frontier was at most a window ahead of what it had settled, plus its deletes in flight.
  const bound = frontierWindow(perChunk) + perChunk;
  for (const c of checkpoints) {
    const settledBelow = c.settled.filter(([i]) => i < c.frontier!).length;
    expect(c.frontier! - settledBelow).toBeLessThanOrEqual(bound);
  }
  const unconfirmed = (outcomes.live.get('unconfirmed') ?? 0) + (outcomes.absent.get('unconfirmed') ?? 0);
  expect(unconfirmed).toBeLessThanOrEqual(checkpoints.length * bound);
  // Without a frontier, every absent receipt in the four chunks' unsettled rest was unconfirmed: far more than that.
  expect(outcomes.absent.get('failed')).toBeGreaterThan(targets.length / 5);
}

it('across a SIGKILLed Temporal server, down longer than the heartbeat timeout, lanes stop at the recorded frontier', async () => {
  await crashMidBatch('frontier-server-kill', async (_worker, beats) => {
    await server.kill();
    // The worker's heartbeats get no answer meanwhile: its lanes go no further than the frontier recorded before.
    await new Promise((r) => setTimeout(r, 6000));
    await server.restart();
    return beats;
  });
}, 240_000);

it('after a worker SIGKILL, only targets below a chunk’s recorded frontier can be unconfirmed; no receipt that was not there is deleted', async () => {
  await crashMidBatch('frontier-worker-kill', async (worker, _beats, teardown) => {
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    await new Promise((r) => setTimeout(r, 200));
    // The last heartbeats the server recorded: what the retries start from.
    const checkpoints = await teardown.batchChunks('frontier-worker-kill');
    startWorkerProcess();
    return checkpoints;
  });
}, 240_000);
