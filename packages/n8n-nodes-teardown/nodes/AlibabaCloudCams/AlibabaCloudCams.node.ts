// Alibaba Cloud CAMS → Message QR Code: delete and list WhatsApp message QR codes. Requests are signed (ACS3) by
// @teardown/core and sent through n8n's helpers; core's limiter keeps this node within CAMS's 5 requests/s.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, sleep } from 'n8n-workflow';
import { AlibabaCamsClient, camsAccountLimiter } from '@teardown/core';
import { alreadyGoneOption, deleteItem, mapItems } from '../../shared/items';
import { param, textParam } from '../../shared/operation';
import { clientOptions } from '../../shared/transport';

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
    ...(typeof accessKeyId === 'string' && accessKeyId !== '' && { rateLimiter: camsAccountLimiter(accessKeyId, { sleep }) }),
  });
}

const show = (operation: string) => ({ show: { operation: [operation] } });

export class AlibabaCloudCams implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Alibaba Cloud CAMS',
    name: 'alibabaCloudCams',
    icon: 'file:alibabaCloud.svg',
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["operation"]}}',
    description: 'Delete WhatsApp message QR codes in Alibaba Cloud Chat App Message Service',
    defaults: { name: 'Alibaba Cloud CAMS' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'alibabaCloudApi', required: true }],
    properties: [
      { displayName: 'Resource', name: 'resource', type: 'options', noDataExpression: true, options: [{ name: 'Message QR Code', value: 'messageQrCode' }], default: 'messageQrCode' },
      {
        displayName: 'Operation',
        name: 'operation',
        type: 'options',
        noDataExpression: true,
        options: [
          { name: 'Delete', value: 'deletePhoneMessageQrdl', action: 'Delete a message QR code', description: 'After deletion nobody can scan it to open a chat with your number' },
          { name: 'List', value: 'listPhoneMessageQrdl', action: 'List message QR codes of a number', description: 'One output item per QR code' },
        ],
        default: 'deletePhoneMessageQrdl',
      },
      { displayName: 'Phone Number', name: 'phoneNumber', type: 'string', required: true, default: '', placeholder: '8613800000000', description: 'Your WhatsApp business number, digits with country code' },
      { displayName: 'QR Code (QrdlCode)', name: 'qrdlCode', type: 'string', required: true, default: '', displayOptions: show('deletePhoneMessageQrdl'), description: 'The code CAMS returned when the QR code was created' },
      { displayName: 'CustSpaceId', name: 'custSpaceId', type: 'string', default: '', description: 'Only for ISV sub-customers: the sub-customer’s space ID' },
      { ...alreadyGoneOption, displayOptions: show('deletePhoneMessageQrdl') },
    ],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const client = camsClient(await this.getCredentials('alibabaCloudApi'), this);
    return mapItems(this, async (i) => {
      const phoneNumber = textParam(this, 'phoneNumber', i);
      const custSpaceId = textParam(this, 'custSpaceId', i, '');
      if (param(this, 'operation', i) === 'listPhoneMessageQrdl') {
        return (await client.listPhoneMessageQrdl({ phoneNumber, ...(custSpaceId && { custSpaceId }) })).map((q) => ({ ...q }));
      }
      const target = { phoneNumber, qrdlCode: textParam(this, 'qrdlCode', i), ...(custSpaceId && { custSpaceId }) };
      return deleteItem(await client.deletePhoneMessageQrdl(target, { treatAlreadyGoneAsSuccess: param(this, 'treatAlreadyGoneAsSuccess', i, true) as boolean }), target);
    });
  }
}
