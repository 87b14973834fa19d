// Mono Bre-B → Collection → List.
import type { MonoBrebClient } from '@teardown/core';
import { param, type Operation } from '../../../../shared/operation';

export const listCollections: Operation<MonoBrebClient> = {
  value: 'listCollections',
  name: 'List',
  action: 'List collections',
  description: 'List collections one page at a time — one output item per collection',
  properties: [
    { displayName: 'Page Number', name: 'pageNumber', type: 'number', typeOptions: { minValue: 1 }, default: 1 },
    {
      displayName: 'Page Size',
      name: 'pageSize',
      type: 'number',
      typeOptions: { minValue: 10, maxValue: 500 },
      default: 50,
      description: 'Between 10 and 500',
    },
  ],
  async execute(client, i) {
    const list = await client.listCollections({
      pageNumber: param(this, 'pageNumber', i) as number,
      pageSize: param(this, 'pageSize', i) as number,
    });
    return list.map((c) => ({ ...c }));
  },
};
