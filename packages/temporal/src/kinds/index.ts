// The target kinds: add a kind module here and every part of Teardown picks it up.
import type { Provider } from '@teardown/core/pure';
import { camsQr } from './cams-qr.js';
import { epapReceipt } from './epap-receipt.js';
import type { KindSpec, TargetOfSpec } from './kind.js';
import { monoCollection } from './mono-collection.js';
import { monoQr } from './mono-qr.js';

export {
  CAMS_ACTIVITIES_PER_SECOND,
  CAMS_QUEUE_DYNAMIC_CONFIG,
  CAMS_TASK_QUEUE,
  camsDevServerArgs,
} from './cams-qr.js';
export type { FieldRule, KindSpec, TypedKindSpec } from './kind.js';

export const KINDS = [monoQr, monoCollection, camsQr, epapReceipt] as const;

type Spec = (typeof KINDS)[number];
export type Target = TargetOfSpec<Spec>;
export type TargetKind = Target['kind'];
export type TargetOf<K extends TargetKind> = Extract<Target, { kind: K }>;
/** The operation (core method, activity and workflow) that deletes a target of kind K. */
export type OperationOf<K extends TargetKind> = Extract<Spec, { kind: K }>['operation'];
export type Operation = Spec['operation'];

export const TARGET_KINDS: readonly TargetKind[] = KINDS.map((k) => k.kind);

const BY_KIND = new Map<string, KindSpec>(KINDS.map((k) => [k.kind, k]));

/** The kind module of a target kind, or undefined for a string that names none. */
export function kindSpec(kind: unknown): KindSpec | undefined {
  return typeof kind === 'string' ? BY_KIND.get(kind) : undefined;
}

/** The kind module of a known kind. */
export function specOf<K extends TargetKind>(kind: K): KindSpec & { kind: K; operation: OperationOf<K> } {
  return BY_KIND.get(kind) as KindSpec & { kind: K; operation: OperationOf<K> };
}

export function providerOf(target: Target): Provider {
  return specOf(target.kind).provider;
}

/** Task queues that run activities apart from the workflows, each with the rate its workers are held to together. */
export const ACTIVITY_QUEUES: readonly { name: string; activitiesPerSecond: number }[] = [
  ...new Map(
    KINDS.flatMap((k) => (k.activityQueue ? [[k.activityQueue.name, k.activityQueue] as const] : [])),
  ).values(),
];
