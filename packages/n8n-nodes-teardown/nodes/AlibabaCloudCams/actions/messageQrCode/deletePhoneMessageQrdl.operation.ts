// Alibaba Cloud CAMS → Message QR Code → Delete.
import type { AlibabaCamsClient } from '@teardown/core';
import { alreadyGoneOption, deleteItem } from '../../../../shared/items';
import { option, textParam, type Operation } from '../../../../shared/operation';
import { deleteNotice, options } from '../../../../shared/parameters';
import { custSpaceId, numberRef, phoneNumber, qrdlCode } from '../fields';

export const deletePhoneMessageQrdl: Operation<AlibabaCamsClient> = {
  value: 'deletePhoneMessageQrdl',
  name: 'Delete',
  action: 'Delete a message QR code',
  description: 'After deletion nobody can scan it to open a chat with your number',
  properties: [
    deleteNotice('Deleting a message QR code'),
    phoneNumber,
    ...qrdlCode,
    ...options(custSpaceId, alreadyGoneOption),
  ],
  async execute(client, i) {
    const target = { ...numberRef(this, i), qrdlCode: textParam(this, 'qrdlCode', i) };
    return deleteItem(
      await client.deletePhoneMessageQrdl(target, {
        treatAlreadyGoneAsSuccess: option(this, 'treatAlreadyGoneAsSuccess', i, true) as boolean,
      }),
      target,
    );
  },
};
