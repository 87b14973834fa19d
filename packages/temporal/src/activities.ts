// Activities: one per core operation, same names, each a few lines that call core and translate its errors into
// Temporal failures. Retries belong to Temporal here, except within one activity attempt (see `createActivities`).
import { Context } from '@temporalio/activity';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import {
  AlibabaCamsClient,
  EpapClient,
  MonoBrebClient,
  capBytes,
  isTeardownError,
  type AlibabaCamsClientOptions,
  type DeleteOptions,
  type DeleteResult,
  type EpapClientOptions,
  type MonoBrebClientOptions,
  type MonoCollection,
  type MonoQrCode,
} from '@teardown/core';
import type { Failure } from './chunk.js';
import { chunkActivity } from './chunk-activity.js';
import { specOf, type OperationOf, type Target, type TargetKind, type TargetOf } from './kinds/index.js';
import { ITEM_MESSAGE_MAX_BYTES } from './workflows/definitions.js';
import { FAILURE_TYPES } from './failures.js';
import { createReadActivities } from './read-activities.js';

export interface ActivitiesConfig {
  mono?: MonoBrebClientOptions;
  /** CAMS's limit is enforced by the CAMS task queue (maxTaskQueueActivitiesPerSecond), so the client's own limiter is off by default. */
  cams?: AlibabaCamsClientOptions;
  epap?: EpapClientOptions;
}

/** @deprecated Use `FAILURE_TYPES.unexpectedError` (same value). */
export const UNEXPECTED_ERROR = FAILURE_TYPES.unexpectedError;

/**
 * A core error as a Temporal failure: `type` is the provider's code, retryability is core's classification. Any other
 * error (a TypeError, a URIError…) would fail the same way on every attempt, so it becomes a non-retryable
 * `unexpected_error` naming the original error: no input can keep an item, and so a batch, retrying for minutes.
 * Temporal's own failures (cancellation, an ApplicationFailure thrown on purpose) pass through unchanged.
 */
export function toApplicationFailure(error: unknown): unknown {
  if (error instanceof TemporalFailure) return error;
  if (!isTeardownError(error)) {
    const name = error instanceof Error ? error.name : typeof error;
    return ApplicationFailure.create({
      type: FAILURE_TYPES.unexpectedError,
      message: `${name}: ${error instanceof Error ? error.message : String(error)}`,
      nonRetryable: true,
      ...(error instanceof Error && { cause: error }),
    });
  }
  const { provider, operation, status, code, requestId, hint, classification } = error;
  return ApplicationFailure.create({
    type: code,
    message: error.message,
    nonRetryable: classification !== 'retryable',
    details: [{ provider, operation, status, code, requestId, hint, classification }],
  });
}

async function translated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toApplicationFailure(error);
  }
}

function unconfigured(provider: string): never {
  throw ApplicationFailure.create({
    type: FAILURE_TYPES.notConfigured,
    message: `No ${provider} credentials were given to this worker`,
    nonRetryable: true,
  });
}

/** What a failed attempt of a single delete heartbeats for the next: whether it, or any before it, may have applied it. */
interface AttemptEvidence {
  attempt: number;
  mayHaveBeenApplied: boolean;
}

/** Whether a failed call may have changed something at the provider: core says so; anything else may have. */
const mayHaveApplied = (error: unknown): boolean => !isTeardownError(error) || error.mayHaveBeenApplied !== false;

/** Whether an attempt before `attempt` may have applied the delete, given the evidence the last one heartbeated. */
export function appliedBefore(attempt: number, evidence: unknown): boolean {
  const last = evidence as Partial<AttemptEvidence> | undefined;
  return attempt > 1 && !(last?.attempt === attempt - 1 && last.mayHaveBeenApplied === false);
}

/**
 * Runs one delete attempt of a single-target activity. Core keeps its own retries inside one attempt (so a lost
 * response followed by "already gone" is known to be ours); on a later Temporal attempt the delete may have been
 * applied by an earlier attempt that got no answer, so core is told `mayHaveBeenApplied` and reports such a target as
 * `deleted`, unless the provider's own record shows it gone before the activity was first scheduled (`firstAttemptAt`;
 * Mono keeps that time). The price: a target someone else deleted between our failed attempts also reads `deleted`.
 *
 * An attempt that fails with answers that refused the request (core's `mayHaveBeenApplied: false`: a rate limit,
 * which on the CAMS queue is common, since the queue's limit is the pacer) heartbeats that evidence before it fails,
 * so the next attempt does not take "no such QR code" for our own delete. The evidence names its attempt: an attempt
 * that crashed recorded nothing (the details still show an earlier attempt's), so it counts as one that may have applied.
 */
async function deleting(input: Opt, run: (options: DeleteOptions) => Promise<DeleteResult>): Promise<DeleteResult> {
  const ctx = Context.current();
  const { attempt, scheduledTimestampMs } = ctx.info;
  const earlier = appliedBefore(attempt, ctx.info.heartbeatDetails);
  try {
    return await run({
      ...(input.treatAlreadyGoneAsSuccess !== undefined && {
        treatAlreadyGoneAsSuccess: input.treatAlreadyGoneAsSuccess,
      }),
      ...(input.notFound !== undefined && { notFound: input.notFound }),
      ...(input.existedBefore !== undefined && { existedBefore: input.existedBefore }),
      mayHaveBeenApplied: earlier,
      ...(earlier && { firstAttemptAt: scheduledTimestampMs }),
    });
  } catch (error) {
    const evidence: AttemptEvidence = {
      attempt,
      mayHaveBeenApplied: earlier || mayHaveApplied(error),
    };
    ctx.heartbeat(evidence);
    throw toApplicationFailure(error);
  }
}

/** What a delete activity's input may carry besides the target (`existedBefore`: from the kind's existence read). */
type Opt = Pick<DeleteOptions, 'treatAlreadyGoneAsSuccess' | 'notFound' | 'existedBefore'>;

export function createActivities(config: ActivitiesConfig) {
  const mono = config.mono ? new MonoBrebClient(config.mono) : undefined;
  // With no limiter of its own the CAMS client is paced by the CAMS task queue alone, so a refusal goes back there (the
  // attempt fails and Temporal schedules the next one through the queue's limit) instead of being retried unpaced here.
  const cams = config.cams
    ? new AlibabaCamsClient({
        rateLimiter: null,
        ...config.cams,
        retry: { retryRateLimited: !!config.cams.rateLimiter, ...config.cams.retry },
      })
    : undefined;
  const epap = config.epap ? new EpapClient(config.epap) : undefined;
  const needMono = () => mono ?? unconfigured('Mono Bre-B');
  const needCams = () => cams ?? unconfigured('Alibaba Cloud CAMS');
  const needEpap = () => epap ?? unconfigured('epap');

  /** The core call that deletes each kind's target, by its operation: the compiler asks for one per kind. */
  const deletes: {
    [K in TargetKind as OperationOf<K>]: (fields: Omit<TargetOf<K>, 'kind'>, o: DeleteOptions) => Promise<DeleteResult>;
  } = {
    cancelQrCode: (fields, o) => needMono().cancelQrCode(fields, o),
    deleteCollection: (fields, o) => needMono().deleteCollection(fields, o),
    deletePhoneMessageQrdl: (fields, o) => needCams().deletePhoneMessageQrdl(fields, o),
    deleteReceipt: (fields, o) => needEpap().deleteReceipt(fields, o),
  };
  const removeTarget = (target: Target, options: DeleteOptions): Promise<DeleteResult> => {
    const { kind: _kind, ...fields } = target;
    // The kind's module names its operation; TypeScript cannot pair a kind with its fields' type through the lookup.
    const remove = deletes[specOf(target.kind).operation] as (f: object, o: DeleteOptions) => Promise<DeleteResult>;
    return remove(fields, options);
  };

  return {
    ...createReadActivities({ mono: needMono, cams: needCams, toFailure: toApplicationFailure }),
    deleteChunk: chunkActivity(removeTarget, failureOf),
    cancelQrCode: (input: { collectionId: string; qrCodeId: string } & Opt): Promise<DeleteResult> =>
      deleting(input, (o) => needMono().cancelQrCode(input, o)),
    deleteCollection: (input: { collectionId: string } & Opt): Promise<DeleteResult> =>
      deleting(input, (o) => needMono().deleteCollection(input, o)),
    getCollection: (input: { collectionId: string }): Promise<MonoCollection> =>
      translated(() => needMono().getCollection(input)),
    getQrCode: (input: { collectionId: string; qrCodeId: string }): Promise<MonoQrCode> =>
      translated(() => needMono().getQrCode(input)),
    listQrCodes: (input: Parameters<MonoBrebClient['listQrCodes']>[0]): Promise<MonoQrCode[]> =>
      translated(() => needMono().listQrCodes(input)),
    listCollections: (input: Parameters<MonoBrebClient['listCollections']>[0]): Promise<MonoCollection[]> =>
      translated(() => needMono().listCollections(input)),
    deletePhoneMessageQrdl: (
      input: { phoneNumber: string; qrdlCode: string; custSpaceId?: string } & Opt,
    ): Promise<DeleteResult> => deleting(input, (o) => needCams().deletePhoneMessageQrdl(input, o)),
    listPhoneMessageQrdl: (input: { phoneNumber: string; custSpaceId?: string }) =>
      translated(() => needCams().listPhoneMessageQrdl(input)),
    /** Which of `values` (QrdlCodes) CAMS lists for the phone number: the existence read of the `cams-qr` kind. */
    existingQrdlCodes: (input: { phoneNumber: string; custSpaceId?: string; values: string[] }): Promise<string[]> =>
      translated(() => needCams().listedQrdlCodes({ ...input, qrdlCodes: input.values })),
    deleteReceipt: (input: { epapId: string; chainId?: string; appUserId: string } & Opt): Promise<DeleteResult> =>
      deleting(input, (o) => needEpap().deleteReceipt(input, o)),
  };
}

export type Activities = ReturnType<typeof createActivities>;

/** @deprecated Use `FAILURE_TYPES.chunkInterrupted` (same value). */
export const CHUNK_INTERRUPTED = FAILURE_TYPES.chunkInterrupted;

/** One target's failure in a chunk, classified as its own activity's failure would be. */
function failureOf(error: unknown, target: Target): Failure {
  const failure = toApplicationFailure(error);
  const message = capBytes(
    `${specOf(target.kind).operation}: ${failure instanceof Error ? failure.message : String(failure)}`,
    ITEM_MESSAGE_MAX_BYTES,
  );
  if (failure instanceof ApplicationFailure)
    return {
      code: failure.type ?? FAILURE_TYPES.unknown,
      message,
      retryable: !failure.nonRetryable,
      mayHaveBeenApplied: mayHaveApplied(error),
    };
  return { code: failure instanceof Error ? failure.name : FAILURE_TYPES.unknown, message, retryable: true };
}
