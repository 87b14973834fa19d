import { validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TeardownValidationError } from './errors.js';
import {
  HEADER_VALUE_RULE,
  MONO_ID_RULE,
  isHeaderValue,
  isMonoId,
  requireHeaderValue,
  requireMonoId,
} from './validation.js';

const idChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'.split(''));
const prefix = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')),
  minLength: 2,
  maxLength: 7,
});
const monoId = fc.tuple(prefix, fc.string({ unit: idChar, minLength: 22, maxLength: 22 })).map(([p, s]) => `${p}_${s}`);

describe('Mono ID validation', () => {
  it('accepts every ID of the documented shape', () => {
    expect(isMonoId('bbcol_5tgliBmzjZ6mpQPRbQjfKj')).toBe(true);
    fc.assert(fc.property(monoId, (id) => isMonoId(id)));
  });

  it('rejects anything that could steer the request path', () => {
    fc.assert(
      fc.property(monoId, fc.constantFrom('/', '../', '?', '#', '%2F', ' ', '\n'), fc.nat(30), (id, bad, at) => {
        const i = at % (id.length + 1);
        expect(isMonoId(id.slice(0, i) + bad + id.slice(i))).toBe(false);
      }),
    );
    for (const bad of [
      '',
      'bbcol_',
      'b_5tgliBmzjZ6mpQPRbQjfKj',
      'bbcolxxx_5tgliBmzjZ6mpQPRbQjfKj',
      'bbcol_5tgliBmzjZ6mpQPRbQjfK',
      42,
      null,
      undefined,
    ])
      expect(isMonoId(bad)).toBe(false);
  });

  it('names the field and the rule', () => {
    expect(() => requireMonoId('cancelQrCode', 'qrCodeId', '../etc')).toThrow(TeardownValidationError);
    try {
      requireMonoId('cancelQrCode', 'qrCodeId', '../etc');
    } catch (e) {
      const err = e as TeardownValidationError;
      expect([err.field, err.rule, err.code, err.classification]).toEqual([
        'qrCodeId',
        MONO_ID_RULE,
        'validation_error',
        'not_retryable',
      ]);
      expect(err.message).toContain('qrCodeId');
    }
  });
});

describe('epap header value validation', () => {
  it('refuses CR and LF anywhere (header injection), and empty values', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('\r', '\n', '\r\n'), fc.string(), (a, nl, b) => {
        expect(isHeaderValue(a + nl + b)).toBe(false);
      }),
    );
    expect(isHeaderValue('')).toBe(false);
    expect(isHeaderValue('   ')).toBe(false);
    expect(isHeaderValue(7)).toBe(false);
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && !/[\r\n]/.test(s)),
        (s) => isHeaderValue(s),
      ),
    );
    expect(() => requireHeaderValue('epap', 'deleteReceipt', 'epapId', 'a\r\nx-evil: 1')).toThrow(HEADER_VALUE_RULE);
  });

  it('accepts exactly the non-blank values Node can send in a header', () => {
    const nodeSends = (s: string) => {
      try {
        validateHeaderValue('epap_id', s);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(isHeaderValue(s)).toBe(s.trim() !== '' && nodeSends(s));
      }),
      { numRuns: 500 },
    );
    expect(isHeaderValue('receipt-ü')).toBe(true);
    expect(isHeaderValue('receipt-€')).toBe(false);
    expect(isHeaderValue('doc\u0000')).toBe(false);
  });
});
