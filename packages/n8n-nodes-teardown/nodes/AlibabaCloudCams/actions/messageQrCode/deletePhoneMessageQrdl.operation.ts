// Alibaba Cloud CAMS → Message QR Code → Delete.
import type { AlibabaCamsClient } from '@teardown/core';
import { alreadyGoneOption, deleteItem } from '../../../../shared/items';
import { param, textParam, type Operation } from '../../../../shared/operation';
import { custSpaceId, numberRef, phoneNumber } from '../fields';

export const deletePhoneMessageQrdl: Operation<AlibabaCamsClient> = {
  value: 'deletePhoneMessageQrdl',
  name: 'Delete',
  action: 'Delete a message QR code',
  description: 'After deletion nobody can scan it to open a chat with your number',
  properties: [
    phoneNumber,
    {
      displayName: 'QR Code (QrdlCode)',
      name: 'qrdlCode',
      type: 'string',
      required: true,
      default: '',
      description: 'The code CAMS returned when the QR code was created',
    },
    custSpaceId,
    { ...alreadyGoneOption },
  ],
  async execute(client, i) {
    const target = { ...numberRef(this, i), qrdlCode: textParam(this, 'qrdlCode', i) };
    return deleteItem(
      await client.deletePhoneMessageQrdl(target, {
        treatAlreadyGoneAsSuccess: param(this, 'treatAlreadyGoneAsSuccess', i, true) as boolean,
      }),
      target,
    );
  },
};
