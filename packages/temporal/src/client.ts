// A typed client for Teardown's workflows: callers never build workflow IDs or signal names by hand, and every input
// is validated before anything starts.
import {
  WorkflowIdConflictPolicy,
  WorkflowNotFoundError,
  isGrpcDeadlineError,
  type Client,
  type QueryDefinition,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { TeardownValidationError } from '@teardown/core';
import { withChunks, type ChunkHeartbeat } from './chunk.js';
import { MAX_WAITING, checkedLeaseMs, feedBatch, targetPages, type BatchFeed, type FeedOptions } from './feeder.js';
import { specOf, targetWorkflowId, validateTarget, type OperationOf, type Target, type TargetKind } from './targets.js';
import * as workflows from './workflows/index.js';
import type { DeleteWorkflow, StartDeleteOptions, StartedDelete } from './start-delete.js';
import type { PlanItem } from './workflows/plan-definitions.js';
import { planAll, planPage, type PlanOptions } from './plan-client.js';
import {
  TASK_QUEUE,
  addTargetsSignal,
  batchPageId,
  cancelBatchSignal,
  closeBatchSignal,
  collectionDiscardedSignal,
  progressQuery,
  renewFeederLeaseSignal,
  reportQuery,
  stepQuery,
  type BatchDeleteInput,
  type BatchProgress,
  type BatchItemResult,
  type BatchReport,
  type BatchRunReport,
  type CollectionStep,
} from './workflows/definitions.js';

export type { DeleteWorkflow, StartDeleteOptions, StartedDelete } from './start-delete.js';

// Every kind has its workflow, exported under its operation's name: a kind without one does not compile here.
workflows satisfies { [K in TargetKind as OperationOf<K>]: DeleteWorkflow<K> };

const QUERY_DEADLINE_MS = 5_000;
const QUERY_ATTEMPTS = 6;

export interface TeardownClientOptions {
  client: Client;
  taskQueue?: string;
}

/**
 * What `cancelBatch` did: asked a running batch to stop; nothing, because the batch had already ended; asked, but the
 * batch cannot take the request (`stuck`: its workflow task keeps failing); or, when asked to, terminated such a batch.
 */
export type CancelBatchAnswer = 'cancelling' | 'already_finished' | 'stuck' | 'terminated';

export interface CancelBatchOptions {
  /**
   * Terminate the batch when its workflow task keeps failing: the cancel signal is recorded but no code of the batch
   * runs to act on it. Items in flight are then not reported (their deletes may still complete at the provider) and the
   * batch has no report beyond the pages it wrote. Default false: the answer is `stuck` and nothing more is done.
   */
  terminateIfStuck?: boolean;
}

const BATCH_ID_RULE = 'A batch ID is 1 to 200 letters, digits, "_", "." or "-".';

/** Options of `startBatch`: the workflow's input but its targets, and a memo kept with the batch. */
export type StartBatchOptions = Omit<BatchDeleteInput, 'targets' | 'carried'> & {
  /** Kept with the batch's workflow (e.g. where its targets came from), not passed to it. */
  memo?: Record<string, unknown>;
  /** For targets beyond one page: how many the batch may hold that no delete has taken yet. Default MAX_WAITING. */
  maxWaiting?: number;
};

export class TeardownClient {
  readonly client: Client;
  readonly taskQueue: string;

  constructor({ client, taskQueue = TASK_QUEUE }: TeardownClientOptions) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  /**
   * Starts the durable delete of one target. A second start for the same target while the first runs attaches to it
   * (`USE_EXISTING`) rather than deleting twice.
   */
  async startDelete<T extends Target>(
    target: T,
    options: StartDeleteOptions = {},
  ): Promise<StartedDelete<DeleteWorkflow<T['kind']>>> {
    const t = validateTarget(target);
    const workflowId = targetWorkflowId(t);
    // The workflow of T's kind (the `satisfies` at the top proves each kind's fits) and its request: TypeScript cannot follow
    // a generic kind through the registry's lookup.
    const workflow = workflows[specOf(t.kind).operation] as DeleteWorkflow<T['kind']>;
    const args = [{ target: t, options }] as Parameters<DeleteWorkflow<T['kind']>>;
    const handle = await this.client.workflow.start<DeleteWorkflow<T['kind']>>(workflow, {
      taskQueue: this.taskQueue,
      workflowId,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      args,
    });
    return { workflowId, handle, result: () => handle.result() };
  }

  /** Reads targets, read-only, and answers each with its plan verdict, in order (`planTargets` workflows). */
  plan(targets: readonly Target[], options?: PlanOptions): Promise<PlanItem[]> {
    return planAll(this.client, this.taskQueue, targets, options);
  }

  /** One page of at most PLAN_PAGE_TARGETS targets, as one `planTargets` workflow with this ID. */
  planPage(targets: readonly Target[], workflowId: string): Promise<PlanItem[]> {
    return planPage(this.client, this.taskQueue, targets, workflowId);
  }

  /** What a running deleteCollection is doing. */
  collectionStep(collectionId: string): Promise<CollectionStep> {
    return this.collectionHandle(collectionId).query(stepQuery);
  }

  /** Tells a waiting deleteCollection that Mono sent `collection.discarded` (apps/webhooks calls this). */
  signalCollectionDiscarded(collectionId: string, timestamp: string): Promise<void> {
    return this.collectionHandle(collectionId).signal(collectionDiscardedSignal, { timestamp });
  }

  collectionHandle(collectionId: string): WorkflowHandle<typeof workflows.deleteCollection> {
    return this.client.workflow.getHandle(targetWorkflowId(validateTarget({ kind: 'mono-collection', collectionId })));
  }

  /**
   * Starts a batch. Every target is validated first; one bad target rejects the whole batch before anything starts.
   * Targets beyond one page (PAGE_TARGETS, PAGE_BYTES) are handed over by `feedBatch` as the batch makes room, and this
   * returns once all are in; such a start refuses a batch ID that is already running
   * (`WorkflowExecutionAlreadyStartedError`), as its pages could not be told from the running batch's own.
   */
  async startBatch(
    batchId: string,
    targets: Target[],
    { memo, maxWaiting, ...options }: StartBatchOptions = {},
  ): Promise<WorkflowHandleWithFirstExecutionRunId<typeof workflows.batchDelete>> {
    if (!/^[\w.-]{1,200}$/.test(batchId))
      throw new TeardownValidationError(undefined, 'batchDelete', 'batchId', BATCH_ID_RULE);
    checkedLeaseMs(options.feederLease);
    const checked = targets.map((t, i) => {
      try {
        return validateTarget(t);
      } catch (error) {
        if (error instanceof TeardownValidationError)
          throw new TeardownValidationError(
            error.provider,
            error.operation,
            `targets[${i}].${error.field}`,
            error.rule,
          );
        throw error;
      }
    });
    const pages = targetPages(checked);
    const next = await pages.next();
    const first = next.done ? [] : next.value;
    const paged = first.length < checked.length;
    const handle = await this.client.workflow.start(workflows.batchDelete, {
      taskQueue: this.taskQueue,
      workflowId: `teardown/batch/${batchId}`,
      workflowIdConflictPolicy: paged ? WorkflowIdConflictPolicy.FAIL : WorkflowIdConflictPolicy.USE_EXISTING,
      args: [{ ...options, ...(paged && { expectMorePages: true }), targets: first }],
      ...(memo && { memo }),
    });
    if (paged) {
      const rest = checked.slice(first.length);
      const fed = await this.feedBatch(batchId, rest, {
        maxWaiting: (maxWaiting ?? MAX_WAITING) - first.length,
        close: !options.expectMorePages,
        ...(options.feederLease !== undefined && { feederLease: options.feederLease }),
      });
      if (!fed.complete)
        throw new Error(`Batch ${batchId} stopped taking targets after ${fed.received} of ${checked.length}.`);
    }
    return handle;
  }

  /**
   * Hands `source` over to a batch started with `expectMorePages`, page by page, as the batch makes room (see
   * FeedOptions), renewing its feeder lease while it waits; closes the batch at the end unless `close` is false.
   */
  feedBatch(
    batchId: string,
    source: AsyncIterable<Target> | Iterable<Target>,
    { feederLease, ...options }: Omit<FeedOptions, 'leaseMs'> & Pick<BatchDeleteInput, 'feederLease'> = {},
  ): Promise<BatchFeed> {
    const handle = this.batchHandle(batchId);
    const batch = {
      progress: () => this.query(handle, progressQuery),
      add: (targets: Target[]) => this.addToBatch(batchId, targets),
      renewLease: () => handle.signal(renewFeederLeaseSignal),
      close: () => this.closeBatch(batchId),
    };
    return feedBatch(batch, source, { ...options, leaseMs: checkedLeaseMs(feederLease) });
  }

  batchHandle(batchId: string): WorkflowHandle<typeof workflows.batchDelete> {
    return this.client.workflow.getHandle<typeof workflows.batchDelete>(`teardown/batch/${batchId}`);
  }

  /** Adds targets to a batch started with `expectMorePages`: one `addTargets` signal per page, in order. */
  async addToBatch(batchId: string, targets: Target[]): Promise<void> {
    const handle = this.batchHandle(batchId);
    for await (const page of targetPages(targets.map(validateTarget))) await handle.signal(addTargetsSignal, page);
  }

  closeBatch(batchId: string): Promise<void> {
    return this.batchHandle(batchId).signal(closeBatchSignal);
  }

  /**
   * The batch's `progress` query joined with what its running chunks have heartbeated: the query alone counts a chunk
   * only once it completes; joined, the counts are as fresh as the chunks' last heartbeats (at most 1.5 s behind).
   */
  async batchProgress(batchId: string): Promise<BatchProgress> {
    // Query first: a chunk that completes in between is then missing from both answers for a moment, never in both.
    const progress = await this.query(this.batchHandle(batchId), progressQuery);
    return progress.finished ? progress : withChunks(progress, await this.batchChunks(batchId));
  }

  /** The checkpoints the batch's running chunks last heartbeated to the server (one per chunk attempt running). */
  async batchChunks(batchId: string): Promise<ChunkHeartbeat[]> {
    const { raw } = await this.batchHandle(batchId).describe();
    const details = await Promise.all(
      (raw.pendingActivities ?? []).map((a) =>
        decodeFromPayloadsAtIndex<unknown>(this.client.options.loadedDataConverter, 0, a.heartbeatDetails?.payloads),
      ),
    );
    return details.filter((h): h is ChunkHeartbeat =>
      Array.isArray((h as Partial<ChunkHeartbeat> | undefined)?.settled),
    );
  }

  /**
   * A query with a deadline, asked again when it passes. A query that reaches a batch run in the instant it continues
   * as new can go unanswered (the Java test server held one for 78–88 s in our runs, on a real server it waits for the
   * RPC timeout); asked again, it reaches the new run.
   */
  private async query<R>(handle: WorkflowHandle, query: QueryDefinition<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.query(query));
      } catch (error) {
        if (!isGrpcDeadlineError(error) || attempt >= QUERY_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Stops a batch cleanly: items in flight finish and are reported, items not yet tried are reported `cancelled`.
   * Answers `cancelling`, or `already_finished` (and changes nothing) for a batch that had already ended; a batch that
   * never existed is a `WorkflowNotFoundError`. A batch whose workflow task keeps failing (a bug, or a payload Temporal
   * refuses) records the signal but never acts on it: that is answered `stuck`, and with `terminateIfStuck` the batch
   * is terminated, with a reason naming the failing task, as `temporal workflow terminate` would — the only way Temporal
   * offers to end a workflow whose code cannot run. Termination is never the default: it skips the clean stop.
   */
  async cancelBatch(batchId: string, options: CancelBatchOptions = {}): Promise<CancelBatchAnswer> {
    const handle = this.batchHandle(batchId);
    try {
      await handle.signal(cancelBatchSignal);
    } catch (error) {
      // Temporal refuses a signal to an ended workflow as it does one to an unknown workflow: describe tells them apart.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      const { status } = await handle.describe();
      if (status.name === 'RUNNING') throw error;
      return 'already_finished';
    }
    // A workflow task on its second attempt or later failed at least once: until it passes, no signal is acted on.
    const attempt = (await handle.describe()).raw.pendingWorkflowTask?.attempt ?? 0;
    if (attempt < 2) return 'cancelling';
    if (!options.terminateIfStuck) return 'stuck';
    await handle.terminate(
      `cancelBatch: the workflow task has failed ${attempt - 1} times, so the cancel signal cannot be acted on`,
    );
    return 'terminated';
  }

  /** The batch's own answer: its result once finished, its `report` query before (the last run's items, the page count). */
  async batchRun(batchId: string): Promise<BatchRunReport> {
    const handle = this.batchHandle(batchId);
    const { status } = await handle.describe();
    return status.name === 'COMPLETED' ? handle.result() : this.query(handle, reportQuery);
  }

  /** Every item of a batch page by page, in the order they finished: the pages earlier runs recorded, then `run`'s items. */
  async *batchItems(batchId: string, run: BatchRunReport): AsyncGenerator<BatchItemResult[]> {
    const workflowId = this.batchHandle(batchId).workflowId;
    for (let n = 0; n < run.pages; n++)
      yield await this.client.workflow.getHandle<typeof workflows.batchPage>(batchPageId(workflowId, n)).result();
    yield run.items;
  }

  /** Every item's outcome so far: the final report once the batch has finished, what is done so far while it runs. */
  async batchReport(batchId: string): Promise<BatchReport> {
    return this.joined(batchId, await this.batchRun(batchId));
  }

  /** Waits for the batch to finish and returns its report. */
  async batchResult(batchId: string): Promise<BatchReport> {
    return this.joined(batchId, await this.batchHandle(batchId).result());
  }

  private async joined(batchId: string, run: BatchRunReport): Promise<BatchReport> {
    const items: BatchItemResult[] = [];
    for await (const page of this.batchItems(batchId, run)) items.push(...page);
    return { items, progress: run.progress };
  }
}
