// Alibaba Cloud CAMS RPC endpoint (docs/providers.md): real ACS3-HMAC-SHA256 verification, the 5 requests per rolling
// second per AccessKey limit, and the message QR code operations.
import { parseAcs3Authorization, sha256Hex, signAcs3 } from '@teardown/core';
import {
  header,
  LONG_MESSAGE,
  type AnsweredFault,
  type Route,
  type SandboxRequest,
  type SandboxResponse,
} from './http.js';
import { randomString } from './random.js';
import type { SandboxCamsQrCode, World } from './state.js';

export interface CamsKey {
  accessKeyId: string;
  accessKeySecret: string;
  /** Keys without permission get `Ram.PermissionDeny` for every action. */
  permitted: boolean;
}

export interface CamsConfig {
  keys: CamsKey[];
  requestsPerSecond: number;
}

const HOST_ID = 'cams.ap-southeast-1.aliyuncs.com';
const RECOMMEND = 'https://api.aliyun.com/troubleshoot';
const MAX_AGE_MS = 15 * 60 * 1000;

const ACTIONS: Record<string, string> = {
  CreatePhoneMessageQrdl: 'createPhoneMessageQrdl',
  ListPhoneMessageQrdl: 'listPhoneMessageQrdl',
  UpdatePhoneMessageQrdl: 'updatePhoneMessageQrdl',
  DeletePhoneMessageQrdl: 'deletePhoneMessageQrdl',
};

export class Cams {
  private nonces = new Map<string, number>();
  private arrivals = new Map<string, number[]>();

  constructor(
    private readonly world: World,
    private readonly config: CamsConfig,
    private readonly random: () => number,
    private readonly now: () => number,
  ) {}

  private requestId(): string {
    const h = randomString(this.random, 32, '0123456789ABCDEF');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  error(status: number, code: string, message: string, extra: Record<string, unknown> = {}): SandboxResponse {
    const requestId = this.requestId();
    return {
      status,
      headers: { 'x-acs-request-id': requestId },
      body: {
        RequestId: requestId,
        HostId: HOST_ID,
        Code: code,
        Message: message,
        Recommend: `${RECOMMEND}?q=${code}`,
        ...extra,
      },
    };
  }

  private ok(extra: Record<string, unknown> = {}): SandboxResponse {
    const requestId = this.requestId();
    return {
      status: 200,
      headers: { 'x-acs-request-id': requestId },
      body: { RequestId: requestId, Code: 'OK', Message: 'None', AccessDeniedDetail: 'None', ...extra },
    };
  }

  private faultFor = (kind: AnsweredFault): SandboxResponse => {
    if (kind === 'longMessage') return this.error(400, 'InvalidParameter', LONG_MESSAGE);
    if (kind === 'status500')
      return this.error(
        500,
        'InternalError',
        'The request processing has failed due to some unknown error, exception or failure.',
      );
    if (kind === 'status503')
      return this.error(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.');
    if (kind === 'status429') return this.error(429, 'Throttling.User', 'Request was denied due to user flow control.');
    return this.error(400, 'System.LimitControl', 'The system is under flow control.');
  };

  route(req: SandboxRequest): Route | SandboxResponse {
    if (req.path !== '/' && req.path !== '')
      return this.error(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    if (req.method !== 'POST' && req.method !== 'GET')
      return this.error(405, 'UnsupportedHTTPMethod', 'This http method is not supported.');
    const form = (header(req, 'content-type') ?? '').includes('application/x-www-form-urlencoded')
      ? new URLSearchParams(req.body)
      : new URLSearchParams();
    const params = new Map([...req.query, ...form]);
    const action = header(req, 'x-acs-action') ?? params.get('Action');
    const operation = action ? ACTIONS[action] : undefined;
    if (!action || !operation)
      return this.error(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    return {
      provider: 'alibaba-cams',
      operation,
      fault: this.faultFor,
      run: () => this.authenticated(req, action, params),
    };
  }

  private authenticated(req: SandboxRequest, action: string, params: Map<string, string>): SandboxResponse {
    const auth = parseAcs3Authorization(header(req, 'authorization'));
    const date = header(req, 'x-acs-date');
    const nonce = header(req, 'x-acs-signature-nonce');
    const bodyHash = header(req, 'x-acs-content-sha256');
    if (!auth || !date || !nonce || !bodyHash || !auth.signedHeaders.includes('host')) {
      return this.error(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
    }
    const key = this.config.keys.find((k) => k.accessKeyId === auth.accessKeyId);
    if (!key) return this.error(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    const headers: Record<string, string> = {};
    for (const name of auth.signedHeaders) headers[name] = header(req, name) ?? '';
    const expected = signAcs3({
      method: req.method,
      query: Object.fromEntries(req.query),
      headers,
      accessKeyId: key.accessKeyId,
      accessKeySecret: key.accessKeySecret,
    });
    if (sha256Hex(req.body) !== bodyHash || expected.signature !== auth.signature) {
      return this.error(400, 'SignatureDoesNotMatch', 'Specified signature does not match our calculation.');
    }
    const at = Date.parse(date);
    const now = this.now();
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(date) || Number.isNaN(at) || Math.abs(now - at) > MAX_AGE_MS) {
      return this.error(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
    for (const [n, t] of this.nonces) if (t < now - MAX_AGE_MS) this.nonces.delete(n);
    if (this.nonces.has(nonce))
      return this.error(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    this.nonces.set(nonce, now);
    if (!this.admit(key.accessKeyId, now)) return this.faultFor('limitControl');
    if (!key.permitted) {
      return this.error(400, 'Ram.PermissionDeny', 'You are not authorized to perform the operation.', {
        AccessDeniedDetail: JSON.stringify({
          AuthAction: `cams:${action}`,
          NoPermissionType: 'ImplicitDeny',
          AuthPrincipalDisplayName: key.accessKeyId,
        }),
      });
    }
    return this.perform(action, params, key.accessKeyId);
  }

  /** Strict sliding window: a request is refused when `requestsPerSecond` were admitted in the previous 1000 ms. */
  private admit(accessKeyId: string, now: number): boolean {
    this.world.camsArrivals.push(now);
    const recent = (this.arrivals.get(accessKeyId) ?? []).filter((t) => t > now - 1000);
    const admitted = recent.length < this.config.requestsPerSecond;
    if (admitted) recent.push(now);
    this.arrivals.set(accessKeyId, recent);
    return admitted;
  }

  private perform(action: string, params: Map<string, string>, accessKeyId: string): SandboxResponse {
    const phoneNumber = params.get('PhoneNumber');
    if (!phoneNumber) return this.error(400, 'MissingPhoneNumber', 'PhoneNumber is mandatory for this action.');
    const custSpaceId = params.get('CustSpaceId') || undefined;
    const describe = (q: SandboxCamsQrCode) => ({
      QrImageUrl: `https://sandbox.teardown.invalid/qr/${q.qrdlCode}.${q.generateQrImage.toLowerCase()}`,
      PhoneNumber: q.phoneNumber,
      QrdlCode: q.qrdlCode,
      DeepLinkUrl: `https://wa.me/message/${q.qrdlCode}`,
      GenerateQrImage: q.generateQrImage,
      PrefilledMessage: q.prefilledMessage,
    });
    if (action === 'ListPhoneMessageQrdl') {
      const data = [...this.world.camsQrCodes.values()]
        .filter((q) => q.exists && q.phoneNumber === phoneNumber && q.ownerAccessKeyId === accessKeyId)
        .map(describe);
      return this.ok({ Data: data });
    }
    if (action === 'CreatePhoneMessageQrdl') {
      const prefilled = params.get('PrefilledMessage');
      if (!prefilled)
        return this.error(400, 'MissingPrefilledMessage', 'PrefilledMessage is mandatory for this action.');
      const q = this.world.newCamsQrCode(phoneNumber, undefined, accessKeyId, custSpaceId);
      q.prefilledMessage = prefilled;
      q.generateQrImage = params.get('GenerateQrImage') ?? 'PNG';
      return this.ok({ Data: describe(q) });
    }
    const qrdlCode = params.get('QrdlCode');
    if (!qrdlCode) return this.error(400, 'MissingQrdlCode', 'QrdlCode is mandatory for this action.');
    const q = this.world.camsQrCodes.get(this.world.camsKey(phoneNumber, qrdlCode));
    if (q && q.ownerAccessKeyId !== accessKeyId)
      return this.error(400, 'Unknown.ResourceOwnerId', 'The resource does not belong to the current user.');
    if (action === 'DeletePhoneMessageQrdl' && q) q.deleteRequests++;
    // Undocumented at CAMS: the sandbox answers an unknown (or already deleted) QrdlCode with 404 QrdlCode.NotExist.
    if (!q || !q.exists) return this.error(404, 'QrdlCode.NotExist', 'The specified QrdlCode does not exist.');
    if (action === 'UpdatePhoneMessageQrdl') {
      q.prefilledMessage = params.get('PrefilledMessage') ?? q.prefilledMessage;
      q.generateQrImage = params.get('GenerateQrImage') ?? q.generateQrImage;
      return this.ok({ Data: describe(q) });
    }
    q.exists = false;
    q.deletions++;
    q.deletedAt = new Date(this.now()).toISOString();
    return this.ok();
  }
}
