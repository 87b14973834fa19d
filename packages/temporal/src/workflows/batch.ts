// The batch: lanes per provider, chunks, pages of results, continue-as-new, and its replay patches.
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ParentClosePolicy,
  TimeoutFailure,
  condition,
  continueAsNew,
  executeChild,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import {
  PROVIDERS,
  capBytes,
  requestOptionsOf,
  utf8Bytes,
  type DeleteRequest,
  type Provider,
} from '@teardown/core/pure';
import type { Activities } from '../activities.js';
import type { ChunkCheckpoint, ChunkHeartbeat, Settled } from '../chunk.js';
import { FAILURE_TYPES } from '../failures.js';
import { RETRY, retryDelayMs } from '../retry.js';
import { KINDS, activityQueueOf, specOf, type Target } from '../kinds/index.js';
import { triedCount } from '../counts.js';
import {
  CHUNK_SIZE,
  COUNTER_OF,
  ITEM_MESSAGE_MAX_BYTES,
  addTargetsSignal,
  batchPageId,
  cancelBatchSignal,
  closeBatchSignal,
  progressQuery,
  renewFeederLeaseSignal,
  reportQuery,
  type BatchDeleteInput,
  type BatchItemResult,
  type BatchProgress,
  type BatchRunReport,
  type ProviderCounts,
  type ProviderProgress,
} from './definitions.js';
import { FEEDER_LEASE_PATCH, feederGone, feederLeaseMs } from './lease.js';
import { deleteActivity, existedBeforeOf, failureTypeOf, type DeleteActivityOptions } from './delete.js';

/** Items processed in one run before continuing as new, so the history stays far below Temporal's limits. */
const ITEMS_PER_RUN = 500;
/** With chunks a run's history holds few events and compact results, and each hand-over pauses the batch: longer runs. */
const ITEMS_PER_CHUNKED_RUN = 4000;
const DEFAULT_HEARTBEAT_TIMEOUT = '5 seconds';
/** Replaying a batch that started before chunks existed keeps one activity per target. */
const CHUNKS_PATCH = 'batch-chunks';
/**
 * Runs of at least a second. The Temporal server holds back the first task of a run that follows a shorter one
 * (`history.workflowIdReuseMinimalInterval`, 1 s by default, on every cluster): measured on the dev server, each
 * hand-over of a run of 4,000 chunked items (about 0.5 s of deletes) stalled the batch 1.2 s, and a 6,000-target batch
 * ran at 2,800 deletes/s instead of 7,000. So a chunked run goes on past a page until it is MIN_RUN_MS old or holds
 * RUN_PAGES pages, and records its results in pages of PAGE_ITEMS (`itemsPerRun` when given): a page of 2,000 items is
 * about 280 KB, under Temporal's 512 KB payload warning (4,000 were 560 KB), and a run of 8,000 items keeps its history
 * near 4 MB (pages are written twice, as the child's input and its result; 4 pages of 4,000 made a 9 MB run, beyond
 * what a client fetches in one 4 MB message). Replaying a batch that started before keeps one page per run.
 */
const LONG_RUNS_PATCH = 'batch-runs-of-a-second';
const MIN_RUN_MS = 1500;
const RUN_PAGES = 4;
const PAGE_ITEMS = 2000;
/**
 * Full runs: a chunked run hands over only once it holds RUN_PAGES pages (or Temporal suggests it), and records each
 * page as soon as it is full, while the lanes go on deleting. A hand-over waits for the run's last chunks and its last
 * page; a batch that fits in one run needs none (on the bench, a 6,000-target batch that passed MIN_RUN_MS handed over
 * once and took 0.3–0.5 s longer), and writing 4 pages at the hand-over took another 0.25 s. The last run's result then
 * holds only the items its pages do not. Chunks of CHUNK_SIZE (500) came with it. Replaying a batch that started
 * before keeps its hand-overs at a page and MIN_RUN_MS, its pages written at the hand-over, and its chunks of 250.
 */
const FULL_RUNS_PATCH = 'batch-full-runs';
/**
 * Pages bounded by bytes as well as items: a page ends before the item that would take it past PAGE_BYTES of JSON, a run
 * hands over once it has written RUN_PAGES pages, and a run that ends holding more than PAGE_BYTES of items writes them
 * as pages instead of returning them. With provider messages of 4 KB a page of 2,000 failed items was 2 MB (core now
 * caps them, and items weigh up to about 1.2 KB): without this a page, or a last run's result, could still pass
 * Temporal's 512 KB payload warning and its 2 MB limit, and a workflow task that fails on it fails for ever.
 */
const PAGES_BY_BYTES_PATCH = 'batch-pages-by-bytes';
const PAGE_BYTES = 256 * 1024;
/** The default chunk size of batches that started before FULL_RUNS_PATCH: a replay must cut the same chunks. */
const CHUNK_SIZE_BEFORE_FULL_RUNS = 250;
/**
 * Whether a provider's targets are deleted in chunks: not when one of its kinds runs on a rate-limited task queue of its
 * own (CAMS). That queue's `maxTaskQueueActivitiesPerSecond` counts activities, so only one delete per activity keeps the
 * limit exact across every worker; a chunk would send up to `concurrency` requests per counted activity.
 */
const CHUNKED = perProvider((p) => !KINDS.some((k) => k.provider === p && activityQueueOf(k.kind)));
/** Chunks of one provider running at once, sharing its `concurrency`. */
const CHUNK_LANES = 4;

const chunkActivitiesFor = (heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT) =>
  proxyActivities<Activities>({
    // A chunk of slow deletes and their retries may run long; the heartbeat timeout is what notices a dead worker.
    startToCloseTimeout: '1 hour',
    heartbeatTimeout,
    // runChunk retries a chunk itself: it must know whether any attempt of the chunk has run.
    retry: { maximumAttempts: 1 },
    // On cancelBatch the running attempt returns what it settled; the workflow waits for that answer.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });

/**
 * Deletes one chunk of a provider's targets with the `deleteChunk` activity. The workflow retries a chunk itself (on
 * the RETRY schedule, as for single deletes) rather than through Temporal's retry policy, because it
 * must know whether the chunk ever ran: cancelled before its first attempt started, every target is `cancelled` (none
 * was sent); once an attempt has run, any target it left unsettled below its frontier may have been sent, so a retry
 * resumes from the checkpoint it heartbeated (Temporal hands it over with the failure) and runs to the end even after
 * `cancelBatch`.
 */
async function runChunk(
  provider: Provider,
  targets: Target[],
  options: BatchDeleteInput,
  firstAttempts: Set<CancellationScope>,
): Promise<BatchItemResult[]> {
  const { deleteChunk } = chunkActivitiesFor(options.heartbeatTimeout);
  const input = {
    provider,
    targets,
    concurrency: Math.max(1, options.concurrency ?? 8),
    ...requestOptionsOf(options),
  };
  let checkpoint: ChunkCheckpoint | undefined;
  let failure: unknown;
  const firstAttemptAt = Date.now(); // workflow time, recorded: no attempt of this chunk can have been sent before it
  for (let attempt = 1; attempt <= RETRY.maxTries; attempt++) {
    if (attempt > 1) await sleep(retryDelayMs(RETRY, attempt - 1));
    const scope = new CancellationScope();
    if (attempt === 1) firstAttempts.add(scope);
    try {
      const settled = await scope.run(() =>
        deleteChunk({ ...input, firstAttemptAt, retried: attempt > 1, ...(checkpoint && { checkpoint }) }),
      );
      return itemsOf(targets, settled);
    } catch (error) {
      if (attempt === 1 && isCancellation(error)) return targets.map((target) => ({ target, outcome: 'cancelled' }));
      failure = error;
      // An attempt that left no checkpoint may have gone past the frontier it started from: keep what was settled only.
      checkpoint = checkpointOf(error) ?? (checkpoint && { settled: checkpoint.settled });
    } finally {
      firstAttempts.delete(scope);
    }
  }
  // Every attempt failed: what was settled stands, the rest failed with the last attempt's failure.
  const settled = checkpoint?.settled ?? [];
  const seen = new Set(settled.map(([i]) => i));
  const { code, message } = failureFields(failure, 'deleteChunk');
  return [
    ...itemsOf(targets, settled),
    ...targets
      .filter((_, i) => !seen.has(i))
      .map((target): BatchItemResult => ({ target, outcome: 'failed', code, message })),
  ];
}

function itemsOf(targets: Target[], settled: Settled[]): BatchItemResult[] {
  return settled.map(([i, outcome, code, message]) => ({
    target: targets[i]!,
    outcome,
    ...(code !== undefined && { code }),
    ...(message !== undefined && { message }),
  }));
}

/** The checkpoint a failed chunk attempt left: its last heartbeat (timeouts) or its failure's details (interruptions). */
function checkpointOf(error: unknown): ChunkCheckpoint | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  const details: unknown =
    cause instanceof TimeoutFailure
      ? cause.lastHeartbeatDetails
      : cause instanceof ApplicationFailure
        ? cause.details?.[0]
        : undefined;
  if (!Array.isArray((details as Partial<ChunkHeartbeat> | undefined)?.settled)) return undefined;
  const { settled, frontier } = details as ChunkHeartbeat;
  // Only heartbeats of workers that record a frontier carry one: older histories replay with the same inputs.
  return typeof frontier === 'number' ? { settled, frontier } : { settled };
}

/**
 * Deletes a list of targets of any kind, each provider in its own lanes; more pages can arrive by `addTargets` until
 * `closeBatch`. Progress is queryable; the report lists every item's outcome and error code. A run records its
 * results in pages, each a `batchPage` child workflow, and continues as new carrying only counts (see LONG_RUNS_PATCH
 * for when), so neither the history nor any payload grows with the size of the batch.
 */
export async function batchDelete(input: BatchDeleteInput): Promise<BatchRunReport> {
  const results: BatchItemResult[] = [];
  const carried = input.carried;
  const startedAt = carried?.startedAt ?? new Date(Date.now()).toISOString();
  const pages = carried?.pages ?? 0;
  let cancelled = carried?.cancelled ?? false;
  let closed = cancelled || (carried?.closed ?? !input.expectMorePages);
  let total = carried?.total ?? input.targets.length;
  let feederLost = carried?.feederLost ?? false;
  const feeder = { seenAt: carried?.feederSeenAt ?? Date.now() };
  const queues = perProvider((): Target[] => []);
  const queueOf = (t: Target) => queues[specOf(t.kind).provider];
  for (const t of input.targets) queueOf(t).push(t);

  setHandler(addTargetsSignal, (targets) => {
    if (closed) return;
    for (const t of targets) queueOf(t).push(t);
    total += targets.length;
    feeder.seenAt = Date.now();
  });
  setHandler(renewFeederLeaseSignal, () => {
    feeder.seenAt = Date.now();
  });
  setHandler(closeBatchSignal, () => {
    closed = true;
  });
  const firstAttempts = new Set<CancellationScope>();
  setHandler(cancelBatchSignal, () => {
    cancelled = closed = true;
    for (const scope of firstAttempts) scope.cancel();
  });
  let finished = false;
  const inFlight = perProvider(() => 0);
  const counts = (): Record<Provider, ProviderCounts> => {
    // `notFound` and `unconfirmed` are missing from counts carried by runs before they existed.
    const c = perProvider((p) => ({
      ...{ done: 0, alreadyGone: 0, notFound: 0, unconfirmed: 0, failed: 0, cancelled: 0 },
      ...carried?.counts[p],
    }));
    for (const r of results) c[specOf(r.target.kind).provider][COUNTER_OF[r.outcome]]++;
    return c;
  };
  const progress = (): BatchProgress => {
    const c = counts();
    const providers = perProvider((p): ProviderProgress => ({ ...c[p], remaining: queues[p].length + inFlight[p] }));
    const tried = PROVIDERS.reduce((n, p) => n + triedCount(c[p]), 0);
    const seconds = (Date.now() - Date.parse(startedAt)) / 1000;
    const queued = PROVIDERS.reduce((n, p) => n + queues[p].length, 0);
    return {
      total,
      providers,
      rate: seconds > 0 ? tried / seconds : 0,
      queued,
      startedAt,
      closed,
      cancelled,
      finished,
      ...(feederLost && { feederLost: true as const }),
    };
  };
  setHandler(progressQuery, progress);
  setHandler(reportQuery, () => ({ items: results, progress: progress(), pages }));

  const chunked = patched(CHUNKS_PATCH);
  const longRuns = chunked && patched(LONG_RUNS_PATCH);
  const fullRuns = longRuns && patched(FULL_RUNS_PATCH);
  const bytePages = fullRuns && patched(PAGES_BY_BYTES_PATCH);
  if (fullRuns && patched(FEEDER_LEASE_PATCH) && !closed) {
    void feederGone(feeder, feederLeaseMs(input), () => closed).then((gone) => {
      if (gone) closed = feederLost = true;
    });
  }
  const itemsPerRun = Math.max(
    1,
    input.itemsPerRun ?? (longRuns ? PAGE_ITEMS : chunked ? ITEMS_PER_CHUNKED_RUN : ITEMS_PER_RUN),
  );
  const readExistence = existedBeforeOf();
  const runStartedAt = Date.now();
  // Up to RUN_PAGES pages of itemsPerRun items in a run (see LONG_RUNS_PATCH and FULL_RUNS_PATCH).
  const runItems = itemsPerRun * (longRuns ? RUN_PAGES : 1);
  const shouldHandOver = () =>
    (!fullRuns && results.length >= itemsPerRun && (!longRuns || Date.now() - runStartedAt >= MIN_RUN_MS)) ||
    results.length >= runItems ||
    (bytePages && pagesWritten >= RUN_PAGES) ||
    workflowInfo().continueAsNewSuggested;
  const { workflowId } = workflowInfo();
  const written: Promise<unknown>[] = [];
  let pagesWritten = 0; // this run's pages (FULL_RUNS_PATCH): results[0 .. writtenTo)
  let writtenTo = 0;
  const itemBytes = (i: number) => (bytePages ? utf8Bytes(JSON.stringify(results[i])) : 0);
  /** Where the page that starts at `from` ends: after itemsPerRun items or PAGE_BYTES; with `all`, a partial page too. */
  const pageEnd = (from: number, all: boolean): number | undefined => {
    for (let i = from, bytes = 0; i < results.length; i++) {
      bytes += itemBytes(i);
      if (i > from && bytes > PAGE_BYTES) return i;
      if (i + 1 - from >= itemsPerRun) return i + 1;
    }
    return all && results.length > from ? results.length : undefined;
  };
  const unwrittenBytes = () => results.slice(writtenTo).reduce((n, _, i) => n + itemBytes(writtenTo + i), 0);
  /**
   * Records each full page of this run's results as soon as it exists, when the run is to hand over (a batch that ends
   * within the run returns its items instead); with `all`, the last, partial page too.
   */
  const recordPages = (all = false) => {
    const handsOver =
      !closed || results.length + PROVIDERS.reduce((n, p) => n + inFlight[p] + queues[p].length, 0) > runItems;
    // By bytes, every full page is written as soon as it exists: written all at once at the end, the pages of a run
    // whose items weigh a kilobyte each passed the 4 MB a workflow task may send.
    const writing = all || handsOver || bytePages;
    for (let end = pageEnd(writtenTo, all); writing && end !== undefined; end = pageEnd(writtenTo, all)) {
      const from = writtenTo;
      writtenTo = end;
      const page = executeChild(batchPage, {
        workflowId: batchPageId(workflowId, pages + pagesWritten++),
        args: [results.slice(from, end)],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      page.catch(() => undefined); // awaited, with the others, before the run ends
      written.push(page);
    }
  };
  const lane = async (p: Provider) => {
    for (;;) {
      await condition(() => queues[p].length > 0 || closed || shouldHandOver());
      if (cancelled || shouldHandOver() || queues[p].length === 0) return;
      const target = queues[p].shift()!;
      inFlight[p]++;
      const existedBefore = await readExistence?.(target, queues[p]);
      const request = { target, options: requestOptionsOf(input) };
      results.push(await runItem(request, { ...input, ...(existedBefore !== undefined && { existedBefore }) }));
      inFlight[p]--;
      if (fullRuns) recordPages();
    }
  };
  // A run takes no more targets into chunks than it has room for, so it hands over after runItems items at most.
  const room = () => runItems - results.length - PROVIDERS.reduce((n, p) => n + inFlight[p], 0);
  const chunkSize = Math.max(1, input.chunkSize ?? (fullRuns ? CHUNK_SIZE : CHUNK_SIZE_BEFORE_FULL_RUNS));
  const chunkLane = async (p: Provider, lane: number, concurrency: number) => {
    // The lanes' first chunks differ in size, so that their chunks end at different times from then on.
    for (let size = Math.ceil((chunkSize * (lane + 1)) / chunkLanes); ; size = chunkSize) {
      await condition(() => cancelled || shouldHandOver() || (queues[p].length > 0 ? room() > 0 : closed));
      if (cancelled || shouldHandOver() || queues[p].length === 0) return;
      const targets = queues[p].splice(0, Math.min(size, room()));
      inFlight[p] += targets.length;
      results.push(...(await runChunk(p, targets, { ...input, concurrency }, firstAttempts)));
      inFlight[p] -= targets.length;
      if (fullRuns) recordPages();
    }
  };
  const lanes = Math.max(1, input.concurrency ?? 8);
  // A provider's `concurrency` is shared by up to CHUNK_LANES chunks at once: while one chunk's completion goes through
  // Temporal and the next one is scheduled, the others keep their deletes in flight.
  const chunkLanes = Math.min(lanes, CHUNK_LANES);
  await Promise.all(
    PROVIDERS.flatMap((p) =>
      chunked && CHUNKED[p]
        ? Array.from({ length: chunkLanes }, (_, i) => chunkLane(p, i, Math.floor((lanes + i) / chunkLanes)))
        : Array.from({ length: lanes }, () => lane(p)),
    ),
  );

  const waiting = () => PROVIDERS.some((p) => queues[p].length > 0);
  if (cancelled) {
    for (const target of PROVIDERS.flatMap((p) => queues[p].splice(0))) results.push({ target, outcome: 'cancelled' });
  }
  const handOver = !cancelled && (waiting() || (!closed && shouldHandOver()));
  // A page exists once its child has completed: the run ends only after its pages, so nothing is lost or counted twice.
  if (fullRuns) {
    recordPages(handOver || (bytePages && unwrittenBytes() > PAGE_BYTES));
    await Promise.all(written);
  } else if (handOver) {
    // One page per run before LONG_RUNS_PATCH, however many items it holds.
    const pageCount = longRuns ? Math.max(1, Math.ceil(results.length / itemsPerRun)) : 1;
    await Promise.all(
      Array.from({ length: pageCount }, (_, i) =>
        executeChild(batchPage, {
          workflowId: batchPageId(workflowId, pages + i),
          args: [pageCount === 1 ? results : results.slice(i * itemsPerRun, (i + 1) * itemsPerRun)],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        }),
      ),
    );
    pagesWritten = pageCount;
    writtenTo = pagesWritten * itemsPerRun;
  }
  if (handOver) {
    // Taken only now: `addTargets` pages that arrived while the pages were recorded go along too.
    const pending = PROVIDERS.flatMap((p) => queues[p].splice(0));
    await continueAsNew<typeof batchDelete>({
      ...input,
      targets: pending,
      carried: {
        counts: counts(),
        pages: pages + pagesWritten,
        startedAt,
        closed,
        total,
        feederSeenAt: feeder.seenAt,
        ...(feederLost && { feederLost: true as const }),
      },
    });
  }
  finished = true;
  // The last run's result holds the items its pages do not (before FULL_RUNS_PATCH it wrote none).
  return { items: results.slice(writtenTo), progress: progress(), pages: pages + pagesWritten };
}

/** A value for every provider, so a table keyed by provider cannot miss one. */
function perProvider<T>(value: (p: Provider) => T): Record<Provider, T> {
  return Object.fromEntries(PROVIDERS.map((p) => [p, value(p)])) as Record<Provider, T>;
}

/** One page of a batch's results, kept as this workflow's result for `TeardownClient.batchReport` to read. */
export function batchPage(items: BatchItemResult[]): Promise<BatchItemResult[]> {
  return Promise.resolve(items);
}

async function runItem(request: DeleteRequest, options: DeleteActivityOptions): Promise<BatchItemResult> {
  const { target } = request;
  try {
    const r = await deleteActivity(request, options);
    return { target, outcome: r.outcome, ...(r.reason && { code: r.reason }) };
  } catch (error) {
    return { target, outcome: 'failed', ...failureFields(error, specOf(target.kind).operation) };
  }
}

function failureFields(error: unknown, operation: string): { code: string; message: string } {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return {
    code: failureTypeOf(error) ?? FAILURE_TYPES.unknown,
    message: capBytes(
      `${operation}: ${cause instanceof Error ? cause.message : String(cause)}`,
      ITEM_MESSAGE_MAX_BYTES,
    ),
  };
}
