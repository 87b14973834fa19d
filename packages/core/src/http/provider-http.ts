// What every provider client shares: send a request with timeout and retries, classify the answer, and
// turn "already gone" into a delete result without ever misreporting who deleted what.
import {
  TeardownAlreadyGoneError,
  TeardownNotFoundError,
  TeardownRateLimitError,
  isTeardownError,
  type TeardownError,
} from '../errors.js';
import { teardownError } from '../error-table.js';
import { PROVIDER_LABEL, type Provider } from '../providers.js';
import { scrubber } from '../provider-text.js';
import type { RateLimiter } from './rate-limiter.js';
import { defaultSleep, defaultTransport } from '#platform';
import { backoffDelayMs, systemClock, type Clock, type RetryOptions, type Sleep } from './retry.js';
import {
  TransportNotSentError,
  TransportTimeoutError,
  type HttpRequest,
  type HttpResponse,
  type Transport,
} from './transport.js';

export interface ClientOptions {
  transport?: Transport;
  clock?: Clock;
  sleep?: Sleep;
  retry?: RetryOptions;
  /** Per request. Default 30 000. */
  timeoutMs?: number;
}

/**
 * `deleted`: by this call, or by an earlier attempt of ours that may have applied, on evidence that the target existed.
 * `already_gone`: the provider's answer proves the target existed and is gone (a cancelled QR code, a discarded
 * collection). `not_found`: the provider has no such target — deleted before, or never there (a mistyped ID) — reported
 * only when the caller opted in. `unconfirmed`: the provider has no such target now, an earlier attempt of ours may have
 * deleted it, and nothing showed that it ever existed: deleted by us, or never there (a mistyped ID) — a doubt,
 * reported as one whatever `notFound` says, never as `deleted`.
 */
export type DeleteOutcome = 'deleted' | 'already_gone' | 'not_found' | 'unconfirmed';

export interface DeleteResult {
  provider: Provider;
  operation: string;
  outcome: DeleteOutcome;
  /** For `already_gone`, `not_found` (and `deleted` confirmed by a retry): the provider's signal, e.g. `qr_already_canceled`. */
  reason?: string;
  requestId?: string;
  /** HTTP attempts the delete took. */
  attempts: number;
}

export interface DeleteOptions {
  /** Default true. When false, an already-deleted target throws `TeardownAlreadyGoneError`. */
  treatAlreadyGoneAsSuccess?: boolean;
  /**
   * What a provider's "no such target" (CAMS `QrdlCode.NotExist`, epap's "no corresponding document", Mono's
   * `collection_not_found`/`qr_not_found`) becomes. `'error'` (default): a `TeardownNotFoundError` naming what was
   * looked for — a mistyped ID must not read as done. `'done'`: the outcome `not_found`, for cleanup jobs where
   * "not there" is all they need.
   */
  notFound?: NotFoundHandling;
  /**
   * The caller knows an earlier attempt may have applied this delete (a Temporal activity retried after its
   * request got no answer): "already gone" then means "deleted by us" — unless `firstAttemptAt` is given and the
   * provider's own record (Mono's `updated_at`) shows the target changed before it.
   */
  mayHaveBeenApplied?: boolean;
  /**
   * With `mayHaveBeenApplied`: when the earliest earlier attempt may have been sent (epoch ms). Without it no timestamp
   * can overrule `mayHaveBeenApplied`, since the earlier attempt may have been any time before this call.
   */
  firstAttemptAt?: number;
  /**
   * Whether the caller saw the target exist before the first attempt at this delete (CAMS: listed by
   * `listPhoneMessageQrdl`). `true`: "not found" after an attempt that may have applied is our delete. `false`: it was
   * not there, so "not found" is not our doing. Absent (nothing was read, as for epap, which has no read): such a "not
   * found" is `unconfirmed`.
   */
  existedBefore?: boolean;
}

export type NotFoundHandling = 'error' | 'done';
export const NOT_FOUND_HANDLING: readonly NotFoundHandling[] = ['error', 'done'];

/** Attempts of one logical operation, across token refreshes. */
export interface CallState {
  attempts: number;
  /** Attempts that got no answer at all: the request may have been applied. */
  unanswered: number;
  /** When the first attempt was sent (epoch ms, this client's clock). */
  firstSentAt?: number;
}

export const newCallState = (): CallState => ({ attempts: 0, unanswered: 0 });

/**
 * Clock difference tolerated between us and a provider when a resource's `updated_at` decides whether it was gone
 * before our first attempt.
 */
export const CLOCK_TOLERANCE_MS = 1000;

/** Maps a response to the error it represents, or undefined when it is a success. */
export type Classify = (response: HttpResponse) => TeardownError | undefined;

/** Access tokens remembered for scrubbing besides the current one: a token may be echoed after it was replaced. */
const TOKENS_KEPT = 4;

export class ProviderHttp {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly sleep: Sleep;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  /** Configured secrets (client secrets, access key secrets, STS tokens): scrubbed from every provider answer. */
  readonly #secrets = new Set<string>();
  /** The latest access tokens issued to us, scrubbed the same way. */
  #tokens: string[] = [];
  #scrub = scrubber([]);

  constructor(
    readonly provider: Provider,
    options: ClientOptions,
    /** Every attempt runs under it, from building the request to its answer. */
    private readonly limiter?: RateLimiter,
  ) {
    this.transport = options.transport ?? defaultTransport();
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? defaultSleep();
    this.retry = options.retry ?? {};
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** A credential value this client holds: no error it raises will ever carry it (see `scrubbed`). */
  keepSecret(value: string | undefined): void {
    if (value) this.#secrets.add(value);
    this.#scrub = scrubber([...this.#secrets, ...this.#tokens]);
  }

  /** An access token just issued to this client: scrubbed like a secret while it is one of the last few. */
  keepToken(value: string): void {
    this.#tokens = [value, ...this.#tokens.filter((t) => t !== value)].slice(0, TOKENS_KEPT);
    this.#scrub = scrubber([...this.#secrets, ...this.#tokens]);
  }

  /**
   * The response with every secret and token we hold scrubbed from its body, before it is classified: a provider that
   * echoes a credential in an error message (its JSON, its message, the report of a batch) shows `***` instead. The
   * same response when it holds none (a success is returned to its caller as it came).
   */
  private scrubbed(response: HttpResponse): HttpResponse {
    const body = this.#scrub(response.body);
    return body === response.body ? response : { ...response, body };
  }

  /** Sends `build()` (a new request object per attempt) until it succeeds, fails for good, or runs out of attempts. */
  async send(
    operation: string,
    build: () => Promise<HttpRequest> | HttpRequest,
    classify: Classify,
    state = newCallState(),
  ): Promise<HttpResponse> {
    const maxAttempts = Math.max(1, this.retry.maxAttempts ?? 4);
    /** Whether this attempt's request reached the transport: only then can a failure mean "no answer". */
    let sent = false;
    const sendNow = (request: HttpRequest): Promise<HttpResponse> => {
      state.attempts++;
      state.firstSentAt ??= this.clock.now();
      // `build` makes a new request per attempt, so it is completed in place: a copy per attempt measurably slows the loop.
      request.timeoutMs ??= this.timeoutMs;
      sent = true;
      return this.transport(request);
    };
    // One attempt, from building the request (signing, a fresh token) to its answer; under the limiter when there is one.
    const attempt = (): Promise<HttpResponse> => {
      sent = false;
      const built = build();
      // Chained only when it is a promise (a login on the way): the common case costs no extra turn.
      return isPromiseLike(built) ? built.then(sendNow) : sendNow(built);
    };
    for (let n = 1; ; n++) {
      let error: TeardownError | undefined;
      let response: HttpResponse | undefined;
      try {
        response = await (this.limiter ? this.limiter.run(attempt) : attempt());
      } catch (cause) {
        // A request that could not be built (e.g. the login failed) fails the call as it is.
        if (!sent) throw cause;
        if (cause instanceof TransportNotSentError) {
          // Nothing left this process, so nothing can have been applied and retrying would fail the same way.
          throw teardownError('request', {
            provider: this.provider,
            operation,
            code: 'request_not_sent',
            providerMessage: this.#scrub(cause.message),
            mayHaveBeenApplied: state.unanswered > 0,
            attempts: state.attempts,
          });
        }
        state.unanswered++;
        error = this.unanswered(operation, cause);
      }
      // Outside the try: an answer is never mistaken for no answer.
      if (response) {
        error = classify(this.scrubbed(response));
        if (!error) return response;
      }
      const paced = error instanceof TeardownRateLimitError && this.retry.retryRateLimited === false;
      if (!error!.retryable || n >= maxAttempts || paced) {
        // An answer of 5xx may come after the change was applied; any other answer refused it.
        error!.mayHaveBeenApplied = state.unanswered > 0 || (error!.status ?? 0) >= 500;
        error!.attempts = state.attempts;
        throw error!;
      }
      await this.sleep(backoffDelayMs(n, this.retry, error!.retryAfterMs));
    }
  }

  private unanswered(operation: string, cause: unknown): TeardownError {
    if (cause instanceof TransportTimeoutError) {
      return teardownError('timeout', {
        provider: this.provider,
        operation,
        code: 'timeout',
        providerMessage: cause.message,
      });
    }
    const message = this.#scrub(cause instanceof Error ? cause.message : String(cause));
    return teardownError('network', {
      provider: this.provider,
      operation,
      code: 'network_error',
      providerMessage: message,
    });
  }

  /**
   * Whether a resource last changed at `updatedAt` (ISO 8601) changed before our first attempt at this delete: this
   * call's first, or with `mayHaveBeenApplied` the caller's `firstAttemptAt` (unknown without it: then false).
   */
  changedBefore(updatedAt: string | null | undefined, state: CallState, options: DeleteOptions = {}): boolean {
    const first = options.mayHaveBeenApplied ? options.firstAttemptAt : state.firstSentAt;
    const at = updatedAt ? Date.parse(updatedAt) : Number.NaN;
    return first !== undefined && !Number.isNaN(at) && at < first - CLOCK_TOLERANCE_MS;
  }

  deleted(operation: string, state: CallState, requestId?: string): DeleteResult {
    const result: DeleteResult = { provider: this.provider, operation, outcome: 'deleted', attempts: state.attempts };
    if (requestId) result.requestId = requestId;
    return result;
  }

  /**
   * Settles a delete that failed with `error`: "gone" (`already_done`) or "not found"; anything else is rethrown.
   *
   * When an earlier attempt may have applied the delete (the caller's `mayHaveBeenApplied`, or an attempt of this call
   * that went unanswered), the answer may be our own doing:
   * - gone is `deleted` (the provider shows the target, so it existed) unless `goneBeforeUs` (a timestamp older than our
   *   first attempt, see `changedBefore`) says it was gone before us;
   * - not found is `deleted` only when the target is known to have existed before our first attempt
   *   (`existedBefore`), `unconfirmed` when nothing showed it existed, and not ours when the provider keeps what it
   *   deletes (`deletedStaysFound`: Mono keeps cancelled QR codes and discarded collections) or it was not there.
   * Otherwise gone is `already_gone` (or, when the caller opted out, a TeardownAlreadyGoneError) and not found is
   * `not_found` when the caller opted in, a TeardownNotFoundError naming `lookedFor` otherwise.
   */
  settle(
    error: unknown,
    state: CallState,
    options: DeleteOptions = {},
    settling: { lookedFor: string; goneBeforeUs?: boolean; deletedStaysFound?: boolean },
  ): DeleteResult {
    if (!isTeardownError(error) || (error.classification !== 'already_done' && error.classification !== 'not_found'))
      throw error;
    const base = {
      provider: this.provider,
      operation: error.operation,
      reason: error.code,
      attempts: state.attempts,
      ...(error.requestId && { requestId: error.requestId }),
    };
    const mayBeOurs = (options.mayHaveBeenApplied || state.unanswered > 0) && !settling.goneBeforeUs;
    if (error.classification === 'already_done') {
      if (mayBeOurs) return { ...base, outcome: 'deleted' };
      if (options.treatAlreadyGoneAsSuccess === false) {
        throw new TeardownAlreadyGoneError({
          ...error.toJSON(),
          hint: 'Already deleted before this request; allow "already gone" to treat it as success.',
          attempts: state.attempts,
        });
      }
      return { ...base, outcome: 'already_gone' };
    }
    if (mayBeOurs && !settling.deletedStaysFound && options.existedBefore !== false)
      return { ...base, outcome: options.existedBefore ? 'deleted' : 'unconfirmed' };
    if (options.notFound === 'done') return { ...base, outcome: 'not_found' };
    throw new TeardownNotFoundError(
      { ...error.toJSON(), hint: NOT_FOUND_HINT, attempts: state.attempts },
      `${PROVIDER_LABEL[this.provider]} has no ${settling.lookedFor} (${describeAnswer(error)}). Nothing was deleted.`,
    );
  }
}

const NOT_FOUND_HINT =
  'Check the ID: the provider cannot tell a mistyped ID from a target deleted earlier. If "not there" is all you need, opt in to count not found as done (notFound: "done").';

function describeAnswer(error: TeardownError): string {
  const status = error.status === undefined ? '' : `, HTTP ${error.status}`;
  const id = error.requestId ? `, request ${error.requestId}` : '';
  return `${error.code}${status}${id}`;
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T>).then === 'function';
}
