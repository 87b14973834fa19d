import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TeardownServerError } from './errors.js';
import { PROVIDER_MESSAGE_MAX_BYTES, SCRUBBED, capBytes, scrubber, utf8Bytes } from './provider-text.js';

describe('capping provider text in bytes', () => {
  it('keeps text that fits as it is, and cuts a 4 KB message to the cap with a marker saying how long it was', () => {
    expect(capBytes('The QR code has already been cancelled', 512)).toBe('The QR code has already been cancelled');
    const long = 'é'.repeat(2048); // 4,096 bytes of UTF-8
    const capped = capBytes(long, 512);
    expect(utf8Bytes(capped)).toBeLessThanOrEqual(512);
    expect(capped.endsWith('… [truncated, 4096 bytes]')).toBe(true);
    expect(capped.startsWith('é'.repeat(200))).toBe(true);
  });

  it('never exceeds the cap, never splits a character, and capping twice changes nothing, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), fc.integer({ min: 40, max: 1000 }), (text, max) => {
        const capped = capBytes(text, max);
        expect(utf8Bytes(capped)).toBeLessThanOrEqual(max);
        expect(capBytes(capped, max)).toBe(capped);
        if (capped !== text) expect(text.startsWith(capped.slice(0, capped.lastIndexOf('… [truncated')))).toBe(true);
      }),
    );
    // A pair of surrogates (4 bytes) is kept or dropped whole.
    const emoji = capBytes('😀'.repeat(100), 60);
    expect(emoji).toMatch(/^(😀)+… \[truncated, 400 bytes\]$/);
  });

  it('caps the provider message, code and request id of every error, whatever the provider sent', () => {
    const error = new TeardownServerError({
      provider: 'epap',
      operation: 'deleteReceipt',
      code: 'x'.repeat(5000),
      classification: 'retryable',
      status: 500,
      providerMessage: 'm'.repeat(100_000),
      requestId: 'r'.repeat(5000),
    });
    expect(utf8Bytes(error.providerMessage!)).toBeLessThanOrEqual(PROVIDER_MESSAGE_MAX_BYTES);
    expect(error.providerMessage).toMatch(/… \[truncated, 100000 bytes\]$/);
    expect(utf8Bytes(error.code)).toBeLessThanOrEqual(128);
    expect(utf8Bytes(error.requestId!)).toBeLessThanOrEqual(128);
    expect(utf8Bytes(error.message)).toBeLessThan(1000);
    expect(utf8Bytes(JSON.stringify(error))).toBeLessThan(2048);
  });
});

describe('scrubbing secrets from provider text', () => {
  it('replaces every secret, as sent and as escaped in JSON, the longest first', () => {
    const scrub = scrubber(['s3cr"et', 's3cr"et-and-more', '']);
    expect(scrub('a s3cr"et-and-more b s3cr"et')).toBe(`a ${SCRUBBED} b ${SCRUBBED}`);
    expect(scrub('{"message":"bad secret s3cr\\"et"}')).toBe(`{"message":"bad secret ${SCRUBBED}"}`);
    expect(scrub('nothing here')).toBe('nothing here');
  });
});
