// epap receipts API: delete a receipt by its document id (logging in as auth.ts does).
import { TeardownError } from '../../errors.js';
import type { TokenCache } from '../../auth/token-cache.js';
import { ProviderHttp, newCallState, type DeleteOptions, type DeleteResult } from '../../http/provider-http.js';
import type { HttpRequest } from '../../http/transport.js';
import { requireHeaderValue, requireId } from '../../validation.js';
import { EPAP_ID_FIELDS } from './provider.js';
import { createEpapTokenCache } from './auth.js';
import { epapError } from './errors.js';
import type { EpapClientOptions, ReceiptRef } from './types.js';

export const EPAP_DEFAULT_BASE_URL = 'https://europe-west1-epap-fg44.cloudfunctions.net/receipts';

export class EpapClient {
  readonly baseUrl: string;
  readonly chainId: string | undefined;
  private readonly deleteUrl: string;
  private readonly http: ProviderHttp;
  private readonly tokens: TokenCache;
  readonly #clientId: string;

  constructor(options: EpapClientOptions) {
    const clientId = requireHeaderValue('epap', 'constructor', 'clientId', 'epap client ID', options.clientId);
    const clientSecret = requireHeaderValue(
      'epap',
      'constructor',
      'clientSecret',
      'epap client secret',
      options.clientSecret,
    );
    if (options.chainId !== undefined) requireId(EPAP_ID_FIELDS.epapChainId, 'constructor', options.chainId);
    this.#clientId = clientId;
    this.chainId = options.chainId;
    this.baseUrl = (options.baseUrl ?? EPAP_DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.deleteUrl = `${this.baseUrl}/v2/delete`;
    this.http = new ProviderHttp('epap', options);
    this.http.keepSecret(clientSecret);
    this.tokens = createEpapTokenCache(this.http, this.baseUrl, {
      clientId,
      clientSecret,
      ...(options.scope && { scope: options.scope }),
    });
  }

  /**
   * Deletes a receipt (the app user is notified). epap answers a receipt it does not have with "no corresponding
   * document" whether it was deleted or never existed: `not_found`, an error unless `options.notFound` is `'done'`.
   */
  async deleteReceipt(input: ReceiptRef, options?: DeleteOptions): Promise<DeleteResult> {
    const op = 'deleteReceipt';
    const epapId = requireId(EPAP_ID_FIELDS.epapId, op, input?.epapId);
    const chainId = requireId(EPAP_ID_FIELDS.epapChainId, op, input.chainId ?? this.chainId);
    const appUserId = requireId(EPAP_ID_FIELDS.epapAppUserId, op, input.appUserId);
    const state = newCallState();
    let token = '';
    const build = async (): Promise<HttpRequest> => {
      token = await this.tokens.get();
      return {
        method: 'POST',
        url: this.deleteUrl,
        headers: {
          authorization: `Bearer ${token}`,
          epap_id: epapId,
          client_id: this.#clientId,
          chain_id: chainId,
          app_user_id: appUserId,
          'content-length': '0',
        },
        body: '',
      };
    };
    const classify = (r: Parameters<typeof epapError>[1]) => epapError(op, r, this.http.clock.now());
    try {
      try {
        await this.http.send(op, build, classify, state);
      } catch (error) {
        if (!(error instanceof TeardownError) || error.code !== 'authorization_expired') throw error;
        this.tokens.invalidate(token);
        await this.http.send(op, build, classify, state);
      }
      return this.http.deleted(op, state);
    } catch (error) {
      return this.http.settle(error, state, options, {
        lookedFor: `receipt ${epapId} of chain ${chainId} and app user ${appUserId}`,
      });
    }
  }
}
