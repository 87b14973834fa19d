// The target kinds, as the engine sees them: core's kind registry (each provider's module declares its kinds) and the
// engine-only facts keyed by kind (queues.ts).
import { KINDS, type TargetKind } from '@teardown/core/pure';
import { ACTIVITY_QUEUE_OF, type ActivityQueue } from './queues.js';

export {
  KINDS,
  TARGET_KINDS,
  kindSpec,
  providerOf,
  specOf,
  type FieldRule,
  type KindSpec,
  type Operation,
  type OperationOf,
  type Target,
  type TargetKind,
  type TargetOf,
  type TypedKindSpec,
} from '@teardown/core/pure';
export {
  ACTIVITY_QUEUE_OF,
  CAMS_ACTIVITIES_PER_SECOND,
  CAMS_QUEUE_DYNAMIC_CONFIG,
  CAMS_TASK_QUEUE,
  camsDevServerArgs,
  type ActivityQueue,
} from './queues.js';

/** The task queue a kind's activities run on, or undefined for the workflows' own. */
export function activityQueueOf(kind: TargetKind): ActivityQueue | undefined {
  return ACTIVITY_QUEUE_OF[kind];
}

/** Task queues that run activities apart from the workflows, each with the rate its workers are held to together. */
export const ACTIVITY_QUEUES: readonly ActivityQueue[] = [
  ...new Map(
    KINDS.flatMap((k) => {
      const queue = activityQueueOf(k.kind);
      return queue ? [[queue.name, queue] as const] : [];
    }),
  ).values(),
];
