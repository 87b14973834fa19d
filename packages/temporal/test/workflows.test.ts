// Every workflow end to end on the real Temporal server (the Temporal CLI dev server, real time) against the sandbox.
// What needs hours of workflow time to pass runs on the Java test server instead: timeouts.test.ts.
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { WorkflowFailedError, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeardownValidationError } from '@teardown/core';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import {
  CAMS_TASK_QUEUE,
  TASK_QUEUE,
  TeardownClient,
  FAILURE_TYPES,
  camsWorkerOptions,
  collectionDiscardedSignal,
  createActivities,
  formatTarget,
  targetOfOperation,
  toApplicationFailure,
  workerOptions,
  type BatchReport,
  type BatchRunReport,
  type DeleteCollectionResult,
  type Target,
} from '../src/index.js';
import { createDevServerEnvironment, recordHistory, workflowsPath } from './server.js';

Runtime.install({ logger: new DefaultLogger('WARN') });

let env: TestWorkflowEnvironment;
let sandbox: Sandbox;
let teardown: TeardownClient;
let workers: Promise<unknown>;
let main: Worker;
let camsWorker: Worker;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5, keyCancellationDelayMs: 100, dropWebhooks: true });
  env = await createDevServerEnvironment();
  const fast = { retry: { maxAttempts: 5, baseDelayMs: 10 } };
  // CAMS's 5/s comes from the CAMS task queue's rate limit alone (camsWorkerOptions), which the server enforces.
  const activities = createActivities({
    mono: { ...sandbox.credentials.mono, ...fast },
    epap: { ...sandbox.credentials.epap, ...fast },
    cams: { ...sandbox.credentials.cams, ...fast },
  });
  main = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowsPath,
    activities,
    ...workerOptions,
  });
  camsWorker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: CAMS_TASK_QUEUE,
    activities,
    ...camsWorkerOptions,
  });
  workers = Promise.all([main.run(), camsWorker.run()]);
  teardown = new TeardownClient({ client: env.client });
});

afterAll(async () => {
  main?.shutdown();
  camsWorker?.shutdown();
  await workers;
  await env?.teardown();
  await sandbox?.close();
});

const failureType = (error: unknown): string | undefined => {
  let e: unknown = error;
  while (e instanceof WorkflowFailedError || e instanceof ActivityFailure) e = e.cause;
  return e instanceof ApplicationFailure ? (e.type ?? undefined) : undefined;
};

/** The sandbox's own time of a collection's discard, once it has happened (it follows the delete by a delay). */
async function sandboxDiscardTime(collectionId: string): Promise<string> {
  for (;;) {
    const record = sandbox.admin.state().mono.collections.find((c) => c.id === collectionId);
    if (record?.discardedAt) return record.discardedAt;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Waits until a deleteCollection has read its collection `reads` times and is waiting again (its last event a timer
 * started); false if it ended instead.
 */
async function waitingAfterReads(handle: WorkflowHandle, reads: number): Promise<boolean> {
  for (;;) {
    const events = (await handle.fetchHistory()).events ?? [];
    const done = events.some(
      (e) => e.workflowExecutionCompletedEventAttributes || e.workflowExecutionFailedEventAttributes,
    );
    if (done) return false;
    const readsSoFar = events.filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'getCollection',
    ).length;
    if (readsSoFar === reads && events.at(-1)?.timerStartedEventAttributes) return true;
    if (readsSoFar > reads)
      throw new Error(`deleteCollection read its collection ${readsSoFar} times, expected ${reads}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('single deletes', () => {
  it('cancels a QR code, and a second request for it reports already gone', async () => {
    const { mono } = sandbox.admin.seed({ mono: { count: 1, qrCodesPerCollection: 1 } });
    const target: Target = {
      kind: 'mono-qr',
      collectionId: mono.collections[0]!.id,
      qrCodeId: mono.collections[0]!.qrCodes[0]!,
    };
    const first = await teardown.startDelete(target);
    expect(first.workflowId).toBe(`teardown/mono-qr/${target.collectionId}/${target.qrCodeId}`);
    expect(await first.result()).toMatchObject({ target, outcome: 'deleted' });
    await recordHistory('cancelQrCode', first.handle);
    expect(await (await teardown.startDelete(target)).result()).toMatchObject({
      outcome: 'already_gone',
      reason: 'qr_already_canceled',
    });
    expect(sandbox.admin.state().mono.qrCodes.find((q) => q.id === target.qrCodeId)).toMatchObject({ deletions: 1 });
  });

  it('deletes a CAMS message QR code and an epap receipt', async () => {
    const { cams, epap } = sandbox.admin.seed({ cams: { count: 1 }, epap: { count: 1 } });
    const qr = cams.qrCodes[0]!;
    const receipt = epap.receipts[0]!;
    expect(await (await teardown.startDelete({ kind: 'cams-qr', ...qr })).result()).toMatchObject({
      outcome: 'deleted',
    });
    expect(await (await teardown.startDelete({ kind: 'epap-receipt', ...receipt })).result()).toMatchObject({
      outcome: 'deleted',
    });
    const state = sandbox.admin.state();
    expect(state.cams.qrCodes.find((q) => q.qrdlCode === qr.qrdlCode)).toMatchObject({ exists: false, deletions: 1 });
    expect(state.epap.receipts.find((r) => r.epapId === receipt.epapId)).toMatchObject({ exists: false, deletions: 1 });
  });

  it('retries retryable provider errors until the delete goes through', async () => {
    const { epap } = sandbox.admin.seed({ epap: { count: 1 } });
    const before = sandbox.admin.calls()['epap.deleteReceipt'] ?? 0;
    sandbox.admin.setFaults([
      {
        provider: 'epap',
        operation: 'deleteReceipt',
        fault: 'status503',
        schedule: [1, 2, 3, 4].map((n) => before + n),
      },
    ]);
    try {
      expect(await (await teardown.startDelete({ kind: 'epap-receipt', ...epap.receipts[0]! })).result()).toMatchObject(
        { outcome: 'deleted' },
      );
    } finally {
      sandbox.admin.setFaults([]);
    }
    expect((sandbox.admin.calls()['epap.deleteReceipt'] ?? 0) - before).toBe(5);
  });

  it('does not take an attempt CAMS refused for one that deleted, nor a lost answer for a delete of a code CAMS never listed: unknown stays not found, a listed code whose answer was lost is deleted', async () => {
    const unknown = (qrdlCode: string): Target => ({ kind: 'cams-qr', phoneNumber: '8613800000000', qrdlCode });
    const calls = () => sandbox.admin.calls()['alibaba-cams.deletePhoneMessageQrdl'] ?? 0;
    const afterFault = async (fault: 'limitControl' | 'lostResponse', target: Target) => {
      const before = calls();
      // The activity's first request gets the fault; the CAMS client does not retry a refusal itself (the queue paces
      // it), so Temporal's second attempt is the one that hears "no such QR code".
      sandbox.admin.setFaults([
        { provider: 'alibaba-cams', operation: 'deletePhoneMessageQrdl', fault, schedule: [before + 1] },
      ]);
      try {
        return await (await teardown.startDelete(target, { notFound: 'done' })).result();
      } finally {
        sandbox.admin.setFaults([]);
      }
    };
    const before = calls();
    expect(await afterFault('limitControl', unknown('NeverThereRefused'))).toMatchObject({
      outcome: 'not_found',
      reason: 'QrdlCode.NotExist',
    });
    expect(calls() - before).toBe(2);
    // A request that got no answer may have deleted it, but CAMS did not list the code before the first attempt: "no such
    // QR code" is not our doing. Read before: one ListPhoneMessageQrdl per delete workflow.
    const lists = () => sandbox.admin.calls()['alibaba-cams.listPhoneMessageQrdl'] ?? 0;
    const listsBefore = lists();
    expect(await afterFault('lostResponse', unknown('NeverThereLost'))).toMatchObject({
      outcome: 'not_found',
      reason: 'QrdlCode.NotExist',
    });
    expect(lists() - listsBefore).toBe(1);
    // A code CAMS listed before our first attempt, whose delete's answer was lost: the retry's "no such QR code" is ours.
    const [live] = sandbox.admin.seed({ cams: { count: 1 } }).cams.qrCodes;
    expect(await afterFault('lostResponse', { kind: 'cams-qr', ...live! })).toMatchObject({ outcome: 'deleted' });
    expect(sandbox.admin.state().cams.qrCodes.find((q) => q.qrdlCode === live!.qrdlCode)).toMatchObject({
      exists: false,
      deletions: 1,
    });
  });

  it('fails fast, with the provider code as the failure type, on errors that must not be retried', async () => {
    const { mono } = sandbox.admin.seed({ mono: { collections: [{ qrCodes: [{ usageMode: 'multiple_use' }] }] } });
    const before = sandbox.admin.calls()['mono-breb.cancelQrCode'] ?? 0;
    const error = await (
      await teardown.startDelete({
        kind: 'mono-qr',
        collectionId: mono.collections[0]!.id,
        qrCodeId: mono.collections[0]!.qrCodes[0]!,
      })
    )
      .result()
      .catch((e: unknown) => e);
    expect(failureType(error)).toBe('qr_not_dynamic');
    expect((sandbox.admin.calls()['mono-breb.cancelQrCode'] ?? 0) - before).toBe(1);
  });

  it('rejects bad input when starting, before anything is deleted or started', async () => {
    const calls = JSON.stringify(sandbox.admin.calls());
    await expect(
      teardown.startDelete({ kind: 'mono-qr', collectionId: 'bbcol_5tgliBmzjZ6mpQPRbQjfKj', qrCodeId: '../x' }),
    ).rejects.toMatchObject({ field: 'qrCodeId' });
    await expect(teardown.startDelete({ kind: 'nope' } as unknown as Target)).rejects.toBeInstanceOf(
      TeardownValidationError,
    );
    await expect(
      teardown.startBatch('b-bad', [
        { kind: 'epap-receipt', epapId: 'a', chainId: 'c', appUserId: 'u' },
        { kind: 'cams-qr', phoneNumber: '8613800000000', qrdlCode: '' },
      ]),
    ).rejects.toMatchObject({ field: 'targets[1].qrdlCode' });
    expect(JSON.stringify(sandbox.admin.calls())).toBe(calls);
  });
});

describe('deleteCollection', () => {
  it('refuses a paid collection with has_payments before any delete', async () => {
    const { mono } = sandbox.admin.seed({ mono: { collections: [{ paidAmount: 1000, state: 'paid' }] } });
    const error = await (
      await teardown.startDelete({ kind: 'mono-collection', collectionId: mono.collections[0]!.id })
    )
      .result()
      .catch((e: unknown) => e);
    expect(failureType(error)).toBe('has_payments');
    expect(sandbox.admin.state().mono.collections.find((c) => c.id === mono.collections[0]!.id)).toMatchObject({
      deleteRequests: 0,
    });
  });

  it('takes a discard signal only as a prompt to read: one before its delete, or while Mono has not discarded, ends nothing', async () => {
    const slow = await startSandbox({ seed: 6, keyCancellationDelayMs: 3_600_000, dropWebhooks: true });
    try {
      const { mono } = slow.admin.seed({ mono: { count: 1, qrCodesPerCollection: 2 } });
      const collectionId = mono.collections[0]!.id;
      const client = new TeardownClient({ client: env.client, taskQueue: 'teardown-slow' });
      // Signal-with-start puts the signal in the history before the workflow's first step: it comes while `reading`.
      const handle = await env.client.workflow.signalWithStart('deleteCollection', {
        taskQueue: 'teardown-slow',
        workflowId: client.collectionHandle(collectionId).workflowId,
        args: [{ collectionId, cancelActiveQrCodes: true, pollInterval: '1 hour' }],
        signal: collectionDiscardedSignal,
        signalArgs: [{ timestamp: new Date().toISOString() }],
      });
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: 'teardown-slow',
        workflowsPath,
        activities: createActivities({ mono: slow.credentials.mono }),
      });
      await worker.runUntil(async () => {
        expect(await waitingAfterReads(handle, 2)).toBe(true);
        await client.signalCollectionDiscarded(collectionId, new Date().toISOString());
        expect(await waitingAfterReads(handle, 3)).toBe(true);
        expect(await client.collectionStep(collectionId)).toBe('awaiting-discard');
        await handle.terminate('the sandbox never discards this collection');
      });
      const record = slow.admin.state().mono.collections.find((c) => c.id === collectionId);
      expect(record).toMatchObject({ deletions: 1, state: 'ready' });
      expect(slow.admin.state().mono.qrCodes.every((q) => q.canceled && q.deletions === 1)).toBe(true);
    } finally {
      await slow.close();
    }
  });

  it('completes through the discard webhook once a read confirms it, with the discard time Mono recorded, cancelling active dynamic QR codes first', async () => {
    const { mono } = sandbox.admin.seed({ mono: { count: 1, qrCodesPerCollection: 2 } });
    const collectionId = mono.collections[0]!.id;
    const started = await teardown.startDelete(
      { kind: 'mono-collection', collectionId },
      { cancelActiveQrCodes: true, pollInterval: '1 hour' },
    );
    const discardedAt = await sandboxDiscardTime(collectionId);
    await teardown.signalCollectionDiscarded(collectionId, discardedAt);
    expect(await started.result()).toEqual({
      target: { kind: 'mono-collection', collectionId },
      outcome: 'deleted',
      observedVia: 'webhook',
      discardedAt,
      qrCodesCancelled: 2,
    });
    await recordHistory('deleteCollection-webhook-confirmed', started.handle);
    const ours = new Set(mono.collections[0]!.qrCodes);
    const qrCodes = sandbox.admin.state().mono.qrCodes.filter((q) => ours.has(q.id));
    expect(qrCodes.map((q) => [q.canceled, q.deletions])).toEqual([
      [true, 1],
      [true, 1],
    ]);
  });

  it('never reports a collection discarded before Mono discarded it, even when a signal came before the delete', async () => {
    const { mono } = sandbox.admin.seed({ mono: { count: 1 } });
    const collectionId = mono.collections[0]!.id;
    const early = new Date().toISOString();
    const handle = await env.client.workflow.signalWithStart('deleteCollection', {
      taskQueue: TASK_QUEUE,
      workflowId: teardown.collectionHandle(collectionId).workflowId,
      args: [{ collectionId, pollInterval: '1 second' }],
      signal: collectionDiscardedSignal,
      signalArgs: [{ timestamp: early }],
    });
    const discardedAt = await sandboxDiscardTime(collectionId);
    const result = (await handle.result()) as DeleteCollectionResult;
    expect(Date.parse(early)).toBeLessThan(Date.parse(discardedAt));
    expect(result).toMatchObject({ outcome: 'deleted', discardedAt });
    // The read that confirms it is prompted by the early signal or by the next poll, whichever finds Mono done first.
    expect(['webhook', 'poll']).toContain(result.observedVia);
  });
});

describe('batchDelete', () => {
  it('deletes 1,000 mixed targets under 20% transient faults and lost responses, and reports exactly what the sandbox recorded', async () => {
    const seeded = sandbox.admin.seed({
      mono: {
        count: 150,
        qrCodesPerCollection: 3,
        collections: [{ paidAmount: 10, state: 'paid' }, { qrCodes: [{ canceled: true }, { canceled: true }] }],
      },
      cams: { count: 10 },
      epap: { count: 386 },
    });
    const targets: Target[] = [
      ...seeded.mono.collections.flatMap((c) =>
        c.qrCodes.map((qrCodeId): Target => ({ kind: 'mono-qr', collectionId: c.id, qrCodeId })),
      ),
      ...seeded.mono.collections.map((c): Target => ({ kind: 'mono-collection', collectionId: c.id })),
      ...seeded.cams.qrCodes.map((q): Target => ({ kind: 'cams-qr', ...q })),
      ...seeded.epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r })),
    ];
    expect(targets).toHaveLength(1000);
    // The two pre-cancelled QR codes must have changed more than core's clock tolerance (1 s) before the batch, as
    // they would in life: that is how a lost response to "already cancelled" is told apart from one we caused.
    await new Promise((r) => setTimeout(r, 1200));
    sandbox.admin.setFaults([
      { provider: 'mono-breb', operation: 'cancelQrCode', fault: 'status503', probability: 0.1 },
      { provider: 'mono-breb', operation: 'cancelQrCode', fault: 'lostResponse', probability: 0.1 },
      { provider: 'mono-breb', operation: 'deleteCollection', fault: 'status500', probability: 0.1 },
      { provider: 'mono-breb', operation: 'deleteCollection', fault: 'lostResponse', probability: 0.1 },
      { provider: 'epap', operation: 'deleteReceipt', fault: 'status500', probability: 0.1 },
      { provider: 'epap', operation: 'deleteReceipt', fault: 'lostResponse', probability: 0.1 },
      { provider: 'alibaba-cams', operation: 'deletePhoneMessageQrdl', fault: 'lostResponse', probability: 0.2 },
    ]);
    let report: BatchReport;
    try {
      await teardown.startBatch('thousand', targets, { concurrency: 8, itemsPerRun: 200 });
      report = await teardown.batchResult('thousand');
    } finally {
      sandbox.admin.setFaults([]);
    }
    expect(report.items).toHaveLength(1000);
    expect(new Set(report.items.map((i) => JSON.stringify(i.target))).size).toBe(1000);
    // A run holds at most 4 pages of 200 (chunks take no more than it has room for), so at least one continue-as-new:
    // every run before the last recorded its results in pages of at most 200 and carried counts only.
    const run = await teardown.batchHandle('thousand').result();
    expect(run.pages).toBeGreaterThanOrEqual(1);
    const pages = await Promise.all(
      Array.from(
        { length: run.pages },
        (_, n) =>
          env.client.workflow.getHandle(`teardown/batch/thousand/page-${n}`).result() as Promise<BatchReport['items']>,
      ),
    );
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(200);
    expect(pages.reduce((n, page) => n + page.length, 0) + run.items.length).toBe(1000);

    const deletions = new Map(
      sandbox.admin.targets().map((r) => [formatTarget(targetOfOperation(r.operation, r.fields)), r.deletions]),
    );
    const recordOf = (t: Target) => ({ deletions: deletions.get(formatTarget(t))! });
    const preGone = new Set(seeded.mono.collections[1]!.qrCodes); // explicit collections are seeded first
    const paid = seeded.mono.collections[0]!.id;
    for (const item of report.items) {
      const record = recordOf(item.target);
      expect(record.deletions).toBeLessThanOrEqual(1);
      if (item.target.kind === 'mono-qr' && preGone.has(item.target.qrCodeId))
        expect(item).toMatchObject({ outcome: 'already_gone', code: 'qr_already_canceled' });
      else if (item.target.kind === 'mono-collection' && item.target.collectionId === paid)
        expect(item).toMatchObject({ outcome: 'failed', code: 'has_payments' });
      // epap has no read: a receipt whose delete's answer was lost and whose retry heard "no such document" was
      // deleted by us or never there, and nothing can tell which. Every one of these was there, and deleted once.
      else if (item.outcome === 'unconfirmed')
        expect([item.target.kind, record.deletions]).toEqual(['epap-receipt', 1]);
      else expect([item.outcome, record.deletions]).toEqual(['deleted', 1]);
    }
    const p = report.progress;
    expect(p.total).toBe(1000);
    expect(p.providers['mono-breb']).toEqual({
      done: 601,
      alreadyGone: 2,
      notFound: 0,
      unconfirmed: 0,
      failed: 1,
      cancelled: 0,
      remaining: 0,
    });
    // Each code was listed before its first delete, so a lost answer and "no such QR code" after it read as deleted.
    expect(p.providers['alibaba-cams']).toEqual({
      done: 10,
      alreadyGone: 0,
      notFound: 0,
      unconfirmed: 0,
      failed: 0,
      cancelled: 0,
      remaining: 0,
    });
    const { done, unconfirmed, ...rest } = p.providers.epap;
    expect(rest).toEqual({ alreadyGone: 0, notFound: 0, failed: 0, cancelled: 0, remaining: 0 });
    expect(done + unconfirmed).toBe(386);
    // About one attempt in ten lost its answer (the sandbox applied those deletes), so some are unconfirmed.
    expect(unconfirmed).toBeGreaterThan(0);
  });

  it('takes further pages by signal until closed, records results in pages as it continues as new, with progress queryable', async () => {
    const { epap } = sandbox.admin.seed({ epap: { count: 6 } });
    const [first, ...rest] = epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r }));
    const handle = await teardown.startBatch('paged', [first!], {
      expectMorePages: true,
      // Pages of one item, 4 a run: the first run hands over after 4 deletes, with its 4 pages.
      itemsPerRun: 1,
      concurrency: 1,
    });
    await teardown.addToBatch('paged', rest.slice(0, 3));
    await teardown.addToBatch('paged', rest.slice(3));
    await teardown.closeBatch('paged');
    const report = await teardown.batchResult('paged');
    expect(report.items.map((i) => i.outcome)).toEqual(Array(6).fill('deleted'));
    expect(report.items.map((i) => (i.target as { epapId: string }).epapId).sort()).toEqual(
      epap.receipts.map((r) => r.epapId).sort(),
    );
    const last = await teardown.batchHandle('paged').result();
    expect(last.pages).toBeGreaterThanOrEqual(1);
    expect(last.pages + last.items.length).toBe(6);
    // The first run: its deletes, each recorded as a page (a child workflow), then continue-as-new.
    await recordHistory(
      'batchDelete-full-runs',
      env.client.workflow.getHandle('teardown/batch/paged', handle.firstExecutionRunId),
    );
    const progress = await teardown.batchProgress('paged');
    expect(progress).toMatchObject({
      total: 6,
      closed: true,
      finished: true,
      providers: { epap: { done: 6, remaining: 0 } },
    });
  });

  it('cancels cleanly: items in flight finish and are reported, untried ones are reported cancelled and never sent; cancelling again is a no-op', async () => {
    const { epap } = sandbox.admin.seed({ epap: { count: 40 } });
    const targets = epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r }));
    const before = sandbox.admin.calls()['epap.deleteReceipt'] ?? 0;
    sandbox.admin.setFaults([
      { provider: 'epap', operation: 'deleteReceipt', fault: 'latency', probability: 1, latencyMs: 100 },
    ]);
    try {
      await teardown.startBatch('cancelled', targets, { concurrency: 2 });
      // Wait for some deletes to have gone through before cancelling.
      while ((sandbox.admin.calls()['epap.deleteReceipt'] ?? 0) < before + 4)
        await new Promise((r) => setTimeout(r, 10));
      const soFar = await teardown.batchReport('cancelled');
      expect(soFar.progress.finished).toBe(false);
      // All 40 went into one chunk at once: none is queued, all are still remaining until the chunk settles them.
      expect(soFar.progress.queued).toBe(0);
      expect(soFar.progress.providers.epap.remaining).toBeGreaterThan(0);
      expect(await teardown.cancelBatch('cancelled')).toBe('cancelling');
      const report = await teardown.batchResult('cancelled');
      const ours = new Set(epap.receipts.map((r) => r.epapId));
      const deleted = new Set(
        sandbox.admin
          .state()
          .epap.receipts.filter((r) => ours.has(r.epapId) && r.deletions > 0)
          .map((r) => r.epapId),
      );
      const tried = report.items.filter((i) => i.outcome !== 'cancelled');
      expect(report.items).toHaveLength(40);
      expect(tried.every((i) => i.outcome === 'deleted')).toBe(true);
      expect(new Set(tried.map((i) => (i.target as { epapId: string }).epapId))).toEqual(deleted);
      expect(deleted.size).toBeGreaterThanOrEqual(4);
      expect(deleted.size).toBeLessThan(40);
      expect(report.progress).toMatchObject({ cancelled: true, finished: true, closed: true });
      expect(report.progress.providers.epap).toEqual({
        done: deleted.size,
        alreadyGone: 0,
        notFound: 0,
        unconfirmed: 0,
        failed: 0,
        cancelled: 40 - deleted.size,
        remaining: 0,
      });
      expect(await teardown.batchReport('cancelled')).toEqual(report);
      // Cancelling a batch that has ended is a clear no-op; one that never existed is an error.
      expect(await teardown.cancelBatch('cancelled')).toBe('already_finished');
      expect(await teardown.batchReport('cancelled')).toEqual(report);
      await expect(teardown.cancelBatch('never-started')).rejects.toBeInstanceOf(WorkflowNotFoundError);
    } finally {
      sandbox.admin.setFaults([]);
    }
  });

  it('runs a chunk that takes longer than its heartbeat timeout to the end in one attempt on a healthy worker: every target deleted, none unconfirmed', async () => {
    // 60 deletes of 150 ms one at a time is 9 s: past the 1 s heartbeat timeout plus the 5 s the Worker's core allows
    // before it cancels an attempt whose heartbeats it did not send itself (chunk-activity.ts keptAlive).
    const { epap } = sandbox.admin.seed({ epap: { count: 60 } });
    const targets = epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r }));
    sandbox.admin.setFaults([
      { provider: 'epap', operation: 'deleteReceipt', fault: 'latency', probability: 1, latencyMs: 150 },
    ]);
    try {
      const handle = await teardown.startBatch('long-chunk', targets, { concurrency: 1, heartbeatTimeout: '1 second' });
      const report = await teardown.batchResult('long-chunk');
      expect(report.items.map((i) => i.outcome)).toEqual(targets.map(() => 'deleted'));
      const state = new Map(sandbox.admin.state().epap.receipts.map((r) => [r.epapId, r.deletions]));
      for (const r of epap.receipts) expect(state.get(r.epapId)).toBe(1);
      const events = (await handle.fetchHistory()).events ?? [];
      const started = events.filter((e) => e.activityTaskStartedEventAttributes);
      expect(started.map((e) => e.activityTaskStartedEventAttributes!.attempt)).toEqual([1]);
      expect(
        events.filter((e) => e.activityTaskTimedOutEventAttributes || e.activityTaskFailedEventAttributes),
      ).toEqual([]);
    } finally {
      sandbox.admin.setFaults([]);
    }
  });
});

// Outcomes backed by evidence: "not found" is an error unless the caller opts in, counted apart when it does, and no
// input keeps an item retrying.
/** A target of each provider that the sandbox does not have, and one it has. */
function mixed() {
  const { mono, cams, epap } = sandbox.admin.seed({
    mono: { count: 1, qrCodesPerCollection: 1 },
    cams: { count: 1 },
    epap: { count: 1 },
  });
  const collectionId = mono.collections[0]!.id;
  const missing: Target[] = [
    { kind: 'mono-qr', collectionId, qrCodeId: 'bbqr_NoSuchQrCodeHere000000' },
    { kind: 'cams-qr', phoneNumber: cams.qrCodes[0]!.phoneNumber, qrdlCode: 'NOSUCH01' },
    { kind: 'epap-receipt', ...epap.receipts[0]!, epapId: 'no-such-receipt' },
  ];
  const present: Target = { kind: 'cams-qr', ...cams.qrCodes[0]! };
  return { missing, present };
}

describe('not found', () => {
  it('fails each target the provider does not have, with its code and a message naming it, and deletes the rest', async () => {
    const { missing, present } = mixed();
    await teardown.startBatch('not-found-default', [...missing, present]);
    const report = await teardown.batchHandle('not-found-default').result();
    const byTarget = new Map(report.items.map((i) => [JSON.stringify(i.target), i]));
    expect(byTarget.get(JSON.stringify(missing[0]))).toMatchObject({
      outcome: 'failed',
      code: 'qr_not_found',
      message: expect.stringContaining(
        `Mono Bre-B has no QR code bbqr_NoSuchQrCodeHere000000 in collection ${(missing[0] as { collectionId: string }).collectionId}`,
      ),
    });
    expect(byTarget.get(JSON.stringify(missing[1]))).toMatchObject({
      outcome: 'failed',
      code: 'QrdlCode.NotExist',
      message: expect.stringContaining('Alibaba Cloud CAMS has no message QR code NOSUCH01 for phone number'),
    });
    expect(byTarget.get(JSON.stringify(missing[2]))).toMatchObject({
      outcome: 'failed',
      code: 'document_not_found',
      message: expect.stringContaining('epap has no receipt no-such-receipt'),
    });
    expect(byTarget.get(JSON.stringify(present))).toMatchObject({ outcome: 'deleted' });
    expect(report.progress.providers['alibaba-cams']).toMatchObject({ done: 1, notFound: 0, failed: 1 });
  });

  it('with notFound "done", reports them as not_found, counted apart from deleted and already gone', async () => {
    const { missing, present } = mixed();
    await teardown.startBatch('not-found-done', [...missing, present], { notFound: 'done' });
    const report = await teardown.batchHandle('not-found-done').result();
    expect(report.items.filter((i) => i.outcome === 'not_found').map((i) => i.code)).toEqual(
      expect.arrayContaining(['qr_not_found', 'QrdlCode.NotExist', 'document_not_found']),
    );
    const p = report.progress.providers;
    expect([p['mono-breb'], p['alibaba-cams'], p.epap]).toEqual([
      { done: 0, alreadyGone: 0, notFound: 1, unconfirmed: 0, failed: 0, cancelled: 0, remaining: 0 },
      { done: 1, alreadyGone: 0, notFound: 1, unconfirmed: 0, failed: 0, cancelled: 0, remaining: 0 },
      { done: 0, alreadyGone: 0, notFound: 1, unconfirmed: 0, failed: 0, cancelled: 0, remaining: 0 },
    ]);
    const qr = sandbox.admin
      .state()
      .cams.qrCodes.find((q) => q.qrdlCode === (present as { qrdlCode: string }).qrdlCode);
    expect(qr).toMatchObject({ exists: false, deletions: 1 });
  });

  it('deleteCollection of an unknown collection fails collection_not_found, or with notFound "done" reports not_found', async () => {
    const collectionId = 'bbcol_NoSuchCollection000000';
    const failed = await (
      await teardown.startDelete({ kind: 'mono-collection', collectionId })
    )
      .result()
      .catch((e: unknown) => e);
    expect(failureType(failed)).toBe('collection_not_found');
    const done = await teardown.startDelete({ kind: 'mono-collection', collectionId }, { notFound: 'done' });
    expect(await done.result()).toEqual({
      target: { kind: 'mono-collection', collectionId },
      outcome: 'not_found',
      reason: 'collection_not_found',
      qrCodesCancelled: 0,
    });
  });
});

describe('no input keeps an item retrying', () => {
  it('a target that skipped validation on its way in (a lone surrogate) fails validation_error at once, nothing sent', async () => {
    const before = JSON.stringify(sandbox.admin.calls());
    // Started without the client's validation, as a caller of the raw workflow API could.
    const handle = await env.client.workflow.start('batchDelete', {
      taskQueue: TASK_QUEUE,
      workflowId: 'teardown/batch/lone-surrogate',
      args: [
        {
          targets: [
            { kind: 'cams-qr', phoneNumber: '8613800000000', qrdlCode: 'ab\ud800' },
            { kind: 'epap-receipt', epapId: 'r\u001b]0;PWNED\u0007', chainId: 'c', appUserId: 'u' },
          ],
        },
      ],
    });
    const report = (await handle.result()) as BatchRunReport;
    expect(report.items.map((i) => [i.outcome, i.code])).toEqual([
      ['failed', 'validation_error'],
      ['failed', 'validation_error'],
    ]);
    const attempts = (await handle.fetchHistory()).events?.filter((e) => e.activityTaskStartedEventAttributes);
    // The CAMS target's existence read (which sends nothing for a code that cannot exist), then the two deletes.
    expect(attempts?.map((e) => e.activityTaskStartedEventAttributes?.attempt)).toEqual([1, 1, 1]);
    expect(JSON.stringify(sandbox.admin.calls())).toBe(before);
  });

  it('an error that is not a Teardown error becomes a non-retryable unexpected_error naming it', async () => {
    const activities = createActivities({
      cams: {
        ...sandbox.credentials.cams,
        clock: {
          now: () => {
            throw new RangeError('the clock is broken');
          },
        },
      },
    });
    const error = await new MockActivityEnvironment()
      .run(activities.deletePhoneMessageQrdl, { phoneNumber: '8613800000000', qrdlCode: 'Q1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({
      type: FAILURE_TYPES.unexpectedError,
      nonRetryable: true,
      message: 'RangeError: the clock is broken',
    });
    const cancelled = new CancelledFailure('cancelled');
    expect(toApplicationFailure(cancelled)).toBe(cancelled);
  });
});
