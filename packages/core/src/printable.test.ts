/* eslint-disable no-control-regex -- these tests look for control characters */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printable, printableJson, printableLines } from './printable.js';

/** What a terminal may act on: C0/C1 controls, DEL, bidirectional controls, separators, lone surrogates. */
const ACTIVE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('printing what came from input or a provider', () => {
  it('shows an ID that would set the terminal title as text', () => {
    expect(printable('\u001b]0;PWNED\u0007')).toBe('\\u001b]0;PWNED\\u0007');
    expect(printable('abc\u202edef')).toBe('abc\\u202edef');
    expect(printable('a\u009b2Jb\ud800')).toBe('a\\u009b2Jb\\ud800');
    expect(printable('bbcol_5tgliBmzjZ6mpQPRbQjfKj é€😀')).toBe('bbcol_5tgliBmzjZ6mpQPRbQjfKj é€😀');
  });

  it('leaves nothing a terminal acts on, for any string, and keeps our own line breaks when asked', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom(...'\ud800\udc00\u001b\u0007\u009b\u202e\u2066\u2028\n'),
            fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
          ),
        }),
        (s) => {
          expect(printable(s)).not.toMatch(ACTIVE);
          expect(printableLines(s).replaceAll('\n', '')).not.toMatch(ACTIVE);
          expect(JSON.parse(printableJson({ s })) as unknown).toEqual({ s });
          expect(printableJson({ s })).not.toMatch(ACTIVE);
        },
      ),
    );
  });
});
