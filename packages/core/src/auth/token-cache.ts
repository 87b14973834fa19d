// Caches an access token until shortly before it expires. Single-flight: concurrent callers share one login.
import type { Clock } from '../http/retry.js';

export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

export interface TokenCache {
  get(): Promise<string>;
  /** Drops `token` if it is still the cached one (after a 401), so the next `get` logs in again. */
  invalidate(token: string): void;
}

export function createTokenCache(
  issue: () => Promise<IssuedToken>,
  clock: Clock,
  refreshBeforeMs = 60_000,
): TokenCache {
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  return {
    get() {
      if (cached && clock.now() < cached.expiresAt) return Promise.resolve(cached.token);
      inflight ??= issue()
        .then(({ token, expiresInSeconds }) => {
          const lifetime = expiresInSeconds * 1000;
          // Short-lived tokens keep at least half their lifetime usable.
          cached = { token, expiresAt: clock.now() + lifetime - Math.min(refreshBeforeMs, lifetime / 2) };
          return token;
        })
        .finally(() => {
          inflight = undefined;
        });
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
