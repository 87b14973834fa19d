// Alibaba Cloud CAMS → Message QR Code: delete and list WhatsApp message QR codes. Requests are signed (ACS3) by
// @teardown/core and sent through n8n's helpers; core's limiter keeps this node within CAMS's 5 requests/s.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, sleep } from 'n8n-workflow';
import { AlibabaCamsClient, camsAccountLimiter } from '@teardown/core';
import { executeOperation, resourceProperties, type Resources } from '../../shared/operation';
import { clientOptions } from '../../shared/transport';
import { deletePhoneMessageQrdl } from './actions/messageQrCode/deletePhoneMessageQrdl.operation';
import { listPhoneMessageQrdl } from './actions/messageQrCode/listPhoneMessageQrdl.operation';

const resources: Resources<AlibabaCamsClient> = {
  messageQrCode: { name: 'Message QR Code', operations: [deletePhoneMessageQrdl, listPhoneMessageQrdl] },
};

function camsClient(credentials: IDataObject, context: Parameters<typeof clientOptions>[0]): AlibabaCamsClient {
  const accessKeyId = credentials.accessKeyId as string;
  return new AlibabaCamsClient({
    accessKeyId,
    accessKeySecret: credentials.accessKeySecret as string,
    ...(credentials.securityToken ? { securityToken: credentials.securityToken as string } : {}),
    ...(credentials.endpoint ? { endpoint: credentials.endpoint as string } : {}),
    ...clientOptions(context),
    // CAMS counts 5/s per account, however many workflows call it: every run of this node in this n8n process (parallel
    // branches, concurrent executions, loops) shares one limiter per AccessKey ID. Without an ID there is no account to
    // share one with: the client refuses it, naming the field.
    ...(typeof accessKeyId === 'string' &&
      accessKeyId !== '' && { rateLimiter: camsAccountLimiter(accessKeyId, { sleep }) }),
  });
}

export class AlibabaCloudCams implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Alibaba Cloud CAMS',
    name: 'alibabaCloudCams',
    icon: { light: 'file:alibabaCloud.svg', dark: 'file:alibabaCloud.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["operation"]}}',
    description: 'Delete WhatsApp message QR codes in Alibaba Cloud Chat App Message Service',
    defaults: { name: 'Alibaba Cloud CAMS' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'alibabaCloudApi', required: true }],
    properties: resourceProperties(resources),
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeOperation(this, resources, camsClient(await this.getCredentials('alibabaCloudApi'), this));
  }
}
