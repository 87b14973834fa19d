// "From List" in the CAMS node: the message QR codes of the phone number in the node, read through core with the
// node's credential and filtered by what the user types.
import { NodeOperationError, type ILoadOptionsFunctions, type INodeListSearchResult } from 'n8n-workflow';
import type { CamsMessageQrdl } from '@teardown/core';
import { toNodeError } from '../../../shared/items';
import { searchPage } from '../../../shared/parameters';
import { camsClient } from '../client';

/** How a message QR code reads in the list: its code and the message it opens the chat with. */
export function messageQrCodeItem(q: CamsMessageQrdl) {
  return {
    name: q.PrefilledMessage ? `${q.QrdlCode} · “${q.PrefilledMessage}”` : q.QrdlCode,
    value: q.QrdlCode,
    ...(q.DeepLinkUrl && { url: q.DeepLinkUrl }),
    searchable: [q.QrdlCode, q.PrefilledMessage],
  };
}

export async function searchMessageQrCodes(
  this: ILoadOptionsFunctions,
  filter?: string,
): Promise<INodeListSearchResult> {
  try {
    const text = (name: string) => {
      // The phone number is a locator from version 3 on: its value is the number.
      const value = this.getNodeParameter(name, '', { extractValue: true });
      return typeof value === 'string' ? value.trim() : '';
    };
    const phoneNumber = text('phoneNumber');
    const custSpaceId = text('options.custSpaceId');
    if (phoneNumber === '')
      throw new NodeOperationError(this.getNode(), 'Enter the phone number first', {
        description: 'The list shows the message QR codes of the phone number above.',
      });
    const client = camsClient(await this.getCredentials('alibabaCloudApi'), this);
    // CAMS lists a number's message QR codes in one answer: there is no next page.
    const list = await client.listPhoneMessageQrdl({ phoneNumber, ...(custSpaceId && { custSpaceId }) });
    return searchPage(list, filter, messageQrCodeItem);
  } catch (error) {
    throw toNodeError(this, error, undefined, { action: 'List the message QR codes of the number' });
  }
}
