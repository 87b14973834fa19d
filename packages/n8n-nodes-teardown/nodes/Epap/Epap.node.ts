// epap → Receipt: delete a digital receipt (the app user is notified).
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { EpapClient } from '@teardown/core';
import {
  executeOperation,
  resourceProperties,
  subtitle,
  toolDescription,
  type Resources,
} from '../../shared/operation';
import { clientOptions } from '../../shared/transport';
import { deleteReceipt } from './actions/receipt/deleteReceipt.operation';

const resources: Resources<EpapClient> = {
  receipt: { name: 'Receipt', operations: [deleteReceipt] },
};

export class Epap implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'epap',
    name: 'epap',
    icon: { light: 'file:epap.svg', dark: 'file:epap.dark.svg' },
    group: ['transform'],
    // Version 2: IDs checked as you type, settings under "Options" (see shared/parameters.ts).
    version: [1, 2],
    subtitle: subtitle(resources),
    description: 'Delete digital receipts at epap',
    defaults: { name: 'epap' },
    usableAsTool: { replacements: { description: toolDescription('epap', resources) } },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'epapApi', required: true }],
    properties: resourceProperties(resources),
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
    return executeOperation(this, resources, client);
  }
}
