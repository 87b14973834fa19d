/* eslint-disable no-control-regex -- these tests look for control characters */
// The CLI's file reader, fuzzed through the real binary: random bytes and random lines only ever exit 0 or 2, never
// crash (no stack trace), and a bad file sends nothing — not even a connection to Temporal.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from './cli.js';

let dir: string;
let temporal: Server;
let connections = 0;
let address = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'teardown-fuzz-'));
  // Stands where Temporal would be: it only counts who connects.
  temporal = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => temporal.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(temporal.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => temporal?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const line = fc.oneof(
  fc.constantFrom(
    '"mono-collection:bbcol_5tgliBmzjZ6mpQPRbQjfKj"',
    '{"kind":"cams-qr","phoneNumber":"8613800000000","qrdlCode":"Q1"}',
    'target',
    'mono-qr:%E0%A4%A/bbqr_CakxSMohvLscv9OuJUZPJt',
    '{"kind":"cams-qr","phoneNumber":"+86 138-0000","qrdlCode":"ab\\ud800"}',
    '\ufeff"epap-receipt:r1?chain=c&user=u"',
    '"unclosed',
    '\u001b]0;PWNED\u0007',
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.array(line, { maxLength: 8 }).map((lines) => Buffer.from(lines.join('\n'))),
);

it('exits only 0 or 2 on any file, never with a stack trace, and a bad file sends nothing', async () => {
  let n = 0;
  const seen = { valid: 0, invalid: 0 };
  await fc.assert(
    fc.asyncProperty(bytes, fc.constantFrom('csv', 'jsonl'), async (content, format) => {
      const file = join(dir, `f${n++}.${format}`);
      await writeFile(file, content);
      const checked = await run(['batch', file, '--check']);
      expect([0, 2]).toContain(checked.code);
      expect(checked.stderr).not.toMatch(/\n\s+at /);
      // Whatever the file held, nothing that reaches the terminal can drive it.
      expect(checked.stderr + checked.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
      if (checked.code === 0) {
        seen.valid++;
        return;
      }
      seen.invalid++;
      const before = connections;
      const started = await run(['batch', file, '--address', address]);
      expect(started.code).toBe(2);
      expect(connections).toBe(before);
    }),
    { numRuns: 12 },
  );
  expect(seen.invalid).toBeGreaterThan(0);
});
