// The Mono Bre-B client for a run or a list search: the node's credential, and n8n's helpers for HTTP.
import type { IDataObject } from 'n8n-workflow';
import { MonoBrebClient } from '@teardown/core';
import { clientOptions } from '../../shared/transport';

export function monoClient(credentials: IDataObject, context: Parameters<typeof clientOptions>[0]): MonoBrebClient {
  const environment = credentials.environment as string;
  return new MonoBrebClient({
    clientId: credentials.clientId as string,
    clientSecret: credentials.clientSecret as string,
    ...(environment === 'custom'
      ? { baseUrl: credentials.baseUrl as string }
      : { environment: environment === 'certification' ? 'certification' : 'sandbox' }),
    ...clientOptions(context),
  });
}
