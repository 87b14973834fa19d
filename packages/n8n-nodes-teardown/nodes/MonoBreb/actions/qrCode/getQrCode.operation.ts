// Mono Bre-B → QR Code → Get.
import type { MonoBrebClient } from '@teardown/core';
import type { Operation } from '../../../../shared/operation';
import { collectionId, qrCodeId, qrCodeRef, qrCodeTarget } from '../fields';

export const getQrCode: Operation<MonoBrebClient> = {
  value: 'getQrCode',
  name: 'Get',
  action: 'Get a QR code',
  description: 'Read a QR code, e.g. to see whether it is cancelled',
  target: qrCodeTarget,
  properties: [...collectionId, ...qrCodeId],
  async execute(client, i) {
    return { ...(await client.getQrCode(qrCodeRef(this, i))) };
  },
};
