// `teardown batch`, `status`, `report` and `cancel`: a file becomes one durable batchDelete workflow, fed page by page;
// progress comes from the workflow's `progress` query, so any number of terminals can attach, detach and re-attach.
import { setTimeout as sleep } from 'node:timers/promises';
import { basename, extname } from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { PROVIDERS, PROVIDER_LABEL, printable, printableJson, printableLines, type Provider } from '@teardown/core';
import type {
  BatchItemResult,
  BatchProgress,
  BatchRunReport,
  CancelBatchOptions,
  TeardownClient,
} from '@teardown/temporal';
import { CliError, EXIT } from './exit.js';
import { DUPLICATES_MEMO, onInterrupt } from './handover.js';
import { checkFile, formatOf, type FileCheck, type InputFormat } from './input.js';
import type { Output } from './output.js';
import { RateWindow, progressView, withExpected } from './progress.js';
import { duplicatesLine, exitCodeOf, formatReport, reportWriter, summaryOf, type ReportFormat } from './report.js';

const POLL_MS = 500;

const say = (o: Output, line: string) => {
  if (!o.json) o.err.write(`${printableLines(line)}\n`);
};

export function defaultBatchId(file: string, now = new Date()): string {
  const stem =
    basename(file, extname(file))
      .replace(/[^\w.-]+/g, '-')
      .slice(0, 80) || 'batch';
  return `${stem}-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}

/** Validates the whole file, streaming; throws an invalid-input error listing the bad lines (nothing is started). */
export async function checkTargetsFile(
  file: string,
  explicitFormat: string | undefined,
  o: Output,
): Promise<{ format: InputFormat; check: FileCheck & { seconds: number } }> {
  const format = formatOf(file, explicitFormat);
  const started = performance.now();
  const check = await checkFile(file, format);
  const seconds = (performance.now() - started) / 1000;
  if (check.problemCount > 0) {
    const lines = check.problems.map((p) => `  line ${p.line}, ${p.field}: ${p.rule}`);
    const more =
      check.problemCount > check.problems.length ? [`  … and ${check.problemCount - check.problems.length} more`] : [];
    throw new CliError(
      [`${file}: ${check.problemCount} invalid line(s); nothing was started or deleted.`, ...lines, ...more].join('\n'),
      EXIT.invalidInput,
    );
  }
  if (check.targets === 0) throw new CliError(`${file}: no targets; nothing was started.`, EXIT.invalidInput);
  const counts = PROVIDERS.filter((p) => check.byProvider[p] > 0).map(
    (p) => `${PROVIDER_LABEL[p]} ${check.byProvider[p]}`,
  );
  say(
    o,
    `Checked ${file}: ${check.targets} valid target${check.targets === 1 ? '' : 's'} (${counts.join(', ')}) in ${seconds.toFixed(1)} s.`,
  );
  if (check.duplicateCount > 0) say(o, duplicatesNote(check));
  return { format, check: { ...check, seconds } };
}

/** `3 lines repeat an earlier target and were collapsed (line 7 repeats line 2, …): each target is deleted once.` */
export function duplicatesNote(check: Pick<FileCheck, 'duplicateCount' | 'duplicates'>): string {
  const shown = check.duplicates.slice(0, 5).map((d) => `line ${d.line} repeats line ${d.firstLine}`);
  const more = check.duplicateCount > shown.length ? ', …' : '';
  return `${check.duplicateCount} line(s) repeat an earlier target and were collapsed (${shown.join(', ')}${more}): each target is deleted once.`;
}

async function batchExists<T>(batchId: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new CliError(`No batch named ${batchId}.`, EXIT.invalidInput);
    throw error;
  }
}

/**
 * Shows live progress until the batch finishes (returns its report) or `stop` (default: Ctrl-C, SIGTERM, SIGHUP)
 * aborts (returns 'detached', the batch keeps running). Queries that fail for a moment (a continue-as-new hand-over, a
 * server hiccup) are retried for 30 s. `expected`: the targets a file still being handed over will bring, per provider.
 */
export async function follow(
  teardown: TeardownClient,
  batchId: string,
  o: Output,
  stop?: AbortSignal,
  expected?: Record<Provider, number>,
): Promise<BatchRunReport | 'detached'> {
  const view = o.json ? undefined : progressView(o.err);
  const rates = new RateWindow();
  const started = Date.now();
  const own = stop ? undefined : onInterrupt();
  const stopped = stop ?? own!.signal;
  let failingSince: number | undefined;
  try {
    for (;;) {
      let progress: BatchProgress | undefined;
      try {
        progress = await batchExists(batchId, () => teardown.batchProgress(batchId));
        failingSince = undefined;
      } catch (error) {
        if (error instanceof CliError) throw error;
        failingSince ??= Date.now();
        if (Date.now() - failingSince > 30_000)
          throw new CliError(
            `Lost Temporal while following ${batchId}: ${(error as Error).message}`,
            EXIT.temporalUnreachable,
          );
      }
      if (progress) {
        progress = withExpected(progress, expected);
        view?.show(batchId, progress, rates.add({ at: Date.now(), progress }), (Date.now() - started) / 1000);
        if (progress.finished) {
          view?.end();
          return await teardown.batchHandle(batchId).result();
        }
      }
      await sleep(POLL_MS, undefined, { signal: stopped }).catch(() => undefined);
      if (stopped.aborted) {
        view?.end();
        return 'detached';
      }
    }
  } finally {
    own?.dispose();
  }
}

const FAILED_SHOWN = 20;

/** Prints what a followed batch ended with (its first failures too) and returns the exit code. */
export async function finish(
  teardown: TeardownClient,
  batchId: string,
  result: BatchRunReport | 'detached',
  o: Output,
): Promise<number> {
  if (result === 'detached') {
    say(o, `Detached. Batch ${batchId} keeps running; re-attach with: teardown status ${batchId}`);
    if (o.json) o.out.write(`${printableJson({ batchId, detached: true })}\n`);
    return EXIT.detached;
  }
  const failedCount = Object.values(result.progress.providers).reduce((n, r) => n + r.failed, 0);
  const failed: BatchItemResult[] = [];
  if (failedCount > 0) {
    for await (const page of teardown.batchItems(batchId, result)) {
      failed.push(...page.filter((i) => i.outcome === 'failed').slice(0, FAILED_SHOWN - failed.length));
      if (failed.length === FAILED_SHOWN) break;
    }
  }
  if (o.json) o.out.write(`${printableJson({ batchId, ...result.progress, failed })}\n`);
  else {
    // The failure table ends with the summary: printed once, under the failures it counts.
    o.out.write(
      failed.length > 0
        ? formatReport({ items: failed, progress: result.progress }, 'table')
        : `${summaryOf(result.progress)}\n`,
    );
    if (failedCount > failed.length)
      o.out.write(`… ${failedCount - failed.length} more failed: teardown report ${printable(batchId)}\n`);
    if (result.progress.feederLost)
      o.out.write(
        `Its feeder went quiet for longer than its lease: the batch closed itself with the ${result.progress.total} targets it had received. Hand the rest over with: teardown batch <file> --resume ${printable(batchId)}\n`,
      );
    const duplicates = await duplicatesCollapsed(teardown, batchId);
    if (duplicates) o.out.write(`${duplicatesLine(duplicates)}\n`);
  }
  return exitCodeOf(result.progress);
}

export async function showStatus(teardown: TeardownClient, batchId: string, o: Output): Promise<number> {
  if (o.json) {
    const progress = await batchExists(batchId, () => teardown.batchProgress(batchId));
    o.out.write(`${printableJson({ batchId, ...progress })}\n`);
    return progress.finished ? EXIT.allDone : EXIT.notFinished;
  }
  return finish(teardown, batchId, await follow(teardown, batchId, o), o);
}

export async function showReport(
  teardown: TeardownClient,
  batchId: string,
  format: ReportFormat,
  o: Output,
): Promise<number> {
  const run = await batchExists(batchId, () => teardown.batchRun(batchId));
  const duplicates = await duplicatesCollapsed(teardown, batchId);
  const writer = reportWriter(format, (chunk) => o.out.write(chunk));
  for await (const page of teardown.batchItems(batchId, run)) writer.items(page);
  writer.end(run.progress, duplicates);
  // A CSV stays pure CSV: the note goes to stderr.
  if (duplicates && format === 'csv') say(o, duplicatesLine(duplicates));
  return exitCodeOf(run.progress);
}

/** How many lines of the batch's file were collapsed as duplicates (kept in its memo when it was started). */
async function duplicatesCollapsed(teardown: TeardownClient, batchId: string): Promise<number> {
  const { memo } = await teardown.batchHandle(batchId).describe();
  const n = memo?.[DUPLICATES_MEMO];
  return typeof n === 'number' ? n : 0;
}

export async function cancelBatch(
  teardown: TeardownClient,
  batchId: string,
  o: Output,
  options: CancelBatchOptions = {},
): Promise<number> {
  const answer = await batchExists(batchId, () => teardown.cancelBatch(batchId, options));
  if (answer === 'already_finished') {
    const { status } = await teardown.batchHandle(batchId).describe();
    o.out.write(`Batch ${printable(batchId)} has already ended (${status.name.toLowerCase()}); nothing to cancel.\n`);
    return EXIT.allDone;
  }
  if (answer === 'stuck') {
    o.err.write(
      `Batch ${printable(batchId)} cannot act on the cancel: its workflow task keeps failing, so no code of the batch runs (see it with \`temporal workflow describe\`). \`teardown cancel ${printable(batchId)} --terminate-if-stuck\` ends it; deletes in flight are then not reported.\n`,
    );
    return EXIT.notFinished;
  }
  if (answer === 'terminated') {
    o.out.write(
      `Terminated ${printable(batchId)}: its workflow task kept failing. Deletes in flight at that moment are not reported; \`teardown report ${printable(batchId)}\` shows the pages it wrote.\n`,
    );
    return EXIT.allDone;
  }
  say(o, `Cancelling ${batchId}: deletes in flight finish, the rest are not sent…`);
  const report = await teardown.batchHandle(batchId).result();
  if (o.json) o.out.write(`${printableJson({ batchId, ...report.progress })}\n`);
  else
    o.out.write(
      `Cancelled ${printable(batchId)}. ${summaryOf(report.progress)}\nTo finish the rest: teardown batch <its targets file> --resume ${printable(batchId)}\n`,
    );
  return EXIT.allDone;
}
