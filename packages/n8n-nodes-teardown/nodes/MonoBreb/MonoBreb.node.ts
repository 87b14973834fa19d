// Mono Bre-B: cancel QR codes and delete collections (and the reads that find what to delete). The node only
// describes; each operation lives in actions/, and all HTTP goes through n8n's helpers via @teardown/core.
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { MonoBrebClient } from '@teardown/core';
import { mapItems } from '../../shared/items';
import { operationSelector, scoped, textParam, type Operation } from '../../shared/operation';
import { clientOptions } from '../../shared/transport';
import { deleteCollection, getCollection, listCollections } from './actions/collection';
import { cancelQrCode, getQrCode, listQrCodes } from './actions/qrCode';

const resources: Record<string, Operation<MonoBrebClient>[]> = {
  qrCode: [cancelQrCode, getQrCode, listQrCodes],
  collection: [deleteCollection, getCollection, listCollections],
};

export class MonoBreb implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Mono Bre-B',
    name: 'monoBreb',
    icon: 'file:monoBreb.svg',
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: 'Cancel Bre-B QR codes and delete collections at Mono, safely',
    defaults: { name: 'Mono Bre-B' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'monoBrebApi', required: true }],
    properties: [
      {
        displayName: 'Resource',
        name: 'resource',
        type: 'options',
        noDataExpression: true,
        options: [
          { name: 'QR Code', value: 'qrCode' },
          { name: 'Collection', value: 'collection' },
        ],
        default: 'qrCode',
      },
      ...Object.entries(resources).flatMap(([resource, ops]) => [operationSelector(resource, ops), ...ops.flatMap((op) => scoped(resource, op))]),
    ],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const credentials = await this.getCredentials('monoBrebApi');
    const environment = credentials.environment as string;
    const client = new MonoBrebClient({
      clientId: credentials.clientId as string,
      clientSecret: credentials.clientSecret as string,
      ...(environment === 'custom' ? { baseUrl: credentials.baseUrl as string } : { environment: environment === 'certification' ? 'certification' : 'sandbox' }),
      ...clientOptions(this),
    });
    // Resource and operation cannot be expressions (noDataExpression), so they are the same for every item.
    const resource = textParam(this, 'resource', 0);
    const name = textParam(this, 'operation', 0);
    const operation = resources[resource]?.find((op) => op.value === name);
    if (!operation) throw new NodeOperationError(this.getNode(), `Unknown operation ${resource}.${name}`);
    return mapItems(this, (i) => operation.execute.call(this, client, i));
  }
}
