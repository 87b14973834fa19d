// Mono webhook signatures (`Mono-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]`): pure functions, clock passed in.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { TeardownValidationError } from '../../errors.js';
import { isRecord } from '../../json.js';
import type { MonoWebhookEvent } from './types.js';

export const MONO_SIGNATURE_HEADER = 'mono-signature';

export type MonoSignatureFailure = 'malformed_header' | 'no_matching_signature' | 'timestamp_outside_tolerance';

export type MonoSignatureVerification =
  { valid: true; timestamp: number } | { valid: false; reason: MonoSignatureFailure };

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
  if (t === undefined || !/^\d{1,12}$/.test(t) || candidates.length === 0)
    return { valid: false, reason: 'malformed_header' };
  const timestamp = Number(t);
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds)
    return { valid: false, reason: 'timestamp_outside_tolerance' };
  const expected = Buffer.from(hmacHex(secret, t, rawBody), 'hex');
  const matches = candidates.some((candidate) => {
    if (!/^[0-9a-f]{64}$/i.test(candidate)) return false;
    return timingSafeEqual(expected, Buffer.from(candidate, 'hex'));
  });
  return matches ? { valid: true, timestamp } : { valid: false, reason: 'no_matching_signature' };
}

/** Parses Mono's webhook envelope from the raw body; throws a validation error naming the field at fault. */
export function parseMonoWebhook(rawBody: string | Uint8Array): MonoWebhookEvent {
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  const invalid = (field: string, rule: string) =>
    new TeardownValidationError('mono-breb', 'parseMonoWebhook', field, rule);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid('body', 'must be valid JSON');
  }
  if (!isRecord(json)) throw invalid('body', 'must be a JSON object');
  const { event, timestamp } = json;
  if (!isRecord(event)) throw invalid('event', 'must be an object');
  if (typeof event.type !== 'string' || event.type === '') throw invalid('event.type', 'must be a non-empty string');
  if (!isRecord(event.data)) throw invalid('event.data', 'must be an object');
  if (typeof event.data.id !== 'string' || event.data.id === '')
    throw invalid('event.data.id', 'must be a non-empty string');
  if (typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp)))
    throw invalid('timestamp', 'must be an ISO 8601 date-time string');
  return json as unknown as MonoWebhookEvent;
}

/** Mono sends no event id: a delivery is identified by (type, data.id, data.state, timestamp). */
export function monoWebhookDedupeKey(event: MonoWebhookEvent): string {
  return [event.event.type, event.event.data.id, event.event.data.state ?? '', event.timestamp].join('|');
}
