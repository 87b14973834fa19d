// Names and shapes shared by workflows and their callers: signals, queries, inputs, results. No runtime imports
// beyond @temporalio/workflow's define* helpers, which are safe on both sides.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DeleteOutcome, DeleteRequest, Provider, RequestOptions } from '@teardown/core';
import type { Target, TargetKind, TargetOf } from '../kinds/index.js';

/** The workflows, and the activities of every kind without a task queue of its own (ACTIVITY_QUEUE_OF). */
export const TASK_QUEUE = 'teardown';
/**
 * Targets per chunk activity. Big enough that Temporal's work per chunk (about six history events, and a workflow task
 * before the lane's next chunk starts, 20–100 ms on a busy worker) is small beside its deletes — on the bench a chunk
 * of 500 lasts about 0.6 s at 2 deletes in flight; batches ran at 0.58–0.63× the plain loop with chunks of 500 against
 * 0.51–0.60× with 250, and write about 15 history events per 1,000 targets — and small enough that a chunk's input and
 * result payloads stay far below Temporal's limits (about 70 KB and 10 KB), its heartbeated checkpoint about 10 KB, and
 * a chunk against a slow provider (500 × 200 ms / 2) under a minute. Batches that started before it was 500 keep 250.
 */
export const CHUNK_SIZE = 500;

/** @deprecated The caller's delete options: core's `RequestOptions` (the same settings, documented there). */
export type DeleteTargetInput = RequestOptions;

/**
 * What a single-target workflow takes: the request (`{ target, options }`), or the flattened `DeleteInput` that
 * clients before it sent (still accepted: such workflows may be running, and their histories must replay).
 */
export type DeleteWorkflowInput<K extends TargetKind, O extends DeleteTargetInput = DeleteTargetInput> =
  DeleteRequest<TargetOf<K>, O> | (DeleteInput<K> & O);

/** @deprecated The flattened input (the target's fields beside the options): start with `{ target, options }`. */
export type DeleteInput<K extends TargetKind> = Omit<TargetOf<K>, 'kind'> & { kind?: K } & DeleteTargetInput;

export interface DeleteTargetResult {
  target: Target;
  outcome: DeleteOutcome;
  reason?: string;
  requestId?: string;
}

export type CollectionStep = 'reading' | 'cancelling-qr-codes' | 'deleting' | 'awaiting-discard' | 'done';

export type DeleteCollectionInput = DeleteWorkflowInput<'mono-collection', DeleteTargetInput & CollectionOptions>;

export interface CollectionOptions {
  /** Cancel the collection's active dynamic QR codes first. Default false. */
  cancelActiveQrCodes?: boolean;
  /** How often to read the collection while waiting for the discard webhook. Default '1 minute'. */
  pollInterval?: string | number;
  /** Give up waiting for the discard after this long. Default '24 hours'. */
  discardTimeout?: string | number;
}

export interface DeleteCollectionResult extends DeleteTargetResult {
  /**
   * When Mono discarded the collection, by Mono's own record (the discarded collection's `updated_at`, ISO 8601).
   * Absent, like `observedVia`, only for `not_found` (with `notFound: 'done'`): Mono has no such collection.
   */
  discardedAt?: string;
  /**
   * What prompted the read that showed the collection discarded: `webhook`, a collection.discarded signal; `poll`, the
   * `pollInterval`; `already`, it was discarded before we started. A signal alone is never taken as the discard.
   */
  observedVia?: 'webhook' | 'poll' | 'already';
  qrCodesCancelled: number;
}

export interface CollectionDiscardedSignal {
  /** The webhook's timestamp, kept in the workflow's history; the discard is confirmed (and timed) by a read. */
  timestamp: string;
}

export const collectionDiscardedSignal = defineSignal<[CollectionDiscardedSignal]>('collectionDiscarded');
export const stepQuery = defineQuery<CollectionStep>('step');

/** `cancelled`: the batch was cancelled before this item was tried; nothing was sent for it. */
export type ItemOutcome = DeleteOutcome | 'failed' | 'cancelled';

/**
 * Most bytes (UTF-8) of an item's `message`, cut with a marker: core's error message around a provider message of up to
 * 512 bytes mostly fits. A failed item then weighs under 1 KB in a chunk's result, its heartbeat or a page, so a chunk
 * of 500 failures stays under Temporal's 512 KB payload warning.
 */
export const ITEM_MESSAGE_MAX_BYTES = 640;

export interface BatchItemResult {
  target: Target;
  outcome: ItemOutcome;
  /** The provider's error code (or ours) for failed items; the already-gone signal otherwise. */
  code?: string;
  message?: string;
}

export interface ProviderProgress {
  done: number;
  alreadyGone: number;
  /** Not found at the provider, with `notFound: 'done'` (otherwise such items are `failed`). */
  notFound: number;
  /**
   * Not found at the provider after an attempt of ours that may have deleted them, with nothing to show they existed:
   * deleted by us or never there. Absent from counts carried by runs before it existed.
   */
  unconfirmed: number;
  failed: number;
  /** Never tried because the batch was cancelled. */
  cancelled: number;
  remaining: number;
}

export interface BatchProgress {
  total: number;
  providers: Record<Provider, ProviderProgress>;
  /** Items finished per second since the batch started. */
  rate: number;
  /**
   * Targets the batch holds that no delete has taken yet (part of `remaining`, which also counts what is in flight):
   * what a feeder such as `teardown batch` keeps bounded. Absent from batches run by workers before it existed.
   */
  queued?: number;
  startedAt: string;
  /** No more pages will be added. */
  closed: boolean;
  /** `cancelBatch` arrived: items in flight finish, the rest are reported `cancelled`. */
  cancelled: boolean;
  finished: boolean;
  /**
   * Present (true) when the batch closed itself because its feeder went quiet for `feederLease`: it finishes what it
   * holds, and `total` is where the hand-over stopped (the targets it received).
   */
  feederLost?: true;
}

export interface BatchDeleteInput extends DeleteTargetInput {
  targets: Target[];
  /** Parallel deletes per provider. Default 8 (CAMS is held to 5/s by its task queue whatever this is). */
  concurrency?: number;
  /**
   * How long one delete attempt may run before Temporal retries it elsewhere — also how long items that a crashed
   * worker was running wait before they are retried. Default '2 minutes'.
   */
  activityTimeout?: string;
  /**
   * Mono and epap targets are deleted in chunks: one activity settles up to this many targets of one provider, with
   * `concurrency` deletes in flight, heartbeating a checkpoint after each. Default CHUNK_SIZE.
   */
  chunkSize?: number;
  /**
   * How long a chunk may go without a heartbeat before Temporal takes its worker for dead and the chunk is retried from
   * its checkpoint. Default '5 seconds' (a chunk heartbeats at least every second).
   */
  heartbeatTimeout?: string;
  /** When true, the batch waits for `addTargets` pages until `closeBatch`. Default false. */
  expectMorePages?: boolean;
  /**
   * With `expectMorePages`: how long the batch waits for a page or a `renewFeederLease` signal before it takes its
   * feeder for gone (a killed client, a lost machine), closes itself, finishes what it holds and reports `feederLost`.
   * Default DEFAULT_FEEDER_LEASE.
   */
  feederLease?: string | number;
  /**
   * Items per page of results. A chunked run continues as new once it holds 4 pages (or Temporal suggests it); before
   * chunks, after each page. Default 2,000 (4,000 before runs of a second; 500 before chunks).
   */
  itemsPerRun?: number;
  /** Carried across continue-as-new; callers leave it out. */
  carried?: BatchCarried;
}

/** What a batch carries from one run to the next: counts, not items, so its size does not grow with the batch. */
export interface BatchCarried {
  counts: Record<Provider, ProviderCounts>;
  /** Results of earlier runs, recorded as `batchPage` child workflows `<batch workflow id>/page-<n>`, n = 0 … pages-1. */
  pages: number;
  startedAt: string;
  closed: boolean;
  total: number;
  cancelled?: boolean;
  /** Workflow time (ms) of the feeder's last page or lease renewal. */
  feederSeenAt?: number;
  feederLost?: true;
}

export type ProviderCounts = Omit<ProviderProgress, 'remaining'>;

/** Which count of a provider's progress an item's outcome adds to. */
export const COUNTER_OF: Record<ItemOutcome, keyof ProviderCounts> = {
  deleted: 'done',
  already_gone: 'alreadyGone',
  not_found: 'notFound',
  unconfirmed: 'unconfirmed',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** A batch's report: every item's outcome and error code, in the order they finished. */
export interface BatchReport {
  items: BatchItemResult[];
  progress: BatchProgress;
}

/**
 * What the batch workflow itself returns (and its `report` query answers): the items of its last run only, and how
 * many earlier pages of items it recorded. `TeardownClient.batchReport` joins them into a BatchReport.
 */
export interface BatchRunReport extends BatchReport {
  pages: number;
}

export const progressQuery = defineQuery<BatchProgress>('progress');
export const addTargetsSignal = defineSignal<[Target[]]>('addTargets');
export const closeBatchSignal = defineSignal('closeBatch');
/** The feeder is alive though it has no page to send yet (it waits for room, or for its source). */
export const renewFeederLeaseSignal = defineSignal('renewFeederLease');
/** How long a batch that expects pages waits without a page or a lease renewal before it closes itself. */
export const DEFAULT_FEEDER_LEASE = '2 minutes';
/** Stops a batch cleanly: no new item starts, items in flight finish and are reported, the rest are reported `cancelled`. */
export const cancelBatchSignal = defineSignal('cancelBatch');
/** The current run's items and the number of recorded pages, while the batch runs (like the workflow's result). */
export const reportQuery = defineQuery<BatchRunReport>('report');

/** The child workflow ID of a batch's n-th page of results. */
export const batchPageId = (batchWorkflowId: string, n: number) => `${batchWorkflowId}/page-${n}`;
