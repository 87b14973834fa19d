// Parameters both Alibaba Cloud CAMS operations take.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { ID_FIELDS } from '@teardown/core';
import { option, textParam } from '../../../shared/operation';
import { beforeVersion3, idLocator, inVersion1, sinceVersion2, sinceVersion3 } from '../../../shared/parameters';
import type { Target } from '../../../shared/failure';

const PHONE_NUMBER = {
  displayName: 'Phone Number',
  name: 'phoneNumber',
  description: 'Your WhatsApp business number as CAMS shows it: country code and number, digits only',
};

/**
 * Typed text in versions 1 and 2; from version 3 a locator with one typed mode, because n8n checks a value as it is
 * typed only there (core's rule is the message, so it is not repeated as a hint).
 */
export const phoneNumber: INodeProperties[] = [
  beforeVersion3({
    ...PHONE_NUMBER,
    type: 'string',
    required: true,
    default: '',
    placeholder: `e.g. ${ID_FIELDS.camsPhoneNumber.example}`,
    hint: 'Digits only, with the country code: 8613800000000, not +86 138 0000 0000',
  }),
  sinceVersion3(idLocator(ID_FIELDS.camsPhoneNumber, { ...PHONE_NUMBER, typedAs: 'By Number' })),
];

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
    // The number is text before version 3 and a locator (its value) from then on.
    typeOptions: { loadOptionsDependsOn: ['phoneNumber', 'phoneNumber.value', 'options.custSpaceId'] },
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
