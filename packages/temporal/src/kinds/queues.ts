// Engine-only facts about kinds: the task queues some kinds run their activities on. CAMS allows 5 requests per second
// per account, for every caller together: its deletes (and reads) run on their own task queue, which Temporal holds to
// that rate across all workers.
import type { TargetKind } from '@teardown/core/pure';

export const CAMS_TASK_QUEUE = 'teardown-cams';
/**
 * The CAMS queue's dispatch rate, 2% under CAMS's 5/s. The server hands activities out evenly (one every 204 ms), but
 * each reaches CAMS after a delay of its own (the poll, the worker's event loop, the connection): at exactly 5/s, any
 * request that travels faster than the one five before it makes six in one second. Measured with two worker
 * processes, 300 deletes, one partition: 5/s drew 50 System.LimitControl in 69 s; 4.9/s 6 in 61.2 s.
 */
export const CAMS_ACTIVITIES_PER_SECOND = 4.9;

/**
 * Server settings CAMS_TASK_QUEUE needs: one partition. Temporal splits a queue's rate across its partitions (4 by
 * default), each with a bucket of its own, and their dispatches line up in clumps of 4 every 800 ms, which CAMS
 * refuses (measured: 104 refusals for 300 deletes). On a cluster, set these in dynamic config with the constraint
 * `taskQueueName: teardown-cams`; the dev server takes them as `--dynamic-config-value` (camsDevServerArgs).
 */
export const CAMS_QUEUE_DYNAMIC_CONFIG = {
  'matching.numTaskqueueReadPartitions': 1,
  'matching.numTaskqueueWritePartitions': 1,
} as const;

/** CAMS_QUEUE_DYNAMIC_CONFIG as `temporal server start-dev` arguments (the dev server applies them to every queue). */
export const camsDevServerArgs = (): string[] =>
  Object.entries(CAMS_QUEUE_DYNAMIC_CONFIG).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${value}`]);

/** A task queue that runs activities apart from the workflows, with the rate its workers are held to together. */
export interface ActivityQueue {
  name: string;
  activitiesPerSecond: number;
}

/**
 * The kinds whose provider limit is shared by every worker: their activities run on this task queue. A kind not here
 * runs its activities on the workflows' own task queue.
 */
export const ACTIVITY_QUEUE_OF: Readonly<Partial<Record<TargetKind, ActivityQueue>>> = {
  'cams-qr': { name: CAMS_TASK_QUEUE, activitiesPerSecond: CAMS_ACTIVITIES_PER_SECOND },
};
