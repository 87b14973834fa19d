import { describe, expect, it } from 'vitest';
import {
  frontierWindow,
  settleChunk,
  startFrontier,
  type ChunkCheckpoint,
  type ChunkRun,
  type Failure,
  type Settled,
} from './chunk.js';

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

/** A `reserve` whose requests the test answers by hand, in order. */
function manualReserve() {
  const asked: number[] = [];
  const pending: (() => void)[] = [];
  return {
    asked,
    reserve: (frontier: number) =>
      new Promise<number>((resolve) => {
        asked.push(frontier);
        pending.push(() => resolve(frontier));
      }),
    /** Records the oldest request, then lets the run go on until it waits again. */
    async confirmNext() {
      pending.shift()!();
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    },
  };
}

const settledIndexes = (c: ReturnType<typeof chunk>) => c.calls.map(([t]) => Number(t.slice(1)));

describe('settleChunk with a frontier', () => {
  it('never starts a target at or beyond the frontier recorded so far, and asks a window ahead', async () => {
    const window = frontierWindow(3);
    const r = manualReserve();
    const c = chunk(window * 3, () => ({ outcome: 'deleted' }), { reserve: r.reserve });
    const done = settleChunk(c.run);
    for (let i = 0; i < 20; i++) await new Promise((res) => setImmediate(res));
    // Nothing starts before the first frontier is recorded.
    expect(c.calls).toEqual([]);
    expect(r.asked).toEqual([window]);
    await r.confirmNext();
    while (c.checkpoints.length < window) await new Promise((res) => setImmediate(res));
    for (let i = 0; i < 20; i++) await new Promise((res) => setImmediate(res));
    // Once the lowest untried target has less than half a window ahead of it (at window / 2 + 1), the next request
    // goes out while the lanes go on; unrecorded, it does not let them pass the recorded frontier.
    expect(r.asked).toEqual([window, window / 2 + 1 + window]);
    expect(settledIndexes(c).sort((a, b) => a - b)).toEqual(Array.from({ length: window }, (_, i) => i));
    while (r.asked.length > 0 && c.calls.length < window * 3) await r.confirmNext();
    const settled = await done;
    expect(settled).toHaveLength(window * 3);
    expect(c.calls.every(([, maybe]) => !maybe)).toBe(true);
    // Each request asks for more than the last, and none beyond the chunk.
    expect(r.asked).toEqual([...r.asked].sort((a, b) => a - b));
    expect(new Set(r.asked).size).toBe(r.asked.length);
    expect(Math.max(...r.asked)).toBe(window * 3);
  });

  it('on a retry, sends as maybe applied only the unsettled targets below the recorded frontier', async () => {
    const r = manualReserve();
    const c = chunk(200, () => ({ outcome: 'deleted' }), {
      checkpoint: { settled: [[1, 'deleted']], frontier: 5 },
      retried: true,
      reserve: r.reserve,
    });
    const done = settleChunk(c.run);
    for (let i = 0; i < 20; i++) await new Promise((res) => setImmediate(res));
    // Below 5 with no RPC; the untried ones wait for a frontier recorded above them, asked from 5 on, never lower.
    expect(c.calls).toEqual([
      ['t0', true],
      ['t2', true],
      ['t3', true],
      ['t4', true],
    ]);
    expect(r.asked).toEqual([5 + frontierWindow(3)]);
    while (c.calls.length < 199) await r.confirmNext();
    await done;
    expect(c.calls.slice(4).every(([, maybe]) => !maybe)).toBe(true);
    expect(Math.min(...r.asked)).toBeGreaterThan(5);
  });

  it('without a recorded frontier, a retry sends every unsettled target as maybe applied and asks for none', async () => {
    const r = manualReserve();
    const c = chunk(6, () => ({ outcome: 'deleted' }), {
      checkpoint: { settled: [[1, 'deleted']] },
      retried: true,
      reserve: r.reserve,
    });
    expect(byIndex(await settleChunk(c.run))).toEqual([0, 1, 2, 3, 4, 5].map((i) => [i, 'deleted']));
    expect(c.calls.map(([t, maybe]) => [t, maybe]).sort()).toEqual(
      ['t0', 't2', 't3', 't4', 't5'].map((t) => [t, true]),
    );
    expect(r.asked).toEqual([]);
  });

  it('once cancelled while waiting for the frontier, reports the targets above it cancelled', async () => {
    const r = manualReserve();
    const c = chunk(100, () => ({ outcome: 'deleted' }), { reserve: r.reserve });
    const done = settleChunk(c.run);
    await r.confirmNext();
    while (c.checkpoints.length < frontierWindow(3)) await new Promise((res) => setImmediate(res));
    c.controller.abort();
    const settled = await done;
    expect(byIndex(settled).map(([i, o]) => [i, o])).toEqual(
      Array.from({ length: 100 }, (_, i) => [i, i < frontierWindow(3) ? 'deleted' : 'cancelled']),
    );
  });

  it('starts from the frontier earlier attempts recorded, whatever the retry would ask', () => {
    expect(startFrontier(100, false, { settled: [], frontier: 40 })).toBe(0);
    expect(startFrontier(100, true, { settled: [], frontier: 40 })).toBe(40);
    expect(startFrontier(100, true, { settled: [] })).toBe(100);
    expect(startFrontier(100, true)).toBe(100);
    expect(startFrontier(100, true, { settled: [], frontier: 400 })).toBe(100);
  });
});
