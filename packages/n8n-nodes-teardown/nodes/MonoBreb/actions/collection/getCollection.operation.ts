// Mono Bre-B → Collection → Get.
import type { MonoBrebClient } from '@teardown/core';
import { textParam, type Operation } from '../../../../shared/operation';
import { collectionId, collectionTarget } from '../fields';

export const getCollection: Operation<MonoBrebClient> = {
  value: 'getCollection',
  name: 'Get',
  action: 'Get a collection',
  description: 'Read a collection: its state, payments and keys',
  target: collectionTarget,
  properties: [...collectionId],
  async execute(client, i) {
    return { ...(await client.getCollection({ collectionId: textParam(this, 'collectionId', i) })) };
  },
};
