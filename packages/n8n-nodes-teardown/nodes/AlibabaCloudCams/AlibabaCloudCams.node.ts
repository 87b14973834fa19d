// Alibaba Cloud CAMS → Message QR Code: delete and list WhatsApp message QR codes. Requests are signed (ACS3) by
// @teardown/core and sent through n8n's helpers; core's limiter keeps this node within CAMS's 5 requests/s.
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import type { AlibabaCamsClient } from '@teardown/core';
import {
  executeOperation,
  resourceProperties,
  subtitle,
  toolDescription,
  type Resources,
} from '../../shared/operation';
import { camsClient } from './client';
import { searchMessageQrCodes } from './methods/listSearch';
import { deletePhoneMessageQrdl } from './actions/messageQrCode/deletePhoneMessageQrdl.operation';
import { listPhoneMessageQrdl } from './actions/messageQrCode/listPhoneMessageQrdl.operation';

const resources: Resources<AlibabaCamsClient> = {
  messageQrCode: { name: 'Message QR Code', operations: [deletePhoneMessageQrdl, listPhoneMessageQrdl] },
};

export class AlibabaCloudCams implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Alibaba Cloud CAMS',
    name: 'alibabaCloudCams',
    icon: { light: 'file:alibabaCloud.svg', dark: 'file:alibabaCloud.dark.svg' },
    group: ['transform'],
    // Version 2: message QR codes picked from a list, CustSpaceId under "Options". Version 3: List is the default
    // operation, with Return All / Limit, and the phone number is checked as you type (see shared/parameters.ts).
    version: [1, 2, 3],
    subtitle: subtitle(resources),
    description: 'Delete WhatsApp message QR codes in Alibaba Cloud Chat App Message Service',
    defaults: { name: 'Alibaba Cloud CAMS' },
    usableAsTool: { replacements: { description: toolDescription('Alibaba Cloud CAMS', resources) } },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'alibabaCloudApi', required: true }],
    properties: resourceProperties(resources, { readFirstSince: 3 }),
  };

  methods = { listSearch: { searchMessageQrCodes } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeOperation(this, resources, camsClient(await this.getCredentials('alibabaCloudApi'), this));
  }
}
