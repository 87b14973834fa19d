// Parameters both Alibaba Cloud CAMS operations take.
import type { INodeProperties } from 'n8n-workflow';
import { textParam } from '../../../shared/operation';

export const phoneNumber: INodeProperties = {
  displayName: 'Phone Number',
  name: 'phoneNumber',
  type: 'string',
  required: true,
  default: '',
  placeholder: '8613800000000',
  description: 'Your WhatsApp business number, digits with country code',
};

export const custSpaceId: INodeProperties = {
  displayName: 'CustSpaceId',
  name: 'custSpaceId',
  type: 'string',
  default: '',
  description: 'Only for ISV sub-customers: the sub-customer’s space ID',
};

/** The number (and sub-customer space, when given) an item names. */
export function numberRef(
  context: Parameters<typeof textParam>[0],
  i: number,
): { phoneNumber: string; custSpaceId?: string } {
  const custSpace = textParam(context, 'custSpaceId', i, '');
  return { phoneNumber: textParam(context, 'phoneNumber', i), ...(custSpace && { custSpaceId: custSpace }) };
}
