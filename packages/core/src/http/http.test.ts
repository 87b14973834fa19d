import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../errors.js';
import { createRateLimiter } from './rate-limiter.js';
import { backoffDelayMs } from './retry.js';
import { createTokenCache } from '../auth/token-cache.js';

/** A clock that only moves when the code under test sleeps. */
function fakeTime(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: { now: () => now },
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
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
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), fc.integer({ min: 0, max: 60_000 }), (n, r, after) => {
        expect(backoffDelayMs(n, { random: () => r }, after)).toBeGreaterThanOrEqual(after);
      }),
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
  it('never grants more than perSecond inside any rolling second', async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ perSecond: 5, clock: time.clock, sleep: time.sleep });
    const grants: number[] = [];
    await Promise.all(Array.from({ length: 53 }, () => limiter.acquire().then(() => grants.push(time.clock.now()))));
    expect(grants).toHaveLength(53);
    for (let i = 5; i < grants.length; i++) expect(grants[i]! - grants[i - 5]!).toBeGreaterThanOrEqual(1000);
    // And it is not slower than it must be: 53 grants at 5/s take 10 s of fake time, not more.
    expect(grants.at(-1)! - grants[0]!).toBe(10_000);
  });

  it('never exceeds its rate whatever the rate and however callers arrive', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 60 }), async (perSecond, gaps) => {
        const time = fakeTime();
        // The limiter reads the clock when it decides; the last reading before a grant resolves is the grant's time
        // (callers advancing the clock meanwhile must not shift it).
        let lastReading = 0;
        const clock = { now: () => (lastReading = time.clock.now()) };
        const limiter = createRateLimiter({ perSecond, clock, sleep: time.sleep });
        const grants: number[] = [];
        const pending: Promise<void>[] = [];
        for (const gap of gaps) {
          time.advance(gap);
          pending.push(limiter.acquire().then(() => void grants.push(lastReading)));
          if (gap % 3 === 0) await Promise.resolve(); // let some callers arrive while others wait
        }
        await Promise.all(pending);
        expect(grants).toHaveLength(gaps.length);
        for (let i = perSecond; i < grants.length; i++) expect(grants[i]! - grants[i - perSecond]!).toBeGreaterThanOrEqual(1000);
      }),
      { numRuns: 200 },
    );
  });

  it('holds across clients that share it', async () => {
    const time = fakeTime();
    const shared = createRateLimiter({ perSecond: 2, clock: time.clock, sleep: time.sleep });
    const grants: number[] = [];
    const client = () => shared.acquire().then(() => grants.push(time.clock.now()));
    await Promise.all([client(), client(), client(), client(), client()]);
    for (let i = 2; i < grants.length; i++) expect(grants[i]! - grants[i - 2]!).toBeGreaterThanOrEqual(1000);
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
    const cache = createTokenCache(() => Promise.resolve({ token: `t${++issued}`, expiresInSeconds: 3600 }), { now: () => 0 });
    expect(await cache.get()).toBe('t1');
    cache.invalidate('stale-other');
    expect(await cache.get()).toBe('t1');
    cache.invalidate('t1');
    expect(await cache.get()).toBe('t2');
  });

  it('lets the next caller retry after a failed login', async () => {
    let calls = 0;
    const cache = createTokenCache(() => (++calls === 1 ? Promise.reject(new Error('down')) : Promise.resolve({ token: 'ok', expiresInSeconds: 60 })), { now: () => 0 });
    await expect(cache.get()).rejects.toThrow('down');
    expect(await cache.get()).toBe('ok');
  });
});
