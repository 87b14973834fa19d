// Determinism guard: histories recorded from real runs (RECORD_HISTORIES=1 pnpm test) must replay against today's
// workflow code. A change that would break running workflows fails here. No server needed.
import { readdir, readFile } from 'node:fs/promises';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from './server.js';

const dir = new URL('./histories/', import.meta.url);
const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();

describe('recorded histories replay deterministically', () => {
  it('has recorded histories to replay', () => {
    expect(files).toEqual(['batchDelete-paged.json', 'cancelQrCode.json', 'deleteCollection-signal.json']);
  });

  it.each(files)('%s', async (file) => {
    const history: unknown = JSON.parse(await readFile(new URL(file, dir), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowsPath }, history, file.replace(/\.json$/, ''))).resolves.toBeUndefined();
  });
});
