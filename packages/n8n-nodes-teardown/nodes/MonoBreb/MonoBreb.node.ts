// Mono Bre-B: cancel QR codes and delete collections (and the reads that find what to delete). The node only
// describes; each operation lives in actions/, and all HTTP goes through n8n's helpers via @teardown/core.
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { MonoBrebClient } from '@teardown/core';
import { executeOperation, resourceProperties, type Resources } from '../../shared/operation';
import { clientOptions } from '../../shared/transport';
import { deleteCollection } from './actions/collection/deleteCollection.operation';
import { getCollection } from './actions/collection/getCollection.operation';
import { listCollections } from './actions/collection/listCollections.operation';
import { cancelQrCode } from './actions/qrCode/cancelQrCode.operation';
import { getQrCode } from './actions/qrCode/getQrCode.operation';
import { listQrCodes } from './actions/qrCode/listQrCodes.operation';

const resources: Resources<MonoBrebClient> = {
  qrCode: { name: 'QR Code', operations: [cancelQrCode, getQrCode, listQrCodes] },
  collection: { name: 'Collection', operations: [deleteCollection, getCollection, listCollections] },
};

export class MonoBreb implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Mono Bre-B',
    name: 'monoBreb',
    icon: { light: 'file:monoBreb.svg', dark: 'file:monoBreb.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: 'Cancel Bre-B QR codes and delete collections at Mono, safely',
    defaults: { name: 'Mono Bre-B' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'monoBrebApi', required: true }],
    properties: resourceProperties(resources),
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const credentials = await this.getCredentials('monoBrebApi');
    const environment = credentials.environment as string;
    const client = new MonoBrebClient({
      clientId: credentials.clientId as string,
      clientSecret: credentials.clientSecret as string,
      ...(environment === 'custom'
        ? { baseUrl: credentials.baseUrl as string }
        : { environment: environment === 'certification' ? 'certification' : 'sandbox' }),
      ...clientOptions(this),
    });
    return executeOperation(this, resources, client);
  }
}
