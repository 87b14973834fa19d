// epap → Receipt: delete a digital receipt (the app user is notified).
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { EpapClient } from '@teardown/core';
import { alreadyGoneOption, deleteItem, mapItems } from '../../shared/items';
import { param, textParam } from '../../shared/operation';
import { clientOptions } from '../../shared/transport';

export class Epap implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'epap',
    name: 'epap',
    icon: 'file:epap.svg',
    group: ['transform'],
    version: 1,
    subtitle: 'Delete receipt',
    description: 'Delete digital receipts at epap',
    defaults: { name: 'epap' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'epapApi', required: true }],
    properties: [
      { displayName: 'Resource', name: 'resource', type: 'options', noDataExpression: true, options: [{ name: 'Receipt', value: 'receipt' }], default: 'receipt' },
      {
        displayName: 'Operation',
        name: 'operation',
        type: 'options',
        noDataExpression: true,
        options: [{ name: 'Delete', value: 'deleteReceipt', action: 'Delete a receipt', description: 'Remove the receipt from epap and from the app user’s phone' }],
        default: 'deleteReceipt',
      },
      { displayName: 'epap ID', name: 'epapId', type: 'string', required: true, default: '', description: 'The receipt’s document ID, read from the app user’s return QR code' },
      { displayName: 'App User ID', name: 'appUserId', type: 'string', required: true, default: '', description: 'The app user’s ID, read from the same QR code' },
      { ...alreadyGoneOption },
    ],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const credentials = await this.getCredentials('epapApi');
    const client = new EpapClient({
      clientId: credentials.clientId as string,
      clientSecret: credentials.clientSecret as string,
      chainId: credentials.chainId as string,
      baseUrl: credentials.baseUrl as string,
      ...clientOptions(this),
    });
    return mapItems(this, async (i) => {
      const target = { epapId: textParam(this, 'epapId', i), appUserId: textParam(this, 'appUserId', i) };
      return deleteItem(await client.deleteReceipt(target, { treatAlreadyGoneAsSuccess: param(this, 'treatAlreadyGoneAsSuccess', i, true) as boolean }), target);
    });
  }
}
