// epap → Receipt → Delete.
import type { EpapClient } from '@teardown/core';
import { alreadyGoneOption, deleteItem } from '../../../../shared/items';
import { param, textParam, type Operation } from '../../../../shared/operation';

export const deleteReceipt: Operation<EpapClient> = {
  value: 'deleteReceipt',
  name: 'Delete',
  action: 'Delete a receipt',
  description: 'Remove the receipt from epap and from the app user’s phone',
  properties: [
    {
      displayName: 'epap ID',
      name: 'epapId',
      type: 'string',
      required: true,
      default: '',
      description: 'The receipt’s document ID, read from the app user’s return QR code',
    },
    {
      displayName: 'App User ID',
      name: 'appUserId',
      type: 'string',
      required: true,
      default: '',
      description: 'The app user’s ID, read from the same QR code',
    },
    { ...alreadyGoneOption },
  ],
  async execute(client, i) {
    const target = { epapId: textParam(this, 'epapId', i), appUserId: textParam(this, 'appUserId', i) };
    return deleteItem(
      await client.deleteReceipt(target, {
        treatAlreadyGoneAsSuccess: param(this, 'treatAlreadyGoneAsSuccess', i, true) as boolean,
      }),
      target,
    );
  },
};
