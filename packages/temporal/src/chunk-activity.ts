// The `deleteChunk` activity: adapts settleChunk (chunk.ts) to Temporal. Its heartbeats carry the chunk's checkpoint and
// frontier; they go through the Worker's client when it has one (recorder.ts), so that lanes start a target only once
// the server has recorded a frontier above it.
import { setTimeout as sleep } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import {
  ActivityCancelledError,
  ActivityNotFoundError,
  ActivityPausedError,
  ActivityResetError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  requestOptionsOf,
  type DeleteOptions,
  type DeleteResult,
  type Provider,
  type RequestOptions,
} from '@teardown/core';
import {
  settleChunk,
  startFrontier,
  type ChunkCheckpoint,
  type ChunkHeartbeat,
  type Failure,
  type Settled,
} from './chunk.js';
import type { Target } from './kinds/index.js';
import { FAILURE_TYPES } from './failures.js';
import { ChunkRecorder, type BeatAnswer } from './recorder.js';

/** A chunk of one provider's targets for `deleteChunk`. */
export interface DeleteChunkInput {
  provider: Provider;
  targets: Target[];
  /** Deletes in flight at once within the chunk. */
  concurrency: number;
  /** What earlier attempts settled, and their frontier (the workflow passes on the last checkpoint it heard of). */
  checkpoint?: ChunkCheckpoint;
  /** An earlier attempt ran: any target the checkpoint does not show settled below its frontier may have been sent. */
  retried?: boolean;
  /**
   * When the chunk's first attempt was scheduled (epoch ms): a target the provider shows gone before it was gone before
   * us, even in the unsettled tail of a retried chunk. Default: this attempt's own scheduling time.
   */
  firstAttemptAt?: number;
  treatAlreadyGoneAsSuccess?: RequestOptions['treatAlreadyGoneAsSuccess'];
  notFound?: RequestOptions['notFound'];
}

/**
 * Heartbeats go out at least this often, whatever settles: the heartbeat timeout notices a dead worker, not a slow
 * provider, and the heartbeat is how a cancellation reaches the activity.
 */
const HEARTBEAT_EVERY_MS = 1000;
/** How long a heartbeat RPC waits after a keep-alive beat through the SDK (keptAlive). */
const KEEP_ALIVE_LEAD_MS = 100;
/** Checkpoints handed to the SDK at most this often, when there is no client (see sdkHeartbeats). */
const BEAT_MIN_MS = 500;

/** Where a chunk's checkpoints go: `reserve` only when the frontier can be recorded (settleChunk's `reserve`). */
interface Heartbeats {
  settled(settled: Settled[]): void;
  reserve?: (frontier: number) => Promise<number>;
  /** The frontier the heartbeats carry, when they carry one. */
  frontier?: number;
  end(): void;
}

/**
 * The `deleteChunk` activity: settles a chunk through core, heartbeating its checkpoint. A `cancelBatch` (Temporal's
 * cancellation request) stops it cleanly: it returns with the targets it never tried reported `cancelled`. Any other
 * stop (worker shutdown, the attempt timed out, paused or reset) fails the attempt with its checkpoint as details, so
 * the workflow's next attempt resumes from it.
 */
export function chunkActivity(
  remove: (target: Target, options: DeleteOptions) => Promise<DeleteResult>,
  classify: (error: unknown, target: Target) => Failure,
) {
  return async (input: DeleteChunkInput): Promise<Settled[]> => {
    const ctx = Context.current();
    const stop = new AbortController();
    let interrupted = false;
    const halt = (cancelRequested: boolean) => {
      if (stop.signal.aborted) return;
      interrupted = !cancelRequested;
      stop.abort();
    };
    const onCancel = () => halt(ctx.cancellationDetails?.cancelRequested === true);
    ctx.cancellationSignal.addEventListener('abort', onCancel);
    const beats = heartbeatsFor(ctx, input, halt);
    const firstAttemptAt = input.firstAttemptAt ?? ctx.info.scheduledTimestampMs;
    try {
      const settled = await settleChunk({
        targets: input.targets,
        concurrency: input.concurrency,
        ...(input.checkpoint && { checkpoint: input.checkpoint }),
        retried: input.retried === true,
        remove: (target, mayHaveBeenApplied) =>
          remove(target, {
            mayHaveBeenApplied,
            firstAttemptAt,
            ...requestOptionsOf(input),
          }),
        classify,
        onSettled: ({ settled }) => beats.settled(settled),
        ...(beats.reserve && { reserve: beats.reserve }),
        signal: stop.signal,
        sleep: (ms) => sleep(ms),
      });
      if (interrupted) {
        const details: ChunkHeartbeat = {
          provider: input.provider,
          settled: settled.filter(([, o]) => o !== 'cancelled'),
          ...(beats.frontier !== undefined && { frontier: beats.frontier }),
        };
        throw ApplicationFailure.create({
          type: FAILURE_TYPES.chunkInterrupted,
          message: 'The chunk was stopped by its worker before it finished',
          details: [details],
        });
      }
      return settled;
    } finally {
      beats.end();
      ctx.cancellationSignal.removeEventListener('abort', onCancel);
    }
  };
}

/** The recorder over the Worker's client; the SDK's heartbeats when there is no client (a MockActivityEnvironment). */
function heartbeatsFor(ctx: Context, input: DeleteChunkInput, halt: (cancelRequested: boolean) => void): Heartbeats {
  const client = clientOf(ctx);
  const settled = input.checkpoint?.settled ?? [];
  if (!client) return sdkHeartbeats(ctx, { provider: input.provider, settled });
  const frontier = startFrontier(input.targets.length, input.retried === true, input.checkpoint);
  const recorder = new ChunkRecorder(
    {
      send: keptAlive(ctx, input.targets.length, (details) => sendBeat(client, ctx.info.taskToken, details)),
      onStop: halt,
      everyMs: HEARTBEAT_EVERY_MS,
    },
    { provider: input.provider, settled, frontier },
  );
  return {
    settled: (s) => recorder.settled(s),
    reserve: (f) => recorder.reserve(f),
    get frontier() {
      return recorder.frontier;
    },
    end: () => recorder.end(),
  };
}

/**
 * The Worker's core keeps its own clock of each attempt's heartbeat timeout (plus a 5 s margin) and knows only of the
 * heartbeats it sends itself: when every beat goes by the client's RPCs, it cancels a healthy attempt as timed out once
 * that clock runs out and drops its result, though the server heard every beat (a 240-target chunk of slow deletes
 * was retried every 15 s). So every half heartbeat timeout a beat also goes through `ctx.heartbeat`, whose report resets
 * that clock. Its copy may reach the server after a newer RPC: it says the whole chunk may have been started (frontier
 * = every target), so whichever copy the server keeps, a retry never takes a sent target for one never tried. The RPC
 * follows it by KEEP_ALIVE_LEAD_MS so that the server almost always ends with the RPC's frontier.
 */
function keptAlive(
  ctx: Context,
  targets: number,
  send: (details: ChunkHeartbeat) => Promise<BeatAnswer>,
): (details: ChunkHeartbeat) => Promise<BeatAnswer> {
  const everyMs = Math.max(HEARTBEAT_EVERY_MS, (ctx.info.heartbeatTimeoutMs || 10_000) / 2);
  let lastAt = Date.now();
  return async (details) => {
    if (Date.now() - lastAt >= everyMs) {
      lastAt = Date.now();
      ctx.heartbeat({ ...details, frontier: targets });
      await sleep(KEEP_ALIVE_LEAD_MS);
    }
    return send(details);
  };
}

function clientOf(ctx: Context): Client | undefined {
  try {
    return ctx.client;
  } catch {
    return undefined; // a MockActivityEnvironment created without a client
  }
}

async function sendBeat(client: Client, taskToken: Uint8Array, details: ChunkHeartbeat): Promise<BeatAnswer> {
  try {
    await client.activity.heartbeat(taskToken, details);
    return 'recorded';
  } catch (error) {
    // Cancelled, paused and reset are answers to a heartbeat the server recorded; not found, an attempt it dropped.
    if (error instanceof ActivityCancelledError) return 'cancelled';
    if (
      error instanceof ActivityNotFoundError ||
      error instanceof ActivityPausedError ||
      error instanceof ActivityResetError
    )
      return 'stopped';
    return 'lost';
  }
}

/**
 * Heartbeats through the SDK, which encodes every heartbeat it is given and then sends at most one per throttle
 * interval (a second with workerOptions): handing it each settled target cost more CPU than the deletes. One every
 * BEAT_MIN_MS at most, the latest checkpoint always last, adds that much to progress's staleness (1 s + 0.5 s). No
 * heartbeat at the start: the SDK sends the first one at once and holds the next back for its throttle interval, so
 * the first settled target, not an empty checkpoint, should be the one that goes out at once.
 */
function sdkHeartbeats(ctx: Context, start: ChunkHeartbeat): Heartbeats {
  let last = start;
  let lastBeatAt = 0;
  let trailing: NodeJS.Timeout | undefined;
  const beat = () => {
    lastBeatAt = Date.now();
    ctx.heartbeat(last);
  };
  const ticker = setInterval(beat, HEARTBEAT_EVERY_MS);
  return {
    settled(settled) {
      last = { ...last, settled };
      const wait = lastBeatAt + BEAT_MIN_MS - Date.now();
      if (wait <= 0) beat();
      else
        trailing ??= setTimeout(() => {
          trailing = undefined;
          beat();
        }, wait);
    },
    end() {
      clearInterval(ticker);
      clearTimeout(trailing);
    },
  };
}
