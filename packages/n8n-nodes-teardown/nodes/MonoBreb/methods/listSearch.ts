// "From List" in the Mono Bre-B node: the account's collections, page by page, and a collection's QR codes, both read
// through core with the node's credential and filtered by what the user types.
import { NodeOperationError, type ILoadOptionsFunctions, type INodeListSearchResult } from 'n8n-workflow';
import type { MonoCollection, MonoQrCode } from '@teardown/core';
import { searchPage } from '../../../shared/parameters';
import { toNodeError } from '../../../shared/items';
import { monoClient } from '../client';

/** Collections per request: Mono allows 10–500; one page fills the list and a scroll fetches the next. */
export const COLLECTIONS_PAGE_SIZE = 100;

const words = (text: string) => text.replaceAll('_', ' ');

/** How a collection reads in the list: its nickname (or reference) and state, and its ID. */
export function collectionItem(c: MonoCollection) {
  const title = c.nickname ?? c.reference ?? c.external_id;
  const state = c.state_reason ? `${words(c.state)} (${words(c.state_reason)})` : words(c.state);
  return {
    name: title ? `${title} · ${state} · ${c.id}` : `${c.id} · ${state}`,
    value: c.id,
    searchable: [c.id, c.nickname, c.reference, c.external_id, c.state],
  };
}

/** How a QR code reads in the list: its ID, how it can be used, whether it is cancelled, and its amount. */
export function qrCodeItem(qr: MonoQrCode) {
  const use = qr.usage_mode === 'single_use' ? 'single use' : 'multiple use (static)';
  const state = qr.canceled ? 'cancelled' : 'active';
  const amount = qr.amount ? ` · ${qr.amount.amount.toLocaleString('en-US')} ${qr.amount.currency}` : '';
  return { name: `${qr.id} · ${use} · ${state}${amount}`, value: qr.id, searchable: [qr.id, use, state] };
}

export async function searchCollections(
  this: ILoadOptionsFunctions,
  filter?: string,
  paginationToken?: string,
): Promise<INodeListSearchResult> {
  const pageNumber = paginationToken ? Number(paginationToken) : 1;
  try {
    const client = monoClient(await this.getCredentials('monoBrebApi'), this);
    const page = await client.listCollections({ pageNumber, pageSize: COLLECTIONS_PAGE_SIZE });
    const more = page.length === COLLECTIONS_PAGE_SIZE ? String(pageNumber + 1) : undefined;
    return searchPage(page, filter, collectionItem, more);
  } catch (error) {
    throw toNodeError(this, error, undefined, { action: 'List collections' });
  }
}

export async function searchQrCodes(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
  try {
    const collectionId = this.getNodeParameter('collectionId', undefined, { extractValue: true });
    // The list depends on the collection: say so, rather than the ID rule for an empty field.
    if (typeof collectionId !== 'string' || collectionId.trim() === '')
      throw new NodeOperationError(this.getNode(), 'Choose a collection first', {
        description: 'The QR code list shows the QR codes of the collection chosen above.',
      });
    const client = monoClient(await this.getCredentials('monoBrebApi'), this);
    // Mono lists a collection's QR codes in one answer, newest first: there is no next page.
    return searchPage(await client.listQrCodes({ collectionId }), filter, qrCodeItem);
  } catch (error) {
    throw toNodeError(this, error, undefined, { action: 'List the QR codes of the collection' });
  }
}
