// Mono Bre-B → QR Code → List.
import type { MonoBrebClient } from '@teardown/core';
import { param, textParam, type Operation } from '../../../../shared/operation';
import { limitOf, returnAllOrLimit, sinceVersion3 } from '../../../../shared/parameters';
import { collectionId } from '../fields';

export const listQrCodes: Operation<MonoBrebClient> = {
  value: 'listQrCodes',
  name: 'List',
  action: 'List QR codes of a collection',
  description: 'List a collection’s QR codes, newest first — one output item per QR code',
  properties: [
    ...collectionId,
    {
      displayName: 'Only Active Dynamic QR Codes',
      name: 'onlyActiveDynamic',
      type: 'boolean',
      default: true,
      description: 'Whether to list only the QR codes that can still be cancelled (single-use and not cancelled)',
    },
    ...returnAllOrLimit.map(sinceVersion3),
  ],
  async execute(client, i) {
    const only = param(this, 'onlyActiveDynamic', i, true) as boolean;
    // Mono answers with all of a collection's QR codes at once; versions before 3 output them all.
    const limit = this.getNode().typeVersion < 3 ? undefined : limitOf(this, i);
    const list = await client.listQrCodes({
      collectionId: textParam(this, 'collectionId', i),
      ...(only && { canceled: false, usageMode: 'single_use' as const }),
    });
    return list.slice(0, limit).map((qr) => ({ ...qr }));
  },
};
