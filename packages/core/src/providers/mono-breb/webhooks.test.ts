import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TeardownValidationError } from '../../errors.js';
import { monoWebhookDedupeKey, parseMonoWebhook, signMonoWebhook, verifyMonoSignature } from './webhooks.js';

const secret = 'whsec_test';
const body =
  '{"event":{"type":"collection.discarded","data":{"id":"bbcol_5tgliBmzjZ6mpQPRbQjfKj","state":"discarded","state_reason":"deleted"}},"timestamp":"2026-01-01T00:00:00Z"}';
const t = 1_767_225_600; // 2026-01-01T00:00:00Z
const now = t * 1000;
const hmac = (s: string, ts: number, b: string) => createHmac('sha256', s).update(`${ts}.${b}`).digest('hex');

describe('verifyMonoSignature', () => {
  it('accepts the signature Mono computes: hex HMAC-SHA256 of "<t>.<raw body>"', () => {
    const header = `t=${t},v1=${hmac(secret, t, body)}`;
    expect(signMonoWebhook(body, secret, t)).toBe(header);
    expect(verifyMonoSignature(body, header, secret, { now })).toEqual({ valid: true, timestamp: t });
    expect(verifyMonoSignature(Buffer.from(body), header, secret, { now })).toEqual({ valid: true, timestamp: t });
  });

  it('rejects a tampered body, even one that re-serialises to the same JSON', () => {
    const header = signMonoWebhook(body, secret, t);
    expect(verifyMonoSignature(body.replace('deleted', 'expired'), header, secret, { now })).toEqual({
      valid: false,
      reason: 'no_matching_signature',
    });
    expect(verifyMonoSignature(JSON.stringify(JSON.parse(body), null, 1), header, secret, { now })).toEqual({
      valid: false,
      reason: 'no_matching_signature',
    });
  });

  it('rejects the wrong secret', () => {
    expect(verifyMonoSignature(body, signMonoWebhook(body, 'other', t), secret, { now })).toEqual({
      valid: false,
      reason: 'no_matching_signature',
    });
  });

  it('rejects stale and future timestamps beyond the tolerance, accepts them within', () => {
    const header = signMonoWebhook(body, secret, t);
    expect(verifyMonoSignature(body, header, secret, { now: now + 301_000 })).toEqual({
      valid: false,
      reason: 'timestamp_outside_tolerance',
    });
    expect(verifyMonoSignature(body, header, secret, { now: now - 301_000 })).toEqual({
      valid: false,
      reason: 'timestamp_outside_tolerance',
    });
    expect(verifyMonoSignature(body, header, secret, { now: now + 299_000 }).valid).toBe(true);
    expect(verifyMonoSignature(body, header, secret, { now: now + 3_600_000, toleranceSeconds: 3600 }).valid).toBe(
      true,
    );
  });

  it('accepts any of several v1 signatures (secret rotation)', () => {
    const header = `t=${t},v1=${hmac('old', t, body)},v1=${hmac(secret, t, body)}`;
    expect(verifyMonoSignature(body, header, secret, { now }).valid).toBe(true);
    expect(verifyMonoSignature(body, header, 'old', { now }).valid).toBe(true);
    expect(verifyMonoSignature(body, header, 'neither', { now }).valid).toBe(false);
  });

  it.each([undefined, '', 'garbage', `v1=${'a'.repeat(64)}`, `t=${t}`, `t=abc,v1=${'a'.repeat(64)}`, `t=${t},v1=zz`])(
    'rejects the malformed header %j',
    (header) => {
      const result = verifyMonoSignature(body, header, secret, { now });
      expect(result.valid).toBe(false);
    },
  );
});

describe('parseMonoWebhook', () => {
  it('parses the documented envelope and keys deliveries by type, id, state and timestamp', () => {
    const event = parseMonoWebhook(body);
    expect(event.event.type).toBe('collection.discarded');
    expect(event.event.data.id).toBe('bbcol_5tgliBmzjZ6mpQPRbQjfKj');
    expect(monoWebhookDedupeKey(event)).toBe(
      'collection.discarded|bbcol_5tgliBmzjZ6mpQPRbQjfKj|discarded|2026-01-01T00:00:00Z',
    );
  });

  it.each([
    ['not json', 'body'],
    ['[]', 'body'],
    ['{"timestamp":"2026-01-01T00:00:00Z"}', 'event'],
    ['{"event":{"data":{"id":"x"}},"timestamp":"2026-01-01T00:00:00Z"}', 'event.type'],
    ['{"event":{"type":"collection.ready"},"timestamp":"2026-01-01T00:00:00Z"}', 'event.data'],
    ['{"event":{"type":"collection.ready","data":{}},"timestamp":"2026-01-01T00:00:00Z"}', 'event.data.id'],
    ['{"event":{"type":"collection.ready","data":{"id":"x"}},"timestamp":"soon"}', 'timestamp'],
  ])('rejects %s naming the field %s', (raw, field) => {
    expect(() => parseMonoWebhook(raw)).toThrow(TeardownValidationError);
    try {
      parseMonoWebhook(raw);
    } catch (e) {
      expect((e as TeardownValidationError).field).toBe(field);
    }
  });
});
