// startSandbox(): one HTTP server that behaves like Mono Bre-B (/mono), Alibaba Cloud CAMS (/) and epap (/epap),
// with an admin API (/__admin) and fault injection. Loopback only; all state in memory.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeTransport, signMonoWebhook, type MonoCollection } from '@teardown/core';
import { Cams, type CamsKey } from './cams.js';
import { Epap } from './epap.js';
import { decideFault, validateFaultRules, type FaultRule } from './faults.js';
import type { Route, SandboxRequest, SandboxResponse } from './http.js';
import { Mono } from './mono.js';
import { createRandom } from './random.js';
import { World, type SandboxState, type SandboxTarget, type SeedRequest, type SeedResult } from './state.js';

export type { FaultRule } from './faults.js';
export type { FaultKind } from './http.js';
export type {
  SandboxCamsQrCode,
  SandboxCollection,
  SandboxQrCode,
  SandboxReceipt,
  SandboxState,
  SandboxTarget,
  SeedRequest,
  SeedResult,
} from './state.js';

export interface SandboxOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seeds ids, fault probabilities and tokens. Default 1. */
  seed?: number;
  /** Delay between a successful collection delete and its `discarded` state + webhook. Default 300. */
  keyCancellationDelayMs?: number;
  /** Mono and epap token lifetime. Default 3600. */
  tokenLifetimeSeconds?: number;
  /** CAMS limit per AccessKey. Default 5. */
  camsRequestsPerSecond?: number;
  webhooks?: { url: string; secret?: string }[];
  /** Never send webhooks (to test polling fallbacks). */
  dropWebhooks?: boolean;
  /** Delivery attempts per webhook before giving up. Default 6 (backoff 100 ms × 2ⁿ). */
  webhookMaxAttempts?: number;
  faults?: FaultRule[];
  seedData?: SeedRequest;
}

export interface SandboxCredentials {
  mono: {
    baseUrl: string;
    clientId: string;
    clientSecret: string;
    readOnlyClientId: string;
    readOnlyClientSecret: string;
    webhookSecret: string;
  };
  cams: {
    endpoint: string;
    accessKeyId: string;
    accessKeySecret: string;
    phoneNumber: string;
    deniedAccessKeyId: string;
    deniedAccessKeySecret: string;
    otherAccessKeyId: string;
    otherAccessKeySecret: string;
  };
  epap: { baseUrl: string; clientId: string; clientSecret: string; chainId: string };
}

export interface SandboxAdmin {
  seed(request: SeedRequest): SeedResult;
  state(): SandboxState;
  /** Every record a delete can reach, named as core names it, with how often it was really deleted. */
  targets(): SandboxTarget[];
  /** Calls per `provider.operation`, e.g. `mono-breb.cancelQrCode`. */
  calls(): Record<string, number>;
  setFaults(rules: FaultRule[]): void;
  registerWebhook(hook: { url: string; secret?: string }): void;
  setDropWebhooks(drop: boolean): void;
  reset(): void;
}

export interface Sandbox {
  url: string;
  credentials: SandboxCredentials;
  admin: SandboxAdmin;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const random = createRandom(options.seed ?? 1);
  const now = () => Date.now();
  const secrets = {
    mono: {
      clientId: 'sandbox-mono-client',
      clientSecret: 'sandbox-mono-secret',
      readOnlyClientId: 'sandbox-mono-readonly',
      readOnlyClientSecret: 'sandbox-mono-readonly-secret',
      webhookSecret: 'sandbox-mono-webhook-secret',
    },
    cams: {
      accessKeyId: 'LTAIsandboxKey0001',
      accessKeySecret: 'sandbox-cams-secret',
      phoneNumber: '8613800000000',
      deniedAccessKeyId: 'LTAIsandboxDenied01',
      deniedAccessKeySecret: 'sandbox-cams-denied-secret',
      otherAccessKeyId: 'LTAIsandboxOther001',
      otherAccessKeySecret: 'sandbox-cams-other-secret',
    },
    epap: { clientId: 'sandbox-epap-client', clientSecret: 'sandbox-epap-secret', chainId: 'sandbox-chain' },
  };
  const world = new World(random, now, {
    monoClientId: secrets.mono.clientId,
    camsAccessKeyId: secrets.cams.accessKeyId,
    camsPhoneNumber: secrets.cams.phoneNumber,
    epapClientId: secrets.epap.clientId,
    epapChainId: secrets.epap.chainId,
  });
  let faults = validateFaultRules(options.faults ?? []);
  let dropWebhooks = options.dropWebhooks ?? false;
  const hooks = [...(options.webhooks ?? [])];
  const timers = new Set<NodeJS.Timeout>();
  const schedule = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const transport = createNodeTransport({ maxSockets: 16 });

  const deliver = (url: string, secret: string, type: string, collection: MonoCollection) => {
    const {
      deleteRequests: _r,
      deletions: _d,
      deletedAt: _a,
      discardedAt: _b,
      ...data
    } = collection as MonoCollection & Record<string, unknown>;
    const body = JSON.stringify({ event: { type, data }, timestamp: new Date(now()).toISOString() });
    const record = { url, type, collectionId: collection.id, attempts: 0, delivered: false };
    world.webhookDeliveries.push(record);
    const attempt = () => {
      record.attempts++;
      const signature = signMonoWebhook(body, secret, Math.floor(now() / 1000));
      transport({
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
          else if (record.attempts < (options.webhookMaxAttempts ?? 6) && !closed)
            schedule(100 * 2 ** (record.attempts - 1), attempt);
        })
        .catch(() => undefined);
    };
    attempt();
  };
  const emit = (type: string, collection: MonoCollection) => {
    if (dropWebhooks) return;
    for (const hook of hooks) deliver(hook.url, hook.secret ?? secrets.mono.webhookSecret, type, collection);
  };

  const mono = new Mono(
    world,
    {
      ...secrets.mono,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
      keyCancellationDelayMs: options.keyCancellationDelayMs ?? 300,
    },
    { random, now, emit, schedule },
  );
  const keys: CamsKey[] = [
    { accessKeyId: secrets.cams.accessKeyId, accessKeySecret: secrets.cams.accessKeySecret, permitted: true },
    {
      accessKeyId: secrets.cams.deniedAccessKeyId,
      accessKeySecret: secrets.cams.deniedAccessKeySecret,
      permitted: false,
    },
    { accessKeyId: secrets.cams.otherAccessKeyId, accessKeySecret: secrets.cams.otherAccessKeySecret, permitted: true },
  ];
  const cams = new Cams(world, { keys, requestsPerSecond: options.camsRequestsPerSecond ?? 5 }, random, now);
  const epap = new Epap(
    world,
    {
      clientId: secrets.epap.clientId,
      clientSecret: secrets.epap.clientSecret,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    },
    random,
    now,
  );

  const admin: SandboxAdmin = {
    seed: (request) => world.seed(request),
    state: () => world.snapshot(),
    targets: () => world.targets(),
    calls: () => Object.fromEntries(world.calls),
    setFaults: (rules) => {
      faults = validateFaultRules(rules);
    },
    registerWebhook: (hook) => {
      if (typeof hook?.url !== 'string' || !/^https?:\/\//.test(hook.url))
        throw new TypeError('url must be an http(s) URL');
      hooks.push(hook);
    },
    setDropWebhooks: (drop) => {
      dropWebhooks = drop;
    },
    reset: () => {
      world.reset();
      faults = [];
    },
  };
  if (options.seedData) world.seed(options.seedData);

  const adminRoute = (req: SandboxRequest): SandboxResponse => {
    const json = () => (req.body ? (JSON.parse(req.body) as unknown) : {});
    try {
      if (req.method === 'GET' && req.path === '/state') return { status: 200, body: admin.state() };
      if (req.method === 'GET' && req.path === '/calls') return { status: 200, body: admin.calls() };
      if (req.method === 'GET' && req.path === '/credentials') return { status: 200, body: credentials };
      if (req.method === 'POST' && req.path === '/seed')
        return { status: 200, body: admin.seed(json() as SeedRequest) };
      if (req.method === 'POST' && req.path === '/faults') {
        admin.setFaults((json() as { rules?: FaultRule[] }).rules ?? []);
        return { status: 204 };
      }
      if (req.method === 'POST' && req.path === '/webhooks') {
        admin.registerWebhook(json() as { url: string; secret?: string });
        return { status: 204 };
      }
      if (req.method === 'POST' && req.path === '/reset') {
        admin.reset();
        return { status: 204 };
      }
      return { status: 404, body: { error: 'unknown admin endpoint' } };
    } catch (error) {
      return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
    }
  };

  const dispatch = (req: SandboxRequest): Route | SandboxResponse => {
    const strip = (prefix: string) => ({ ...req, path: req.path.slice(prefix.length) || '/' });
    if (req.path === '/__admin' || req.path.startsWith('/__admin/')) return adminRoute(strip('/__admin'));
    if (req.path === '/mono' || req.path.startsWith('/mono/')) return mono.route(strip('/mono'));
    if (req.path === '/epap' || req.path.startsWith('/epap/')) return epap.route(strip('/epap'));
    return cams.route(req);
  };

  const send = (res: http.ServerResponse, out: SandboxResponse) => {
    const body = out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
    res.writeHead(out.status, { ...(body && { 'content-type': 'application/json; charset=utf-8' }), ...out.headers });
    res.end(body);
  };

  let closed = false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (size > MAX_BODY) return send(res, { status: 413, body: { error: 'Request body too large' } });
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://sandbox');
      } catch {
        return send(res, { status: 400, body: { error: 'Malformed request target' } });
      }
      const parsed: SandboxRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      let routed: Route | SandboxResponse;
      try {
        routed = dispatch(parsed);
      } catch {
        return send(res, { status: 500, body: { error: 'Sandbox failure' } });
      }
      if (!('run' in routed)) return send(res, routed);
      const route = routed;
      const decision = decideFault(
        faults,
        route.provider,
        route.operation,
        world.count(route.provider, route.operation),
        random,
      );
      const respond = () => {
        if (res.destroyed) return;
        if (decision.fault === 'lostResponse') {
          route.run(); // the change takes effect, then the answer is lost
          res.socket?.destroy();
          return;
        }
        try {
          send(res, decision.fault ? route.fault(decision.fault) : route.run());
        } catch {
          send(res, { status: 500, body: { error: 'Sandbox failure' } });
        }
      };
      if (decision.latencyMs > 0) schedule(decision.latencyMs, respond);
      else respond();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const credentials: SandboxCredentials = {
    mono: { baseUrl: `${url}/mono`, ...secrets.mono },
    cams: { endpoint: url, ...secrets.cams },
    epap: { baseUrl: `${url}/epap`, ...secrets.epap },
  };
  return {
    url,
    credentials,
    admin,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        transport.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
