// Bench rows for chunked batches on the Temporal CLI dev server: batchDelete against a plain core loop at the same
// concurrency, and the history events a batch writes per 1,000 targets. Prints nothing itself; bench/index.ts does.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { EpapClient, MonoBrebClient } from '@teardown/core';
import type { Sandbox } from '@teardown/sandbox';
import {
  TASK_QUEUE,
  TeardownClient,
  batchPageId,
  createActivities,
  formatTarget,
  workerOptions,
  type Target,
} from '../src/index.js';

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

/** Deletes/s of batchDelete (a worker in this process) with `concurrency` deletes in flight per provider. */
export async function batchDeleteRate(
  address: string,
  sandbox: Sandbox,
  targets: Target[],
  options: { batchId: string; concurrency: number; chunkSize?: number },
): Promise<BatchRow> {
  const native = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const worker = await Worker.create({
    connection: native,
    taskQueue: TASK_QUEUE,
    workflowsPath,
    activities: createActivities({ mono: sandbox.credentials.mono, epap: sandbox.credentials.epap }),
    ...workerOptions,
  });
  const running = worker.run();
  try {
    const teardown = new TeardownClient({ client });
    const started = performance.now();
    const handle = await teardown.startBatch(options.batchId, targets, {
      concurrency: options.concurrency,
      ...(options.chunkSize && { chunkSize: options.chunkSize }),
    });
    await teardown.batchResult(options.batchId);
    const rate = targets.length / ((performance.now() - started) / 1000);
    const { events, chunks } = await batchHistory(client, handle.workflowId, handle.firstExecutionRunId);
    return { rate, eventsPer1000: (events / targets.length) * 1000, chunks };
  } finally {
    worker.shutdown();
    await running;
    await native.close();
    await connection.close();
  }
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
    for (const t of seedMonoAndEpap(sandbox, Math.min(step, n - seeded)))
      if (!out.write(`${JSON.stringify(formatTarget(t))}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');

  const { mono, epap } = sandbox.credentials;
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: address,
    TEARDOWN_MONO_CLIENT_ID: mono.clientId,
    TEARDOWN_MONO_CLIENT_SECRET: mono.clientSecret,
    TEARDOWN_MONO_BASE_URL: mono.baseUrl,
    TEARDOWN_EPAP_CLIENT_ID: epap.clientId,
    TEARDOWN_EPAP_CLIENT_SECRET: epap.clientSecret,
    TEARDOWN_EPAP_CHAIN_ID: epap.chainId,
    TEARDOWN_EPAP_BASE_URL: epap.baseUrl,
  };
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
