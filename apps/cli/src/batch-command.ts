// `teardown batch <file>` once the file is checked: start (or `--resume`) a batch, hand the file over while showing
// progress, and on Ctrl-C, SIGTERM or SIGHUP close (or cancel) the hand-over before exiting, in one line.
import { printableJson, printableLines, type NotFoundHandling } from '@teardown/core';
import type { BatchFeed, TeardownClient } from '@teardown/temporal';
import { finish, follow } from './batch.js';
import { EXIT } from './exit.js';
import {
  interruptedExit,
  interruptedLine,
  onInterrupt,
  resumePlan,
  shellWord,
  startBatchFromFile,
  targetCounts,
  type HandOverOptions,
  type Interruption,
} from './handover.js';
import type { FileCheck, InputFormat } from './input.js';
import type { Output } from './output.js';

export interface BatchFlags {
  batchId: string;
  resume?: string;
  concurrency?: number;
  maxWaiting?: number;
  alreadyGoneIsError?: boolean;
  notFound: NotFoundHandling;
  feederLease?: string;
  cancelOnInterrupt?: boolean;
  detach?: boolean;
  /** `batch --dry-run`: plan instead (runPlan), nothing is started. */
  dryRun?: boolean;
}

const line = (o: Output, text: string) => {
  if (!o.json) o.err.write(`${printableLines(text)}\n`);
};

export async function runBatch(
  teardown: TeardownClient,
  file: string,
  format: InputFormat,
  check: FileCheck,
  flags: BatchFlags,
  o: Output,
): Promise<number> {
  // From the start: a signal between here and the end must close the hand-over, not end the process.
  const interrupt = onInterrupt();
  try {
    const options: HandOverOptions = {
      batchId: flags.batchId,
      ...(flags.concurrency !== undefined && { concurrency: flags.concurrency }),
      ...(flags.maxWaiting !== undefined && { maxWaiting: flags.maxWaiting }),
      ...(flags.alreadyGoneIsError && { treatAlreadyGoneAsSuccess: false }),
      ...(flags.feederLease && { feederLease: flags.feederLease }),
      notFound: flags.notFound,
      repeated: check.repeated,
      duplicates: check.duplicateCount,
    };
    if (flags.resume)
      Object.assign(options, await resumePlan(teardown, flags.resume, (l) => line(o, l), interrupt.signal));
    const expected = options.skip ? await targetCounts(file, format, options) : check.byProvider;
    const targets = Object.values(expected).reduce((a, b) => a + b, 0);
    const batchId = options.batchId;
    if (targets === 0) {
      line(o, `Nothing left to hand over: batch ${flags.resume} and those before it received every target of ${file}.`);
      if (o.json) o.out.write(`${printableJson({ batchId: flags.resume, targets: 0 })}\n`);
      return EXIT.allDone;
    }
    const { feed } = await startBatchFromFile(teardown, file, format, options, interrupt.signal);
    const resumed = options.resumes ? `, resuming ${options.resumes}: the ${targets} targets it never received` : '';
    if (flags.detach) {
      const fed = await feed;
      if (interrupt.signal.aborted)
        return interrupted(teardown, interrupt.signal, fed, targets, { file, batchId, flags, o });
      line(o, `Started batch ${batchId} (${targets} targets${resumed}). Follow it with: teardown status ${batchId}`);
      if (o.json) o.out.write(`${printableJson({ batchId, targets })}\n`);
      return EXIT.allDone;
    }
    line(
      o,
      `Started batch ${batchId} (${targets} targets${resumed}). Ctrl-C closes the hand-over; the batch finishes what it has.`,
    );
    const result = await follow(teardown, batchId, o, interrupt.signal, expected);
    const fed = await feed;
    if (result === 'detached')
      return interrupted(teardown, interrupt.signal, fed, targets, { file, batchId, flags, o });
    if (!fed.complete)
      line(
        o,
        `Batch ${batchId} stopped taking targets with ${fed.received ?? fed.handedOver} of ${targets} (its feeder lease ran out, or it was closed or cancelled elsewhere). Hand over the rest with: teardown batch ${shellWord(file)} --resume ${batchId}`,
      );
    return finish(teardown, batchId, result, o);
  } finally {
    interrupt.dispose();
  }
}

/** After the signal: the feed has closed the batch; cancel it if asked, say so in one line, exit 128 + the signal. */
async function interrupted(
  teardown: TeardownClient,
  stop: AbortSignal,
  fed: BatchFeed,
  targets: number,
  { file, batchId, flags, o }: { file: string; batchId: string; flags: BatchFlags; o: Output },
): Promise<number> {
  const signal = stop.reason as Interruption;
  const cancelled = flags.cancelOnInterrupt === true;
  if (cancelled) await teardown.cancelBatch(batchId);
  line(o, interruptedLine({ signal, cancelled, file, batchId }, fed, targets));
  if (o.json)
    o.out.write(
      `${printableJson({ batchId, interrupted: signal, cancelled, handedOver: fed.handedOver, targets, complete: fed.complete })}\n`,
    );
  return interruptedExit(signal);
}
