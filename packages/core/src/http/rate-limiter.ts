// A sliding-window limiter: at most `perSecond` grants inside any window of `windowMs`. Share one instance
// between every client of the same account, since providers count per account, not per client.
import { systemClock, timerSleep, type Clock, type Sleep } from './retry.js';

export interface RateLimiter {
  /** Resolves when one more request may start. */
  acquire(): Promise<void>;
}

export interface RateLimiterOptions {
  perSecond: number;
  /** Window length. Default 1000 ms. */
  windowMs?: number;
  clock?: Clock;
  sleep?: Sleep;
}

export function createRateLimiter({ perSecond, windowMs = 1000, clock = systemClock, sleep = timerSleep }: RateLimiterOptions): RateLimiter {
  if (!Number.isFinite(perSecond) || perSecond <= 0) throw new RangeError('perSecond must be a positive number');
  const grants: number[] = [];
  let queue: Promise<void> = Promise.resolve();
  const grant = async (): Promise<void> => {
    for (;;) {
      const now = clock.now();
      while (grants.length > 0 && grants[0]! <= now - windowMs) grants.shift();
      if (grants.length < perSecond) {
        grants.push(now);
        return;
      }
      await sleep(grants[0]! + windowMs - now);
    }
  };
  return {
    acquire() {
      // Grants are handed out in call order, one at a time, so concurrent callers cannot overshoot.
      const next = queue.then(grant);
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

/** A limiter that never waits (benchmarks, or when a Temporal task queue limit already applies). */
export const unlimited: RateLimiter = { acquire: () => Promise.resolve() };
