// The workflows that delete one target, and the activity proxies every workflow shares.
import {
  ActivityFailure,
  ApplicationFailure,
  patched,
  proxyActivities,
  type ActivityOptions,
} from '@temporalio/workflow';
import { requestOptionsOf, type DeleteRequest, type RequestOptions } from '@teardown/core/pure';
import type { Activities } from '../activities.js';
import { RETRY } from '../retry.js';
import { KINDS, activityQueueOf, specOf, type KindSpec, type TargetKind, type TargetOf } from '../kinds/index.js';
import { existenceReader } from './existence.js';
import type { DeleteTargetResult, DeleteWorkflowInput } from './definitions.js';

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

/** What a delete activity takes besides the request: its timeout, and what a read showed (see existence.ts). */
export interface DeleteActivityOptions {
  activityTimeout?: string;
  existedBefore?: boolean;
}

/** Calls the kind's delete activity (on the kind's task queue) with the request. */
export function deleteActivity(
  { target, options }: DeleteRequest,
  { activityTimeout, existedBefore }: DeleteActivityOptions,
) {
  const activities = activitiesOn(activityQueueOf(target.kind)?.name, activityTimeout);
  return activities[specOf(target.kind).operation]({
    target,
    options: { ...requestOptionsOf(options), ...(existedBefore !== undefined && { existedBefore }) },
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

/** A kind's target out of an object that holds its fields (and maybe more): its fields only, `kind` set. */
export function targetOf<K extends TargetKind>(spec: KindSpec & { kind: K }, input: object): TargetOf<K> {
  const given = new Map(Object.entries(input));
  const fields = Object.keys(spec.fields).flatMap((f) => {
    const value: unknown = given.get(f);
    return value === undefined || value === '' ? [] : [[f, value]];
  });
  return { kind: spec.kind, ...Object.fromEntries(fields) } as TargetOf<K>;
}

/**
 * The request a single-target workflow was started with, in either shape: `{ target, options }`, or the flattened
 * target fields and options of workflows started before it (their histories hold that input, and must replay).
 */
export function requestOf<K extends TargetKind, O extends RequestOptions>(
  spec: KindSpec & { kind: K },
  input: DeleteWorkflowInput<K, O>,
): DeleteRequest<TargetOf<K>, O> {
  if ('target' in input && typeof input.target === 'object' && input.target !== null)
    return { target: targetOf(spec, input.target), options: input.options };
  const options = Object.entries(input).filter(([key]) => key !== 'kind' && !(key in spec.fields));
  // What is left of a flattened input once its kind and fields are out: the options it was started with.
  return { target: targetOf(spec, input), options: Object.fromEntries(options) as O };
}

/**
 * The workflow that deletes one target of a kind, durably: started per target by `TeardownClient.startDelete`. Named
 * after the kind's operation (a key's name), as Temporal names a workflow started by reference after its function.
 */
function deleteWorkflow<K extends TargetKind>(kind: K) {
  const spec = specOf(kind);
  const named = {
    [spec.operation]: async (input: DeleteWorkflowInput<K>): Promise<DeleteTargetResult> => {
      const request = requestOf(spec, input);
      const existedBefore = spec.existence ? await existedBeforeOf()?.(request.target, []) : undefined;
      const r = await deleteActivity(request, { ...(existedBefore !== undefined && { existedBefore }) });
      return {
        target: request.target,
        outcome: r.outcome,
        ...(r.reason && { reason: r.reason }),
        ...(r.requestId && { requestId: r.requestId }),
      };
    },
  };
  return named[spec.operation]!;
}

export const cancelQrCode = deleteWorkflow('mono-qr');
export const deletePhoneMessageQrdl = deleteWorkflow('cams-qr');
export const deleteReceipt = deleteWorkflow('epap-receipt');

/** The `type` of the ApplicationFailure an activity failed with (its provider code), if that is what it was. */
export function failureTypeOf(error: unknown): string | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}
