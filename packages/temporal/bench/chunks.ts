// Bench rows for chunked batches on the Temporal CLI dev server: batchDelete against a plain core loop at the same
// concurrency, the history events a batch writes per 1,000 targets, and a big file through the CLI with the worker's
// and the CLI's peak RSS. Prints nothing itself; bench/index.ts does.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { EpapClient, MonoBrebClient } from '@teardown/core';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import {
  CHUNK_SIZE,
  TASK_QUEUE,
  TeardownClient,
  batchPageId,
  createActivities,
  formatTarget,
  workerOptions,
  type Target,
} from '../src/index.js';
import { startDevServer, startInMemoryDevServer } from '../test/server.js';
import { workerEnv } from '../test/worker-env.js';

const workflowsPath = fileURLToPath(new URL('../dist/workflows/index.js', import.meta.url));

/** `n` seeded targets, half Mono QR codes and half epap receipts. */
export function seedMonoAndEpap(sandbox: Sandbox, n: number): Target[] {
  const s = sandbox.admin.seed({ mono: { count: n / 4, qrCodesPerCollection: 2 }, epap: { count: n / 2 } });
  return [
    ...s.mono.collections.flatMap((c) =>
      c.qrCodes.map((qrCodeId): Target => ({ kind: 'mono-qr', collectionId: c.id, qrCodeId })),
    ),
    ...s.epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r })),
  ];
}

/** Deletes/s of a plain @teardown/core loop with `inFlight` deletes at once. */
export async function plainLoopRate(sandbox: Sandbox, targets: Target[], inFlight: number): Promise<number> {
  const mono = new MonoBrebClient(sandbox.credentials.mono);
  const epap = new EpapClient(sandbox.credentials.epap);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < targets.length) {
        const t = targets[next++]!;
        if (t.kind === 'mono-qr') await mono.cancelQrCode(t);
        else if (t.kind === 'epap-receipt') await epap.deleteReceipt(t);
      }
    }),
  );
  return targets.length / ((performance.now() - started) / 1000);
}

export interface BatchRow {
  rate: number;
  /** History events of every run of the batch and of its page workflows, per 1,000 targets. */
  eventsPer1000: number;
  chunks: number;
}

/** A worker in this process on TASK_QUEUE (workflows and chunk activities) for the duration of `run`. */
export async function withWorker<T>(
  address: string,
  sandbox: Sandbox,
  run: (client: Client) => Promise<T>,
): Promise<T> {
  const native = await NativeConnection.connect({ address });
  // The bench reads whole run histories (batchHistory), whose pages can pass gRPC's 4 MB default; users never need to.
  const connection = await Connection.connect({
    address,
    channelArgs: { 'grpc.max_receive_message_length': 64 * 2 ** 20 },
  });
  const worker = await Worker.create({
    connection: native,
    taskQueue: TASK_QUEUE,
    workflowsPath,
    activities: createActivities({ mono: sandbox.credentials.mono, epap: sandbox.credentials.epap }),
    ...workerOptions,
  });
  const running = worker.run();
  try {
    return await run(new Client({ connection }));
  } finally {
    worker.shutdown();
    await running;
    await native.close();
    await connection.close();
  }
}

/**
 * Deletes/s of one batchDelete with `concurrency` deletes in flight per provider, and the history it wrote. With
 * `pageSize`, the targets are handed over as the CLI hands over a file: the first page with the start, the others by
 * `addToBatch`, then `closeBatch` (one start carries at most about 6,000 targets: Temporal warns at 512 KB of payload).
 */
export async function batchDeleteRow(
  client: Client,
  targets: Target[],
  options: { batchId: string; concurrency: number; chunkSize?: number; pageSize?: number },
): Promise<BatchRow> {
  const teardown = new TeardownClient({ client });
  const pageSize = options.pageSize ?? targets.length;
  const started = performance.now();
  const handle = await teardown.startBatch(options.batchId, targets.slice(0, pageSize), {
    concurrency: options.concurrency,
    ...(options.chunkSize && { chunkSize: options.chunkSize }),
    ...(pageSize < targets.length && { expectMorePages: true }),
  });
  if (pageSize < targets.length) {
    for (let i = pageSize; i < targets.length; i += pageSize)
      await teardown.addToBatch(options.batchId, targets.slice(i, i + pageSize));
    await teardown.closeBatch(options.batchId);
  }
  await teardown.batchResult(options.batchId);
  const rate = targets.length / ((performance.now() - started) / 1000);
  const { events, chunks } = await batchHistory(client, handle.workflowId, handle.firstExecutionRunId);
  return { rate, eventsPer1000: (events / targets.length) * 1000, chunks };
}

/** One batch with a worker of its own (bench/server-rows.ts runs it on both servers). */
export function batchDeleteRate(
  address: string,
  sandbox: Sandbox,
  targets: Target[],
  options: { batchId: string; concurrency: number; chunkSize?: number },
): Promise<BatchRow> {
  return withWorker(address, sandbox, (client) => batchDeleteRow(client, targets, options));
}

/** Every event a batch wrote: each run (following continue-as-new) and each page workflow it recorded. */
export async function batchHistory(
  client: Client,
  workflowId: string,
  firstRunId: string,
): Promise<{ events: number; chunks: number }> {
  let events = 0;
  let chunks = 0;
  let pages = 0;
  const count = async (handle: WorkflowHandle) => {
    const history = await handle.fetchHistory();
    events += history.events?.length ?? 0;
    return history;
  };
  for (let runId: string | undefined = firstRunId; runId;) {
    const history = await count(client.workflow.getHandle(workflowId, runId));
    chunks += history.events?.filter((e) => e.activityTaskScheduledEventAttributes).length ?? 0;
    pages += history.events?.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length ?? 0;
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  for (let n = 0; n < pages; n++) await count(client.workflow.getHandle(batchPageId(workflowId, n)));
  return { events, chunks };
}

export interface CliRow {
  targets: number;
  seconds: number;
  workerPeakMb: number;
  cliPeakMb: number;
  /** Worker RSS (MB) when each tenth of the targets had been deleted. */
  workerRssByTenth: number[];
  done: number;
}

const repoFile = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
export const CLI_BIN = repoFile('apps/cli/dist/bin.js');
export const WORKER_BIN = repoFile('apps/worker/dist/bin.js');

/** VmRSS and VmHWM (peak) of a process, in MB, from Linux's /proc. */
async function rssOf(pid: number): Promise<{ rss: number; peak: number } | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status ?? '')?.[1] ?? NaN);
  return status ? { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 } : undefined;
}

/**
 * `teardown batch <file>` of `n` seeded targets (half Mono QR codes, half epap receipts) against a worker process, both
 * on the dev server at `address`: total time, and the peak RSS of the worker and of the CLI, read from /proc each second.
 */
export async function cliBatchRow(address: string, sandbox: Sandbox, n: number, dir: string): Promise<CliRow> {
  const file = join(dir, `targets-${n}.jsonl`);
  const out = createWriteStream(file);
  const step = 20_000;
  for (let seeded = 0; seeded < n; seeded += step) {
    // Mono and epap lines alternate, as in a mixed file: each provider's lanes always have work.
    const targets = seedMonoAndEpap(sandbox, Math.min(step, n - seeded));
    const half = targets.length / 2;
    for (let i = 0; i < half; i++)
      if (
        !out.write(
          `${JSON.stringify(formatTarget(targets[i]!))}\n${JSON.stringify(formatTarget(targets[half + i]!))}\n`,
        )
      )
        await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');

  const env = { ...process.env, TEMPORAL_ADDRESS: address, ...workerEnv(sandbox.credentials, ['mono', 'epap']) };
  const worker = spawn(process.execPath, [WORKER_BIN], { env, stdio: 'ignore' });
  const deletes = () => {
    const calls = sandbox.admin.calls();
    return (calls['mono-breb.cancelQrCode'] ?? 0) + (calls['epap.deleteReceipt'] ?? 0);
  };
  const before = deletes();
  const started = performance.now();
  const cli = spawn(process.execPath, [CLI_BIN, 'batch', file, '--id', `bench-cli-${n}`, '--json'], {
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let stdout = '';
  cli.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = once(cli, 'exit');
  let workerPeakMb = 0;
  let cliPeakMb = 0;
  const workerRssByTenth: number[] = [];
  const sample = async () => {
    const w = await rssOf(worker.pid!);
    const c = await rssOf(cli.pid!);
    if (w) workerPeakMb = Math.max(workerPeakMb, w.peak);
    if (c) cliPeakMb = Math.max(cliPeakMb, c.peak);
    while (w && deletes() - before >= ((workerRssByTenth.length + 1) * n) / 10) workerRssByTenth.push(w.rss);
  };
  const sampler = setInterval(() => void sample(), 1000);
  await exited;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await sample();
  worker.kill('SIGTERM');
  await once(worker, 'exit');
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    providers?: Record<string, { done: number }>;
  };
  const done = Object.values(result.providers ?? {}).reduce((sum, p) => sum + p.done, 0);
  return { targets: n, seconds, workerPeakMb, cliPeakMb, workerRssByTenth, done };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ROUNDS = 3;
const ROUND_TARGETS = 6000;
/** Bigger rounds, handed over in pages of ROUND_TARGETS: a batch's fixed costs (its start, its result) weigh less. */
const BIG_ROUND_TARGETS = 24_000;
const IN_FLIGHT = 16;

interface Rounds {
  plain: number[];
  batch: BatchRow[];
}

/**
 * ROUNDS rounds of the plain loop and of batchDelete, alternated, on `targets`-target batches (fed in pages of
 * ROUND_TARGETS, as the CLI feeds a file, when bigger), with a worker of this process on the server at `address`.
 */
async function rounds(address: string, sandbox: Sandbox, targets: number, name: string): Promise<Rounds> {
  const plain: number[] = [];
  const batch: BatchRow[] = [];
  await withWorker(address, sandbox, async (client) => {
    // Warm-up, not counted: the first batch of a fresh worker and the first loop run slower (JIT, connections).
    await plainLoopRate(sandbox, seedMonoAndEpap(sandbox, 2000), IN_FLIGHT);
    await batchDeleteRow(client, seedMonoAndEpap(sandbox, 2000), { batchId: `${name}-warm-up`, concurrency: 8 });
    for (let round = 0; round < ROUNDS; round++) {
      plain.push(await plainLoopRate(sandbox, seedMonoAndEpap(sandbox, targets), IN_FLIGHT));
      batch.push(
        await batchDeleteRow(client, seedMonoAndEpap(sandbox, targets), {
          batchId: `${name}-${round}`,
          concurrency: IN_FLIGHT / 2,
          ...(targets > ROUND_TARGETS && { pageSize: ROUND_TARGETS }),
        }),
      );
    }
  });
  return { plain, batch };
}

/**
 * The chunked batch's rows, with a sandbox of their own: rounds of the plain loop and of batchDelete alternated
 * (medians, so that a busy moment of the machine does not decide the ratio) on two dev servers — as `temporal server
 * start-dev` runs by default (in memory) and on a SQLite file (`--db-filename`, where every workflow task waits for its
 * write to reach the disk) — the history written, and, on the file, bigger batches fed in pages and a file of
 * BENCH_CLI_TARGETS targets (default 1,000,000) through the CLI. Returns the lines to print, the ratio last.
 */
export async function chunkedBatchBench(): Promise<string[]> {
  // This process's Temporal runtime logs errors only: its worker's start-up lines would bury the figures.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const cliTargets = Number(process.env.BENCH_CLI_TARGETS ?? 1_000_000);
  const sandbox = await startSandbox({ seed: 79 });
  const dir = await mkdtemp(join(tmpdir(), 'teardown-bench-'));
  try {
    const memoryServer = await startInMemoryDevServer();
    const memory = await rounds(memoryServer.address, sandbox, ROUND_TARGETS, 'bench-memory').finally(() =>
      memoryServer.stop(),
    );
    const server = await startDevServer();
    try {
      const file = await rounds(server.address, sandbox, ROUND_TARGETS, 'bench-file');
      const big = await rounds(server.address, sandbox, BIG_ROUND_TARGETS, 'bench-big');
      const cli = await cliBatchRow(server.address, sandbox, cliTargets, dir);
      const rate = (r: number[]) => median(r).toFixed(0);
      const rates = (r: number[]) => r.map((x) => x.toFixed(0)).join(', ');
      const batchRates = (r: Rounds) => r.batch.map((b) => b.rate);
      const ratio = (r: Rounds) => (median(batchRates(r)) / median(r.plain)).toFixed(2);
      const events = (r: Rounds) => median(r.batch.map((b) => b.eventsPer1000)).toFixed(0);
      const row = (label: string, f: (r: Rounds) => string) =>
        `${label.padEnd(44)}${f(memory).padStart(30)}${f(file).padStart(30)}`;
      const mb = (n: number) => `${n.toFixed(0)} MB`;
      return [
        '',
        `Chunked batchDelete on the Temporal CLI dev server (${ROUNDS} rounds of ${ROUND_TARGETS.toLocaleString('en')} Mono + epap targets each, medians)`,
        row('', (r) => (r === memory ? 'in memory (the default)' : 'on a SQLite file')),
        row(`plain core loop, ${IN_FLIGHT} in flight (deletes/s)`, (r) => rate(r.plain)),
        row('  rounds', (r) => rates(r.plain)),
        row(`batchDelete, chunks of ${CHUNK_SIZE}, ${IN_FLIGHT / 2} per provider`, (r) => rate(batchRates(r))),
        row('  rounds', (r) => rates(batchRates(r))),
        row('batchDelete / plain loop', (r) => `${ratio(r)}×`),
        row('history events per 1,000 targets', events),
        `${ROUNDS} rounds of ${BIG_ROUND_TARGETS.toLocaleString('en')} targets on the file, fed in pages of ${ROUND_TARGETS.toLocaleString('en')} by addToBatch, as the CLI feeds a file:`,
        `  plain core loop  ${rate(big.plain).padStart(6)} deletes/s (rounds: ${rates(big.plain)})`,
        `  batchDelete      ${rate(batchRates(big)).padStart(6)} deletes/s (rounds: ${rates(batchRates(big))}), ${ratio(big)}×, ${events(big)} history events per 1,000 targets`,
        `teardown batch of ${cli.targets.toLocaleString('en')} targets through the CLI, on the file (worker in its own process): ${cli.seconds.toFixed(0)} s, ${(cli.targets / cli.seconds).toFixed(0)} deletes/s, ${cli.done.toLocaleString('en')} deleted`,
        `  worker peak RSS ${mb(cli.workerPeakMb)} (RSS at each tenth done: ${cli.workerRssByTenth.map((r) => r.toFixed(0)).join(', ')} MB), CLI peak RSS ${mb(cli.cliPeakMb)}`,
        `batchDelete / plain loop on the Temporal CLI dev server: ${ratio(memory)}×`,
      ];
    } finally {
      await server.stop();
    }
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}
