// Mono's webhooks as the sandbox sends them: `Mono-Signature`-signed POSTs to every registered URL, retried with
// backoff (100 ms × 2ⁿ) until answered 2xx or out of attempts, each delivery recorded in the world.
import { signMonoWebhook, type MonoCollection, type Transport } from '@teardown/core';
import type { World } from './state.js';

export interface WebhookSenderOptions {
  world: World;
  transport: Transport;
  now: () => number;
  schedule: (ms: number, fn: () => void) => void;
  /** Used for hooks registered without their own secret. */
  defaultSecret: string;
  hooks: { url: string; secret?: string }[];
  dropWebhooks: boolean;
  maxAttempts: number;
}

export interface WebhookSender {
  emit(type: string, collection: MonoCollection): void;
  register(hook: { url: string; secret?: string }): void;
  setDrop(drop: boolean): void;
  /** Stops retrying deliveries (the sandbox is closing). */
  stop(): void;
}

export function createWebhookSender(o: WebhookSenderOptions): WebhookSender {
  const hooks = [...o.hooks];
  let drop = o.dropWebhooks;
  let stopped = false;
  const deliver = (url: string, secret: string, type: string, collection: MonoCollection) => {
    // The world's own bookkeeping is not part of Mono's payload.
    const {
      deleteRequests: _r,
      deletions: _d,
      deletedAt: _a,
      discardedAt: _b,
      ...data
    } = collection as MonoCollection & Record<string, unknown>;
    const body = JSON.stringify({ event: { type, data }, timestamp: new Date(o.now()).toISOString() });
    const record = { url, type, collectionId: collection.id, attempts: 0, delivered: false };
    o.world.webhookDeliveries.push(record);
    const attempt = () => {
      record.attempts++;
      const signature = signMonoWebhook(body, secret, Math.floor(o.now() / 1000));
      o.transport({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', 'mono-signature': signature },
        body,
        timeoutMs: 5000,
      })
        .then((res) => res.status >= 200 && res.status < 300)
        .catch(() => false)
        .then((ok) => {
          if (ok) record.delivered = true;
          else if (record.attempts < o.maxAttempts && !stopped) o.schedule(100 * 2 ** (record.attempts - 1), attempt);
        })
        .catch(() => undefined);
    };
    attempt();
  };
  return {
    emit: (type, collection) => {
      if (drop) return;
      for (const hook of hooks) deliver(hook.url, hook.secret ?? o.defaultSecret, type, collection);
    },
    register: (hook) => {
      if (typeof hook?.url !== 'string' || !/^https?:\/\//.test(hook.url))
        throw new TypeError('url must be an http(s) URL');
      hooks.push(hook);
    },
    setDrop: (value) => {
      drop = value;
    },
    stop: () => {
      stopped = true;
    },
  };
}
