// Mono webhook receiver: verify `Mono-Signature` over the raw bytes, parse the envelope, and on `collection.discarded`
// signal the deleteCollection workflow waiting for it. Answers in milliseconds; never calls a provider inline.
import http from 'node:http';
import { WorkflowNotFoundError, type ConnectionLike } from '@temporalio/client';
import {
  ID_FIELDS,
  MONO_SIGNATURE_HEADER,
  isValidId,
  monoWebhookDedupeKey,
  parseMonoWebhook,
  printableJson,
  verifyMonoSignature,
  type MonoWebhookEvent,
} from '@teardown/core';
import type { TeardownClient } from '@teardown/temporal';

export const MAX_BODY_BYTES = 1024 * 1024;
/** What an over-size body may still send after its 413 is read and thrown away, before the connection is cut. */
const MAX_DRAINED_BYTES = 16 * MAX_BODY_BYTES;
export const DEFAULT_PATH = '/mono';

export interface WebhookHandlerOptions {
  /** Every secret currently valid (rotation): a delivery signed with any of them is accepted. */
  secrets: string[];
  /** Called once per distinct `collection.discarded` delivery. Resolve `'no-workflow'` when nobody waits for it. */
  onCollectionDiscarded(event: MonoWebhookEvent): Promise<'signalled' | 'no-workflow'>;
  /** The only path served (the URL given to Mono); every other path is 404. Default `/mono`. */
  path?: string;
  toleranceSeconds?: number;
  now?: () => number;
  /** One line per event worth a human's eye; every field from a request is JSON-encoded, so none can forge a line. */
  log?: (line: string) => void;
}

/** What the receiver has answered since it started, by kind (also in each `ignored` log line). */
export interface WebhookCounts {
  signalled: number;
  noWorkflow: number;
  duplicate: number;
  /** Verified deliveries whose payload cannot be used: acknowledged, never retried by Mono. */
  ignored: number;
  unavailable: number;
}

/** Deliveries already handled, bounded: Mono redelivers for hours, not forever. */
class RecentKeys {
  private keys = new Set<string>();
  constructor(private readonly max: number) {}
  has(key: string): boolean {
    return this.keys.has(key);
  }
  add(key: string): void {
    this.keys.add(key);
    if (this.keys.size > this.max) this.keys.delete(this.keys.values().next().value!);
  }
}

function reply(res: http.ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * 413, then the connection closed once the client has been heard out: the rest of its body is read and dropped (up to
 * MAX_DRAINED_BYTES), because cutting the socket while it still sends would reset the connection before the client
 * reads the answer.
 */
function tooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.shouldKeepAlive = false;
  reply(res, 413, { error: 'payload_too_large', limitBytes: MAX_BODY_BYTES });
  let drained = 0;
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAINED_BYTES) req.socket.destroy();
  });
  req.resume();
}

export type WebhookHandler = http.RequestListener & { counts: WebhookCounts };

export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const seen = new RecentKeys(10_000);
  /** Deliveries being signalled now: a concurrent copy waits for the same signal instead of sending another. */
  const inFlight = new Map<string, Promise<'signalled' | 'no-workflow'>>();
  const counts: WebhookCounts = { signalled: 0, noWorkflow: 0, duplicate: 0, ignored: 0, unavailable: 0 };
  const log = options.log ?? (() => undefined);
  const path = options.path ?? DEFAULT_PATH;
  const ignore = (res: http.ServerResponse, reason: string, detail: Record<string, unknown>) => {
    counts.ignored++;
    log(`ignored a verified delivery: ${reason} ${printableJson(detail)} (${counts.ignored} ignored so far)`);
    reply(res, 202, { status: 'ignored', reason, ...detail });
  };

  const handler: http.RequestListener = (req, res) => {
    if (new URL(req.url ?? '/', 'http://receiver').pathname !== path) return reply(res, 404, { error: 'not_found' });
    if (req.method !== 'POST') return reply(res, 405, { error: 'method_not_allowed' });
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooLarge(req, res);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge(req, res);
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      const raw = Buffer.concat(chunks);
      const header = req.headers[MONO_SIGNATURE_HEADER] as string | undefined;
      const now = options.now?.() ?? Date.now();
      const verdicts = options.secrets.map((secret) =>
        verifyMonoSignature(raw, header, secret, {
          now,
          ...(options.toleranceSeconds !== undefined && { toleranceSeconds: options.toleranceSeconds }),
        }),
      );
      const valid = verdicts.find((v) => v.valid);
      if (!valid)
        return reply(res, 401, {
          error: 'invalid_signature',
          reason: verdicts[0] && !verdicts[0].valid ? verdicts[0].reason : 'no_secret',
        });
      // Signed by Mono from here on: a payload we cannot use would fail the same way on every redelivery, so it is
      // acknowledged (and counted) instead of being retried by Mono for hours.
      let event: MonoWebhookEvent;
      try {
        event = parseMonoWebhook(raw);
      } catch (error) {
        return ignore(res, 'invalid_envelope', { field: (error as { field?: string }).field ?? 'body' });
      }
      if (event.event.type !== 'collection.discarded')
        return reply(res, 202, { status: 'ignored', type: event.event.type });
      const id = event.event.data.id;
      if (!isValidId(ID_FIELDS.monoCollectionId, id)) return ignore(res, 'invalid_collection_id', { id });
      const key = monoWebhookDedupeKey(event);
      if (seen.has(key)) {
        counts.duplicate++;
        return reply(res, 200, { status: 'duplicate' });
      }
      const running = inFlight.get(key);
      const signal =
        running ??
        options.onCollectionDiscarded(event).then(
          (outcome) => {
            seen.add(key);
            return outcome;
          },
          (error: unknown) => {
            // Not recorded as seen: Mono's redelivery will try again once Temporal is reachable.
            counts.unavailable++;
            log(
              `could not signal for ${printableJson(id)}: ${printableJson(error instanceof Error ? error.message : String(error))}`,
            );
            throw error;
          },
        );
      if (!running) {
        inFlight.set(key, signal);
        void signal.catch(() => undefined).finally(() => inFlight.delete(key));
      }
      signal.then(
        (outcome) => {
          if (running) {
            counts.duplicate++;
            return reply(res, 200, { status: 'duplicate' });
          }
          if (outcome === 'no-workflow') {
            counts.noWorkflow++;
            log(`collection.discarded for ${printableJson(id)} with no waiting workflow ${printableJson(key)}`);
          } else counts.signalled++;
          reply(res, outcome === 'signalled' ? 200 : 202, { status: outcome });
        },
        () => reply(res, 503, { error: 'temporarily_unavailable' }),
      );
    });
  };
  return Object.assign(handler, { counts });
}

export interface SignalOptions {
  /**
   * Give up on Temporal after this long in all (the delivery is answered 503, and Mono redelivers). Default 8000: Mono
   * does not publish its webhook timeout (assumed ≥ 10 s, as for webhooks of its other products); a signal that lands
   * after Mono stopped waiting is harmless, it only prompts the workflow's read.
   */
  deadlineMs?: number;
  /** Each try's own deadline: a try stuck on a connection that is still coming back is abandoned for a new one. Default 2000. */
  attemptMs?: number;
  /** The client's connection, whose deadline bounds the signal. Default `teardown.client.connection`. */
  connection?: ConnectionLike;
}

/** Pause between tries of a signal that failed. */
const RETRY_PAUSE_MS = 250;

/**
 * Signals the collection's deleteCollection workflow, trying again within `deadlineMs` (each try within `attemptMs`):
 * just after a Temporal restart the first tries on a connection can fail or stall, and a delivery should not get a
 * 503 for that. With Temporal down for longer, a delivery still gets its 503 in bounded time rather than holding Mono's
 * request open. A signal sent twice is harmless: it only prompts the workflow to read the collection. A webhook with
 * no running workflow (it arrived before the delete was started, or after it finished) starts nothing: deleteCollection
 * reads the collection first and polls, so Mono's own state — not this delivery — is what it relies on.
 */
export function signalWith(
  teardown: TeardownClient,
  { deadlineMs = 8000, attemptMs = 2000, connection = teardown.client.connection }: SignalOptions = {},
): WebhookHandlerOptions['onCollectionDiscarded'] {
  return async (event) => {
    const giveUpAt = Date.now() + deadlineMs;
    for (;;) {
      try {
        await connection.withDeadline(Math.min(giveUpAt, Date.now() + attemptMs), () =>
          teardown.signalCollectionDiscarded(event.event.data.id, event.timestamp),
        );
        return 'signalled';
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return 'no-workflow';
        if (giveUpAt - Date.now() <= RETRY_PAUSE_MS) throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      }
    }
  };
}

export function createWebhookServer(options: WebhookHandlerOptions): http.Server & { counts: WebhookCounts } {
  const handler = createWebhookHandler(options);
  return Object.assign(http.createServer(handler), { counts: handler.counts });
}
