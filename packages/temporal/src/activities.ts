// Activities: one generic delete (registered under each kind's operation name) and the reads, each a few lines that
// call core and translate its errors into Temporal failures. Retries belong to Temporal here, except within one activity attempt (see `createActivities`).
import { Context } from '@temporalio/activity';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import {
  PROVIDER_LABEL,
  PROVIDER_MODULES,
  capBytes,
  isTeardownError,
  providerModule,
  type AlibabaCamsClientOptions,
  type AnyProviderModule,
  requestOptionsOf,
  type DeleteOptions,
  type DeleteRequest,
  type DeleteResult,
  type MonoBrebClient,
  type MonoCollection,
  type MonoQrCode,
  type Provider,
  type ProviderModule,
  type RequestOptions,
} from '@teardown/core';
import type { Failure } from './chunk.js';
import { chunkActivity } from './chunk-activity.js';
import { KINDS, providerOf, specOf, type KindSpec, type Operation, type Target } from './kinds/index.js';
import { ITEM_MESSAGE_MAX_BYTES } from './workflows/definitions.js';
import { FAILURE_TYPES } from './failures.js';
import { createReadActivities } from './read-activities.js';

/**
 * Each provider's client options, keyed by its module's `credentials.configKey` (`mono`, `cams`, `epap`). CAMS's limit
 * is enforced by the CAMS task queue (maxTaskQueueActivitiesPerSecond), so its client's own limiter is off by default.
 */
export type ActivitiesConfig = {
  [M in AnyProviderModule as M['credentials']['configKey']]?: Parameters<M['createClient']>[0];
};

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
async function deleting(
  { target, options }: DeleteActivityInput,
  run: (target: Target, options: DeleteOptions) => Promise<DeleteResult>,
): Promise<DeleteResult> {
  const ctx = Context.current();
  const { attempt, scheduledTimestampMs } = ctx.info;
  const earlier = appliedBefore(attempt, ctx.info.heartbeatDetails);
  try {
    return await run(target, {
      ...requestOptionsOf(options),
      ...(options.existedBefore !== undefined && { existedBefore: options.existedBefore }),
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

/** A delete activity's input: the request, its options with what a read showed (`existedBefore`, see existence.ts). */
export type DeleteActivityInput = DeleteRequest<Target, RequestOptions & Pick<DeleteOptions, 'existedBefore'>>;

/**
 * @deprecated The input of delete activities scheduled before DeleteActivityInput (the target's fields beside the
 * options): still accepted, as such activities may be waiting for a worker.
 */
export type FlattenedInput = Readonly<Record<string, unknown>> & RequestOptions & Pick<DeleteOptions, 'existedBefore'>;

/** The request out of either shape (activities scheduled by workers before the request shape may still be running). */
function requestIn(spec: KindSpec, input: DeleteActivityInput | FlattenedInput): DeleteActivityInput {
  if (typeof input.target === 'object' && input.target !== null) return input as DeleteActivityInput;
  const flat = input as FlattenedInput;
  const options = {
    ...requestOptionsOf(flat),
    ...(flat.existedBefore !== undefined && { existedBefore: flat.existedBefore }),
  };
  return { target: targetIn(spec, flat), options };
}

/** The client each configured provider's activities use, made by its module. */
type Clients = { [P in Provider]?: ReturnType<Extract<AnyProviderModule, { id: P }>['createClient']> };

function clientsOf(config: ActivitiesConfig): Clients {
  const made = PROVIDER_MODULES.flatMap((m) => {
    const options: object | undefined = config[m.credentials.configKey];
    // `options` is this module's own client options (ActivitiesConfig is keyed by it); the union hides the pairing.
    const create = m.createClient as (o: object) => unknown;
    return options
      ? [[m.id, create(m.id === 'alibaba-cams' ? pacedByQueue(options as AlibabaCamsClientOptions) : options)] as const]
      : [];
  });
  return Object.fromEntries(made);
}

/**
 * With no limiter of its own the CAMS client is paced by the CAMS task queue alone, so a refusal goes back there (the
 * attempt fails and Temporal schedules the next one through the queue's limit) instead of being retried unpaced here.
 */
function pacedByQueue(options: AlibabaCamsClientOptions): AlibabaCamsClientOptions {
  return { rateLimiter: null, ...options, retry: { retryRateLimited: !!options.rateLimiter, ...options.retry } };
}

/** One activity per kind, named by its operation: the same generic delete, registered under each kind's name. */
type DeleteActivities = Record<Operation, (input: DeleteActivityInput | FlattenedInput) => Promise<DeleteResult>>;

export function createActivities(config: ActivitiesConfig) {
  const clients = clientsOf(config);
  const need = <P extends Provider>(provider: P): NonNullable<Clients[P]> =>
    clients[provider] ?? unconfigured(PROVIDER_LABEL[provider]);

  /** Deletes any target with its provider's module (which calls the client method its kind names). */
  const deleteTarget = (target: Target, options: DeleteOptions): Promise<DeleteResult> => {
    const provider = providerOf(target);
    const { kind, ...fields } = target;
    const module: ProviderModule<never, unknown> = providerModule(provider);
    return module.deleteTarget(need(provider), specOf(kind).operation, fields, options);
  };
  // Checked-in histories name each kind's activity type (`cancelQrCode`, …): one implementation, every name kept.
  const deletes = Object.fromEntries(
    KINDS.map((spec) => [
      spec.operation,
      (input: DeleteActivityInput | FlattenedInput) => deleting(requestIn(spec, input), deleteTarget),
    ]),
  ) as DeleteActivities;

  return {
    ...createReadActivities({
      mono: () => need('mono-breb'),
      cams: () => need('alibaba-cams'),
      toFailure: toApplicationFailure,
    }),
    deleteChunk: chunkActivity(deleteTarget, failureOf),
    ...deletes,
    getCollection: (input: { collectionId: string }): Promise<MonoCollection> =>
      translated(() => need('mono-breb').getCollection(input)),
    getQrCode: (input: { collectionId: string; qrCodeId: string }): Promise<MonoQrCode> =>
      translated(() => need('mono-breb').getQrCode(input)),
    listQrCodes: (input: Parameters<MonoBrebClient['listQrCodes']>[0]): Promise<MonoQrCode[]> =>
      translated(() => need('mono-breb').listQrCodes(input)),
    listCollections: (input: Parameters<MonoBrebClient['listCollections']>[0]): Promise<MonoCollection[]> =>
      translated(() => need('mono-breb').listCollections(input)),
    listPhoneMessageQrdl: (input: { phoneNumber: string; custSpaceId?: string }) =>
      translated(() => need('alibaba-cams').listPhoneMessageQrdl(input)),
    /** Which of `values` (QrdlCodes) CAMS lists for the phone number: the existence read of the `cams-qr` kind. */
    existingQrdlCodes: (input: { phoneNumber: string; custSpaceId?: string; values: string[] }): Promise<string[]> =>
      translated(() => need('alibaba-cams').listedQrdlCodes({ ...input, qrdlCodes: input.values })),
  };
}

/**
 * A kind's target out of a delete activity's input, which carries the options beside the fields. Not validated here:
 * the client validates every field before any request, and its error names the field.
 */
function targetIn(spec: KindSpec, input: Readonly<Record<string, unknown>>): Target {
  const fields = Object.keys(spec.fields).flatMap((f) => (input[f] === undefined ? [] : [[f, input[f]]]));
  return { kind: spec.kind, ...Object.fromEntries(fields) } as Target;
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
