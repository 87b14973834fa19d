// A stand-in for n8n's execute context (the one part of n8n these unit tests do not run): parameters per item,
// credentials, continueOnFail, and `helpers.httpRequest` implemented over fetch so requests really reach the sandbox.
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';

export interface FakeContextOptions {
  items: IDataObject[];
  /** Parameters shared by every item, or a function of the item index. */
  params: IDataObject | ((i: number) => IDataObject);
  credentials: IDataObject;
  continueOnFail?: boolean;
}

export function fakeContext({ items, params, credentials, continueOnFail = false }: FakeContextOptions) {
  const requests: IHttpRequestOptions[] = [];
  const node = { id: 'n1', name: 'Teardown', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
  const context = {
    getInputData: () => items.map((json) => ({ json })),
    getNodeParameter: (name: string, i: number, fallback?: unknown, options?: { rawExpressions?: boolean }) => {
      // Parameters given per item stand for expressions n8n evaluates per item.
      if (options?.rawExpressions && typeof params === 'function') return '={{ a per-item expression }}';
      const p = typeof params === 'function' ? params(i) : params;
      return name in p ? p[name] : fallback;
    },
    getCredentials: () => Promise.resolve(credentials),
    continueOnFail: () => continueOnFail,
    getNode: () => node,
    helpers: {
      httpRequest: async (options: IHttpRequestOptions) => {
        requests.push(options);
        const res = await fetch(options.url, {
          method: options.method,
          headers: options.headers as Record<string, string>,
          ...(options.body !== undefined && { body: options.body as string }),
        });
        return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
      },
    },
  };
  return { context: context as unknown as IExecuteFunctions, requests };
}
