// `teardown plan <file> --out <plan>` (and `batch --dry-run`): every target is read, read-only, by `planTargets`
// workflows on the worker (credentials stay there), a page of PLAN_PAGE_TARGETS at a time; the plan file is written in
// the file's order and a table of classes per provider is printed. Protected targets are never sent to the worker.
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { WorkflowFailedError } from '@temporalio/client';
import {
  PLAN_CLASSES,
  PROVIDERS,
  PROVIDER_LABEL,
  isProtected,
  printableJson,
  printableLines,
  type PlanClass,
  type Provider,
} from '@teardown/core';
import { PLAN_PAGE_TARGETS, formatTarget, providerOf, type PlanItem, type TeardownClient } from '@teardown/temporal';
import { CliError, EXIT } from './exit.js';
import { pagesOf, type FileCheck, type InputFormat } from './input.js';
import type { Output } from './output.js';
import { PlanWriter } from './plan-file.js';

/** Pages read at once: each is one workflow, whose chunks run in parallel on the worker. */
const PAGES_AT_ONCE = 4;

export type PlanCounts = Record<Provider, Record<PlanClass, number>>;

export interface PlanFlags {
  /** Where the plan goes; without it (`batch --dry-run`) only the summary is printed. */
  out?: string;
  protect?: string;
}

/** The protect list: one target (text form) or ID prefix a line; blank lines and `#` comments are skipped. */
export async function readProtectList(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new CliError(`--protect ${file}: ${error.message}`, EXIT.invalidInput);
  });
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

const protectedItem = (target: PlanItem['target']): PlanItem => ({
  target,
  plan: 'protected',
  reason: 'On the protect list: not read, and never sent a delete.',
  observed: {},
});

export async function runPlan(
  teardown: TeardownClient,
  file: string,
  format: InputFormat,
  check: FileCheck,
  flags: PlanFlags,
  o: Output,
): Promise<number> {
  const protect = flags.protect ? await readProtectList(flags.protect) : [];
  const stream = flags.out ? createWriteStream(flags.out, { flags: 'w' }) : undefined;
  const writer = new PlanWriter((text) => stream?.write(text));
  const counts = Object.fromEntries(
    PROVIDERS.map((p) => [p, Object.fromEntries(PLAN_CLASSES.map((c) => [c, 0]))]),
  ) as PlanCounts;
  const createdAt = new Date().toISOString();
  writer.header({ createdAt, source: file });
  const planId = `teardown-plan/${createdAt}`;
  let done = 0;
  let page = 0;
  let window: Promise<PlanItem[]>[] = [];
  const flush = async () => {
    for (const items of await Promise.all(window)) {
      for (const item of items) {
        writer.item(item);
        counts[providerOf(item.target)][item.plan]++;
      }
      done += items.length;
    }
    window = [];
    if (!o.json) o.err.write(`Planned ${done} of ${check.targets} targets…\n`);
  };
  for await (const targets of pagesOf(file, format, PLAN_PAGE_TARGETS, check.repeated)) {
    window.push(planPage(teardown, `${planId}/${page++}`, targets, protect));
    if (window.length === PAGES_AT_ONCE) await flush();
  }
  if (window.length > 0) await flush();
  const footer = writer.footer();
  if (stream) {
    stream.end();
    await once(stream, 'finish');
  }
  printSummary(counts, o, flags.out ? { out: flags.out, ...footer } : undefined);
  return EXIT.allDone;
}

/** One page: protected targets answered here, the rest read by one `planTargets` workflow; items in the page's order. */
async function planPage(
  teardown: TeardownClient,
  workflowId: string,
  targets: PlanItem['target'][],
  protect: readonly string[],
): Promise<PlanItem[]> {
  const guarded = targets.map((t) => {
    const { kind: _kind, ...fields } = t;
    return isProtected(formatTarget(t), Object.values<string>(fields), protect);
  });
  const toRead = targets.filter((_, i) => !guarded[i]);
  const read = await teardown.planPage(toRead, workflowId).catch((error: unknown) => {
    // A worker without a provider's credentials fails the page: say why in one line, nothing was deleted.
    if (!(error instanceof WorkflowFailedError)) throw error;
    const root: unknown = error.cause?.cause ?? error.cause;
    throw new CliError(
      `Planning failed (${workflowId}): ${root instanceof Error ? root.message : error.message}. Nothing was deleted.`,
      EXIT.someFailed,
    );
  });
  let next = 0;
  return targets.map((t, i) => (guarded[i] ? protectedItem(t) : read[next++]!));
}

function printSummary(counts: PlanCounts, o: Output, written?: { out: string; lines: number; digest: string }): void {
  if (o.json) {
    o.out.write(`${printableJson({ ...(written && { plan: written.out, digest: written.digest }), counts })}\n`);
    return;
  }
  const rows = PROVIDERS.filter((p) => PLAN_CLASSES.some((c) => counts[p][c] > 0));
  const width = Math.max(8, ...rows.map((p) => PROVIDER_LABEL[p].length));
  const head = ['provider'.padEnd(width), ...PLAN_CLASSES.map((c) => c.padStart(12))].join(' ');
  const body = rows.map((p) =>
    [PROVIDER_LABEL[p].padEnd(width), ...PLAN_CLASSES.map((c) => String(counts[p][c]).padStart(12))].join(' '),
  );
  o.out.write(`${[head, ...body].join('\n')}\n`);
  o.out.write(
    printableLines(
      written
        ? `Wrote ${written.out} (${written.lines} targets, ${written.digest}). Review it, then: teardown apply ${written.out}\n`
        : 'Dry run: nothing was deleted and no plan was written.\n',
    ),
  );
}
