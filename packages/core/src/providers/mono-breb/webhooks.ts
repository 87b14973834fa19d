// Mono webhook signatures (`Mono-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]`): pure functions, clock passed in.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MONO_SIGNATURE_HEADER = 'mono-signature';

export type MonoSignatureFailure = 'malformed_header' | 'no_matching_signature' | 'timestamp_outside_tolerance';

export type MonoSignatureVerification =
  | { valid: true; timestamp: number }
  | { valid: false; reason: MonoSignatureFailure };

export interface VerifyMonoSignatureOptions {
  /** Accept timestamps at most this far from `now`, either way. Default 300. */
  toleranceSeconds?: number;
  /** Current time in epoch milliseconds. Default `Date.now()`. */
  now?: number;
}

function hmacHex(secret: string, timestamp: string, rawBody: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** Builds the header Mono would send for `rawBody` at `timestampSeconds` (the sandbox and tests use it). */
export function signMonoWebhook(rawBody: string | Uint8Array, secret: string, timestampSeconds: number): string {
  const t = String(Math.floor(timestampSeconds));
  return `t=${t},v1=${hmacHex(secret, t, rawBody)}`;
}

/**
 * Verifies a `Mono-Signature` header over the raw request bytes (never re-serialised JSON).
 * Valid when any `v1` matches (secret rotation); compared in constant time; stale or future timestamps rejected.
 */
export function verifyMonoSignature(
  rawBody: string | Uint8Array,
  header: string | undefined,
  secret: string,
  { toleranceSeconds = 300, now = Date.now() }: VerifyMonoSignatureOptions = {},
): MonoSignatureVerification {
  let t: string | undefined;
  const candidates: string[] = [];
  for (const part of (header ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') t = value;
    else if (key === 'v1') candidates.push(value);
  }
  if (t === undefined || !/^\d{1,12}$/.test(t) || candidates.length === 0) return { valid: false, reason: 'malformed_header' };
  const timestamp = Number(t);
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return { valid: false, reason: 'timestamp_outside_tolerance' };
  const expected = Buffer.from(hmacHex(secret, t, rawBody), 'hex');
  const matches = candidates.some((candidate) => {
    if (!/^[0-9a-f]{64}$/i.test(candidate)) return false;
    return timingSafeEqual(expected, Buffer.from(candidate, 'hex'));
  });
  return matches ? { valid: true, timestamp } : { valid: false, reason: 'no_matching_signature' };
}
