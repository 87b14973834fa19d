// Retry with exponential backoff and full jitter; pure delay computation, injected sleep.
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}
export type Sleep = (ms: number) => Promise<void>;

export interface RetryOptions {
  /** Total attempts including the first. Default 4; 1 disables retries (e.g. when Temporal retries). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** In [0, 1). Default Math.random. */
  random?: () => number;
  /**
   * Default true. False: a rate-limit refusal (TeardownRateLimitError) fails the call at once, for a caller whose pacing
   * is outside this process (a Temporal task-queue limit shared by several workers): a retry here would send a request
   * that pacing never counted, and draw more refusals.
   */
  retryRateLimited?: boolean;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Delay before retry number `retry` (1 for the first retry): full jitter over an exponentially growing cap,
 * but never shorter than what the provider asked for with Retry-After.
 */
export function backoffDelayMs(retry: number, options: RetryOptions = {}, retryAfterMs?: number): number {
  const { baseDelayMs = 250, maxDelayMs = 10_000, random = Math.random } = options;
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.floor(random() * cap);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, retryAfterMs);
}
