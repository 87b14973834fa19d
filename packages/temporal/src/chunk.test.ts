import { describe, expect, it } from 'vitest';
import { settleChunk, type ChunkCheckpoint, type ChunkRun, type Failure, type Settled } from './chunk.js';

class Boom extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
  ) {
    super(`boom ${code}`);
  }
}

/** A chunk of `n` targets named t0…t<n-1>, with every call recorded; `answer` decides each call's result. */
function chunk(
  n: number,
  answer: (target: string, mayHaveBeenApplied: boolean) => { outcome: 'deleted' | 'already_gone'; reason?: string },
  overrides: Partial<ChunkRun<string>> = {},
) {
  const calls: [string, boolean][] = [];
  const checkpoints: ChunkCheckpoint[] = [];
  const delays: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const controller = new AbortController();
  const run: ChunkRun<string> = {
    targets: Array.from({ length: n }, (_, i) => `t${i}`),
    concurrency: 3,
    retried: false,
    async remove(target, mayHaveBeenApplied) {
      calls.push([target, mayHaveBeenApplied]);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise((r) => setImmediate(r));
        return answer(target, mayHaveBeenApplied);
      } finally {
        inFlight--;
      }
    },
    classify: (error): Failure =>
      error instanceof Boom
        ? { code: error.code, message: error.message, retryable: error.retryable }
        : { code: 'unknown', message: String(error), retryable: false },
    onSettled: (c) => checkpoints.push({ settled: [...c.settled] }),
    signal: controller.signal,
    sleep: async (ms) => {
      delays.push(ms);
      await new Promise((r) => setImmediate(r));
    },
    ...overrides,
  };
  return { run, calls, checkpoints, delays, controller, maxInFlight: () => maxInFlight };
}

const byIndex = (settled: Settled[]) => [...settled].sort((a, b) => a[0] - b[0]);

describe('settleChunk', () => {
  it('deletes every target once, never more than `concurrency` at a time, and checkpoints after each one', async () => {
    const c = chunk(10, () => ({ outcome: 'deleted' }));
    const settled = await settleChunk(c.run);
    expect(byIndex(settled)).toEqual(Array.from({ length: 10 }, (_, i) => [i, 'deleted']));
    expect(c.calls.map(([t]) => t).sort()).toEqual(c.run.targets.slice().sort());
    expect(c.calls.every(([, maybe]) => !maybe)).toBe(true);
    expect(c.maxInFlight()).toBe(3);
    expect(c.checkpoints.map((k) => k.settled.length)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(c.checkpoints.at(-1)!.settled).toEqual(settled);
  });

  it('keeps the provider’s already-gone signal as the code', async () => {
    const c = chunk(2, (t) =>
      t === 't1' ? { outcome: 'already_gone', reason: 'qr_already_canceled' } : { outcome: 'deleted' },
    );
    expect(byIndex(await settleChunk(c.run))).toEqual([
      [0, 'deleted'],
      [1, 'already_gone', 'qr_already_canceled'],
    ]);
  });

  it('resumes from a checkpoint: settled targets are not asked again, the others are sent as maybe applied', async () => {
    const checkpoint: ChunkCheckpoint = {
      settled: [
        [2, 'deleted'],
        [0, 'failed', 'qr_not_dynamic', 'no'],
      ],
    };
    const c = chunk(
      5,
      (_, maybe) => (maybe ? { outcome: 'deleted', reason: 'qr_already_canceled' } : { outcome: 'deleted' }),
      {
        checkpoint,
        retried: true,
      },
    );
    const settled = await settleChunk(c.run);
    expect(c.calls.map(([t]) => t).sort()).toEqual(['t1', 't3', 't4']);
    expect(c.calls.every(([, maybe]) => maybe)).toBe(true);
    expect(settled.slice(0, 2)).toEqual(checkpoint.settled);
    expect(byIndex(settled).map(([i, o]) => [i, o])).toEqual([
      [0, 'failed'],
      [1, 'deleted'],
      [2, 'deleted'],
      [3, 'deleted'],
      [4, 'deleted'],
    ]);
    // Every heartbeat carries the earlier attempt's settled targets too.
    expect(c.checkpoints[0]!.settled.slice(0, 2)).toEqual(checkpoint.settled);
  });

  it('retries a retryable failure with backoff, then counts "already gone" as its own delete', async () => {
    let failures = 2;
    const c = chunk(2, (t, maybe) => {
      if (t === 't1' && failures-- > 0) throw new Boom('status_503', true);
      return t === 't1' && maybe ? { outcome: 'deleted', reason: 'gone-after-retry' } : { outcome: 'deleted' };
    });
    const settled = await settleChunk(c.run);
    expect(byIndex(settled)).toEqual([
      [0, 'deleted'],
      [1, 'deleted', 'gone-after-retry'],
    ]);
    expect(c.calls.filter(([t]) => t === 't1')).toEqual([
      ['t1', false],
      ['t1', true],
      ['t1', true],
    ]);
    expect(c.delays).toEqual([1000, 2000]);
  });

  it('does not send a target as maybe applied again after a try that was refused, only after one that may have applied', async () => {
    const failures = new Map([
      ['t0', [new Boom('rate_limited', true)]],
      ['t1', [new Boom('network_error', true)]],
    ]);
    const c = chunk(2, () => ({ outcome: 'already_gone', reason: 'gone' }), {
      remove(target, mayHaveBeenApplied) {
        c.calls.push([target, mayHaveBeenApplied]);
        const error = failures.get(target)?.shift();
        return error ? Promise.reject(error) : Promise.resolve({ outcome: 'already_gone', reason: 'gone' });
      },
      classify: (error): Failure => {
        const boom = error as Boom;
        return {
          code: boom.code,
          message: boom.message,
          retryable: true,
          mayHaveBeenApplied: boom.code !== 'rate_limited',
        };
      },
    });
    await settleChunk(c.run);
    expect(c.calls.sort()).toEqual([
      ['t0', false],
      ['t0', false],
      ['t1', false],
      ['t1', true],
    ]);
  });

  it('reports a failure that must not be retried at once, and a retryable one after the last try', async () => {
    const c = chunk(
      2,
      (t) => {
        throw new Boom(t === 't0' ? 'has_payments' : 'status_500', t !== 't0');
      },
      { retry: { initialMs: 10, coefficient: 3, maxMs: 50, maxTries: 4 } },
    );
    const settled = await settleChunk(c.run);
    expect(byIndex(settled)).toEqual([
      [0, 'failed', 'has_payments', 'boom has_payments'],
      [1, 'failed', 'status_500', 'boom status_500'],
    ]);
    expect(c.calls.filter(([t]) => t === 't0')).toHaveLength(1);
    expect(c.calls.filter(([t]) => t === 't1')).toHaveLength(4);
    expect(c.delays).toEqual([10, 30, 50]);
  });

  it('on cancellation lets deletes in flight and in backoff finish and reports the targets never tried as cancelled', async () => {
    let t1Failed = false;
    const c = chunk(
      12,
      (t) => {
        if (t === 't1' && !t1Failed) {
          t1Failed = true;
          throw new Boom('network_error', true);
        }
        if (t === 't2') c.controller.abort();
        return { outcome: 'deleted' };
      },
      { concurrency: 2 },
    );
    const settled = await settleChunk(c.run);
    const tried = new Set(c.calls.map(([t]) => Number(t.slice(1))));
    expect(settled).toHaveLength(12);
    for (const [i, outcome] of settled) expect(outcome).toBe(tried.has(i) ? 'deleted' : 'cancelled');
    expect(tried.has(1)).toBe(true);
    expect(tried.size).toBeLessThan(12);
    expect(c.calls.filter(([t]) => t === 't1')).toEqual([
      ['t1', false],
      ['t1', true],
    ]);
  });

  it('a retried chunk settles every target it may have sent before, even once cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const c = chunk(4, () => ({ outcome: 'deleted' }), {
      checkpoint: { settled: [[1, 'deleted']] },
      retried: true,
      signal: controller.signal,
    });
    const settled = await settleChunk(c.run);
    expect(byIndex(settled)).toEqual([0, 1, 2, 3].map((i) => [i, 'deleted']));
    expect(c.calls.map(([t]) => t).sort()).toEqual(['t0', 't2', 't3']);
  });
});
