// Mono webhook receiver: verify `Mono-Signature` over the raw bytes, parse the envelope, and on `collection.discarded`
// signal the deleteCollection workflow waiting for it. Answers in milliseconds; never calls a provider inline.
import http from 'node:http';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  MONO_SIGNATURE_HEADER,
  monoWebhookDedupeKey,
  parseMonoWebhook,
  verifyMonoSignature,
  type MonoWebhookEvent,
} from '@teardown/core';
import type { TeardownClient } from '@teardown/temporal';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface WebhookHandlerOptions {
  /** Every secret currently valid (rotation): a delivery signed with any of them is accepted. */
  secrets: string[];
  /** Called once per distinct `collection.discarded` delivery. Resolve `'no-workflow'` when nobody waits for it. */
  onCollectionDiscarded(event: MonoWebhookEvent): Promise<'signalled' | 'no-workflow'>;
  toleranceSeconds?: number;
  now?: () => number;
  log?: (line: string) => void;
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

export function createWebhookHandler(options: WebhookHandlerOptions): http.RequestListener {
  const seen = new RecentKeys(10_000);
  const log = options.log ?? (() => undefined);
  return (req, res) => {
    if (req.method !== 'POST') return reply(res, 405, { error: 'method_not_allowed' });
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reply(res, 413, { error: 'payload_too_large' });
      req.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reply(res, 413, { error: 'payload_too_large' });
        req.destroy();
      } else chunks.push(chunk);
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
      let event: MonoWebhookEvent;
      try {
        event = parseMonoWebhook(raw);
      } catch (error) {
        return reply(res, 400, { error: 'invalid_envelope', field: (error as { field?: string }).field });
      }
      const key = monoWebhookDedupeKey(event);
      if (event.event.type !== 'collection.discarded')
        return reply(res, 202, { status: 'ignored', type: event.event.type });
      if (seen.has(key)) return reply(res, 200, { status: 'duplicate' });
      options.onCollectionDiscarded(event).then(
        (outcome) => {
          seen.add(key);
          if (outcome === 'no-workflow')
            log(`collection.discarded for ${event.event.data.id} with no waiting workflow (${key})`);
          reply(res, outcome === 'signalled' ? 200 : 202, { status: outcome });
        },
        (error: unknown) => {
          // Not recorded as seen: Mono's redelivery will try again once Temporal is reachable.
          log(`could not signal for ${event.event.data.id}: ${error instanceof Error ? error.message : String(error)}`);
          reply(res, 503, { error: 'temporarily_unavailable' });
        },
      );
    });
  };
}

/**
 * Signals the collection's deleteCollection workflow. A webhook with no running workflow (it arrived before the delete
 * was started, or after it finished) starts nothing: deleteCollection reads the collection first and polls, so Mono's
 * own state — not this delivery — is what it relies on.
 */
export function signalWith(teardown: TeardownClient): WebhookHandlerOptions['onCollectionDiscarded'] {
  return async (event) => {
    try {
      await teardown.signalCollectionDiscarded(event.event.data.id, event.timestamp);
      return 'signalled';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return 'no-workflow';
      throw error;
    }
  };
}

export function createWebhookServer(options: WebhookHandlerOptions): http.Server {
  return http.createServer(createWebhookHandler(options));
}
