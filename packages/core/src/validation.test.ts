import { validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TeardownValidationError } from './errors.js';
import {
  HEADER_VALUE_RULE,
  MAX_ID_LENGTH,
  idProblem,
  isHeaderValue,
  requireHeaderValue,
  requireId,
} from './validation.js';
import { ID_FIELDS } from './providers.js';
import { isMonoId } from './providers/mono-breb/provider.js';

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

  it('names the field, and says the rule in a sentence that calls the field by its label', () => {
    const err = (() => {
      try {
        requireId(ID_FIELDS.monoQrCodeId, 'cancelQrCode', '../etc');
      } catch (e) {
        return e as TeardownValidationError;
      }
    })();
    expect(err).toBeInstanceOf(TeardownValidationError);
    expect([err!.field, err!.rule, err!.code, err!.classification]).toEqual([
      'qrCodeId',
      'A Mono QR code ID looks like bbqr_5tgliBmzjZ6mpQPRbQjfKj: 2 to 7 letters and "_", then 22 letters, digits, "_" or "-".',
      'validation_error',
      'not_retryable',
    ]);
    expect(err!.message).toBe(`${err!.rule} Nothing was sent.`);
  });
});

const fields = Object.values(ID_FIELDS);

describe('one validation at the edge for every ID field', () => {
  it("accepts each field's own example and refuses a missing value, naming the label", () => {
    for (const spec of fields) {
      expect(idProblem(spec, spec.example)).toBeUndefined();
      for (const missing of [undefined, null, '', 7])
        expect(idProblem(spec, missing)).toBe(`The ${spec.label} is required. ${spec.rule}`);
    }
  });

  it('refuses a lone surrogate, a control character, a bidirectional override and an over-long value in any field', () => {
    const cases: [string, RegExp][] = [
      ['ab\ud800', /is not well-formed Unicode: it holds a lone surrogate \(U\+D800\)/],
      ['\udc00ab', /lone surrogate \(U\+DC00\)/],
      ['a\u001b]0;PWNED\u0007', /holds a control or bidirectional character \(U\+001B\) at position 2/],
      ['ab\u0085', /\(U\+0085\)/],
      ['ab\u202ecd', /\(U\+202E\)/],
      ['ab\u2067cd', /\(U\+2067\)/],
      ['a\u0000', /\(U\+0000\)/],
      ['x'.repeat(MAX_ID_LENGTH + 1), new RegExp(`is ${MAX_ID_LENGTH + 1} characters long; at most ${MAX_ID_LENGTH}`)],
    ];
    for (const spec of fields)
      for (const [value, problem] of cases) {
        expect(idProblem(spec, value)).toMatch(problem);
        expect(idProblem(spec, value)).toMatch(new RegExp(`^The ${spec.label} `));
      }
  });

  it('gives editors the same rule as a plain pattern: its source without flags accepts exactly what validation accepts', () => {
    const near = (spec: (typeof fields)[number]) =>
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.string({ unit: fc.constantFrom(...`${spec.example}\ud800\udc00\u202e\u001b /?&#+-_é€😀`), maxLength: 40 }),
        fc.constant(spec.example).chain((e) => fc.nat(e.length).map((i) => e.slice(0, i) + e.slice(i + 1))),
      );
    for (const spec of fields) {
      const editor = new RegExp(spec.pattern.source);
      fc.assert(
        fc.property(near(spec), (s) => {
          expect(editor.test(s)).toBe(idProblem(spec, s) === undefined);
        }),
        { numRuns: 300 },
      );
    }
  });

  it('refuses a CAMS phone number in any form but digits with the country code', () => {
    for (const bad of ['+86 138-0000', '+8613800000000', '86-138-0000-0000', '0086138', '12345', '1234567890123456'])
      expect(idProblem(ID_FIELDS.camsPhoneNumber, bad)).toBe(ID_FIELDS.camsPhoneNumber.rule);
    for (const good of ['8613800000000', '123456', '123456789012345'])
      expect(idProblem(ID_FIELDS.camsPhoneNumber, good)).toBeUndefined();
  });

  it('accepts any well-formed free-form CAMS code without separators, astral characters included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), (s) => {
        const plain = !/[\s/?&#\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(s);
        expect(idProblem(ID_FIELDS.camsQrdlCode, s) === undefined).toBe(plain && s.length <= MAX_ID_LENGTH);
      }),
    );
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
    expect(() => requireHeaderValue('epap', 'constructor', 'clientId', 'epap client ID', 'a\r\nx-evil: 1')).toThrow(
      `The epap client ID ${HEADER_VALUE_RULE}.`,
    );
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
