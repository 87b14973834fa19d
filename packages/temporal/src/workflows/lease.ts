// The feeder lease of a batch that expects pages: a client that dies while handing a file over (SIGKILL, a lost
// machine, a dropped SSH session) must not leave the batch waiting for pages for ever.
import { msToNumber } from '@temporalio/common/lib/time.js';
import { condition } from '@temporalio/workflow';
import { DEFAULT_FEEDER_LEASE, type BatchDeleteInput } from './definitions.js';

/**
 * Batches that started before this patch wait for `closeBatch` for ever; their histories must replay without the
 * lease's timers.
 */
export const FEEDER_LEASE_PATCH = 'batch-feeder-lease';

export const feederLeaseMs = (input: Pick<BatchDeleteInput, 'feederLease'>): number =>
  msToNumber(input.feederLease ?? DEFAULT_FEEDER_LEASE);

/**
 * Resolves true once no page or renewal moved `feeder.seenAt` for `leaseMs`, false if the batch closed first. One timer
 * per lease period rather than one per page: a renewal only moves the deadline the timer checks when it fires.
 */
export async function feederGone(
  feeder: { readonly seenAt: number },
  leaseMs: number,
  closed: () => boolean,
): Promise<boolean> {
  while (!closed()) {
    const left = feeder.seenAt + leaseMs - Date.now();
    if (left <= 0) return true;
    await condition(closed, left);
  }
  return false;
}
