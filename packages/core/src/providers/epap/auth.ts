// epap's login: client credentials in headers (not a body), a one-hour token with no refresh token — so the cache
// logs in again when it runs out (see auth/token-cache.ts).
import { TeardownAuthenticationError } from '../../errors.js';
import { createTokenCache, type TokenCache } from '../../auth/token-cache.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { isRecord, parseJson } from '../../json.js';
import { epapError } from './errors.js';

export interface EpapCredentials {
  clientId: string;
  clientSecret: string;
  /** Default `epap.pos`. */
  scope?: string;
}

export function createEpapTokenCache(http: ProviderHttp, baseUrl: string, credentials: EpapCredentials): TokenCache {
  return createTokenCache(async () => {
    const res = await http.send(
      'login',
      () => ({
        method: 'POST',
        url: `${baseUrl}/v1/login`,
        headers: {
          clientid: credentials.clientId,
          clientsecret: credentials.clientSecret,
          scope: credentials.scope ?? 'epap.pos',
          token_type: 'Bearer',
          'content-length': '0',
        },
        body: '',
      }),
      (r) => epapError('login', r, http.clock.now()),
    );
    const json = parseJson(res.body);
    if (!isRecord(json) || typeof json.access_token !== 'string') {
      throw new TeardownAuthenticationError({
        provider: 'epap',
        operation: 'login',
        status: res.status,
        code: 'invalid_token_response',
        classification: 'not_retryable',
      });
    }
    http.keepToken(json.access_token);
    return {
      token: json.access_token,
      expiresInSeconds: typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 3599,
    };
  }, http.clock);
}
