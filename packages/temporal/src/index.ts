// @teardown/temporal: activities, workflow definitions and a typed client for durable deletes.
// Workers load the workflows from '@teardown/temporal/workflows'.
export * from './targets.js';
export * from './activities.js';
export * from './client.js';
export * from './workflows/definitions.js';

/** Options for the worker of CAMS_TASK_QUEUE: Temporal holds every worker on it, together, to CAMS's 5 requests/s. */
export const camsWorkerOptions = { maxTaskQueueActivitiesPerSecond: 5 } as const;
