// Hands targets to a batch that expects pages, in bounded pages and no faster than the batch works through them, so
// neither a signal nor the batch's carried state grows with the size of the source. The CLI's `teardown batch` and
// `TeardownClient.startBatch` for big arrays both hand over through `feedBatch`.
import { setTimeout as sleep } from 'node:timers/promises';
import { msToNumber } from '@temporalio/common/lib/time.js';
import { TeardownValidationError } from '@teardown/core';
import type { Target } from './targets.js';
import { DEFAULT_FEEDER_LEASE, type BatchProgress } from './workflows/definitions.js';

/** Targets per page at most: one `addTargets` signal each. */
export const PAGE_TARGETS = 500;
/**
 * A page's JSON at most, far below Temporal's 512 KB payload warning (and its 2 MB blob limit): a page of long targets
 * ends before PAGE_TARGETS.
 */
export const PAGE_BYTES = 256 * 1024;
/**
 * Targets handed to a batch that no delete has taken yet (its `queued` progress), by default: what a batch carries
 * across continue-as-new stays this small whatever the source's size.
 */
export const MAX_WAITING = 5000;
const POLL_MS = 500;
const FEEDER_LEASE_RULE = 'A feeder lease is a duration of at least 1 second, like "2 minutes" or 120000 (ms).';

/** A batch's `feederLease` in ms, or a validation error naming the field before anything starts. */
export function checkedLeaseMs(feederLease: string | number | undefined): number {
  let ms = Number.NaN;
  try {
    ms = msToNumber(feederLease ?? DEFAULT_FEEDER_LEASE);
  } catch {
    // refused below, naming the field
  }
  if (!(ms >= 1000)) throw new TeardownValidationError(undefined, 'batchDelete', 'feederLease', FEEDER_LEASE_RULE);
  return ms;
}

/** Groups targets into pages of at most PAGE_TARGETS targets and PAGE_BYTES bytes of JSON. */
export async function* targetPages(targets: AsyncIterable<Target> | Iterable<Target>): AsyncGenerator<Target[], void> {
  let page: Target[] = [];
  let bytes = 0;
  for await (const target of targets) {
    const size = Buffer.byteLength(JSON.stringify(target)) + 1;
    if (page.length === PAGE_TARGETS || (page.length > 0 && bytes + size > PAGE_BYTES)) {
      yield page;
      page = [];
      bytes = 0;
    }
    page.push(target);
    bytes += size;
  }
  if (page.length > 0) yield page;
}

export interface FeedOptions {
  /** Targets the batch may hold that no delete has taken yet. Default MAX_WAITING. */
  maxWaiting?: number;
  /** Stops the hand-over between pages (the batch is closed all the same unless `close` is false). */
  signal?: AbortSignal;
  /** Close the batch when the hand-over ends, however it ends. Default true. */
  close?: boolean;
  /** The batch's `feederLease` in milliseconds: the feeder renews it at a quarter of it while it has no page to send. */
  leaseMs: number;
}

export interface BatchFeed {
  /** Targets this feed handed over. */
  handedOver: number;
  /** Every target of the source was handed over. */
  complete: boolean;
  /**
   * Why it stopped short: `abort`, the caller's signal; `batch`, the batch stopped taking targets (closed or cancelled
   * elsewhere, or its feeder lease expired while this feeder could not reach it).
   */
  stoppedBy?: 'abort' | 'batch';
  /** With `stoppedBy: 'batch'`: the targets the batch holds in all, as it reports (its `total`). */
  received?: number;
}

/** What the feeder needs of a batch (TeardownClient provides it). */
export interface FedBatch {
  progress(): Promise<BatchProgress>;
  add(targets: Target[]): Promise<void>;
  renewLease(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Targets the batch holds that no delete has taken yet; from workers that do not report them, `remaining` (which also
 * counts the targets of chunks in flight).
 */
const waitingIn = (p: BatchProgress) => p.queued ?? Object.values(p.providers).reduce((n, r) => n + r.remaining, 0);

/** Hands `source` over page by page as the batch makes room; see FeedOptions. */
export async function feedBatch(
  batch: FedBatch,
  source: AsyncIterable<Target> | Iterable<Target>,
  { maxWaiting = MAX_WAITING, signal, close = true, leaseMs }: FeedOptions,
): Promise<BatchFeed> {
  let handedOver = 0;
  // Room as last read from the batch less what was handed over since. The first pages go without a read: a query that
  // reaches a workflow mid-task can wait for its next task. A caller that handed some over already says so by maxWaiting.
  let room = maxWaiting;
  let sentAt = Date.now();
  const renewEvery = Math.max(250, leaseMs / 4);
  // A timer, not the loop: the feeder may be waiting for room or for its source (a slow pipe) for any length of time.
  const renewal = setInterval(() => {
    if (Date.now() - sentAt < renewEvery) return;
    sentAt = Date.now();
    batch.renewLease().catch(() => undefined); // the next renewal or page tries again
  }, renewEvery / 2);
  const stoppedByBatch = (p: BatchProgress): BatchFeed => ({
    handedOver,
    complete: false,
    stoppedBy: 'batch',
    received: p.total,
  });
  try {
    for await (const page of targetPages(source)) {
      while (!signal?.aborted && room < page.length) {
        const progress = await batch.progress();
        if (progress.closed) return stoppedByBatch(progress);
        room = maxWaiting - waitingIn(progress);
        if (room < page.length) await sleep(POLL_MS, undefined, { signal }).catch(() => undefined);
      }
      if (signal?.aborted) return { handedOver, complete: false, stoppedBy: 'abort' };
      await batch.add(page);
      sentAt = Date.now();
      handedOver += page.length;
      room -= page.length;
    }
    // A batch that closed without us dropped the pages that came after: say so rather than claim them handed over.
    if (handedOver > 0) {
      const progress = await batch.progress();
      if (progress.closed) return stoppedByBatch(progress);
    }
    return { handedOver, complete: true };
  } finally {
    clearInterval(renewal);
    if (close) await batch.close();
  }
}
