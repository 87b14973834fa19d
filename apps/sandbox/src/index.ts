// startSandbox(): one HTTP server that behaves like Mono Bre-B (/mono), Alibaba Cloud CAMS (/) and epap (/epap),
// with an admin API (/__admin) and fault injection. Loopback only; all state in memory. The pieces are beside this
// file: one simulator per provider (SIMULATORS), the shared world (state.ts), the server (server.ts), webhooks, admin and secrets.
import type { AddressInfo } from 'node:net';
import { PROVIDERS, createNodeTransport, type Provider } from '@teardown/core';
import { adminRoute, type SandboxAdmin } from './admin.js';
import { Cams, type CamsKey } from './cams.js';
import { Epap } from './epap.js';
import { decideFault, validateFaultRules, type FaultRule } from './faults.js';
import type { Simulator } from './http.js';
import { Mono } from './mono.js';
import { createRandom } from './random.js';
import { SECRETS, credentialsAt, type SandboxCredentials } from './secrets.js';
import { createSandboxServer } from './server.js';
import { World, type SeedRequest } from './state.js';
import { createWebhookSender, type WebhookSender } from './webhooks.js';

export type { SandboxAdmin } from './admin.js';
export type { FaultRule } from './faults.js';
export type { FaultKind } from './http.js';
export type { SandboxCredentials } from './secrets.js';
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

export interface Sandbox {
  url: string;
  credentials: SandboxCredentials;
  admin: SandboxAdmin;
  close(): Promise<void>;
}

/** Timers the sandbox owns (delayed discards, webhook retries, latency faults), all cleared on close. */
function timerSet() {
  const timers = new Set<NodeJS.Timeout>();
  return {
    schedule: (ms: number, fn: () => void) => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
    clear: () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

/** What a provider's simulator is given: the shared world, the options, and the sandbox's clock, dice and timers. */
interface SimulatorContext {
  world: World;
  options: SandboxOptions;
  random: () => number;
  now: () => number;
  webhooks: WebhookSender;
  schedule: (ms: number, fn: () => void) => void;
}

/**
 * Each provider's simulator and the path it answers under. Keyed by core's `Provider`, so a provider added to core's
 * registry does not compile here until it has a simulator; the sandbox's credentials follow (secrets.ts).
 */
export const SIMULATORS: Record<Provider, Simulator<SimulatorContext>> = {
  'mono-breb': {
    prefix: '/mono',
    urlOption: 'baseUrl',
    start: ({ world, options, random, now, webhooks, schedule }) => {
      const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
      const keyCancellationDelayMs = options.keyCancellationDelayMs ?? 300;
      const mono = new Mono(
        world,
        { ...SECRETS.mono, tokenLifetimeSeconds, keyCancellationDelayMs },
        { random, now, emit: (type, collection) => webhooks.emit(type, collection), schedule },
      );
      return (req) => mono.route(req);
    },
  },
  // CAMS's RPC endpoint is the root: it answers whatever no other simulator does.
  'alibaba-cams': {
    prefix: '',
    urlOption: 'endpoint',
    start: ({ world, options, random, now }) => {
      const { cams: c } = SECRETS;
      const keys: CamsKey[] = [
        { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, permitted: true },
        { accessKeyId: c.deniedAccessKeyId, accessKeySecret: c.deniedAccessKeySecret, permitted: false },
        { accessKeyId: c.otherAccessKeyId, accessKeySecret: c.otherAccessKeySecret, permitted: true },
      ];
      const cams = new Cams(world, { keys, requestsPerSecond: options.camsRequestsPerSecond ?? 5 }, random, now);
      return (req) => cams.route(req);
    },
  },
  epap: {
    prefix: '/epap',
    urlOption: 'baseUrl',
    start: ({ world, options, random, now }) => {
      const { clientId, clientSecret } = SECRETS.epap;
      const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
      const epap = new Epap(world, { clientId, clientSecret, tokenLifetimeSeconds }, random, now);
      return (req) => epap.route(req);
    },
  },
};

/** Every provider's simulator, the longest prefix first, so the root (CAMS) answers only what no other does. */
function providerRoutes(context: SimulatorContext) {
  return PROVIDERS.map((p) => ({ prefix: SIMULATORS[p].prefix, route: SIMULATORS[p].start(context) })).sort(
    (a, b) => b.prefix.length - a.prefix.length,
  );
}

/** `sandbox.admin`: `faults.rules` is what the server reads for every request. */
function adminOf(world: World, webhooks: WebhookSender, faults: { rules: FaultRule[] }): SandboxAdmin {
  return {
    seed: (request) => world.seed(request),
    state: () => world.snapshot(),
    targets: () => world.targets(),
    calls: () => Object.fromEntries(world.calls),
    setFaults: (rules) => {
      faults.rules = validateFaultRules(rules);
    },
    registerWebhook: (hook) => webhooks.register(hook),
    setDropWebhooks: (drop) => webhooks.setDrop(drop),
    reset: () => {
      world.reset();
      faults.rules = [];
    },
  };
}

const under = (prefix: string, path: string) => prefix === '' || path === prefix || path.startsWith(`${prefix}/`);

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const random = createRandom(options.seed ?? 1);
  const world = new World(random, () => Date.now(), {
    monoClientId: SECRETS.mono.clientId,
    camsAccessKeyId: SECRETS.cams.accessKeyId,
    camsPhoneNumber: SECRETS.cams.phoneNumber,
    epapClientId: SECRETS.epap.clientId,
    epapChainId: SECRETS.epap.chainId,
  });
  const timers = timerSet();
  const transport = createNodeTransport({ maxSockets: 16 });
  const webhooks = createWebhookSender({
    world,
    transport,
    now: () => Date.now(),
    schedule: timers.schedule,
    defaultSecret: SECRETS.mono.webhookSecret,
    hooks: options.webhooks ?? [],
    dropWebhooks: options.dropWebhooks ?? false,
    maxAttempts: options.webhookMaxAttempts ?? 6,
  });
  const faults = { rules: validateFaultRules(options.faults ?? []) };
  const admin = adminOf(world, webhooks, faults);
  if (options.seedData) world.seed(options.seedData);

  const providers = providerRoutes({
    world,
    options,
    random,
    now: () => Date.now(),
    webhooks,
    schedule: timers.schedule,
  });
  // Known once the server listens; the admin API's `GET credentials` reads it then.
  const served: { credentials?: SandboxCredentials } = {};
  const server = createSandboxServer({
    dispatch: (req) => {
      const strip = (prefix: string) => ({ ...req, path: req.path.slice(prefix.length) || '/' });
      if (under('/__admin', req.path)) return adminRoute(admin, served.credentials, strip('/__admin'));
      const module = providers.find((p) => under(p.prefix, req.path))!;
      return module.route(strip(module.prefix));
    },
    decide: (route) =>
      decideFault(faults.rules, route.provider, route.operation, world.count(route.provider, route.operation), random),
    schedule: timers.schedule,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const url = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  const credentials = (served.credentials = credentialsAt(url, SIMULATORS));
  return {
    url,
    credentials,
    admin,
    close: () =>
      new Promise<void>((resolve) => {
        webhooks.stop();
        timers.clear();
        transport.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
