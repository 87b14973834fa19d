// The shapes every provider module speaks: a parsed request in, a response (or a route to one) out.
import type { IncomingHttpHeaders } from 'node:http';
import type { Provider } from '@teardown/core';

export type FaultKind =
  'status500' | 'status503' | 'status429' | 'limitControl' | 'longMessage' | 'latency' | 'lostResponse';
/** The faults a provider answers in its own shape. */
export type AnsweredFault = Exclude<FaultKind, 'latency' | 'lostResponse'>;

/**
 * The message of a `longMessage` fault: 4,096 bytes of UTF-8 with quotes, backslashes and two-byte characters (they
 * weigh more in JSON), as a provider that answers with a page of text would send.
 */
export const LONG_MESSAGE = 'Fehü"\\x'.repeat(512);

export interface SandboxRequest {
  method: string;
  /** Path without the provider prefix and without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless a string; undefined sends an empty body. */
  body?: unknown;
}

/** A request recognised as one provider operation: faults are decided per operation before it runs. */
export interface Route {
  provider: Provider;
  operation: string;
  run(): SandboxResponse;
  /** The provider's own answer for an injected fault. */
  fault(kind: AnsweredFault): SandboxResponse;
}

export function header(req: SandboxRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** A provider's simulator: the path it answers under, the client option that takes that URL, and how it starts. */
export interface Simulator<Context> {
  prefix: string;
  urlOption: string;
  start(context: Context): (req: SandboxRequest) => Route | SandboxResponse;
}
