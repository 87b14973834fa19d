// Alibaba Cloud CAMS → Message QR Code → List.
import type { AlibabaCamsClient } from '@teardown/core';
import type { Operation } from '../../../../shared/operation';
import { options } from '../../../../shared/parameters';
import { custSpaceId, numberRef, phoneNumber } from '../fields';

export const listPhoneMessageQrdl: Operation<AlibabaCamsClient> = {
  value: 'listPhoneMessageQrdl',
  name: 'List',
  action: 'List message QR codes of a number',
  description: 'One output item per QR code',
  properties: [phoneNumber, ...options(custSpaceId)],
  async execute(client, i) {
    return (await client.listPhoneMessageQrdl(numberRef(this, i))).map((q) => ({ ...q }));
  },
};
