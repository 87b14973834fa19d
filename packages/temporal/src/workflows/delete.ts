// The workflows that delete one target, and the activity proxies every workflow shares.
import {
  ActivityFailure,
  ApplicationFailure,
  patched,
  proxyActivities,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { DeleteResult } from '@teardown/core';
import type { Activities } from '../activities.js';
import { RETRY } from '../retry.js';
import {
  KINDS,
  activityQueueOf,
  specOf,
  type KindSpec,
  type Target,
  type TargetKind,
  type TargetOf,
} from '../kinds/index.js';
import { existenceReader } from './existence.js';
import { type DeleteInput, type DeleteTargetInput, type DeleteTargetResult } from './definitions.js';

/** Retry what core classifies as retryable (non-retryable failures stop at once), on the one RETRY schedule. */
export const retryPolicy: ActivityOptions['retry'] = {
  initialInterval: RETRY.initialMs,
  backoffCoefficient: RETRY.coefficient,
  maximumInterval: RETRY.maxMs,
  maximumAttempts: RETRY.maxTries,
};
const DEFAULT_ACTIVITY_TIMEOUT = '2 minutes';
export const activitiesOn = (taskQueue: string | undefined, startToCloseTimeout: string = DEFAULT_ACTIVITY_TIMEOUT) =>
  proxyActivities<Activities>({ startToCloseTimeout, retry: retryPolicy, ...(taskQueue && { taskQueue }) });
export const provider = activitiesOn(undefined);

/** What every kind's delete activity is: the target's fields and the options in, core's DeleteResult out. */
type DeleteActivity = (input: DeleteTargetInput & Record<string, string | boolean>) => Promise<DeleteResult>;

/** What a delete activity takes besides the target: the options, and what a read showed (see existence.ts). */
export type DeleteActivityOptions = DeleteTargetInput & { activityTimeout?: string; existedBefore?: boolean };

/** Calls the kind's delete activity (on the kind's task queue) with the target's fields. */
export function deleteActivity(target: Target, options: DeleteActivityOptions) {
  const spec = specOf(target.kind);
  const activities = activitiesOn(activityQueueOf(target.kind)?.name, options.activityTimeout);
  const { kind: _kind, ...fields } = target;
  // Each kind module names its activity; TypeScript cannot pair a kind with its activity's input type through the lookup.
  const run = activities[spec.operation] as unknown as DeleteActivity;
  return run({
    ...fields,
    ...(options.treatAlreadyGoneAsSuccess !== undefined && {
      treatAlreadyGoneAsSuccess: options.treatAlreadyGoneAsSuccess,
    }),
    ...(options.notFound !== undefined && { notFound: options.notFound }),
    ...(options.existedBefore !== undefined && { existedBefore: options.existedBefore }),
  });
}

/**
 * Reads whether targets exist before their first delete (the kind's `existence`, run as an activity on the kind's
 * queue, so CAMS's reads are paced with its deletes). Workflows that started before EXISTENCE_READ_PATCH read nothing.
 */
const EXISTENCE_READ_PATCH = 'existence-before-first-delete';
export function existedBeforeOf(): ReturnType<typeof existenceReader> | undefined {
  if (!patched(EXISTENCE_READ_PATCH)) return undefined;
  return existenceReader((operation, input) => {
    const spec = KINDS.find((k) => k.existence?.operation === operation);
    const activities = activitiesOn(spec && activityQueueOf(spec.kind)?.name) as unknown as Record<
      string,
      (input: Record<string, unknown>) => Promise<string[]>
    >;
    return activities[operation]!(input);
  });
}

/** A kind's target out of a workflow input: its fields only (the input also carries options; `kind` may be absent). */
export function targetOf<K extends TargetKind>(spec: KindSpec & { kind: K }, input: object): TargetOf<K> {
  const given = new Map(Object.entries(input));
  const fields = Object.keys(spec.fields).flatMap((f) => {
    const value: unknown = given.get(f);
    return value === undefined || value === '' ? [] : [[f, value]];
  });
  return { kind: spec.kind, ...Object.fromEntries(fields) } as TargetOf<K>;
}

/** The workflow that deletes one target of a kind, durably: started per target by `TeardownClient.startDelete`. */
function deleteWorkflow<K extends TargetKind>(kind: K) {
  return async (input: DeleteInput<K>): Promise<DeleteTargetResult> => {
    const spec = specOf(kind);
    const target = targetOf(spec, input);
    const existedBefore = spec.existence ? await existedBeforeOf()?.(target, []) : undefined;
    const r = await deleteActivity(target, { ...input, ...(existedBefore !== undefined && { existedBefore }) });
    return {
      target,
      outcome: r.outcome,
      ...(r.reason && { reason: r.reason }),
      ...(r.requestId && { requestId: r.requestId }),
    };
  };
}

export const cancelQrCode = deleteWorkflow('mono-qr');
export const deletePhoneMessageQrdl = deleteWorkflow('cams-qr');
export const deleteReceipt = deleteWorkflow('epap-receipt');

/** The `type` of the ApplicationFailure an activity failed with (its provider code), if that is what it was. */
export function failureTypeOf(error: unknown): string | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}
