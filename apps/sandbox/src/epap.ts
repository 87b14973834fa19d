// epap receipts API (docs/providers.md, from epap's German documentation): header-credential login and receipt
// deletion, with every documented message verbatim.
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

export interface EpapConfig {
  clientId: string;
  clientSecret: string;
  tokenLifetimeSeconds: number;
}

export const EPAP_TAIL =
  ' The server cannot process your request because the syntax is not valid. For detailed information visit www.docs.epap.app or contact us at contact@epap.app.';
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  406: 'Not Acceptable',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
const REQUIRED = ['Authorization', 'epap_id', 'client_id', 'chain_id', 'app_user_id'] as const;

export class Epap {
  private tokens = new Map<string, number>();

  constructor(
    private readonly world: World,
    private readonly config: EpapConfig,
    private readonly random: () => number,
    private readonly now: () => number,
  ) {}

  error(status: number, message: string): SandboxResponse {
    return { status, body: { message, status: STATUS_TEXT[status] ?? 'Error', status_code: status } };
  }

  private loginError(status: number, message: string): SandboxResponse {
    return { status, body: { Message: message, Status: STATUS_TEXT[status] ?? 'Error', StatusCode: status } };
  }

  private faultFor = (kind: AnsweredFault): SandboxResponse => {
    if (kind === 'longMessage') return this.error(400, LONG_MESSAGE);
    if (kind === 'status500') return this.error(500, 'An unknown error occured. Please contact us at contact@epap.app');
    if (kind === 'status503') return this.error(503, 'The service is temporarily unavailable. Please try again later.');
    return { ...this.error(429, 'Too many requests. Please try again later.'), headers: { 'retry-after': '1' } };
  };

  route(req: SandboxRequest): Route | SandboxResponse {
    const r = (operation: string, run: () => SandboxResponse): Route => ({
      provider: 'epap',
      operation,
      run,
      fault: this.faultFor,
    });
    if (req.path === '/v1/login') return r('login', () => this.login(req));
    if (req.path === '/v2/delete') return r('deleteReceipt', () => this.deleteReceipt(req));
    return this.error(404, `The requested resource does not exist.${EPAP_TAIL}`);
  }

  private login(req: SandboxRequest): SandboxResponse {
    if (req.method !== 'POST') return this.loginError(400, 'The request must be a POST request.');
    if (header(req, 'clientid') !== this.config.clientId || header(req, 'clientsecret') !== this.config.clientSecret) {
      return this.loginError(403, 'Unauthorized: unknown client or wrong secret.');
    }
    const token = `epap_${randomString(this.random, 40)}`;
    this.tokens.set(token, this.now() + this.config.tokenLifetimeSeconds * 1000);
    return {
      status: 200,
      body: {
        access_token: token,
        expires_in: this.config.tokenLifetimeSeconds,
        token_type: header(req, 'token_type') ?? 'Bearer',
      },
    };
  }

  private deleteReceipt(req: SandboxRequest): SandboxResponse {
    if (req.method !== 'POST') return this.error(400, `The request must be a POST request.${EPAP_TAIL}`);
    for (const key of REQUIRED) {
      const value = header(req, key.toLowerCase());
      if (value === undefined)
        return this.error(400, `Required key '${key}' in request headers is missing with no default.${EPAP_TAIL}`);
      // Headers always arrive as text; the sandbox treats an empty value as "not a string" (epap's check is undocumented).
      if (value.trim() === '')
        return this.error(406, `Type of key '${key}' in request headers is not a string.${EPAP_TAIL}`);
    }
    const token = /^Bearer (.+)$/.exec(header(req, 'authorization')!)?.[1];
    const expiresAt = token ? this.tokens.get(token) : undefined;
    if (expiresAt === undefined || expiresAt <= this.now()) {
      return this.error(
        403,
        'Authorization for request has expired. Please generate a fresh access token. For detailed information visit www.docs.epap.app or contact us at contact@epap.app.',
      );
    }
    if (header(req, 'client_id') !== this.config.clientId)
      return this.error(403, `Value of key 'client_id' in request headers is unknown.${EPAP_TAIL}`);
    const receipt = this.world.receipts.get(header(req, 'epap_id')!);
    if (receipt) receipt.deleteRequests++;
    if (!receipt || !receipt.exists)
      return this.error(406, `Value of key 'epap_id' does not have a corresponding document.${EPAP_TAIL}`);
    if (
      receipt.chainId !== header(req, 'chain_id') ||
      receipt.appUserId !== header(req, 'app_user_id') ||
      receipt.clientId !== header(req, 'client_id')
    ) {
      return this.error(
        406,
        `Value of key 'client_id', 'chain_id' or 'app_user_id' does not correspond to the epap document data.${EPAP_TAIL}`,
      );
    }
    receipt.exists = false;
    receipt.deletions++;
    receipt.deletedAt = new Date(this.now()).toISOString();
    return {
      status: 200,
      body: {
        message: 'Successfully deleted receipt. The user has been notified about a deleted epap.',
        status: 'OK',
        status_code: 200,
      },
    };
  }
}
