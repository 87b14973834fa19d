// What a plan says about one target before anything is deleted: its class, why, and what the provider showed. Pure.
import { PROVIDER_CODE_MAX_BYTES, capBytes } from '../provider-text.js';
import type { TeardownError } from '../errors.js';

/**
 * `delete`: live, a delete would be sent. `already_gone`: the provider shows it deleted or cancelled. `not_found`: the
 * provider does not have it. `blocked`: the provider would refuse the delete. `protected`: on the protect list, never
 * read or sent anything. `unverified`: nothing could show whether it exists (epap has no read, or the read failed).
 */
export const PLAN_CLASSES = ['delete', 'already_gone', 'not_found', 'blocked', 'protected', 'unverified'] as const;
export type PlanClass = (typeof PLAN_CLASSES)[number];

/** What a read showed, in the provider's words (each value capped: it is provider text bound for a Temporal payload). */
export interface Observed {
  state?: string;
  stateReason?: string;
  usageMode?: string;
  paidAmount?: number;
  updatedAt?: string;
  expiresAt?: string;
  /** CAMS: whether ListPhoneMessageQrdl listed the code. */
  listed?: boolean;
  /** The provider's error code of a read that answered "no such target". */
  code?: string;
  /** The provider's request or log id of the read, when it sent one. */
  requestId?: string;
}

export interface PlanVerdict {
  plan: PlanClass;
  reason: string;
  observed: Observed;
}

/** `observed` with every string capped and empty fields left out. */
export function observed(fields: Observed): Observed {
  const out: Observed = {};
  for (const [key, value] of Object.entries(fields) as [keyof Observed, unknown][]) {
    if (value === undefined || value === null) continue;
    (out as Record<string, unknown>)[key] =
      typeof value === 'string' ? capBytes(value, PROVIDER_CODE_MAX_BYTES) : value;
  }
  return out;
}

/** The verdict of a read that the provider answered "no such target" (a core `not_found` error). */
export function notFoundVerdict(what: string, error: Pick<TeardownError, 'code' | 'requestId'>): PlanVerdict {
  return {
    plan: 'not_found',
    reason: `The provider has no such ${what} (a mistyped ID, or deleted long ago).`,
    observed: observed({ code: error.code, requestId: error.requestId }),
  };
}

/** A read that failed for another reason shows nothing either way: the target stays `unverified`, and says why. */
export function readFailedVerdict(error: unknown): PlanVerdict {
  const fields = (error ?? {}) as { code?: unknown; name?: unknown; requestId?: unknown };
  const code = typeof fields.code === 'string' ? fields.code : typeof fields.name === 'string' ? fields.name : 'Error';
  const requestId = typeof fields.requestId === 'string' ? fields.requestId : undefined;
  return {
    plan: 'unverified',
    reason: `The read failed (${capBytes(code, PROVIDER_CODE_MAX_BYTES)}): nothing shows whether it exists.`,
    observed: observed({ code, requestId }),
  };
}

/**
 * Whether a target is on the protect list: `identity` (the target's text form) equals an entry or starts with one, or
 * one of its `ids` does. Entries are exact text: a prefix protects every ID it begins.
 */
export function isProtected(identity: string, ids: readonly string[], protect: readonly string[]): boolean {
  return protect.some((p) => p !== '' && (identity.startsWith(p) || ids.some((id) => id.startsWith(p))));
}
