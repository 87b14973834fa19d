// Planning through Temporal, for TeardownClient: targets read, read-only, by `planTargets` workflows (a page of
// PLAN_PAGE_TARGETS each), every target answered with its plan verdict, in the order given. No delete is ever started.
import type { Client } from '@temporalio/client';
import { TeardownValidationError } from '@teardown/core';
import { validateTarget, type Target } from './targets.js';
import type * as workflows from './workflows/index.js';
import { PLAN_PAGE_TARGETS, type PlanItem } from './workflows/plan-definitions.js';

export interface PlanOptions {
  /** Each page's workflow ID is `<prefix>/<page number>`. Default `teardown-plan/<the time>`. */
  workflowIdPrefix?: string;
  /** Pages read at once (default 4): each is one workflow, whose chunks run in parallel on the worker. */
  pagesAtOnce?: number;
}

/** One page of at most PLAN_PAGE_TARGETS targets, read by one `planTargets` workflow. */
export async function planPage(
  client: Client,
  taskQueue: string,
  targets: readonly Target[],
  workflowId: string,
): Promise<PlanItem[]> {
  if (targets.length > PLAN_PAGE_TARGETS)
    throw new TeardownValidationError(
      undefined,
      'planTargets',
      'targets',
      `A page holds at most ${PLAN_PAGE_TARGETS} targets (plan() splits a longer list into pages).`,
    );
  const valid = targets.map(validateTarget);
  if (valid.length === 0) return [];
  return client.workflow.execute<typeof workflows.planTargets>('planTargets', {
    taskQueue,
    workflowId,
    args: [{ targets: valid }],
  });
}

/** Any number of targets, in pages, `pagesAtOnce` at a time; every target is validated before the first page starts. */
export async function planAll(
  client: Client,
  taskQueue: string,
  targets: readonly Target[],
  options: PlanOptions = {},
): Promise<PlanItem[]> {
  const valid = targets.map(validateTarget);
  const prefix = options.workflowIdPrefix ?? `teardown-plan/${new Date().toISOString()}`;
  const pages = Array.from({ length: Math.ceil(valid.length / PLAN_PAGE_TARGETS) }, (_, i) =>
    valid.slice(i * PLAN_PAGE_TARGETS, (i + 1) * PLAN_PAGE_TARGETS),
  );
  const items: PlanItem[] = [];
  const atOnce = Math.max(1, options.pagesAtOnce ?? 4);
  for (let from = 0; from < pages.length; from += atOnce) {
    const read = await Promise.all(
      pages.slice(from, from + atOnce).map((page, i) => planPage(client, taskQueue, page, `${prefix}/${from + i}`)),
    );
    for (const page of read) items.push(...page);
  }
  return items;
}
