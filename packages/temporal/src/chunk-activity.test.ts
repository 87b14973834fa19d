import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import type { DeleteOptions } from '@teardown/core';
import type { ChunkHeartbeat } from './chunk.js';
import { chunkActivity, type DeleteChunkInput } from './chunk-activity.js';
import type { Target } from './kinds/index.js';

const receipts = (n: number): Target[] =>
  Array.from({ length: n }, (_, i): Target => ({
    kind: 'epap-receipt',
    epapId: `r${i}`,
    chainId: 'c',
    appUserId: 'u',
  }));

describe('deleteChunk without a client (a MockActivityEnvironment created without one)', () => {
  it('heartbeats through the SDK with no frontier, and still reads the frontier an earlier attempt recorded', async () => {
    const env = new MockActivityEnvironment();
    const beats: ChunkHeartbeat[] = [];
    env.on('heartbeat', (d: ChunkHeartbeat) => beats.push(d));
    const sent: [string, boolean][] = [];
    const run = chunkActivity(
      (target, options: DeleteOptions) => {
        sent.push([(target as { epapId: string }).epapId, options.mayHaveBeenApplied === true]);
        return Promise.resolve({ provider: 'epap', operation: 'deleteReceipt', outcome: 'deleted', attempts: 1 });
      },
      () => ({ code: 'x', message: 'x', retryable: false }),
    );
    const input: DeleteChunkInput = {
      provider: 'epap',
      targets: receipts(6),
      concurrency: 2,
      retried: true,
      checkpoint: { settled: [[0, 'deleted']], frontier: 3 },
    };
    const settled = await env.run(run, input);
    expect(settled).toHaveLength(6);
    // Below the recorded frontier: maybe sent by the earlier attempt. At or above it: never sent.
    expect(sent.sort()).toEqual([
      ['r1', true],
      ['r2', true],
      ['r3', false],
      ['r4', false],
      ['r5', false],
    ]);
    // Without a client nothing gates the lanes, so these checkpoints claim no frontier: a retry reads them conservatively.
    expect(beats.length).toBeGreaterThan(0);
    expect(beats.every((b) => b.frontier === undefined && b.provider === 'epap')).toBe(true);
  });
});
