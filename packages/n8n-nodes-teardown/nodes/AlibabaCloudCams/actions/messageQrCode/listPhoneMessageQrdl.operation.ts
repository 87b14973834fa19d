// Alibaba Cloud CAMS → Message QR Code → List.
import type { AlibabaCamsClient } from '@teardown/core';
import type { Operation } from '../../../../shared/operation';
import { limitOf, options, returnAllOrLimit, sinceVersion3 } from '../../../../shared/parameters';
import { custSpaceId, numberRef, phoneNumber } from '../fields';

export const listPhoneMessageQrdl: Operation<AlibabaCamsClient> = {
  value: 'listPhoneMessageQrdl',
  name: 'List',
  action: 'List message QR codes of a number',
  description: 'One output item per QR code',
  properties: [...phoneNumber, ...returnAllOrLimit.map(sinceVersion3), ...options(custSpaceId)],
  async execute(client, i) {
    // CAMS answers with all of a number's message QR codes at once; versions before 3 output them all.
    const limit = this.getNode().typeVersion < 3 ? undefined : limitOf(this, i);
    return (await client.listPhoneMessageQrdl(numberRef(this, i))).slice(0, limit).map((q) => ({ ...q }));
  },
};
