// CAMS message QR codes' live state, read only: one ListPhoneMessageQrdl per phone number (and space) answers for
// every code of that number, paced by the client's (or the task queue's) 5/s budget like the deletes.
import { observed, type PlanVerdict } from '../../plan/plan.js';
import type { AlibabaCamsClient } from './client.js';
import type { ListMessageQrdlInput } from './types.js';

/** A code the list shows is live; one it does not show, CAMS does not have (deleted or never created). */
export function classifyListedQrdl(listed: boolean): PlanVerdict {
  return listed
    ? { plan: 'delete', reason: 'CAMS lists the QR code for its phone number.', observed: observed({ listed }) }
    : {
        plan: 'not_found',
        reason: 'CAMS does not list the QR code for its phone number (deleted, or never created).',
        observed: observed({ listed }),
      };
}

/** One list for the phone number (and space); a verdict per code, in the order given. */
export async function readQrdlCodes(
  client: AlibabaCamsClient,
  input: ListMessageQrdlInput & { qrdlCodes: readonly string[] },
): Promise<PlanVerdict[]> {
  const listed = new Set((await client.listPhoneMessageQrdl(input)).map((q) => q.QrdlCode));
  return input.qrdlCodes.map((code) => classifyListedQrdl(listed.has(code)));
}
