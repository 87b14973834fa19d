// Mono Bre-B's live state, read only, as plan verdicts: GET the QR code or the collection and classify what it shows.
import { TeardownError } from '../../errors.js';
import { notFoundVerdict, observed, type PlanVerdict } from '../../plan/plan.js';
import type { CollectionRef, MonoBrebClient, QrCodeRef } from './client.js';
import type { MonoCollection, MonoQrCode } from './types.js';

/** A cancelled QR code is already gone; a static one cannot be cancelled (Mono answers qr_not_dynamic); else live. */
export function classifyQrCode(qr: MonoQrCode): PlanVerdict {
  const seen = observed({
    state: qr.canceled ? 'canceled' : 'active',
    usageMode: qr.usage_mode,
    updatedAt: qr.updated_at,
    expiresAt: qr.expires_at ?? undefined,
  });
  if (qr.canceled) return { plan: 'already_gone', reason: 'Mono shows the QR code cancelled.', observed: seen };
  if (qr.usage_mode !== 'single_use')
    return {
      plan: 'blocked',
      reason: 'Only dynamic (single_use) QR codes can be cancelled: Mono would refuse with qr_not_dynamic.',
      observed: seen,
    };
  return { plan: 'delete', reason: 'Mono shows the QR code active.', observed: seen };
}

/**
 * A discarded collection is already gone; a failed one, or one with payments, Mono refuses to delete
 * (collection_invalid_state, has_payments); any other state is live.
 */
export function classifyCollection(c: MonoCollection): PlanVerdict {
  const paid = c.paid_amount?.amount ?? 0;
  const seen = observed({
    state: c.state,
    stateReason: c.state_reason ?? undefined,
    paidAmount: paid,
    updatedAt: c.updated_at,
  });
  if (c.state === 'discarded' || c.state_reason === 'deleted')
    return { plan: 'already_gone', reason: 'Mono shows the collection discarded.', observed: seen };
  if (c.state === 'failed')
    return {
      plan: 'blocked',
      reason: 'The collection failed: Mono would refuse with collection_invalid_state.',
      observed: seen,
    };
  if (paid > 0)
    return {
      plan: 'blocked',
      reason: 'The collection has payments: Mono would refuse with has_payments.',
      observed: seen,
    };
  return { plan: 'delete', reason: `Mono shows the collection ${c.state}, with no payments.`, observed: seen };
}

/** Reads one QR code (GET, scope collections:readonly). Errors other than "no such QR code" are thrown. */
export async function readQrCode(client: MonoBrebClient, ref: QrCodeRef): Promise<PlanVerdict> {
  return notFoundAs('QR code', () => client.getQrCode(ref).then(classifyQrCode));
}

/** Reads one collection (GET, scope collections:readonly). Errors other than "no such collection" are thrown. */
export async function readCollection(client: MonoBrebClient, ref: CollectionRef): Promise<PlanVerdict> {
  return notFoundAs('collection', () => client.getCollection(ref).then(classifyCollection));
}

async function notFoundAs(what: string, read: () => Promise<PlanVerdict>): Promise<PlanVerdict> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof TeardownError && error.classification === 'not_found') return notFoundVerdict(what, error);
    throw error;
  }
}
