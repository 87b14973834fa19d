// A Mono Bre-B collection. Its single-target workflow also waits until Mono has discarded the collection's key.
import { ID_FIELDS } from '@teardown/core/pure';
import { defineKind } from './kind.js';

export const monoCollection = defineKind({
  kind: 'mono-collection',
  provider: 'mono-breb',
  operation: 'deleteCollection',
  summary: 'delete a Mono Bre-B collection (and wait until its key is discarded)',
  fields: { collectionId: ID_FIELDS.monoCollectionId },
  path: ['collectionId'],
  identity: ['collectionId'],
});
