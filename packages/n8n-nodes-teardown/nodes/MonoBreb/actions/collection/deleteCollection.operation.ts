// Mono Bre-B → Collection → Delete.
import type { MonoBrebClient } from '@teardown/core';
import { deleteItem } from '../../../../shared/items';
import type { Operation } from '../../../../shared/operation';
import { deleteNotice, deleteOptions, deleteSettings, options } from '../../../../shared/parameters';
import { collectionId, collectionTarget } from '../fields';
import { awaitDiscard, discardSettings } from './discard';

export const deleteCollection: Operation<MonoBrebClient> = {
  value: 'deleteCollection',
  name: 'Delete',
  action: 'Delete a collection',
  description:
    'Delete a collection without payments. Mono then cancels its Bre-B key in the background and sends collection.discarded; "Wait for Discard" waits for it.',
  deletes: true,
  target: collectionTarget,
  properties: [
    deleteNotice('Deleting a collection'),
    ...collectionId,
    ...options(...deleteSettings, ...discardSettings),
  ],
  async execute(client, i) {
    const target = collectionTarget(this, i);
    const deleted = await client.deleteCollection(target.ids, deleteOptions(this, i));
    const item = deleteItem(deleted, target);
    return { ...item, ...(await awaitDiscard(this, client, target.ids.collectionId, deleted, i)) };
  },
};
