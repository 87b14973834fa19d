// A 1,000,000-line file is validated as a stream: memory stays bounded whatever the file's size, and a bad line at
// the very end is still found (and nothing is started). Prints the peak RSS the CLI measured for itself.
//
// The bound is enforced, not timed: the CLI runs with a 48 MB V8 heap (`--max-old-space-size`), so holding the targets
// as objects (a few hundred MB for a million) ends the process with an out-of-memory error, while a stream passes
// with room to spare (it passes at 32 MB). An RSS threshold was tried first and was flaky: RSS follows the garbage
// collector's timing and the machine's load (a clean-clone CI run measured 100.6 MB against a 100 MB limit).
import { createWriteStream } from 'node:fs';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { ID_FIELDS, PROVIDERS } from '@teardown/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from './cli.js';

const LINES = 1_000_000;
let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'teardown-million-'));
  file = join(dir, 'million.jsonl');
  const out = createWriteStream(file);
  const id = (prefix: string, n: number) => `${prefix}_${n.toString(36).padStart(22, '0')}`;
  for (let i = 0; i < LINES; i++) {
    const line =
      i % 3 === 0
        ? `"mono-qr:${id('col', i >> 4)}/${id('qr', i)}"\n`
        : i % 3 === 1
          ? `"epap-receipt:r${i}?chain=chain-1&user=u${i}"\n`
          : `{"kind":"cams-qr","phoneNumber":"8613800000000","qrdlCode":"Q${i}"}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

type Check = { targets: number; byProvider: Record<string, number>; seconds: number; peakRssBytes: number };

it('validates a 1,000,000-line file with bounded memory, and finds a bad last line', async () => {
  const one = join(dir, 'one.jsonl');
  await appendFile(one, '"mono-collection:col_2mFpe3qkS8zXAwlTuVF4Ee"\n');
  const baseline = JSON.parse((await run(['batch', one, '--check', '--json'])).stdout) as Check;
  const ok = await run(['batch', file, '--check', '--json'], { NODE_OPTIONS: '--max-old-space-size=48' });
  expect(ok.stderr).toBe('');
  expect(ok.code).toBe(0);
  const result = JSON.parse(ok.stdout) as Check;
  expect(result.targets).toBe(LINES);
  expect(result.byProvider).toEqual({
    ...Object.fromEntries(PROVIDERS.map((p) => [p, 0])),
    'mono-breb': 333_334,
    'alibaba-cams': 333_333,
    epap: 333_333,
  });
  const mb = (bytes: number) => bytes / 2 ** 20;
  console.log(
    `1,000,000 lines checked in ${result.seconds.toFixed(1)} s: peak RSS ${mb(result.peakRssBytes).toFixed(0)} MB (1 line: ${mb(baseline.peakRssBytes).toFixed(0)} MB)`,
  );

  await appendFile(file, '"mono-qr:col_short/qr_short"\n');
  const bad = await run(['batch', file, '--check']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toBe(
    `teardown: ${file}: 1 invalid line(s); nothing was started or deleted.\n  line 1000001, collectionId: ${ID_FIELDS.monoCollectionId.rule}\n`,
  );
});
