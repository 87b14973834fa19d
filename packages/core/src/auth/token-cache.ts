// Caches an access token until shortly before it expires. One login at a time per credential: concurrent callers share
// one login, and a failed login is shared too — every caller until a backoff has passed gets the same failure at once,
// so revoked credentials cost a handful of logins, not one per target.
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

export interface LoginBackoff {
  /** Wait after the first failed login before another is tried. Default 1 000. */
  initialMs?: number;
  /** Longest wait, reached by doubling after each failed login in a row. Default 30 000. */
  maxMs?: number;
}

export function createTokenCache(
  issue: () => Promise<IssuedToken>,
  clock: Clock,
  refreshBeforeMs = 60_000,
  backoff: LoginBackoff = {},
): TokenCache {
  const { initialMs = 1000, maxMs = 30_000 } = backoff;
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  // The last failed login and until when it stands in for a new one; `failures` in a row set the next wait.
  let failed: { error: Error; until: number } | undefined;
  let failures = 0;
  const login = () =>
    issue().then(
      ({ token, expiresInSeconds }) => {
        const lifetime = expiresInSeconds * 1000;
        // Short-lived tokens keep at least half their lifetime usable.
        cached = { token, expiresAt: clock.now() + lifetime - Math.min(refreshBeforeMs, lifetime / 2) };
        failed = undefined;
        failures = 0;
        return token;
      },
      (cause: unknown) => {
        const error = cause instanceof Error ? cause : new Error(String(cause));
        failed = { error, until: clock.now() + Math.min(maxMs, initialMs * 2 ** failures++) };
        throw error;
      },
    );
  return {
    get() {
      const now = clock.now();
      if (cached && now < cached.expiresAt) return Promise.resolve(cached.token);
      if (failed && now < failed.until) return Promise.reject(failed.error);
      inflight ??= login().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
