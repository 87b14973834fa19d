// Mono Bre-B → QR Code → Cancel.
import type { MonoBrebClient } from '@teardown/core';
import { deleteItem } from '../../../../shared/items';
import type { Operation } from '../../../../shared/operation';
import { deleteNotice, deleteOptions, deleteSettings, options } from '../../../../shared/parameters';
import { collectionId, qrCodeId, qrCodeTarget } from '../fields';

export const cancelQrCode: Operation<MonoBrebClient> = {
  value: 'cancelQrCode',
  name: 'Cancel',
  action: 'Cancel a QR code',
  description:
    'Cancel a dynamic (single-use) QR code so it can no longer be paid. Static QR codes cannot be cancelled.',
  deletes: true,
  target: qrCodeTarget,
  properties: [deleteNotice('Cancelling a QR code'), ...collectionId, ...qrCodeId, ...options(...deleteSettings)],
  async execute(client, i) {
    const target = qrCodeTarget(this, i);
    return deleteItem(await client.cancelQrCode(target.ids, deleteOptions(this, i)), target);
  },
};
