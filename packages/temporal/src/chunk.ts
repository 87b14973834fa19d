// One chunk of a batch: settles a list of targets through core with bounded concurrency, resuming from a checkpoint.
// Pure logic with its I/O injected (the delete, the sleep, the heartbeat, the cancellation signal), so it is tested
// without Temporal; activities.ts adapts it to a Temporal activity that heartbeats the checkpoint.
import type { Provider } from '@teardown/core';
import { RETRY, retryDelayMs, type RetrySchedule } from './retry.js';
import { triedCount } from './counts.js';
import { COUNTER_OF, type BatchProgress, type ItemOutcome } from './workflows/definitions.js';

/** One settled target: its index in the chunk, its outcome, and the code and message when there are any. */
export type Settled = [index: number, outcome: ItemOutcome, code?: string, message?: string];

/**
 * What an attempt has settled so far, in the order it settled them: the targets themselves are in the chunk's input, so
 * a checkpoint of a 500-target chunk stays a few kilobytes.
 */
export interface ChunkCheckpoint {
  settled: Settled[];
  /**
   * No attempt of the chunk has started a delete of a target at this index or above: an attempt records it with the
   * server before its lanes go past it. Absent (an older worker, or a worker that could not record it): any target may
   * have been started.
   */
  frontier?: number;
}

/**
 * How far ahead of its lanes a chunk asks to record its frontier: after a crash, at most this many targets beyond those
 * in flight are held as maybe sent. Each record is a heartbeat RPC; the lanes ask for the next one when half of the
 * window is used, so a chunk sends one per `window / 2` targets besides its heartbeat a second.
 */
export const frontierWindow = (concurrency: number): number => Math.max(8 * concurrency, 64);

/**
 * The frontier a chunk's attempt starts from: 0 for a first attempt; for a retry, the one the earlier attempts recorded,
 * or the chunk's end when none did (every target not settled may have been started).
 */
export function startFrontier(targets: number, retried: boolean, checkpoint?: ChunkCheckpoint): number {
  if (!retried) return 0;
  return Math.min(targets, checkpoint?.frontier ?? targets);
}

/** How a failed delete of one target is classified (by the adapter, from core's error). */
export interface Failure {
  code: string;
  message: string;
  retryable: boolean;
  /**
   * False when every answer refused the request (core's `mayHaveBeenApplied`: a rate limit, say), so its next try is not
   * sent as maybe applied. Absent: it may have been applied.
   */
  mayHaveBeenApplied?: boolean;
}

export interface ChunkRun<T> {
  targets: readonly T[];
  /** Deletes in flight at once. */
  concurrency: number;
  /** What an earlier attempt settled (from its last heartbeat). */
  checkpoint?: ChunkCheckpoint;
  /**
   * An earlier attempt of this chunk ran. A crashed attempt's last heartbeats can be lost with it, so its checkpoint
   * does not prove which of the other targets it had sent: every target it does not show settled below the checkpoint's
   * frontier may have been (every one, without a frontier).
   */
  retried: boolean;
  /** Deletes one target; `mayHaveBeenApplied` when a request for it may have been sent before (core then reads "gone" as ours). */
  remove(target: T, mayHaveBeenApplied: boolean): Promise<{ outcome: ItemOutcome; reason?: string }>;
  classify(error: unknown, target: T): Failure;
  /** Called after each settled target with the checkpoint so far. */
  onSettled(checkpoint: ChunkCheckpoint): void;
  /**
   * Records with the server that targets below `frontier` may be started, and resolves with the frontier recorded by
   * then (at least `frontier`). It never rejects: when it can no longer record, the adapter aborts `signal`. Absent,
   * lanes start any target (the checkpoint then proves nothing about the targets it does not show settled).
   */
  reserve?: (frontier: number) => Promise<number>;
  /** Aborted by `cancelBatch`: no target that was never tried starts any more. */
  signal: AbortSignal;
  sleep(ms: number): Promise<void>;
  retry?: RetrySchedule;
}

/**
 * Settles every target of a chunk and returns one entry per target, in the order they settled (a resumed attempt's
 * checkpoint first). Targets the checkpoint shows settled are not asked again; the others below its frontier may have
 * been sent, so they go first and as maybe applied. A retryable failure is tried again with backoff, and from then on
 * "already gone" counts as ours (`mayHaveBeenApplied`) unless every answer so far refused the request (the failure's
 * `mayHaveBeenApplied: false`, e.g. a rate limit). Once `signal` aborts, targets never tried are reported `cancelled`;
 * targets already tried (here or in an earlier attempt) are settled to the end, since a request for them may already
 * have reached the provider. With `reserve`, a lane starts a target only below the frontier recorded so far.
 */
export async function settleChunk<T>(run: ChunkRun<T>): Promise<Settled[]> {
  const retry = run.retry ?? RETRY;
  const { settled, tries, maybeApplied, again, untried, frontier } = resumed(run);
  let waiting = 0; // targets in their backoff before another try
  let wake: () => void = () => undefined;
  const changed = () => wake();
  run.signal.addEventListener('abort', changed);
  const mayStart = frontierGate(run, frontier, changed);

  const settle = (entry: Settled) => {
    settled.push(entry);
    run.onSettled({ settled });
  };
  const attempt = async (i: number) => {
    const target = run.targets[i]!;
    const tried = tries.get(i) ?? 0;
    tries.set(i, tried + 1);
    try {
      const r = await run.remove(target, maybeApplied.has(i));
      settle(r.reason ? [i, r.outcome, r.reason] : [i, r.outcome]);
    } catch (error) {
      const failure = run.classify(error, target);
      if (failure.mayHaveBeenApplied !== false) maybeApplied.add(i);
      if (!failure.retryable || tried + 1 >= retry.maxTries) {
        settle([i, 'failed', failure.code, failure.message]);
        return;
      }
      waiting++;
      void run.sleep(retryDelayMs(retry, tried + 1)).then(() => {
        waiting--;
        again.push(i);
        changed();
      });
    }
  };

  const inFlight = new Set<Promise<void>>();
  const next = () =>
    run.signal.aborted || untried.length === 0 || !mayStart(untried[0]!) ? undefined : untried.shift();
  try {
    for (;;) {
      while (inFlight.size < run.concurrency) {
        // Targets tried before go first: they are the ones that must be settled even after a cancellation.
        const i = again.shift() ?? next();
        if (i === undefined) break;
        const p: Promise<void> = attempt(i).finally(() => {
          inFlight.delete(p);
          changed();
        });
        inFlight.add(p);
      }
      const idle = inFlight.size === 0 && waiting === 0 && again.length === 0;
      if (idle && (run.signal.aborted || untried.length === 0)) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    run.signal.removeEventListener('abort', changed);
  }
  for (const i of untried) settled.push([i, 'cancelled']);
  return settled;
}

/** Where a run starts: what its checkpoint settled, and which of the other targets an earlier attempt may have sent. */
function resumed<T>(run: ChunkRun<T>) {
  const settled: Settled[] = [...(run.checkpoint?.settled ?? [])];
  const done = new Set(settled.map(([i]) => i));
  const frontier = startFrontier(run.targets.length, run.retried, run.checkpoint);
  const tries = new Map<number, number>();
  /** Targets an earlier try may have deleted: core then reads "gone" as ours. */
  const maybeApplied = new Set<number>();
  const untried: number[] = [];
  for (let i = 0; i < run.targets.length; i++) {
    if (done.has(i)) continue;
    if (i < frontier) {
      tries.set(i, 1);
      maybeApplied.add(i);
    } else untried.push(i);
  }
  return { settled, tries, maybeApplied, again: [...tries.keys()], untried, frontier };
}

/**
 * Whether the untried target `i` (the lowest) may start: it is below the frontier `reserve` has recorded. Asks for the
 * frontier a window ahead once half the window is used, one request at a time, so the recorded frontier only grows and
 * lanes rarely wait for it. Without `reserve`, any target may start.
 */
function frontierGate<T>(run: ChunkRun<T>, start: number, changed: () => void): (i: number) => boolean {
  const { reserve } = run;
  if (!reserve) return () => true;
  const window = frontierWindow(run.concurrency);
  let confirmed = start;
  let asking = false;
  return (i) => {
    // i grows, and i + window > confirmed here: each request asks for more than the last.
    if (!asking && confirmed < run.targets.length && confirmed - i < window / 2) {
      asking = true;
      void reserve(Math.min(run.targets.length, i + window)).then((recorded) => {
        asking = false;
        confirmed = Math.max(confirmed, recorded);
        changed();
      });
    }
    return i < confirmed;
  };
}

/** What a running chunk heartbeats: its checkpoint, and its provider for `withChunks`. */
export interface ChunkHeartbeat extends ChunkCheckpoint {
  provider: Provider;
}

/**
 * A batch's progress with the targets its running chunks have settled so far. The workflow counts a chunk when it
 * completes; its activity heartbeats what it has settled after each target, so joined, progress is as fresh as the last
 * heartbeat that reached the server (at most 1.5 s behind with `workerOptions`: see chunk-activity.ts).
 */
export function withChunks(
  progress: BatchProgress,
  heartbeats: readonly ChunkHeartbeat[],
  now = Date.now(),
): BatchProgress {
  if (heartbeats.length === 0) return progress;
  const providers = structuredClone(progress.providers);
  for (const { provider, settled } of heartbeats) {
    const row = providers[provider];
    for (const [, outcome] of settled) row[COUNTER_OF[outcome]] = (row[COUNTER_OF[outcome]] ?? 0) + 1;
    row.remaining -= settled.length;
  }
  const tried = Object.values(providers).reduce((n, r) => n + triedCount(r), 0);
  const seconds = (now - Date.parse(progress.startedAt)) / 1000;
  return { ...progress, providers, rate: seconds > 0 ? tried / seconds : 0 };
}
