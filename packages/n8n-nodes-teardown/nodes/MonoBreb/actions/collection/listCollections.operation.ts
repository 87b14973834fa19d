// Mono Bre-B → Collection → List.
import type { MonoBrebClient, MonoCollection } from '@teardown/core';
import { param, type Operation } from '../../../../shared/operation';
import { beforeVersion3, limitOf, returnAllOrLimit, sinceVersion3 } from '../../../../shared/parameters';

/** Mono's largest page: the fewest requests for "Return All". */
const MAX_PAGE_SIZE = 500;
const MIN_PAGE_SIZE = 10;

/** Reads Mono's pages from the first until `limit` collections (all of them when undefined) or the last page. */
async function collectionsUpTo(client: MonoBrebClient, limit: number | undefined): Promise<MonoCollection[]> {
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(MIN_PAGE_SIZE, limit ?? MAX_PAGE_SIZE));
  const collections: MonoCollection[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await client.listCollections({ pageNumber, pageSize });
    collections.push(...page);
    if (page.length < pageSize || (limit !== undefined && collections.length >= limit)) break;
  }
  return limit === undefined ? collections : collections.slice(0, limit);
}

export const listCollections: Operation<MonoBrebClient> = {
  value: 'listCollections',
  name: 'List',
  action: 'List collections',
  description: 'List collections — one output item per collection',
  properties: [
    beforeVersion3({
      displayName: 'Page Number',
      name: 'pageNumber',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 1,
    }),
    beforeVersion3({
      displayName: 'Page Size',
      name: 'pageSize',
      type: 'number',
      typeOptions: { minValue: 10, maxValue: 500 },
      default: 50,
      description: 'Between 10 and 500',
    }),
    ...returnAllOrLimit.map(sinceVersion3),
  ],
  async execute(client, i) {
    const list =
      this.getNode().typeVersion < 3
        ? await client.listCollections({
            pageNumber: param(this, 'pageNumber', i) as number,
            pageSize: param(this, 'pageSize', i) as number,
          })
        : await collectionsUpTo(client, limitOf(this, i));
    return list.map((c) => ({ ...c }));
  },
};
