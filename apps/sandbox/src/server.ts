// The sandbox's HTTP server: reads a request (bodies up to 1 MB), asks `dispatch` for a response or a provider route,
// and runs the route under the fault `decide` picks — a latency, the provider's own error, or a change that takes
// effect while its answer is lost.
import http from 'node:http';
import type { FaultDecision } from './faults.js';
import type { Route, SandboxRequest, SandboxResponse } from './http.js';

const MAX_BODY = 1024 * 1024;

export interface ServerHandlers {
  dispatch(req: SandboxRequest): Route | SandboxResponse;
  decide(route: Route): FaultDecision;
  schedule(ms: number, fn: () => void): void;
}

function send(res: http.ServerResponse, out: SandboxResponse): void {
  const body = out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
  res.writeHead(out.status, { ...(body && { 'content-type': 'application/json; charset=utf-8' }), ...out.headers });
  res.end(body);
}

/** The request as the provider modules read it, or the answer to a request that never gets that far. */
function parse(req: http.IncomingMessage, body: Buffer, size: number): SandboxRequest | SandboxResponse {
  if (size > MAX_BODY) return { status: 413, body: { error: 'Request body too large' } };
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://sandbox');
  } catch {
    return { status: 400, body: { error: 'Malformed request target' } };
  }
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body: body.toString('utf8'),
  };
}

function respond(res: http.ServerResponse, route: Route, decision: FaultDecision): void {
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
}

function handle(h: ServerHandlers, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, size: number) {
  const parsed = parse(req, body, size);
  if (!('method' in parsed)) return send(res, parsed);
  let routed: Route | SandboxResponse;
  try {
    routed = h.dispatch(parsed);
  } catch {
    return send(res, { status: 500, body: { error: 'Sandbox failure' } });
  }
  if (!('run' in routed)) return send(res, routed);
  const route = routed;
  const decision = h.decide(route);
  if (decision.latencyMs > 0) h.schedule(decision.latencyMs, () => respond(res, route, decision));
  else respond(res, route, decision);
}

export function createSandboxServer(h: ServerHandlers): http.Server {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => handle(h, req, res, Buffer.concat(chunks), size));
  });
  server.keepAliveTimeout = 30_000;
  return server;
}
