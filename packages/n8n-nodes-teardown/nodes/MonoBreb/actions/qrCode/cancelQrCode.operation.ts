// Mono Bre-B → QR Code → Cancel.
import type { MonoBrebClient } from '@teardown/core';
import { deleteItem } from '../../../../shared/items';
import type { Operation } from '../../../../shared/operation';
import { deleteNotice, deleteOptions, deleteSettings, options } from '../../../../shared/parameters';
import { collectionId, qrCodeId, qrCodeRef } from '../fields';

export const cancelQrCode: Operation<MonoBrebClient> = {
  value: 'cancelQrCode',
  name: 'Cancel',
  action: 'Cancel a QR code',
  description:
    'Cancel a dynamic (single-use) QR code so it can no longer be paid. Static QR codes cannot be cancelled.',
  properties: [deleteNotice('Cancelling a QR code'), ...collectionId, ...qrCodeId, ...options(...deleteSettings)],
  async execute(client, i) {
    const target = qrCodeRef(this, i);
    const result = await client.cancelQrCode(target, deleteOptions(this, i));
    return deleteItem(result, target);
  },
};
