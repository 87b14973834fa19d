import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PROVIDERS } from '@teardown/core';
import { formatTarget, parseTarget, validateTarget, type Target } from '@teardown/temporal';
import { CliError } from './exit.js';
import { MAX_LINE_BYTES, checkFile, formatOf, pagesOf, readLines, type InputFormat } from './input.js';

const noneByProvider = Object.fromEntries(PROVIDERS.map((p) => [p, 0]));

const QR = 'mono-qr:col_2mFpe3qkS8zXAwlTuVF4Ee/qr_2mFpe3qkS8zXAwlTuVF4Ef';
let dir: string;
const file = async (name: string, text: string | Uint8Array) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'teardown-input-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('formatOf', () => {
  it('takes the format from the extension or the flag, and names the rule otherwise', () => {
    expect(formatOf('a.CSV')).toBe('csv');
    expect(formatOf('a.ndjson')).toBe('jsonl');
    expect(formatOf('a.txt', 'jsonl')).toBe('jsonl');
    expect(() => formatOf('a.txt')).toThrow(/^file must end in \.csv, \.jsonl or \.ndjson/);
    expect(() => formatOf('a.csv', 'xml')).toThrow(/^format must be one of csv, jsonl$/);
  });
});

describe('reading target files', () => {
  it('reads CSV rows in either form, with the line number of each, through quotes and blank lines', async () => {
    const path = await file(
      't.csv',
      `target,kind,epapId,chainId,appUserId\n"${QR}",,,,\n\n,epap-receipt,r1,c1,u1\n"mono-collection:col_short",,,,\n`,
    );
    const lines = [];
    for await (const l of readLines(path, 'csv')) lines.push(l);
    expect(lines).toEqual([
      {
        line: 2,
        target: { kind: 'mono-qr', collectionId: 'col_2mFpe3qkS8zXAwlTuVF4Ee', qrCodeId: 'qr_2mFpe3qkS8zXAwlTuVF4Ef' },
      },
      { line: 4, target: { kind: 'epap-receipt', epapId: 'r1', chainId: 'c1', appUserId: 'u1' } },
      {
        line: 5,
        problem: { line: 5, field: 'collectionId', rule: expect.stringMatching(/^A Mono collection ID looks like/) },
      },
    ]);
  });

  it('reports a file that is not CSV at all at the line where it breaks', async () => {
    const path = await file('broken.csv', `target\n"${QR}"\n"unclosed\n`);
    const check = await checkFile(path, 'csv');
    expect(check.targets).toBe(1);
    expect(check.problems).toEqual([{ line: 3, field: 'csv', rule: expect.stringContaining('Quote Not Closed') }]);
  });

  it('reads JSONL strings and objects, and counts every problem while keeping the first few', async () => {
    const bad = Array.from({ length: 25 }, (_, i) => `{"kind":"nope${i}"}`);
    const path = await file(
      't.jsonl',
      [
        JSON.stringify(QR),
        '{"kind":"cams-qr","phoneNumber":"8613800000000","qrdlCode":"Q1","custSpaceId":"s1"}',
        '[1,',
        ...bad,
      ].join('\n'),
    );
    const check = await checkFile(path, 'jsonl', 3);
    expect(check).toMatchObject({
      targets: 2,
      byProvider: { ...noneByProvider, 'mono-breb': 1, 'alibaba-cams': 1 },
      problems: [
        { line: 3, field: 'json', rule: 'Each line must be one JSON value: a target string or a target object.' },
        { line: 4, field: 'kind', rule: expect.stringMatching(/^A target's kind must be one of mono-qr/) },
        { line: 5, field: 'kind', rule: expect.stringMatching(/^A target's kind must be one of mono-qr/) },
      ],
      problemCount: 26,
    });
  });

  it('pages a checked file in order', async () => {
    const path = await file(
      'p.jsonl',
      Array.from({ length: 5 }, (_, i) => JSON.stringify(`epap-receipt:r${i}?chain=c&user=u`)).join('\n'),
    );
    const pages = [];
    for await (const page of pagesOf(path, 'jsonl', 2)) pages.push(page.map((t) => (t as { epapId: string }).epapId));
    expect(pages).toEqual([['r0', 'r1'], ['r2', 'r3'], ['r4']]);
  });
});

const COL = 'bbcol_5tgliBmzjZ6mpQPRbQjfKj';
const QR2 = `mono-qr:${COL}/bbqr_5tgliBmzjZ6mpQPRbQjfKj`;

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('files the reader refuses as a whole, with exit 2 and nothing read twice', () => {
  it('a directory, a FIFO and a device are refused by name, without hanging', async () => {
    const sub = join(dir, 'targets.jsonl');
    await mkdir(sub);
    const fifo = join(dir, 'fifo.jsonl');
    execFileSync('mkfifo', [fifo]);
    for (const [path, says] of [
      [sub, 'is a directory'],
      [fifo, 'is not a regular file'],
      ['/dev/zero', 'is not a regular file'],
      [join(dir, 'missing.csv'), 'no such file'],
    ] as const) {
      const error = await refusal(checkFile(path, 'csv'));
      expect(error).toBeInstanceOf(CliError);
      expect(error).toMatchObject({ exitCode: 2, message: expect.stringContaining(says) as string });
    }
  });
});

describe('lines the reader reports, naming the line', () => {
  it('reads a JSONL file that starts with a byte-order mark', async () => {
    const path = await file('bom.jsonl', `\ufeff${JSON.stringify(QR2)}\n`);
    expect(await checkFile(path, 'jsonl')).toMatchObject({ targets: 1, problemCount: 0 });
  });

  it('caps a line at 64 KiB and names it, in JSONL and CSV, reading no further than that line', async () => {
    const long = 'x'.repeat(MAX_LINE_BYTES + 1);
    for (const [format, text] of [
      ['jsonl', `${JSON.stringify(QR2)}\n\n"${long}"\n${JSON.stringify(QR2)}\n`],
      ['csv', `target\n${QR2}\n${long}\n`],
    ] as const) {
      const check = await checkFile(await file(`long.${format}`, text), format);
      expect(check.problems).toEqual([
        expect.objectContaining({
          line: 3,
          rule: expect.stringMatching(/(Line 3 is longer than 64 KiB|exceeded)/) as string,
        }),
      ]);
    }
    const zeros = await file('zeros.jsonl', new Uint8Array(8 * MAX_LINE_BYTES));
    expect((await checkFile(zeros, 'jsonl')).problems).toEqual([
      { line: 1, field: 'file', rule: 'Line 1 is longer than 64 KiB: a target file has one target per line.' },
    ]);
  });

  it('refuses bytes that are not UTF-8 at their line, instead of reading them as U+FFFD', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${JSON.stringify(QR2)}\n"cams-qr:8613800000000/Q`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"\n'),
    ]);
    expect((await checkFile(await file('latin1.jsonl', bytes), 'jsonl')).problems).toEqual([
      { line: 2, field: 'file', rule: 'Line 2 is not valid UTF-8 text.' },
    ]);
  });

  it('decodes percent-escapes safely, naming the line and the field of a bad one', async () => {
    const path = await file(
      'escapes.csv',
      `target\nmono-qr:%E0%A4%A/bbqr_CakxSMohvLscv9OuJUZPJt\ncams-qr:8613800000000/A%25B%2B\n`,
    );
    const lines = [];
    for await (const l of readLines(path, 'csv')) lines.push(l);
    expect(lines).toEqual([
      {
        line: 2,
        problem: {
          line: 2,
          field: 'collectionId',
          rule: 'The collectionId holds a percent-escape that is not valid UTF-8 (write a literal % as %25).',
        },
      },
      { line: 3, target: { kind: 'cams-qr', phoneNumber: '8613800000000', qrdlCode: 'A%B+' } },
    ]);
  });

  it('refuses control characters, bidirectional overrides and lone surrogates in any ID', async () => {
    const path = await file(
      'controls.jsonl',
      [
        '{"kind":"cams-qr","phoneNumber":"8613800000000","qrdlCode":"ab\\ud800"}',
        '{"kind":"cams-qr","phoneNumber":"8613800000000","qrdlCode":"\\u001b]0;PWNED\\u0007"}',
        '{"kind":"epap-receipt","epapId":"r\\u202e1","chainId":"c","appUserId":"u"}',
        '"cams-qr:+86 138-0000/Q1"',
      ].join('\n'),
    );
    const check = await checkFile(path, 'jsonl');
    expect(check.problems.map((p) => [p.line, p.field])).toEqual([
      [1, 'qrdlCode'],
      [2, 'qrdlCode'],
      [3, 'epapId'],
      [4, 'phoneNumber'],
    ]);
    expect(check.targets).toBe(0);
  });
});

describe('duplicates', () => {
  it('collapses identical targets, however written, reports how many and hands each over once', async () => {
    const path = await file(
      'dupes.jsonl',
      [
        JSON.stringify(QR2),
        JSON.stringify(QR2),
        `{"kind":"mono-qr","collectionId":"${COL}","qrCodeId":"bbqr_5tgliBmzjZ6mpQPRbQjfKj"}`,
        '"epap-receipt:r1?chain=c&user=u"',
        JSON.stringify(QR2),
        JSON.stringify(QR2),
        '"epap-receipt:r1?user=u&chain=c"',
      ].join('\n'),
    );
    const check = await checkFile(path, 'jsonl');
    expect(check).toMatchObject({
      targets: 2,
      byProvider: { ...noneByProvider, 'mono-breb': 1, epap: 1 },
      duplicateCount: 5,
      duplicates: [
        { line: 2, firstLine: 1 },
        { line: 3, firstLine: 1 },
        { line: 5, firstLine: 1 },
        { line: 6, firstLine: 1 },
        { line: 7, firstLine: 4 },
      ],
    });
    const pages = [];
    for await (const page of pagesOf(path, 'jsonl', 10, check.repeated)) pages.push(...page.map(formatTarget));
    expect(pages).toEqual([QR2, 'epap-receipt:r1?chain=c&user=u']);
  });
});

/** Lines a target file might hold, good and bad: the fuzz mixes them with random bytes. */
const fragment = fc.oneof(
  fc.constantFrom(
    JSON.stringify(QR2),
    '"mono-collection:bbcol_5tgliBmzjZ6mpQPRbQjfKj"',
    '{"kind":"cams-qr","phoneNumber":"8613800000000","qrdlCode":"Q1"}',
    '"epap-receipt:r1?chain=c&user=u"',
    '"mono-qr:%E0%A4%A/bbqr_CakxSMohvLscv9OuJUZPJt"',
    '{"kind":"cams-qr","phoneNumber":"8613800000000","qrdlCode":"ab\\ud800"}',
    '\ufeff"epap-receipt:r2?chain=c&user=u"',
    'target',
    'kind,epapId,chainId,appUserId',
    'epap-receipt,r3,c,u',
    '"unclosed',
    '{"kind":',
    '\u001b]0;PWNED\u0007',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const fileBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.array(fragment, { maxLength: 12 }).map((lines) => Buffer.from(lines.join('\n'))),
  fc
    .tuple(fc.array(fragment, { maxLength: 6 }), fc.uint8Array({ minLength: 1, maxLength: 20 }))
    .map(([lines, noise]) => Buffer.concat([Buffer.from(lines.join('\r\n')), noise])),
);

describe('fuzz: any bytes, any lines', () => {
  it('the reader never throws for a regular file; a clean check hands over exactly its targets, each valid and printable back', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fileBytes, fc.constantFrom<InputFormat>('csv', 'jsonl'), async (bytes, format) => {
        const path = await file(`fuzz-${n++}.${format}`, bytes);
        const check = await checkFile(path, format);
        if (check.problemCount > 0) return;
        const targets: Target[] = [];
        for await (const page of pagesOf(path, format, 3, check.repeated)) targets.push(...page);
        expect(targets).toHaveLength(check.targets);
        for (const t of targets) {
          expect(validateTarget(t)).toEqual(t);
          expect(parseTarget(formatTarget(t))).toEqual(t);
        }
      }),
      { numRuns: 300 },
    );
  });
});
