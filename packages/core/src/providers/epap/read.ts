// epap receipts: epap's API has no read, so a plan cannot see whether a receipt exists. Said plainly, never guessed.
import type { PlanVerdict } from '../../plan/plan.js';

export function classifyReceipt(): PlanVerdict {
  return {
    plan: 'unverified',
    reason: 'epap has no read: nothing can show whether the receipt exists before a delete is sent.',
    observed: {},
  };
}
