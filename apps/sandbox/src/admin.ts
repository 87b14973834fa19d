// The admin API: the same operations as `sandbox.admin`, over HTTP under /__admin (for tests in other processes).
import type { FaultRule } from './faults.js';
import type { SandboxRequest, SandboxResponse } from './http.js';
import type { SandboxState, SandboxTarget, SeedRequest, SeedResult } from './state.js';

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

/** `GET state|calls|credentials`, `POST seed|faults|webhooks|reset`; a bad request body is a 400 saying why. */
export function adminRoute(admin: SandboxAdmin, credentials: unknown, req: SandboxRequest): SandboxResponse {
  const json = () => (req.body ? (JSON.parse(req.body) as unknown) : {});
  try {
    if (req.method === 'GET' && req.path === '/state') return { status: 200, body: admin.state() };
    if (req.method === 'GET' && req.path === '/calls') return { status: 200, body: admin.calls() };
    if (req.method === 'GET' && req.path === '/credentials') return { status: 200, body: credentials };
    if (req.method === 'POST' && req.path === '/seed') return { status: 200, body: admin.seed(json() as SeedRequest) };
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
}
