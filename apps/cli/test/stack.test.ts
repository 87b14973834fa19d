// Which Temporal server the embedded stack runs on: the Temporal CLI found as tools/temporal-cli/setup.sh finds it,
// and the Java test server, said in one line, only when there is none.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPORAL_CLI_VERSION, startStack, temporalCliPath, testServerPath } from '../src/stack.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'teardown-stack-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fakeTemporal(folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const path = join(folder, 'temporal');
  await writeFile(path, '#!/bin/sh\n');
  await chmod(path, 0o755);
  return path;
}

describe('the Temporal CLI the stack runs', () => {
  it('is $TEMPORAL_CLI, else `temporal` on PATH, else the cached pinned release, else none', async () => {
    const onPath = await fakeTemporal(join(dir, 'path-bin'));
    const cache = join(dir, 'cache');
    const cached = await fakeTemporal(join(cache, `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'bin'));
    const empty = join(dir, 'empty');
    expect(temporalCliPath({ TEMPORAL_CLI: '/opt/temporal', PATH: join(dir, 'path-bin'), TEARDOWN_CACHE: cache })).toBe(
      '/opt/temporal',
    );
    expect(temporalCliPath({ PATH: `${empty}:${join(dir, 'path-bin')}`, TEARDOWN_CACHE: cache })).toBe(onPath);
    expect(temporalCliPath({ PATH: empty, TEARDOWN_CACHE: cache })).toBe(cached);
    expect(temporalCliPath({ PATH: empty, TEARDOWN_CACHE: empty })).toBeUndefined();
  });

  it('falls back to the Java test server, saying so in one line, when no Temporal CLI can be found', async () => {
    const saved = { ...process.env };
    // PATH keeps what the Java test server's wrapper needs (bash, java), without any `temporal`.
    const path = (process.env.PATH ?? '').split(delimiter).filter((d) => !existsSync(join(d, 'temporal')));
    Object.assign(process.env, {
      TEMPORAL_TEST_SERVER: testServerPath(),
      PATH: path.join(delimiter),
      TEARDOWN_CACHE: join(dir, 'empty'),
      TEMPORAL_CLI: '',
    });
    const lines: string[] = [];
    try {
      const stack = await startStack({ sandbox: { seed: 21 }, onFallback: (line) => lines.push(line) });
      try {
        expect(stack.server).toBe('the Temporal Java test server');
        expect(stack.webUi).toBeUndefined();
        const { epap } = stack.sandbox.admin.seed({ epap: { count: 1 } });
        const started = await stack.teardown.startDelete({ kind: 'epap-receipt', ...epap.receipts[0]! });
        expect(await started.result()).toMatchObject({ outcome: 'deleted' });
      } finally {
        await stack.close();
      }
    } finally {
      process.env = saved;
    }
    expect(lines).toEqual([
      'No Temporal CLI found (TEMPORAL_CLI, `temporal` on PATH, or `bash tools/temporal-cli/setup.sh`): running on the Temporal Java test server, an in-memory test double, instead.',
    ]);
  });
});
