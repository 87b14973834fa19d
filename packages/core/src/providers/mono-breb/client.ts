// Mono Bre-B participant API: cancel QR codes, delete collections, and the reads that find what to delete.
import { TeardownError, TeardownValidationError } from '../../errors.js';
import { teardownError } from '../../error-table.js';
import {
  ProviderHttp,
  newCallState,
  type CallState,
  type ClientOptions,
  type DeleteOptions,
  type DeleteResult,
} from '../../http/provider-http.js';
import { parseJson } from '../../json.js';
import type { HttpRequest, HttpResponse } from '../../http/transport.js';
import type { TokenCache } from '../../auth/token-cache.js';
import { requireId, requireIntegerInRange, requireString } from '../../validation.js';
import { MONO_ID_FIELDS } from './provider.js';
import { createMonoTokenCache, type MonoCredentials } from './auth.js';
import { monoError } from './errors.js';
import {
  MONO_BASE_URLS,
  type MonoCollection,
  type MonoEnvironment,
  type MonoQrCode,
  type MonoUsageMode,
} from './types.js';

export interface MonoBrebClientOptions extends MonoCredentials, ClientOptions {
  /** Any base URL (wins over `environment`), e.g. a production host or the local sandbox. */
  baseUrl?: string;
  /** Default `sandbox`. */
  environment?: MonoEnvironment;
}

export interface QrCodeRef {
  collectionId: string;
  qrCodeId: string;
}

export interface CollectionRef {
  collectionId: string;
}

export interface ListQrCodesInput extends CollectionRef {
  canceled?: boolean;
  usageMode?: MonoUsageMode;
}

export interface WaitForDiscardOptions {
  /** Give up after this long (ms, 1 ms to 24 hours). */
  timeoutMs: number;
  /** Time between reads (ms, 100 ms to 1 hour). */
  pollIntervalMs: number;
}

/** `discardedAt`: Mono's own time of the discard (the discarded collection's `updated_at`). `reads`: reads it took. */
export type DiscardWait = { discarded: true; discardedAt: string; reads: number } | { discarded: false; reads: number };

export interface ListCollectionsInput {
  pageNumber?: number;
  /** 10–500. */
  pageSize?: number;
}

export class MonoBrebClient {
  readonly baseUrl: string;
  private readonly http: ProviderHttp;
  private readonly tokens: TokenCache;

  constructor(options: MonoBrebClientOptions) {
    requireString('mono-breb', 'constructor', 'clientId', 'Mono client ID', options.clientId);
    requireString('mono-breb', 'constructor', 'clientSecret', 'Mono client secret', options.clientSecret);
    this.baseUrl = (options.baseUrl ?? MONO_BASE_URLS[options.environment ?? 'sandbox']).replace(/\/+$/, '');
    this.http = new ProviderHttp('mono-breb', options);
    this.http.keepSecret(options.clientSecret);
    this.tokens = createMonoTokenCache(this.http, this.baseUrl, options);
  }

  /**
   * Cancels a dynamic QR code. A QR code that was already cancelled is `already_gone`; an unknown one (or an unknown
   * collection) is `not_found`, an error unless `options.notFound` is `'done'`.
   */
  async cancelQrCode(input: QrCodeRef, options?: DeleteOptions): Promise<DeleteResult> {
    const collectionId = requireId(MONO_ID_FIELDS.monoCollectionId, 'cancelQrCode', input?.collectionId);
    const qrCodeId = requireId(MONO_ID_FIELDS.monoQrCodeId, 'cancelQrCode', input.qrCodeId);
    const state = newCallState();
    try {
      const res = await this.request(
        'cancelQrCode',
        'DELETE',
        `/api/v1/collections/${collectionId}/qr/${qrCodeId}`,
        state,
      );
      return this.http.deleted('cancelQrCode', state, logId(res));
    } catch (error) {
      // After an attempt that may have applied it, "already cancelled" is ours unless the QR code changed before we
      // first asked: this call's first attempt, or the caller's `firstAttemptAt` (without it, it is ours).
      const ambiguous =
        error instanceof TeardownError &&
        error.code === 'qr_already_canceled' &&
        (options?.mayHaveBeenApplied ? options.firstAttemptAt !== undefined : state.unanswered > 0);
      const goneBeforeUs =
        ambiguous &&
        this.http.changedBefore((await this.getQrCode({ collectionId, qrCodeId })).updated_at, state, options);
      return this.http.settle(error, state, options, {
        lookedFor: `QR code ${qrCodeId} in collection ${collectionId}`,
        goneBeforeUs,
        deletedStaysFound: true,
      });
    }
  }

  /**
   * Deletes a collection; Mono then cancels its key asynchronously and sends `collection.discarded`. Mono keeps deleted
   * collections (discarded), so an unknown one is `not_found` whatever our earlier attempts did.
   * `collection_invalid_state` means "already discarded" or "failed": the collection is read to tell which.
   */
  async deleteCollection(input: CollectionRef, options?: DeleteOptions): Promise<DeleteResult> {
    const collectionId = requireId(MONO_ID_FIELDS.monoCollectionId, 'deleteCollection', input?.collectionId);
    const lookedFor = `collection ${collectionId}`;
    const state = newCallState();
    try {
      const res = await this.request('deleteCollection', 'DELETE', `/api/v1/collections/${collectionId}`, state);
      return this.http.deleted('deleteCollection', state, logId(res));
    } catch (error) {
      if (error instanceof TeardownError && error.code === 'collection_invalid_state') {
        const collection = await this.getCollection({ collectionId });
        if (collection.state === 'discarded' || collection.state_reason === 'deleted') {
          const done = teardownError('already_done', { ...error.toJSON(), code: 'collection_discarded' });
          return this.http.settle(done, state, options, {
            lookedFor,
            goneBeforeUs: this.http.changedBefore(collection.updated_at, state, options),
          });
        }
      }
      return this.http.settle(error, state, options, { lookedFor, deletedStaysFound: true });
    }
  }

  /**
   * Reads the collection until Mono's own state shows it discarded (its key cancelled), or until `timeoutMs` has passed,
   * sleeping `pollIntervalMs` between reads with the client's sleep. Only a read ends the wait: a `collection.discarded`
   * webhook may come from an earlier life of the collection, be a redelivery or be forged.
   */
  async waitForDiscard(input: CollectionRef, options: WaitForDiscardOptions): Promise<DiscardWait> {
    const op = 'waitForDiscard';
    const collectionId = requireId(MONO_ID_FIELDS.monoCollectionId, op, input?.collectionId);
    const timeoutMs = requireIntegerInRange('mono-breb', op, 'timeoutMs', 'timeout', options?.timeoutMs, 1, DAY_MS);
    const poll = requireIntegerInRange(
      'mono-breb',
      op,
      'pollIntervalMs',
      'poll interval',
      options.pollIntervalMs,
      100,
      HOUR_MS,
    );
    const deadline = this.http.clock.now() + timeoutMs;
    for (let reads = 1; ; reads++) {
      const collection = await this.getCollection({ collectionId });
      if (collection.state === 'discarded') return { discarded: true, discardedAt: collection.updated_at, reads };
      const wait = Math.min(poll, deadline - this.http.clock.now());
      if (wait <= 0) return { discarded: false, reads };
      await this.http.sleep(wait);
    }
  }

  async getCollection(input: CollectionRef): Promise<MonoCollection> {
    const collectionId = requireId(MONO_ID_FIELDS.monoCollectionId, 'getCollection', input?.collectionId);
    return this.json<MonoCollection>('getCollection', `/api/v1/collections/${collectionId}`);
  }

  async getQrCode(input: QrCodeRef): Promise<MonoQrCode> {
    const collectionId = requireId(MONO_ID_FIELDS.monoCollectionId, 'getQrCode', input?.collectionId);
    const qrCodeId = requireId(MONO_ID_FIELDS.monoQrCodeId, 'getQrCode', input.qrCodeId);
    return this.json<MonoQrCode>('getQrCode', `/api/v1/collections/${collectionId}/qr/${qrCodeId}`);
  }

  /** Newest first, no paging (as Mono answers). `{ canceled: false, usageMode: 'single_use' }` lists what can be cancelled. */
  async listQrCodes(input: ListQrCodesInput): Promise<MonoQrCode[]> {
    const collectionId = requireId(MONO_ID_FIELDS.monoCollectionId, 'listQrCodes', input?.collectionId);
    const query = new URLSearchParams();
    if (input.canceled !== undefined) query.set('canceled', String(input.canceled));
    if (input.usageMode !== undefined) {
      if (input.usageMode !== 'single_use' && input.usageMode !== 'multiple_use') {
        throw new TeardownValidationError(
          'mono-breb',
          'listQrCodes',
          'usageMode',
          'The usage mode must be single_use or multiple_use.',
        );
      }
      query.set('usage_mode', input.usageMode);
    }
    const qs = query.size > 0 ? `?${query.toString()}` : '';
    const body = await this.json<{ qr?: MonoQrCode[] }>('listQrCodes', `/api/v1/collections/${collectionId}/qr${qs}`);
    return body.qr ?? [];
  }

  async listCollections(input: ListCollectionsInput = {}): Promise<MonoCollection[]> {
    const query = new URLSearchParams();
    if (input.pageNumber !== undefined)
      query.set(
        'page_number',
        String(
          requireIntegerInRange(
            'mono-breb',
            'listCollections',
            'pageNumber',
            'page number',
            input.pageNumber,
            1,
            Number.MAX_SAFE_INTEGER,
          ),
        ),
      );
    if (input.pageSize !== undefined)
      query.set(
        'page_size',
        String(requireIntegerInRange('mono-breb', 'listCollections', 'pageSize', 'page size', input.pageSize, 10, 500)),
      );
    const qs = query.size > 0 ? `?${query.toString()}` : '';
    const body = await this.json<{ collections?: MonoCollection[] }>('listCollections', `/api/v1/collections${qs}`);
    return body.collections ?? [];
  }

  private async json<T>(operation: string, path: string): Promise<T> {
    const res = await this.request(operation, 'GET', path, newCallState());
    return parseJson(res.body) as T;
  }

  /** Authenticated request; on a 401 the cached token is dropped and the request is sent once more. */
  private async request(operation: string, method: string, path: string, state: CallState): Promise<HttpResponse> {
    let token = '';
    const url = `${this.baseUrl}${path}`;
    const build = async (): Promise<HttpRequest> => {
      token = await this.tokens.get();
      return { method, url, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } };
    };
    const classify = (res: HttpResponse) => monoError(operation, res, this.http.clock.now());
    try {
      return await this.http.send(operation, build, classify, state);
    } catch (error) {
      if (!(error instanceof TeardownError) || error.status !== 401) throw error;
      this.tokens.invalidate(token);
      return this.http.send(operation, build, classify, state);
    }
  }
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function logId(res: HttpResponse): string | undefined {
  const json = parseJson(res.body) as { id?: unknown } | undefined;
  return typeof json?.id === 'string' ? json.id : undefined;
}
