// The retry schedule of every delete. Pure, and kept out of workflows/ on purpose: Temporal registers every function
// the workflows module exports as a workflow type.

/** How a failed delete is tried again: backing off from a second, doubling, up to a minute, 8 tries in all. */
export interface RetrySchedule {
  initialMs: number;
  coefficient: number;
  maxMs: number;
  /** Tries in all, the first included. */
  maxTries: number;
}

/**
 * The one schedule for every delete: Temporal's retry policy of single-target activities, a chunk's retries of one
 * target, and the workflow's retries of a chunk.
 */
export const RETRY: RetrySchedule = { initialMs: 1000, coefficient: 2, maxMs: 60_000, maxTries: 8 };

/** The wait before the next try, after `failures` (≥ 1) failed tries. */
export function retryDelayMs(schedule: RetrySchedule, failures: number): number {
  return Math.min(schedule.maxMs, schedule.initialMs * schedule.coefficient ** (failures - 1));
}
