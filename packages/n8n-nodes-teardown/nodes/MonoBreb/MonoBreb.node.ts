// Mono Bre-B: cancel QR codes and delete collections (and the reads that find what to delete). The node only
// describes; each operation lives in actions/, and all HTTP goes through n8n's helpers via @teardown/core.
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import type { MonoBrebClient } from '@teardown/core';
import {
  executeOperation,
  resourceProperties,
  subtitle,
  toolDescription,
  type Resources,
} from '../../shared/operation';
import { monoClient } from './client';
import { searchCollections, searchQrCodes } from './methods/listSearch';
import { deleteCollection } from './actions/collection/deleteCollection.operation';
import { getCollection } from './actions/collection/getCollection.operation';
import { listCollections } from './actions/collection/listCollections.operation';
import { cancelQrCode } from './actions/qrCode/cancelQrCode.operation';
import { getQrCode } from './actions/qrCode/getQrCode.operation';
import { listQrCodes } from './actions/qrCode/listQrCodes.operation';

// The first operation is the default of versions 1 and 2, the first that does not delete (the list) that of version 3.
const resources: Resources<MonoBrebClient> = {
  qrCode: { name: 'QR Code', operations: [cancelQrCode, listQrCodes, getQrCode] },
  collection: { name: 'Collection', operations: [deleteCollection, listCollections, getCollection] },
};

export class MonoBreb implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Mono Bre-B',
    name: 'monoBreb',
    icon: { light: 'file:monoBreb.svg', dark: 'file:monoBreb.dark.svg' },
    group: ['transform'],
    // Version 2: collections and QR codes picked from lists, settings under "Options". Version 3: a list is the default
    // operation, lists take Return All / Limit (see shared/parameters.ts).
    version: [1, 2, 3],
    subtitle: subtitle(resources),
    description: 'Cancel Bre-B QR codes and delete collections at Mono, safely',
    defaults: { name: 'Mono Bre-B' },
    usableAsTool: { replacements: { description: toolDescription('Mono Bre-B', resources) } },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'monoBrebApi', required: true }],
    properties: resourceProperties(resources, { readFirstSince: 3 }),
  };

  methods = { listSearch: { searchCollections, searchQrCodes } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeOperation(this, resources, monoClient(await this.getCredentials('monoBrebApi'), this));
  }
}
