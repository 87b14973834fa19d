// Determinism guard: histories recorded from real runs (RECORD_HISTORIES=1 pnpm test) must replay against today's
// workflow code. A change that would break running workflows fails here. No server needed. `<workflow>.<server>.json`:
// the first were recorded on the Java test server, the later ones on the Temporal CLI dev server; recordings are added,
// never replaced, so workflows started by older code stay covered.
// deleteCollection-signal.* ran before the `teardown-discard-confirmed-by-read` patch (it believed the signal as it
// came) and deleteCollection-webhook-confirmed.* after it: both must keep replaying until the old branch is retired.
// Likewise batchDelete-paged.* ran before the `batch-chunks` patch (one activity per target), batchDelete-chunked.* after;
// batchDelete-long-runs.* under `batch-runs-of-a-second` (hand-over at a page and 1.5 s, chunks of 250), and
// batchDelete-full-runs.* under `batch-full-runs` (hand-over at 4 pages, chunks of 500), and batchDelete-feeder-lease.*
// under `batch-feeder-lease` (a batch whose feeder went quiet closes itself when its lease timer fires).
import { readdir, readFile } from 'node:fs/promises';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from './server.js';

const dir = new URL('./histories/', import.meta.url);
const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();

describe('recorded histories replay deterministically', () => {
  it('has recorded histories to replay', () => {
    expect(files).toEqual([
      ...['batchDelete-chunked'].flatMap((name) => [`${name}.dev-server.json`, `${name}.java-test-server.json`]),
      // Recorded once the Temporal tests had moved to the dev server.
      'batchDelete-feeder-lease.dev-server.json',
      'batchDelete-full-runs.dev-server.json',
      'batchDelete-long-runs.dev-server.json',
      ...['batchDelete-paged', 'cancelQrCode', 'deleteCollection-signal', 'deleteCollection-webhook-confirmed'].flatMap(
        (name) => [`${name}.dev-server.json`, `${name}.java-test-server.json`],
      ),
    ]);
  });

  // Histories do not say their workflow ID; a workflow whose commands depend on it (batchDelete names its page
  // children after it) must be replayed under the ID it ran with.
  const workflowIds: Record<string, string> = {
    'batchDelete-paged': 'teardown/batch/paged',
    'batchDelete-chunked': 'teardown/batch/paged',
    'batchDelete-long-runs': 'teardown/batch/paged',
    'batchDelete-full-runs': 'teardown/batch/paged',
    'batchDelete-feeder-lease': 'teardown/batch/orphan',
  };

  it.each(files)('%s', async (file) => {
    const history: unknown = JSON.parse(await readFile(new URL(file, dir), 'utf8'));
    const name = file.split('.')[0]!;
    await expect(
      Worker.runReplayHistory({ workflowsPath }, history, workflowIds[name] ?? name),
    ).resolves.toBeUndefined();
  });
});
