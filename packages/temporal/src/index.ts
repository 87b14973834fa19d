// @teardown/temporal: activities, workflow definitions and a typed client for durable deletes.
// Workers load the workflows from '@teardown/temporal/workflows'.
import { CAMS_ACTIVITIES_PER_SECOND } from './targets.js';

export * from './targets.js';
export * from './activities.js';
export * from './failures.js';
export type { DeleteChunkInput } from './chunk-activity.js';
export * from './client.js';
export * from './credentials.js';
export * from './workflows/definitions.js';
export { triedCount } from './counts.js';
export { RETRY, retryDelayMs, type RetrySchedule } from './retry.js';
export {
  MAX_WAITING,
  PAGE_BYTES,
  PAGE_TARGETS,
  targetPages,
  type BatchFeed,
  type FedBatch,
  type FeedOptions,
} from './feeder.js';
export { frontierWindow, withChunks, type ChunkCheckpoint, type ChunkHeartbeat, type Settled } from './chunk.js';

/**
 * Options for the worker of TASK_QUEUE (workflows and chunk activities): a chunk's heartbeats reach the server at least
 * every second — the SDK holds them back to 80% of the heartbeat timeout otherwise — so `batchProgress` is that fresh.
 */
export const workerOptions = { maxHeartbeatThrottleInterval: '1 second' } as const;

/** Options for the worker of CAMS_TASK_QUEUE: Temporal holds every worker on it, together, to CAMS's 5 requests/s. */
export const camsWorkerOptions = { maxTaskQueueActivitiesPerSecond: CAMS_ACTIVITIES_PER_SECOND } as const;
export { PLAN_PAGE_TARGETS, type PlanItem, type PlanTargetsInput } from './workflows/plan-definitions.js';
export type { PlanOptions } from './plan-client.js';
