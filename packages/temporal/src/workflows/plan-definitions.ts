// What `planTargets`'s callers share with it: its input, its items, its page size. No workflow code.
import type { PlanVerdict } from '@teardown/core/pure';
import type { Target } from '../kinds/index.js';

/** Targets one `planTargets` run reads: its input and result stay far below Temporal's payload limits. */
export const PLAN_PAGE_TARGETS = 500;

export interface PlanTargetsInput {
  targets: Target[];
  /** Reads in flight at once per chunk (default 8). */
  concurrency?: number;
}

/** A target and its verdict: what one line of a plan file holds. */
export type PlanItem = { target: Target } & PlanVerdict;
