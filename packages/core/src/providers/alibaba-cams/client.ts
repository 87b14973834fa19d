// Alibaba Cloud Chat App Message Service (RPC, version 2020-06-06): message QR codes, signed with ACS3-HMAC-SHA256.
import { randomUUID } from 'node:crypto';
import {
  ProviderHttp,
  newCallState,
  type CallState,
  type ClientOptions,
  type DeleteOptions,
  type DeleteResult,
} from '../../http/provider-http.js';
import { parseJson } from '../../json.js';
import { createRateLimiter, type RateLimiter, type RateLimiterOptions } from '../../http/rate-limiter.js';
import type { HttpRequest, HttpResponse } from '../../http/transport.js';
import { TeardownValidationError } from '../../errors.js';
import type { ErrorTable } from '../../error-table.js';
import { isValidId, optionalId, requireHeaderValue, requireId, requireString } from '../../validation.js';
import { CAMS_ID_FIELDS } from './provider.js';
import { camsErrorOf, camsErrorTable } from './errors.js';
import { Acs3SigningKey, EMPTY_BODY_SHA256, acsDate, canonicalQuery, signAcs3 } from './signing.js';
import {
  CAMS_API_VERSION,
  CAMS_DEFAULT_ENDPOINT,
  type CamsMessageQrdl,
  type ListMessageQrdlInput,
  type MessageQrdlRef,
} from './types.js';

export const CAMS_REQUESTS_PER_SECOND = 5;
/**
 * The window CAMS counts its 5 requests in. No margin is needed: the limiter counts each request from its answer, so a
 * request delayed on the way cannot reach CAMS in the same second as the ones sent after it (with the count taken from
 * the send instead, a paced burst against the sandbox drew System.LimitControl even at 1050 ms).
 */
export const CAMS_RATE_WINDOW_MS = 1000;

const accountLimiters = new Map<string, RateLimiter>();
/**
 * The 5/s limiter this process shares for one AccessKey ID, for clients created apart that call CAMS for the same
 * account (each run of an n8n node, say). It paces with the `clock` and `sleep` of its first caller.
 */
export function camsAccountLimiter(
  accessKeyId: string,
  options: Pick<RateLimiterOptions, 'clock' | 'sleep'> = {},
): RateLimiter {
  let limiter = accountLimiters.get(accessKeyId);
  if (!limiter)
    accountLimiters.set(
      accessKeyId,
      (limiter = createRateLimiter({ perSecond: CAMS_REQUESTS_PER_SECOND, windowMs: CAMS_RATE_WINDOW_MS, ...options })),
    );
  return limiter;
}

export interface AlibabaCamsClientOptions extends ClientOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** For STS credentials. */
  securityToken?: string;
  /** A host (HTTPS) or a full URL. Default `cams.ap-southeast-1.aliyuncs.com`. */
  endpoint?: string;
  /**
   * CAMS limits each account to 5 requests/s: share one limiter between all clients of an account.
   * Default: a new 5/s limiter for this client. `null` disables limiting (e.g. a Temporal task-queue limit applies).
   */
  rateLimiter?: RateLimiter | null;
  /**
   * `Code`s that mean "no such QR code" (`not_found`: CAMS cannot tell a deleted code from one that never existed).
   * What CAMS answers for an unknown QrdlCode is undocumented; the default is what the Teardown sandbox answers.
   * Anything else stays an error, so nothing is misreported.
   */
  notFoundCodes?: string[];
}

export class AlibabaCamsClient {
  readonly endpoint: URL;
  private readonly http: ProviderHttp;
  /** `CAMS_ERRORS` with this client's `notFoundCodes`. */
  private readonly errors: ErrorTable;
  private readonly pathname: string;
  /** `x-acs-date` has one-second resolution: format it once per second, not once per request. */
  private date = { second: Number.NaN, text: '' };
  // A private field, so that logging or inspecting the client never shows the secret.
  readonly #credentials: { accessKeyId: string; signingKey: Acs3SigningKey; securityToken: string | undefined };

  constructor(options: AlibabaCamsClientOptions) {
    // The key ID and the STS token travel in headers; the secret only keys the HMAC.
    requireHeaderValue('alibaba-cams', 'constructor', 'accessKeyId', 'AccessKey ID', options.accessKeyId);
    requireString('alibaba-cams', 'constructor', 'accessKeySecret', 'AccessKey secret', options.accessKeySecret);
    if (options.securityToken !== undefined)
      requireHeaderValue('alibaba-cams', 'constructor', 'securityToken', 'STS security token', options.securityToken);
    this.#credentials = {
      accessKeyId: options.accessKeyId,
      signingKey: new Acs3SigningKey(options.accessKeySecret),
      securityToken: options.securityToken,
    };
    const endpoint = options.endpoint ?? CAMS_DEFAULT_ENDPOINT;
    const endpointUrl = /^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`;
    if (!URL.canParse(endpointUrl))
      throw new TeardownValidationError(
        'alibaba-cams',
        'constructor',
        'endpoint',
        'The CAMS endpoint must be a host name or an http(s) URL.',
      );
    this.endpoint = new URL(endpointUrl);
    this.pathname = this.endpoint.pathname.replace(/\/?$/, '/');
    const limiter =
      options.rateLimiter === null
        ? undefined
        : (options.rateLimiter ??
          createRateLimiter({
            perSecond: CAMS_REQUESTS_PER_SECOND,
            windowMs: CAMS_RATE_WINDOW_MS,
            clock: options.clock,
            sleep: options.sleep,
          }));
    this.http = new ProviderHttp('alibaba-cams', options, limiter);
    this.http.keepSecret(options.accessKeySecret);
    this.http.keepSecret(options.securityToken);
    this.errors = camsErrorTable(options.notFoundCodes ?? ['QrdlCode.NotExist']);
  }

  /**
   * Deletes a message QR code. CAMS answers a code it does not have with `QrdlCode.NotExist` whether it was deleted or
   * never existed: `not_found`, an error unless `options.notFound` is `'done'`.
   */
  async deletePhoneMessageQrdl(input: MessageQrdlRef, options?: DeleteOptions): Promise<DeleteResult> {
    const op = 'deletePhoneMessageQrdl';
    const params: Record<string, string> = {
      PhoneNumber: requireId(CAMS_ID_FIELDS.camsPhoneNumber, op, input?.phoneNumber),
      QrdlCode: requireId(CAMS_ID_FIELDS.camsQrdlCode, op, input.qrdlCode),
    };
    const custSpaceId = optionalId(CAMS_ID_FIELDS.camsCustSpaceId, op, input.custSpaceId);
    if (custSpaceId) params.CustSpaceId = custSpaceId;
    const state = newCallState();
    try {
      const body = await this.call(op, 'DeletePhoneMessageQrdl', params, state);
      return this.http.deleted(op, state, requestId(body));
    } catch (error) {
      const space = custSpaceId ? ` in CustSpaceId ${custSpaceId}` : '';
      return this.http.settle(error, state, options, {
        lookedFor: `message QR code ${params.QrdlCode} for phone number ${params.PhoneNumber}${space}`,
      });
    }
  }

  async listPhoneMessageQrdl(input: ListMessageQrdlInput): Promise<CamsMessageQrdl[]> {
    const op = 'listPhoneMessageQrdl';
    const params: Record<string, string> = {
      PhoneNumber: requireId(CAMS_ID_FIELDS.camsPhoneNumber, op, input?.phoneNumber),
    };
    const custSpaceId = optionalId(CAMS_ID_FIELDS.camsCustSpaceId, op, input.custSpaceId);
    if (custSpaceId) params.CustSpaceId = custSpaceId;
    const body = (await this.call(op, 'ListPhoneMessageQrdl', params, newCallState())) as
      { Data?: CamsMessageQrdl[] } | undefined;
    return Array.isArray(body?.Data) ? body.Data : [];
  }

  /**
   * Which of `qrdlCodes` CAMS lists for the phone number (one ListPhoneMessageQrdl): what shows a QR code existed
   * before a delete whose answer may be lost. A code that is not a valid QrdlCode cannot be listed, so it is left out
   * unasked; with none valid, nothing is sent.
   */
  async listedQrdlCodes(input: ListMessageQrdlInput & { qrdlCodes: readonly string[] }): Promise<string[]> {
    const valid = input.qrdlCodes.filter((code) => isValidId(CAMS_ID_FIELDS.camsQrdlCode, code));
    if (valid.length === 0) return [];
    const listed = new Set((await this.listPhoneMessageQrdl(input)).map((q) => q.QrdlCode));
    return valid.filter((code) => listed.has(code));
  }

  /**
   * One RPC call: params in the query string, empty body, fresh date and nonce (so signature) per attempt.
   * Resolves with the answer's JSON, parsed once for both the `Code` check and the caller.
   */
  private async call(
    operation: string,
    action: string,
    params: Record<string, string>,
    state: CallState,
  ): Promise<unknown> {
    const query = canonicalQuery(params);
    const url = `${this.endpoint.origin}${this.pathname}${query ? `?${query}` : ''}`;
    const signed = (): HttpRequest => {
      const headers: Record<string, string> = {
        host: this.endpoint.host,
        'x-acs-action': action,
        'x-acs-version': CAMS_API_VERSION,
        'x-acs-date': this.dateHeader(),
        'x-acs-signature-nonce': randomUUID(),
        'x-acs-content-sha256': EMPTY_BODY_SHA256,
        accept: 'application/json',
      };
      if (this.#credentials.securityToken) headers['x-acs-security-token'] = this.#credentials.securityToken;
      headers.authorization = signAcs3({
        method: 'POST',
        pathname: this.pathname,
        query: params,
        headers,
        accessKeyId: this.#credentials.accessKeyId,
        accessKeySecret: this.#credentials.signingKey,
      }).authorization;
      return { method: 'POST', url, headers, body: '' };
    };
    let body: unknown;
    const classify = (res: HttpResponse) => {
      body = parseJson(res.body);
      return camsErrorOf(operation, res, body, this.http.clock.now(), this.errors);
    };
    await this.http.send(operation, signed, classify, state);
    return body;
  }

  private dateHeader(): string {
    const now = this.http.clock.now();
    const second = Math.floor(now / 1000);
    if (second !== this.date.second) this.date = { second, text: acsDate(now) };
    return this.date.text;
  }
}

function requestId(body: unknown): string | undefined {
  const id = (body as { RequestId?: unknown } | undefined)?.RequestId;
  return typeof id === 'string' ? id.trim() : undefined;
}
