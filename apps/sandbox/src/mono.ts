// Mono Bre-B participant API as documented (docs/providers.md): OAuth client credentials, collections, QR codes,
// the collection state machine, and `collection.*` webhooks.
import type { MonoCollection } from '@teardown/core';
import {
  header,
  LONG_MESSAGE,
  type AnsweredFault,
  type Route,
  type SandboxRequest,
  type SandboxResponse,
} from './http.js';
import { randomString } from './random.js';
import type { World } from './state.js';

export interface MonoConfig {
  clientId: string;
  clientSecret: string;
  /** A second client whose tokens only ever get `collections:readonly` (for permission tests). */
  readOnlyClientId: string;
  readOnlyClientSecret: string;
  tokenLifetimeSeconds: number;
  keyCancellationDelayMs: number;
}

export interface MonoHooks {
  random: () => number;
  now: () => number;
  /** Emits a `collection.*` event to the registered webhooks. */
  emit(type: string, collection: MonoCollection): void;
  schedule(ms: number, fn: () => void): void;
}

const TOP_MESSAGE: Record<number, string> = {
  400: 'Malformed request',
  401: 'Authorization header is missing or invalid.',
  403: 'Not authorized to have access to this resource',
  404: 'Resource not defined',
  409: 'Conflict',
  429: 'Too many requests',
  500: 'Something went wrong on the Server',
  503: 'Service unavailable',
};
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class Mono {
  private tokens = new Map<string, { scopes: Set<string>; expiresAt: number }>();

  constructor(
    private readonly world: World,
    private readonly config: MonoConfig,
    private readonly hooks: MonoHooks,
  ) {}

  error(status: number, errorCode: string, message: string, extraHeaders?: Record<string, string>): SandboxResponse {
    return {
      status,
      ...(extraHeaders && { headers: extraHeaders }),
      body: {
        code: `${status} ${STATUS_TEXT[status] ?? 'Error'}`,
        errors: [{ error_code: errorCode, message, path: null, url: null }],
        id: `log_${randomString(this.hooks.random, 22)}`,
        message: TOP_MESSAGE[status] ?? 'Error',
      },
    };
  }

  private faultFor = (kind: AnsweredFault): SandboxResponse => {
    if (kind === 'longMessage') return this.error(400, 'bad_request', LONG_MESSAGE);
    if (kind === 'status500') return this.error(500, 'internal_error', 'An unexpected error occurred');
    if (kind === 'status503')
      return this.error(503, 'service_is_unavailable', 'The service is unavailable, Please try again later');
    return this.error(429, 'too_many_requests', 'Too many requests, please slow down', { 'retry-after': '1' });
  };

  route(req: SandboxRequest): Route | SandboxResponse {
    const r = (operation: string, run: () => SandboxResponse): Route => ({
      provider: 'mono-breb',
      operation,
      run,
      fault: this.faultFor,
    });
    const parts = req.path.split('/').filter(Boolean); // api v1 …
    if (parts[0] !== 'api' || parts[1] !== 'v1')
      return this.error(404, 'not_found', 'The requested resource was not found');
    const [, , a, b, c, d] = parts;
    const m = req.method;
    if (a === 'oauth' && b === 'token' && parts.length === 4 && m === 'POST') return r('token', () => this.token(req));
    if (a !== 'collections') return this.error(404, 'not_found', 'The requested resource was not found');
    if (parts.length === 3 && m === 'GET')
      return r('listCollections', () => this.authorized(req, 'read', () => this.listCollections(req)));
    if (parts.length === 3 && m === 'POST')
      return r('createCollections', () => this.authorized(req, 'write', () => this.createCollections(req)));
    if (parts.length === 4 && m === 'GET')
      return r('getCollection', () => this.authorized(req, 'read', () => this.getCollection(b!)));
    if (parts.length === 4 && m === 'DELETE')
      return r('deleteCollection', () => this.authorized(req, 'write', () => this.deleteCollection(b!)));
    if (c === 'qr' && parts.length === 5 && m === 'GET')
      return r('listQrCodes', () => this.authorized(req, 'read', () => this.listQrCodes(b!, req)));
    if (c === 'qr' && parts.length === 5 && m === 'POST')
      return r('createQrCode', () => this.authorized(req, 'write', () => this.createQrCode(b!, req)));
    if (c === 'qr' && parts.length === 6 && m === 'GET')
      return r('getQrCode', () => this.authorized(req, 'read', () => this.getQrCode(b!, d!)));
    if (c === 'qr' && parts.length === 6 && m === 'DELETE')
      return r('cancelQrCode', () => this.authorized(req, 'write', () => this.cancelQrCode(b!, d!)));
    return this.error(404, 'not_found', 'The requested resource was not found');
  }

  private token(req: SandboxRequest): SandboxResponse {
    const type = header(req, 'content-type') ?? '';
    let fields: Record<string, unknown> = {};
    try {
      fields = type.includes('application/x-www-form-urlencoded')
        ? Object.fromEntries(new URLSearchParams(req.body))
        : (JSON.parse(req.body || '{}') as Record<string, unknown>);
    } catch {
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: 'The request body could not be parsed.' },
      };
    }
    if (fields.grant_type !== 'client_credentials') {
      return {
        status: 400,
        body: {
          error: 'unsupported_grant_type',
          error_description: 'The authorization grant type is not supported by the authorization server.',
        },
      };
    }
    const id = fields.client_id;
    const secret = fields.client_secret;
    const full = id === this.config.clientId && secret === this.config.clientSecret;
    const readOnly = id === this.config.readOnlyClientId && secret === this.config.readOnlyClientSecret;
    if (!full && !readOnly)
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed.' } };
    const allowed = full ? ['collections', 'collections:readonly'] : ['collections:readonly'];
    const requested = typeof fields.scope === 'string' && fields.scope.trim() ? fields.scope.split(/\s+/) : allowed;
    const scopes = new Set(requested.filter((s) => allowed.includes(s)));
    const token = `mono_at_${randomString(this.hooks.random, 32)}`;
    this.tokens.set(token, { scopes, expiresAt: this.hooks.now() + this.config.tokenLifetimeSeconds * 1000 });
    return {
      status: 200,
      body: {
        access_token: token,
        expires_in: this.config.tokenLifetimeSeconds,
        refresh_token: `mono_rt_${randomString(this.hooks.random, 32)}`,
        scope: [...scopes].join(' '),
        token_type: 'Bearer',
      },
    };
  }

  private authorized(req: SandboxRequest, need: 'read' | 'write', run: () => SandboxResponse): SandboxResponse {
    const auth = header(req, 'authorization');
    if (!auth) return this.error(401, 'missing_authorization_header', '`Authorization` header is missing.');
    const token = /^Bearer (.+)$/.exec(auth)?.[1];
    const grant = token ? this.tokens.get(token) : undefined;
    if (!grant || grant.expiresAt <= this.hooks.now())
      return this.error(401, 'invalid_token', 'The access token is invalid or has expired.');
    const ok =
      need === 'write'
        ? grant.scopes.has('collections')
        : grant.scopes.has('collections') || grant.scopes.has('collections:readonly');
    if (!ok) return this.error(403, 'not_authorized', 'Not authorized to have access to this resource.');
    return run();
  }

  private notFound(): SandboxResponse {
    return this.error(404, 'collection_not_found', "The collection doesn't exist");
  }

  private view<T extends object>(
    record: T,
  ): Omit<T, 'deleteRequests' | 'deletions' | 'deletedAt' | 'discardedAt' | 'canceledAt'> {
    const {
      deleteRequests: _r,
      deletions: _d,
      deletedAt: _a,
      discardedAt: _b,
      canceledAt: _c,
      ...rest
    } = record as T & Record<string, unknown>;
    return rest;
  }

  private listCollections(req: SandboxRequest): SandboxResponse {
    const page = Number(req.query.get('page_number') ?? '1');
    const size = Number(req.query.get('page_size') ?? '50');
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 10 || size > 500) {
      return this.error(400, 'invalid_pagination', 'page_number must be ≥ 1 and page_size between 10 and 500');
    }
    const all = [...this.world.collections.values()];
    return { status: 200, body: { collections: all.slice((page - 1) * size, page * size).map((c) => this.view(c)) } };
  }

  private createCollections(req: SandboxRequest): SandboxResponse {
    let body: { collections?: unknown; tenant_account_id?: unknown };
    try {
      body = JSON.parse(req.body) as typeof body;
    } catch {
      return this.error(400, 'invalid_body', 'The request body must be valid JSON');
    }
    if (!Array.isArray(body.collections) || body.collections.length < 1 || body.collections.length > 1000) {
      return this.error(400, 'invalid_collections', 'collections must be a list of 1 to 1000 items');
    }
    const created = (body.collections as Record<string, unknown>[]).map((spec) => {
      const c = this.world.newCollection(undefined, 'ready');
      if (typeof spec.external_id === 'string') c.external_id = spec.external_id;
      if (typeof spec.nickname === 'string') c.nickname = spec.nickname;
      if (typeof body.tenant_account_id === 'string') c.tenant_account_id = body.tenant_account_id;
      this.hooks.emit('collection.created', c);
      this.hooks.emit('collection.ready', c);
      return this.view(c);
    });
    return { status: 201, body: { created, duplicated: [], rejected: [] } };
  }

  private getCollection(id: string): SandboxResponse {
    const c = this.world.collections.get(id);
    return c ? { status: 200, body: this.view(c) } : this.notFound();
  }

  /** Sandbox choices: `has_payments` is 409; a collection already marked deleted answers `collection_invalid_state`. */
  private deleteCollection(id: string): SandboxResponse {
    const c = this.world.collections.get(id);
    if (!c) return this.notFound();
    c.deleteRequests++;
    if (c.paid_amount.amount > 0)
      return this.error(409, 'has_payments', 'The collection has successful payments and cannot be deleted');
    if (c.state === 'discarded' || c.state === 'failed' || c.deletions > 0) {
      return this.error(409, 'collection_invalid_state', 'The collection is in an invalid state for this operation');
    }
    c.deletions = 1;
    c.deletedAt = this.world.iso();
    c.state_reason = 'deleted';
    c.enabled = false;
    c.updated_at = c.deletedAt;
    this.hooks.schedule(this.config.keyCancellationDelayMs, () => {
      c.state = 'discarded';
      c.discardedAt = this.world.iso();
      c.updated_at = c.discardedAt;
      for (const key of c.keys) key.state = 'canceled';
      this.hooks.emit('collection.discarded', c);
    });
    return { status: 204 };
  }

  private listQrCodes(collectionId: string, req: SandboxRequest): SandboxResponse {
    if (!this.world.collections.has(collectionId)) return this.notFound();
    const canceled = req.query.get('canceled');
    const usage = req.query.get('usage_mode');
    const qr = [...this.world.qrCodes.values()]
      .filter((q) => q.collection_id === collectionId)
      .filter((q) => canceled === null || String(q.canceled) === canceled)
      .filter((q) => usage === null || q.usage_mode === usage)
      .reverse()
      .map((q) => this.view(q));
    return { status: 200, body: { qr } };
  }

  private createQrCode(collectionId: string, req: SandboxRequest): SandboxResponse {
    const c = this.world.collections.get(collectionId);
    if (!c) return this.notFound();
    let body: { usage_mode?: unknown; amount?: unknown; expiration_seconds?: unknown };
    try {
      body = JSON.parse(req.body) as typeof body;
    } catch {
      return this.error(400, 'invalid_body', 'The request body must be valid JSON');
    }
    if (body.usage_mode !== 'single_use' && body.usage_mode !== 'multiple_use')
      return this.error(400, 'invalid_usage_mode', 'usage_mode must be single_use or multiple_use');
    if (body.expiration_seconds !== undefined) {
      const e = body.expiration_seconds;
      if (body.usage_mode !== 'single_use' || typeof e !== 'number' || !Number.isInteger(e) || e < 1 || e > 6_220_800) {
        return this.error(
          400,
          'invalid_expiration_seconds',
          'expiration_seconds applies to single_use QR codes and must be 1–6220800',
        );
      }
    }
    if (c.state !== 'ready' && c.state !== 'minimum_paid')
      return this.error(409, 'collection_invalid_state', 'The collection is in an invalid state for this operation');
    const qr = this.world.newQrCode(
      collectionId,
      undefined,
      body.usage_mode,
      false,
      typeof body.amount === 'number' ? body.amount : 0,
    );
    return { status: 201, body: this.view(qr) };
  }

  private getQrCode(collectionId: string, id: string): SandboxResponse {
    if (!this.world.collections.has(collectionId)) return this.notFound();
    const q = this.world.qrCodes.get(id);
    return q && q.collection_id === collectionId
      ? { status: 200, body: this.view(q) }
      : this.error(404, 'qr_not_found', "The QR code doesn't exist");
  }

  private cancelQrCode(collectionId: string, id: string): SandboxResponse {
    if (!this.world.collections.has(collectionId)) return this.notFound();
    const q = this.world.qrCodes.get(id);
    if (!q || q.collection_id !== collectionId) return this.error(404, 'qr_not_found', "The QR code doesn't exist");
    q.deleteRequests++;
    if (q.usage_mode !== 'single_use')
      return this.error(400, 'qr_not_dynamic', 'Only dynamic QR codes can be cancelled');
    if (q.canceled) return this.error(409, 'qr_already_canceled', 'The QR code has already been cancelled');
    q.canceled = true;
    q.deletions = 1;
    q.canceledAt = q.deletedAt = q.updated_at = this.world.iso();
    return { status: 204 };
  }
}
