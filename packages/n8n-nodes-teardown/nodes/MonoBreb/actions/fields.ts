// Parameters more than one Mono Bre-B operation takes.
import type { INodeProperties } from 'n8n-workflow';
import { textParam } from '../../../shared/operation';

export const collectionId: INodeProperties = {
  displayName: 'Collection ID',
  name: 'collectionId',
  type: 'string',
  required: true,
  default: '',
  placeholder: 'bbcol_5tgliBmzjZ6mpQPRbQjfKj',
  description: 'The collection’s ID as Mono gives it: letters, an underscore, then 22 characters',
};

export const qrCodeId: INodeProperties = {
  displayName: 'QR Code ID',
  name: 'qrCodeId',
  type: 'string',
  required: true,
  default: '',
  placeholder: 'bbqr_5tgliBmzjZ6mpQPRbQjfKj',
  description: 'The QR code’s ID as Mono gives it',
};

/** The QR code an item names. */
export const qrCodeRef = (context: Parameters<typeof textParam>[0], i: number) => ({
  collectionId: textParam(context, 'collectionId', i),
  qrCodeId: textParam(context, 'qrCodeId', i),
});
