// A Mono Bre-B QR code, cancelled (Mono's word for deleting one).
import { ID_FIELDS } from '@teardown/core/pure';
import { defineKind } from './kind.js';

export const monoQr = defineKind({
  kind: 'mono-qr',
  provider: 'mono-breb',
  operation: 'cancelQrCode',
  summary: 'cancel a Mono Bre-B QR code',
  fields: { collectionId: ID_FIELDS.monoCollectionId, qrCodeId: ID_FIELDS.monoQrCodeId },
  path: ['collectionId', 'qrCodeId'],
  identity: ['collectionId', 'qrCodeId'],
});
