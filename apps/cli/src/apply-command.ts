// `teardown apply <plan>`: checks the plan is whole, unedited and fresh, then runs one durable batch of exactly its
// `delete` lines (and `unverified` ones with --include-unverified) through `teardown batch`'s machinery, `--resume`
// included. No other line is ever sent anything.
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MONO_ERRORS, PLAN_CLASSES, printableJson, printableLines, type PlanClass } from '@teardown/core';
import type { BatchItemResult, TeardownClient } from '@teardown/temporal';
import { checkTargetsFile } from './batch.js';
import { runBatch, type BatchFlags } from './batch-command.js';
import { CliError, EXIT } from './exit.js';
import type { Output } from './output.js';
import { PlanRefused, checkAge, readPlan } from './plan-file.js';

export interface ApplyFlags extends BatchFlags {
  includeUnverified?: boolean;
  maxAgeMs: number;
}

/** Checks the plan and writes the targets to send to a file of their own (named by the plan's digest, so `--resume` finds the same file). */
export async function targetsOfPlan(
  planFile: string,
  flags: Pick<ApplyFlags, 'includeUnverified' | 'maxAgeMs'>,
  o: Output,
  now = Date.now(),
): Promise<{ file: string; sent: number } | undefined> {
  const text = await readFile(planFile, 'utf8').catch((error: Error) => {
    throw new CliError(`${planFile}: ${error.message}`, EXIT.invalidInput);
  });
  let plan;
  try {
    plan = readPlan(text, planFile);
    checkAge(plan, planFile, flags.maxAgeMs, now);
  } catch (error) {
    if (error instanceof PlanRefused) throw new CliError(error.message, EXIT.invalidInput);
    throw error;
  }
  const send = new Set<PlanClass>(flags.includeUnverified ? ['delete', 'unverified'] : ['delete']);
  const targets = plan.items.filter((i) => send.has(i.plan)).map((i) => i.target);
  const held = PLAN_CLASSES.filter((c) => !send.has(c))
    .map((c) => [c, plan.items.filter((i) => i.plan === c).length] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${c} ${n}`);
  if (!o.json)
    o.err.write(
      `${printableLines(`Plan ${planFile} (made ${plan.header.createdAt}, ${plan.footer.digest}): ${targets.length} of ${plan.items.length} to send${held.length ? `; not sent: ${held.join(', ')}` : ''}.`)}\n`,
    );
  if (targets.length === 0) return undefined;
  const file = join(
    tmpdir(),
    `teardown-apply-${plan.footer.digest.slice(7, 23)}${flags.includeUnverified ? '-u' : ''}.jsonl`,
  );
  await writeFile(file, targets.map((t) => JSON.stringify(t)).join('\n') + '\n', { mode: 0o600 });
  return { file, sent: targets.length };
}

export async function runApply(
  connect: <T>(use: (teardown: TeardownClient) => Promise<T>) => Promise<T>,
  planFile: string,
  flags: ApplyFlags,
  o: Output,
): Promise<number> {
  const planned = await targetsOfPlan(planFile, flags, o);
  if (!planned) {
    if (o.json) o.out.write(`${printableJson({ plan: planFile, targets: 0 })}\n`);
    else o.out.write('Nothing to delete: the plan has no line to send.\n');
    return EXIT.allDone;
  }
  const { format, check } = await checkTargetsFile(planned.file, 'jsonl', { ...o, json: true });
  return connect(async (teardown) => {
    const code = await runBatch(teardown, planned.file, format, check, flags, o);
    // A batch that ran to its end here (not detached, interrupted or resumed under another ID) is told apart from the plan.
    const ended: number[] = [EXIT.allDone, EXIT.someFailed, EXIT.someUnconfirmed];
    if (!flags.resume && !flags.detach && ended.includes(code)) await reportDrift(teardown, flags.batchId, o);
    return code;
  });
}

/** Mono's refusals that mean the target changed (paid, failed or discarded) since it was read. */
const CHANGED_CODES = new Set(MONO_ERRORS.answers.filter((a) => a.kind === 'conflict').map((a) => a.code));

/** Why an item planned `delete` did not end `deleted` because the target changed since the plan; undefined if not. */
export function driftOf(item: BatchItemResult): string | undefined {
  if (item.outcome === 'already_gone' || item.outcome === 'not_found') return item.outcome;
  if (item.outcome === 'failed' && item.code !== undefined && CHANGED_CODES.has(item.code))
    return `refused ${item.code}`;
  return undefined;
}

/** Drift is reported, not hidden: the targets the plan saw live that the batch found otherwise, counted by why. */
async function reportDrift(teardown: TeardownClient, batchId: string, o: Output): Promise<void> {
  const drift = new Map<string, number>();
  for await (const page of teardown.batchItems(batchId, await teardown.batchRun(batchId)))
    for (const item of page) {
      const why = driftOf(item);
      if (why) drift.set(why, (drift.get(why) ?? 0) + 1);
    }
  const total = [...drift.values()].reduce((a, b) => a + b, 0);
  if (o.json) o.out.write(`${printableJson({ batchId, drift: Object.fromEntries(drift), driftTotal: total })}\n`);
  else if (total > 0)
    o.out.write(
      `${printableLines(`Drift: ${total} target(s) planned "delete" changed since the plan: ${[...drift].map(([why, n]) => `${why} ${n}`).join(', ')}.`)}\n`,
    );
}
