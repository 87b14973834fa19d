// Parameters both Alibaba Cloud CAMS operations take.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { ID_FIELDS } from '@teardown/core';
import { option, textParam } from '../../../shared/operation';
import { idLocator, inVersion1, sinceVersion2 } from '../../../shared/parameters';
import type { Target } from '../../../shared/failure';

export const phoneNumber: INodeProperties = {
  displayName: 'Phone Number',
  name: 'phoneNumber',
  type: 'string',
  required: true,
  default: '',
  placeholder: `e.g. ${ID_FIELDS.camsPhoneNumber.example}`,
  description: 'Your WhatsApp business number as CAMS shows it: country code and number, digits only',
  hint: 'Digits only, with the country code: 8613800000000, not +86 138 0000 0000',
};

export const custSpaceId: INodeProperties = {
  displayName: 'Sub-Customer Space ID (CustSpaceId)',
  name: 'custSpaceId',
  type: 'string',
  default: '',
  placeholder: `e.g. ${ID_FIELDS.camsCustSpaceId.example}`,
  description:
    'Only for ISV accounts acting for a sub-customer: the space ID of that sub-customer’s channel (the CustSpaceId CAMS shows for it). Leave empty for your own numbers.',
};

export const qrdlCode: INodeProperties[] = [
  inVersion1({
    displayName: 'QR Code (QrdlCode)',
    name: 'qrdlCode',
    type: 'string',
    required: true,
    default: '',
    description: 'The code CAMS returned when the QR code was created',
  }),
  sinceVersion2({
    ...idLocator(ID_FIELDS.camsQrdlCode, {
      displayName: 'Message QR Code',
      name: 'qrdlCode',
      searchListMethod: 'searchMessageQrCodes',
      description: 'One of the phone number’s message QR codes, or its code (QrdlCode) as CAMS returned it',
    }),
    typeOptions: { loadOptionsDependsOn: ['phoneNumber', 'options.custSpaceId'] },
  }),
];

/** The message QR code an item names (with its number, and sub-customer space when given). */
export function messageQrCodeTarget(
  context: Parameters<typeof numberRef>[0],
  i: number,
): Target<ReturnType<typeof numberRef> & { qrdlCode: string }> {
  const ids = { ...numberRef(context, i), qrdlCode: textParam(context, 'qrdlCode', i) };
  return { ids, name: `message QR code ${ids.qrdlCode} of number ${ids.phoneNumber}` };
}

/** The number (and sub-customer space, when given) an item names. */
export function numberRef(
  context: Parameters<typeof textParam>[0] & Pick<IExecuteFunctions, 'getNode'>,
  i: number,
): { phoneNumber: string; custSpaceId?: string } {
  const value = option(context, 'custSpaceId', i, '');
  const custSpace = typeof value === 'string' ? value.trim() : value;
  return {
    phoneNumber: textParam(context, 'phoneNumber', i),
    ...(custSpace ? { custSpaceId: custSpace as string } : {}),
  };
}
