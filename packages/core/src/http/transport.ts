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
 * Rejects only when no answer arrived: with `TransportTimeoutError` on timeout, `TransportNotSentError` when nothing
 * left the process, any other error otherwise. These rejections are the transport's contract with core, not errors a
 * caller sees: a client turns them into `TeardownTimeoutError`, `TeardownRequestError` (`request_not_sent`) and
 * `TeardownNetworkError` (`ProviderHttp.send`), with the classification each needs.
 */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** For transport authors: no answer within `timeoutMs`. Clients never throw it (see `Transport`). */
export class TransportTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`No response within ${timeoutMs} ms`);
    this.name = 'TransportTimeoutError';
  }
}

/**
 * For transport authors: the request could not be built (invalid URL or header), so nothing was sent and nothing can
 * have been applied. Clients never throw it (see `Transport`).
 */
export class TransportNotSentError extends Error {
  constructor(cause: unknown) {
    super(`Request not sent: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TransportNotSentError';
  }
}
