// Arithmetic on a batch's counts, kept out of workflows/definitions.ts: every function the workflows module exports is
// registered as a workflow type, so helpers live here (workflow code imports them; the package index exports them).
import type { ProviderCounts } from './workflows/definitions.js';

/** The counts of a provider's targets that were tried and settled (all but `cancelled` and `remaining`). */
export const triedCount = (c: ProviderCounts): number =>
  c.done + c.alreadyGone + c.notFound + (c.unconfirmed ?? 0) + c.failed;
