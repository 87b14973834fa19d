// The one seam between Teardown and the network: n8n routes calls through its own helpers, tests inject faults.
// Node's own implementation is in ../platform/node.ts.

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body: string;
}

/**
 * Sends one request and resolves with whatever the server answered, whatever the status.
 * Rejects only when no answer arrived: with `TransportTimeoutError` on timeout, any other error otherwise.
 */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

export class TransportTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`No response within ${timeoutMs} ms`);
    this.name = 'TransportTimeoutError';
  }
}

/** Node refused to build the request (invalid URL or header): nothing was sent, so nothing can have been applied. */
export class TransportNotSentError extends Error {
  constructor(cause: unknown) {
    super(`Request not sent: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TransportNotSentError';
  }
}
