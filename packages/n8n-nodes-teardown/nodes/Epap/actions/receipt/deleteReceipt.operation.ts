// epap → Receipt → Delete.
import type { INodeProperties } from 'n8n-workflow';
import { ID_FIELDS, type IdField } from '@teardown/core';
import type { EpapClient } from '@teardown/core';
import { deleteItem } from '../../../../shared/items';
import type { Target } from '../../../../shared/failure';
import { textParam, type Operation } from '../../../../shared/operation';
import {
  deleteNotice,
  deleteOptions,
  deleteSettings,
  idLocator,
  inVersion1,
  options,
  sinceVersion2,
} from '../../../../shared/parameters';

const WHERE = 'Both IDs are in the return QR code the customer shows in the epap app (epap has no list to pick from)';

/** An ID read from the customer's return QR code: typed text in version 1, checked as you type from version 2 on. */
function receiptId(id: IdField, displayName: string, description: string): INodeProperties[] {
  const text = { displayName, name: id.field, description, hint: WHERE };
  return [
    inVersion1({ ...text, type: 'string', required: true, default: '', placeholder: `e.g. ${id.example}` }),
    sinceVersion2(idLocator(id, text)),
  ];
}

/** The receipt an item names. */
function receiptTarget(
  context: Parameters<typeof textParam>[0],
  i: number,
): Target<{ epapId: string; appUserId: string }> {
  const ids = { epapId: textParam(context, 'epapId', i), appUserId: textParam(context, 'appUserId', i) };
  return { ids, name: `receipt ${ids.epapId} of app user ${ids.appUserId}` };
}

export const deleteReceipt: Operation<EpapClient> = {
  value: 'deleteReceipt',
  name: 'Delete',
  action: 'Delete a receipt',
  description: 'Remove the receipt from epap and from the app user’s phone',
  deletes: true,
  target: receiptTarget,
  properties: [
    deleteNotice('Deleting a receipt (the customer is notified)'),
    ...receiptId(ID_FIELDS.epapId, 'epap ID', 'The receipt’s document ID at epap'),
    ...receiptId(ID_FIELDS.epapAppUserId, 'App User ID', 'The ID of the epap app user who holds the receipt'),
    ...options(...deleteSettings),
  ],
  async execute(client, i) {
    const target = receiptTarget(this, i);
    return deleteItem(await client.deleteReceipt(target.ids, deleteOptions(this, i)), target);
  },
};
