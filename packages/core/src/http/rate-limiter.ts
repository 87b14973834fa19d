// A sliding-window limiter that counts each request from when it is answered. Share one instance between every client
// of the same account, since providers count per account, not per client.
import { defaultSleep } from '#platform';
import { systemClock, type Clock, type Sleep } from './retry.js';

export interface RateLimiter {
  /**
   * Runs `send` once one more request may start. Its slot stays taken while it runs and for a window after it settles:
   * a provider counts a request when it arrives, which is after we send it and before we hear back, so counting from
   * the answer keeps any `perSecond + 1` arrivals a full window apart however long each request spent on the way.
   */
  run<T>(send: () => Promise<T>): Promise<T>;
}

export interface RateLimiterOptions {
  perSecond: number;
  /** Window length. Default 1000 ms. */
  windowMs?: number;
  clock?: Clock;
  sleep?: Sleep;
}

export function createRateLimiter({
  perSecond,
  windowMs = 1000,
  clock = systemClock,
  sleep = defaultSleep(),
}: RateLimiterOptions): RateLimiter {
  if (!Number.isFinite(perSecond) || perSecond <= 0) throw new RangeError('perSecond must be a positive number');
  /** When each request that settled inside the last window settled, oldest first. */
  const settled: number[] = [];
  let running = 0;
  /** Set while the caller next in line waits for a running request to settle (every slot is running). */
  let onSettle: (() => void) | undefined;
  let queue: Promise<void> = Promise.resolve();

  const take = async (): Promise<void> => {
    for (;;) {
      const now = clock.now();
      while (settled.length > 0 && settled[0]! <= now - windowMs) settled.shift();
      if (settled.length + running < perSecond) {
        running++;
        return;
      }
      // A request settling keeps its slot for a window, so only the oldest settled one leaving the window frees one.
      if (settled.length > 0) await sleep(settled[0]! + windowMs - now);
      else await new Promise<void>((resolve) => (onSettle = resolve));
    }
  };

  return {
    async run(send) {
      // Slots are handed out in call order, one caller at a time, so concurrent callers cannot overshoot.
      const next = queue.then(take);
      queue = next.catch(() => undefined);
      await next;
      try {
        return await send();
      } finally {
        running--;
        settled.push(clock.now());
        const wake = onSettle;
        onSettle = undefined;
        wake?.();
      }
    },
  };
}
