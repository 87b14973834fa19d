// Mono Bre-B → Collection → Delete.
import type { MonoBrebClient } from '@teardown/core';
import { alreadyGoneOption, deleteItem } from '../../../../shared/items';
import { option, textParam, type Operation } from '../../../../shared/operation';
import { deleteNotice, options } from '../../../../shared/parameters';
import { collectionId } from '../fields';

export const deleteCollection: Operation<MonoBrebClient> = {
  value: 'deleteCollection',
  name: 'Delete',
  action: 'Delete a collection',
  description:
    'Delete a collection without payments. Mono then cancels its Bre-B key in the background and sends collection.discarded.',
  properties: [deleteNotice('Deleting a collection'), ...collectionId, ...options(alreadyGoneOption)],
  async execute(client, i) {
    const target = { collectionId: textParam(this, 'collectionId', i) };
    const result = await client.deleteCollection(target, {
      treatAlreadyGoneAsSuccess: option(this, 'treatAlreadyGoneAsSuccess', i, true) as boolean,
    });
    return deleteItem(result, target);
  },
};
