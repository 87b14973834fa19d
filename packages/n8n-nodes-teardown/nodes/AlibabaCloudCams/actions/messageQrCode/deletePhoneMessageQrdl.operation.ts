// Alibaba Cloud CAMS → Message QR Code → Delete.
import type { AlibabaCamsClient } from '@teardown/core';
import { deleteItem } from '../../../../shared/items';
import type { Operation } from '../../../../shared/operation';
import { deleteNotice, deleteOptions, deleteSettings, options } from '../../../../shared/parameters';
import { custSpaceId, messageQrCodeTarget, phoneNumber, qrdlCode } from '../fields';

export const deletePhoneMessageQrdl: Operation<AlibabaCamsClient> = {
  value: 'deletePhoneMessageQrdl',
  name: 'Delete',
  action: 'Delete a message QR code',
  description: 'After deletion nobody can scan it to open a chat with your number',
  deletes: true,
  target: messageQrCodeTarget,
  properties: [
    deleteNotice('Deleting a message QR code'),
    ...phoneNumber,
    ...qrdlCode,
    ...options(custSpaceId, ...deleteSettings),
  ],
  async execute(client, i) {
    const target = messageQrCodeTarget(this, i);
    return deleteItem(await client.deletePhoneMessageQrdl(target.ids, deleteOptions(this, i)), target);
  },
};
