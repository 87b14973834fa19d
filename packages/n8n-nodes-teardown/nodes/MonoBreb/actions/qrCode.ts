// Mono Bre-B → QR Code: cancel, get, list.
import type { MonoBrebClient } from '@teardown/core';
import { alreadyGoneOption, deleteItem } from '../../../shared/items';
import { param, textParam, type Operation } from '../../../shared/operation';
import { collectionId, qrCodeId } from './fields';

const ref = (ctx: Parameters<typeof textParam>[0], i: number) => ({
  collectionId: textParam(ctx, 'collectionId', i),
  qrCodeId: textParam(ctx, 'qrCodeId', i),
});

export const cancelQrCode: Operation<MonoBrebClient> = {
  value: 'cancelQrCode',
  name: 'Cancel',
  action: 'Cancel a QR code',
  description: 'Cancel a dynamic (single-use) QR code so it can no longer be paid. Static QR codes cannot be cancelled.',
  properties: [collectionId, qrCodeId, { ...alreadyGoneOption }],
  async execute(client, i) {
    const target = ref(this, i);
    const result = await client.cancelQrCode(target, { treatAlreadyGoneAsSuccess: param(this, 'treatAlreadyGoneAsSuccess', i, true) as boolean });
    return deleteItem(result, target);
  },
};

export const getQrCode: Operation<MonoBrebClient> = {
  value: 'getQrCode',
  name: 'Get',
  action: 'Get a QR code',
  description: 'Read a QR code, e.g. to see whether it is cancelled',
  properties: [collectionId, qrCodeId],
  async execute(client, i) {
    return { ...(await client.getQrCode(ref(this, i))) };
  },
};

export const listQrCodes: Operation<MonoBrebClient> = {
  value: 'listQrCodes',
  name: 'List',
  action: 'List QR codes of a collection',
  description: 'List a collection’s QR codes, newest first — one output item per QR code',
  properties: [
    collectionId,
    {
      displayName: 'Only Active Dynamic QR Codes',
      name: 'onlyActiveDynamic',
      type: 'boolean',
      default: true,
      description: 'Whether to list only the QR codes that can still be cancelled (single-use and not cancelled)',
    },
  ],
  async execute(client, i) {
    const only = param(this, 'onlyActiveDynamic', i, true) as boolean;
    const list = await client.listQrCodes({ collectionId: textParam(this, 'collectionId', i), ...(only && { canceled: false, usageMode: 'single_use' as const }) });
    return list.map((qr) => ({ ...qr }));
  },
};
