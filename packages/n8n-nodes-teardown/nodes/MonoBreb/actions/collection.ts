// Mono Bre-B → Collection: delete, get, list.
import type { MonoBrebClient } from '@teardown/core';
import { alreadyGoneOption, deleteItem } from '../../../shared/items';
import { param, textParam, type Operation } from '../../../shared/operation';
import { collectionId } from './fields';

export const deleteCollection: Operation<MonoBrebClient> = {
  value: 'deleteCollection',
  name: 'Delete',
  action: 'Delete a collection',
  description: 'Delete a collection without payments. Mono then cancels its Bre-B key in the background and sends collection.discarded.',
  properties: [collectionId, { ...alreadyGoneOption }],
  async execute(client, i) {
    const target = { collectionId: textParam(this, 'collectionId', i) };
    const result = await client.deleteCollection(target, { treatAlreadyGoneAsSuccess: param(this, 'treatAlreadyGoneAsSuccess', i, true) as boolean });
    return deleteItem(result, target);
  },
};

export const getCollection: Operation<MonoBrebClient> = {
  value: 'getCollection',
  name: 'Get',
  action: 'Get a collection',
  description: 'Read a collection: its state, payments and keys',
  properties: [collectionId],
  async execute(client, i) {
    return { ...(await client.getCollection({ collectionId: textParam(this, 'collectionId', i) })) };
  },
};

export const listCollections: Operation<MonoBrebClient> = {
  value: 'listCollections',
  name: 'List',
  action: 'List collections',
  description: 'List collections one page at a time — one output item per collection',
  properties: [
    { displayName: 'Page Number', name: 'pageNumber', type: 'number', typeOptions: { minValue: 1 }, default: 1 },
    { displayName: 'Page Size', name: 'pageSize', type: 'number', typeOptions: { minValue: 10, maxValue: 500 }, default: 50, description: 'Between 10 and 500' },
  ],
  async execute(client, i) {
    const list = await client.listCollections({ pageNumber: param(this, 'pageNumber', i) as number, pageSize: param(this, 'pageSize', i) as number });
    return list.map((c) => ({ ...c }));
  },
};
