// OAuth 2 client credentials against Mono's token endpoint; tokens cached and shared (see auth/token-cache.ts).
import { TeardownAuthenticationError } from '../../errors.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { isRecord, parseJson } from '../../json.js';
import { createTokenCache, type TokenCache } from '../../auth/token-cache.js';
import { monoError } from './errors.js';

export interface MonoCredentials {
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes. Default `collections` (deletes need it; reads accept it too). */
  scope?: string;
}

export function createMonoTokenCache(http: ProviderHttp, baseUrl: string, credentials: MonoCredentials): TokenCache {
  return createTokenCache(async () => {
    const response = await http.send(
      'token',
      () => ({
        method: 'POST',
        url: `${baseUrl}/api/v1/oauth/token`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
          grant_type: 'client_credentials',
          scope: credentials.scope ?? 'collections',
        }),
      }),
      (res) => monoError('token', res, http.clock.now()),
    );
    const json = parseJson(response.body);
    if (!isRecord(json) || typeof json.access_token !== 'string') {
      throw new TeardownAuthenticationError({
        provider: 'mono-breb',
        operation: 'token',
        status: response.status,
        code: 'invalid_token_response',
        classification: 'not_retryable',
        providerMessage: 'The token endpoint answered without an access_token.',
      });
    }
    const expiresIn = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 3600;
    http.keepToken(json.access_token);
    return { token: json.access_token, expiresInSeconds: expiresIn };
  }, http.clock);
}
