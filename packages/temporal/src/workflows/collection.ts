// Deleting a Mono collection and waiting, read-confirmed, until Mono has discarded its key.
import { ApplicationFailure, condition, patched, setHandler } from '@temporalio/workflow';
import { msToNumber, type Duration } from '@temporalio/common/lib/time.js';
import { requestOptionsOf } from '@teardown/core/pure';
import { FAILURE_TYPES } from '../failures.js';
import { specOf } from '../kinds/index.js';
import {
  collectionDiscardedSignal,
  stepQuery,
  type CollectionStep,
  type DeleteCollectionInput,
  type DeleteCollectionResult,
} from './definitions.js';
import { provider, requestOf, failureTypeOf } from './delete.js';

/**
 * Workflows that passed a discard signal before this patch believed it as it came; their histories must replay that
 * way (test/histories/deleteCollection-signal.json). Newer ones confirm every signal by a read.
 */
const DISCARD_CONFIRMED_BY_READ = 'teardown-discard-confirmed-by-read';

/**
 * Deletes a Mono collection and waits until Mono has really cancelled its key. A `collectionDiscarded` signal (sent by
 * apps/webhooks on `collection.discarded`) only prompts a read: a webhook from an earlier life of the collection, a
 * redelivery or a mistaken signal must not end the wait, so the discard is believed when a read after our own delete
 * shows it, and reported with Mono's own time of it. Because webhooks get lost, it also reads every `pollInterval`.
 */
export async function deleteCollection(input: DeleteCollectionInput): Promise<DeleteCollectionResult> {
  let step: CollectionStep = 'reading';
  let unconfirmed: string | undefined; // a signal's timestamp that no read has checked yet
  setHandler(stepQuery, () => step);
  setHandler(collectionDiscardedSignal, ({ timestamp }) => {
    unconfirmed ??= timestamp;
  });
  const { target, options } = requestOf(specOf('mono-collection'), input);
  const { collectionId } = target;

  const before = await provider.getCollection({ collectionId }).catch((error: unknown) => {
    if (options.notFound === 'done' && failureTypeOf(error) === 'collection_not_found') return undefined;
    throw error;
  });
  if (!before) {
    step = 'done';
    return { target, outcome: 'not_found', reason: 'collection_not_found', qrCodesCancelled: 0 };
  }
  if (before.state === 'discarded') {
    step = 'done';
    return {
      target,
      outcome: 'already_gone',
      reason: 'collection_discarded',
      discardedAt: before.updated_at,
      observedVia: 'already',
      qrCodesCancelled: 0,
    };
  }
  if (before.paid_amount.amount > 0) {
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.hasPayments,
      nonRetryable: true,
      message: `Collection ${collectionId} has successful payments and cannot be deleted`,
    });
  }

  let qrCodesCancelled = 0;
  if (options.cancelActiveQrCodes) {
    step = 'cancelling-qr-codes';
    const active = await provider.listQrCodes({
      collectionId,
      canceled: false,
      usageMode: 'single_use',
    });
    const results = await Promise.all(
      active.map((qr) =>
        provider.cancelQrCode({ target: { kind: 'mono-qr', collectionId, qrCodeId: qr.id }, options: {} }),
      ),
    );
    qrCodesCancelled = results.filter((r) => r.outcome === 'deleted').length;
  }

  step = 'deleting';
  const deleted = await provider.deleteCollection({ target, options: requestOptionsOf(options) });
  const done = (discardedAt: string, observedVia: DeleteCollectionResult['observedVia']): DeleteCollectionResult => {
    step = 'done';
    return {
      target,
      outcome: deleted.outcome,
      ...(deleted.reason && { reason: deleted.reason }),
      discardedAt,
      observedVia,
      qrCodesCancelled,
    };
  };

  // A signal that came before this point is still pending: it prompts the first read, which cannot predate the delete.
  step = 'awaiting-discard';
  const deadline = Date.now() + msOf(options.discardTimeout ?? '24 hours');
  const poll = msOf(options.pollInterval ?? '1 minute');
  for (;;) {
    const wait = Math.min(poll, deadline - Date.now());
    if (wait <= 0) {
      throw ApplicationFailure.create({
        type: FAILURE_TYPES.discardTimeout,
        nonRetryable: true,
        message: `Collection ${collectionId} was deleted but not discarded within the timeout`,
      });
    }
    const signalled = await condition(() => unconfirmed !== undefined, wait);
    if (signalled && !patched(DISCARD_CONFIRMED_BY_READ)) return done(unconfirmed!, 'webhook');
    unconfirmed = undefined;
    const read = await provider.getCollection({ collectionId });
    if (read.state === 'discarded') return done(read.updated_at, signalled ? 'webhook' : 'poll');
  }
}

/**
 * Durations as Temporal reads them (`msToNumber`: milliseconds, or text such as '1 minute' or '24h'). A duration it
 * cannot read fails this workflow as a validation error: thrown as is, its TypeError would fail the workflow task and
 * retry it forever.
 */
function msOf(duration: Duration): number {
  try {
    return msToNumber(duration);
  } catch {
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.validationError,
      nonRetryable: true,
      message: `Invalid duration: ${String(duration)}`,
    });
  }
}
