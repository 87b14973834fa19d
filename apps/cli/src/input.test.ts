import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFile, formatOf, pagesOf, readLines } from './input.js';

const QR = 'mono-qr:col_2mFpe3qkS8zXAwlTuVF4Ee/qr_2mFpe3qkS8zXAwlTuVF4Ef';
let dir: string;
const file = async (name: string, text: string) => {
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
    expect(check).toEqual({
      targets: 2,
      byProvider: { 'mono-breb': 1, 'alibaba-cams': 1, epap: 0 },
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
