import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../errors.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import { backoffDelayMs } from './retry.js';
import { createTokenCache } from '../auth/token-cache.js';

/** A clock that only moves when the code under test sleeps, and only once everything else that can run has run. */
function fakeTime(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: { now: () => now },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      await new Promise((resolve) => setImmediate(resolve));
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

describe('backoff', () => {
  it('draws full jitter under an exponentially growing cap', () => {
    expect(backoffDelayMs(1, { baseDelayMs: 100, random: () => 0.999 })).toBe(99);
    expect(backoffDelayMs(3, { baseDelayMs: 100, random: () => 0.5 })).toBe(200);
    expect(backoffDelayMs(20, { baseDelayMs: 100, maxDelayMs: 5000, random: () => 0.999 })).toBe(4995);
    expect(backoffDelayMs(1, { random: () => 0 })).toBe(0);
  });

  it('never waits less than Retry-After asks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        fc.integer({ min: 0, max: 60_000 }),
        (n, r, after) => {
          expect(backoffDelayMs(n, { random: () => r }, after)).toBeGreaterThanOrEqual(after);
        },
      ),
    );
  });

  it('reads Retry-After as seconds or an HTTP date, and x-acs-retry-after as seconds', () => {
    expect(retryAfterMs({ 'retry-after': '3' }, 0)).toBe(3000);
    expect(retryAfterMs({ 'x-acs-retry-after': '2' }, 0)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, 4000)).toBe(6000);
    expect(retryAfterMs({}, 0)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'later' }, 0)).toBeUndefined();
  });
});

describe('rate limiter', () => {
  /** Runs `count` requests through `limiter`, each taking `duration(i)` ms of the fake clock; returns when each started and settled. */
  async function runAll(limiter: RateLimiter, time: ReturnType<typeof fakeTime>, durations: number[]) {
    const runs: { start: number; settle: number }[] = [];
    await Promise.all(
      durations.map((ms) =>
        limiter.run(async () => {
          const run = { start: time.clock.now(), settle: Number.NaN };
          runs.push(run);
          if (ms > 0) await time.sleep(ms);
          run.settle = time.clock.now();
        }),
      ),
    );
    return runs;
  }

  /** When each run started, at most `perSecond - 1` others were running or had settled less than `windowMs` before. */
  function expectWithinRate(runs: { start: number; settle: number }[], perSecond: number, windowMs = 1000) {
    for (const run of runs) {
      const busy = runs.filter(
        (other) => other !== run && other.start <= run.start && !(other.settle <= run.start - windowMs),
      );
      expect(busy.length).toBeLessThan(perSecond);
    }
  }

  it('never starts more than perSecond inside any rolling second, and is not slower than it must be', async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ perSecond: 5, clock: time.clock, sleep: time.sleep });
    const runs = await runAll(
      limiter,
      time,
      Array.from({ length: 53 }, () => 0),
    );
    expect(runs).toHaveLength(53);
    for (let i = 5; i < runs.length; i++) expect(runs[i]!.start - runs[i - 5]!.settle).toBeGreaterThanOrEqual(1000);
    // Requests answered at once: 53 of them at 5/s take 10 s of fake time, not more.
    expect(runs.at(-1)!.start - runs[0]!.start).toBe(10_000);
  });

  it("keeps a slow request's slot until it is answered, and a window after", async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ perSecond: 1, clock: time.clock, sleep: time.sleep });
    const [slow, next] = await runAll(limiter, time, [5000, 0]);
    // Sent at once when counted from its start, `next` could reach the provider right after `slow` finally arrives.
    expect(next!.start).toBe(slow!.settle + 1000);
  });

  it('never exceeds its rate whatever the rate, however callers arrive and however long requests take', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 700 }), ms: fc.integer({ min: 0, max: 3000 }) }), {
          minLength: 1,
          maxLength: 60,
        }),
        async (perSecond, callers) => {
          const time = fakeTime();
          const limiter = createRateLimiter({ perSecond, clock: time.clock, sleep: time.sleep });
          const runs: { start: number; settle: number }[] = [];
          const pending: Promise<void>[] = [];
          for (const { gap, ms } of callers) {
            time.advance(gap);
            pending.push(runAll(limiter, time, [ms]).then(([run]) => void runs.push(run!)));
            if (gap % 3 === 0) await Promise.resolve(); // let some callers arrive while others wait
          }
          await Promise.all(pending);
          expect(runs).toHaveLength(callers.length);
          expectWithinRate(runs, perSecond);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts a request that failed like any other, and goes on', async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ perSecond: 1, clock: time.clock, sleep: time.sleep });
    let failedAt = Number.NaN;
    const failed = limiter.run(async () => {
      await time.sleep(200);
      failedAt = time.clock.now();
      throw new Error('no answer');
    });
    const after = runAll(limiter, time, [0]);
    await expect(failed).rejects.toThrow('no answer');
    expect((await after)[0]!.start).toBe(failedAt + 1000);
  });

  it('holds across clients that share it', async () => {
    const time = fakeTime();
    const shared = createRateLimiter({ perSecond: 2, clock: time.clock, sleep: time.sleep });
    const runs = (
      await Promise.all([runAll(shared, time, [10, 0]), runAll(shared, time, [300]), runAll(shared, time, [0, 0])])
    ).flat();
    expect(runs).toHaveLength(5);
    expectWithinRate(runs, 2);
  });
});

describe('token cache', () => {
  it('makes one login for 100 concurrent callers and reuses it until shortly before expiry', async () => {
    const time = fakeTime();
    let issued = 0;
    const cache = createTokenCache(async () => {
      issued++;
      await Promise.resolve();
      return { token: `t${issued}`, expiresInSeconds: 3600 };
    }, time.clock);
    const tokens = await Promise.all(Array.from({ length: 100 }, () => cache.get()));
    expect(new Set(tokens)).toEqual(new Set(['t1']));
    expect(issued).toBe(1);
    time.advance(3_530_000);
    expect(await cache.get()).toBe('t1');
    time.advance(20_000); // within the last minute of its life
    expect(await cache.get()).toBe('t2');
  });

  it('drops only the token that was refused', async () => {
    let issued = 0;
    const cache = createTokenCache(() => Promise.resolve({ token: `t${++issued}`, expiresInSeconds: 3600 }), {
      now: () => 0,
    });
    expect(await cache.get()).toBe('t1');
    cache.invalidate('stale-other');
    expect(await cache.get()).toBe('t1');
    cache.invalidate('t1');
    expect(await cache.get()).toBe('t2');
  });

  it('shares a failed login with every caller until a backoff has passed, then tries again (doubling while it fails)', async () => {
    const time = fakeTime();
    let calls = 0;
    let ok = false;
    const cache = createTokenCache(async () => {
      calls++;
      await Promise.resolve();
      if (!ok) throw new Error(`refused ${calls}`);
      return { token: 'ok', expiresInSeconds: 60 };
    }, time.clock);
    // 100 callers at once share the login in flight, and its failure.
    const first = await Promise.allSettled(Array.from({ length: 100 }, () => cache.get()));
    expect(first.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : r.value))).toEqual(
      Array(100).fill('refused 1'),
    );
    // Callers that come later within the backoff get the same failure without a login.
    time.advance(999);
    await expect(cache.get()).rejects.toThrow('refused 1');
    expect(calls).toBe(1);
    time.advance(1);
    await expect(cache.get()).rejects.toThrow('refused 2');
    // The wait doubles: 2 s after the second failure.
    time.advance(1999);
    await expect(cache.get()).rejects.toThrow('refused 2');
    expect(calls).toBe(2);
    ok = true;
    time.advance(1);
    expect(await cache.get()).toBe('ok');
    expect(calls).toBe(3);
  });
});
