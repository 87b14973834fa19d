// Bench rows for chunked batches on the Temporal CLI dev server: batchDelete against a plain core loop at the same
// concurrency, and the history events a batch writes per 1,000 targets. Prints nothing itself; bench/index.ts does.
import { fileURLToPath } from 'node:url';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { EpapClient, MonoBrebClient } from '@teardown/core';
import type { Sandbox } from '@teardown/sandbox';
import { TASK_QUEUE, TeardownClient, batchPageId, createActivities, workerOptions, type Target } from '../src/index.js';

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
