// The CAMS client for a run or a list search: the node's credential, n8n's helpers for HTTP, and the account's shared
// 5 requests/s limit.
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { AlibabaCamsClient, camsAccountLimiter } from '@teardown/core';
import { clientOptions } from '../../shared/transport';

export function camsClient(credentials: IDataObject, context: Parameters<typeof clientOptions>[0]): AlibabaCamsClient {
  const accessKeyId = credentials.accessKeyId as string;
  return new AlibabaCamsClient({
    accessKeyId,
    accessKeySecret: credentials.accessKeySecret as string,
    ...(credentials.securityToken ? { securityToken: credentials.securityToken as string } : {}),
    ...(credentials.endpoint ? { endpoint: credentials.endpoint as string } : {}),
    ...clientOptions(context),
    // CAMS counts 5/s per account, however many workflows call it: every run of this node in this n8n process (parallel
    // branches, concurrent executions, loops, list searches in the editor) shares one limiter per AccessKey ID. Without
    // an ID there is no account to share one with: the client refuses it, naming the field.
    ...(typeof accessKeyId === 'string' &&
      accessKeyId !== '' && { rateLimiter: camsAccountLimiter(accessKeyId, { sleep }) }),
  });
}
