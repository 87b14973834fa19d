// Core's Transport over n8n's own `helpers.httpRequest`, so n8n's proxy and TLS settings apply, and n8n's `sleep` for
// backoff (community nodes may not use global timers).
import { sleep, type IExecuteFunctions, type IHttpRequestMethods } from 'n8n-workflow';
import type { ClientOptions, Transport } from '@teardown/core';

export type HttpHelpers = { helpers: Pick<IExecuteFunctions['helpers'], 'httpRequest'> };

export function n8nTransport(context: HttpHelpers): Transport {
  return async (request) => {
    const response = (await context.helpers.httpRequest({
      method: request.method as IHttpRequestMethods,
      url: request.url,
      headers: request.headers,
      ...(request.body ? { body: request.body } : {}),
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
      disableFollowRedirect: true,
      encoding: 'text',
      json: false,
      ...(request.timeoutMs !== undefined && { timeout: request.timeoutMs }),
    })) as { statusCode: number; headers?: Record<string, string | string[] | undefined>; body: unknown };
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(response.headers ?? {}))
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    const body =
      typeof response.body === 'string' ? response.body : response.body == null ? '' : JSON.stringify(response.body);
    return { status: response.statusCode, headers, body };
  };
}

export function clientOptions(context: HttpHelpers): Pick<ClientOptions, 'transport' | 'sleep'> {
  return { transport: n8nTransport(context), sleep };
}
