import type { INodeProperties } from 'n8n-workflow';

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
