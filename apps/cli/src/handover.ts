// How a file reaches a batch: `teardown batch <file>` hands it over page by page through TeardownClient.feedBatch;
// `--resume <id>` hands over only the targets an earlier, interrupted run never received; Ctrl-C, SIGTERM and SIGHUP
// close (or cancel) the hand-over and say in one line how to go on.
import { WorkflowNotFoundError } from '@temporalio/client';
import { PROVIDERS, requestOptionsOf, type NotFoundHandling, type Provider } from '@teardown/core';
import {
  PAGE_TARGETS,
  formatTarget,
  specOf,
  type BatchFeed,
  type Target,
  type TeardownClient,
} from '@teardown/temporal';
import { CliError, EXIT } from './exit.js';
import { pagesOf, type InputFormat } from './input.js';

/** The batch memo field that says how many lines of its file were collapsed as duplicates. */
export const DUPLICATES_MEMO = 'teardownDuplicatesCollapsed';
/** The batch memo field naming the batch a `--resume` run continues. */
export const RESUMES_MEMO = 'teardownResumes';

export interface HandOverOptions {
  batchId: string;
  /** Targets handed to the batch that no delete has started yet (its `queued` progress). Default MAX_WAITING. */
  maxWaiting?: number;
  concurrency?: number;
  treatAlreadyGoneAsSuccess?: boolean;
  notFound?: NotFoundHandling;
  /** How long the batch waits for a page or a renewal before it takes this feeder for gone. */
  feederLease?: string;
  /** From the file's check: targets named more than once, collapsed into one. */
  repeated?: ReadonlySet<number>;
  /** Lines collapsed as duplicates, kept with the batch (its memo) for `status` and `report` to say so. */
  duplicates?: number;
  /** Targets (by `formatTarget`) an earlier run of a `--resume` chain received: skipped. */
  skip?: ReadonlySet<string>;
  /** The batch this run resumes (its memo). */
  resumes?: string;
}

const exists = (teardown: TeardownClient, batchId: string) =>
  teardown
    .batchHandle(batchId)
    .describe()
    .then(
      () => true,
      (error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error;
      },
    );

/** The file's distinct targets, less those in `skip`. */
async function* targetsOf(file: string, format: InputFormat, options: HandOverOptions): AsyncGenerator<Target> {
  for await (const page of pagesOf(file, format, PAGE_TARGETS, options.repeated))
    for (const t of page) if (!options.skip?.has(formatTarget(t))) yield t;
}

/** Per provider, the targets `targetsOf` hands over: what progress counts as left while the file goes over. */
export async function targetCounts(
  file: string,
  format: InputFormat,
  options: HandOverOptions,
): Promise<Record<Provider, number>> {
  const counts = Object.fromEntries(PROVIDERS.map((p) => [p, 0])) as Record<Provider, number>;
  for await (const t of targetsOf(file, format, options)) counts[specOf(t.kind).provider]++;
  return counts;
}

/**
 * Starts the batch (refusing a batch id that already exists), then returns while the file is handed over as the batch
 * makes room; `feed` settles once the batch has been closed. Aborting `stop` ends the hand-over and closes the batch
 * with what it has.
 */
export async function startBatchFromFile(
  teardown: TeardownClient,
  file: string,
  format: InputFormat,
  options: HandOverOptions,
  stop?: AbortSignal,
): Promise<{ feed: Promise<BatchFeed> }> {
  if (await exists(teardown, options.batchId))
    throw new CliError(
      `A batch named ${options.batchId} already exists: \`teardown status ${options.batchId}\` shows it; choose another --id, or hand over what it has not received with --resume ${options.batchId}.`,
      EXIT.invalidInput,
    );
  const memo = {
    ...(options.duplicates && { [DUPLICATES_MEMO]: options.duplicates }),
    ...(options.resumes && { [RESUMES_MEMO]: options.resumes }),
  };
  await teardown.startBatch(options.batchId, [], {
    expectMorePages: true,
    ...(Object.keys(memo).length > 0 && { memo }),
    ...requestOptionsOf(options),
    ...(options.feederLease && { feederLease: options.feederLease }),
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
  });
  const feed = teardown.feedBatch(options.batchId, targetsOf(file, format, options), {
    ...(options.maxWaiting !== undefined && { maxWaiting: options.maxWaiting }),
    ...(options.feederLease && { feederLease: options.feederLease }),
    ...(stop && { signal: stop }),
  });
  return { feed };
}

/** `name` and its `name.resume-<n>` successors that exist, oldest first. */
async function chainOf(teardown: TeardownClient, batchId: string): Promise<{ root: string; ids: string[] }> {
  const root = batchId.replace(/\.resume-\d+$/, '');
  if (!(await exists(teardown, root))) throw new CliError(`No batch named ${root}.`, EXIT.invalidInput);
  const ids = [root];
  while (await exists(teardown, `${root}.resume-${ids.length}`)) ids.push(`${root}.resume-${ids.length}`);
  return { root, ids };
}

/**
 * For `--resume <id>`: lets the chain's last batch finish what it holds (closing its hand-over if its feeder is gone),
 * then names the next batch of the chain and the targets to skip: every target any batch of the chain received and
 * did not report `cancelled` (nothing was sent for those). A finished batch is never started again: the rest of the
 * file goes to `<root>.resume-<n>`, so nothing is deleted twice and every report stays true.
 */
export async function resumePlan(
  teardown: TeardownClient,
  batchId: string,
  say: (line: string) => void,
  stop: AbortSignal,
): Promise<{ batchId: string; resumes: string; skip: Set<string> }> {
  const { root, ids } = await chainOf(teardown, batchId);
  const last = ids.at(-1)!;
  const progress = await teardown.batchProgress(last);
  if (!progress.finished) {
    if (!progress.closed) {
      await teardown.closeBatch(last);
      say(`Batch ${last} was still open for targets: closed its hand-over (its feeder is gone).`);
    }
    say(`Waiting for batch ${last} to finish the targets it holds…`);
    // A signal while waiting ends the command: nothing new has started yet.
    const interrupted = new Promise<never>((_, reject) => {
      const fail = () =>
        reject(
          new CliError(
            `Interrupted (${String(stop.reason)}) while batch ${last} finished the targets it holds; nothing new was started. The same command resumes it.`,
            interruptedExit(stop.reason as Interruption),
          ),
        );
      if (stop.aborted) fail();
      else stop.addEventListener('abort', fail, { once: true });
    });
    interrupted.catch(() => undefined); // a signal after the wait is the hand-over's to handle
    await Promise.race([teardown.batchHandle(last).result(), interrupted]);
  }
  const skip = new Set<string>();
  for (const id of ids) {
    for await (const page of teardown.batchItems(id, await teardown.batchRun(id)))
      for (const item of page) if (item.outcome !== 'cancelled') skip.add(formatTarget(item.target));
  }
  return { batchId: `${root}.resume-${ids.length}`, resumes: last, skip };
}

const SIGNAL_NUMBER = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
export type Interruption = keyof typeof SIGNAL_NUMBER;

/**
 * Catches Ctrl-C, SIGTERM and SIGHUP until disposed: `signal` aborts with the signal's name. The listeners stay for the
 * whole command (never `once`): the live display's cursor handling (signal-exit) ends the process on a signal that
 * has no other listener left, before the batch could be closed.
 */
export function onInterrupt(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const listeners = Object.keys(SIGNAL_NUMBER).map((name) => {
    const listener = () => controller.abort(name);
    process.on(name, listener);
    return [name, listener] as const;
  });
  return {
    signal: controller.signal,
    dispose: () => listeners.forEach(([name, listener]) => process.removeListener(name, listener)),
  };
}

/** The exit code of a command ended by a signal: 128 + its number (130 for Ctrl-C, 143 SIGTERM, 129 SIGHUP). */
export const interruptedExit = (name: Interruption) => 128 + SIGNAL_NUMBER[name];

/** A file name as a shell word, for a command the user can paste. */
export const shellWord = (word: string) =>
  /^[\w./@%+=:,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;

/** The one line an interrupted `teardown batch` prints: what it did, how far the hand-over got, how to go on. */
export function interruptedLine(
  how: { signal: Interruption; cancelled: boolean; file: string; batchId: string },
  fed: Pick<BatchFeed, 'handedOver' | 'complete'>,
  targets: number,
): string {
  const { signal, batchId } = how;
  const resume = `teardown batch ${shellWord(how.file)} --resume ${batchId}`;
  if (how.cancelled)
    return `Interrupted (${signal}): cancelled batch ${batchId} with ${fed.handedOver} of ${targets} targets handed over (deletes in flight finish, the rest are reported cancelled and never sent). Finish it with: ${resume}`;
  if (fed.complete)
    return `Interrupted (${signal}): batch ${batchId} has all ${targets} targets and keeps running; follow it with: teardown status ${batchId}`;
  return `Interrupted (${signal}): closed the hand-over of batch ${batchId} at ${fed.handedOver} of ${targets} targets; it finishes those. Hand over the rest with: ${resume}`;
}
