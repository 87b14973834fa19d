// Parameters more than one Mono Bre-B operation takes.
import type { INodeProperties } from 'n8n-workflow';
import { ID_FIELDS } from '@teardown/core';
import { idLocator, inVersion1, sinceVersion2 } from '../../../shared/parameters';
import { textParam } from '../../../shared/operation';
import type { Target } from '../../../shared/failure';

export const collectionId: INodeProperties[] = [
  inVersion1({
    displayName: 'Collection ID',
    name: 'collectionId',
    type: 'string',
    required: true,
    default: '',
    placeholder: ID_FIELDS.monoCollectionId.example,
    description: 'The collection’s ID as Mono gives it',
  }),
  // No "By URL": Mono documents no dashboard or page address for a collection, only the API's IDs.
  sinceVersion2(
    idLocator(ID_FIELDS.monoCollectionId, {
      displayName: 'Collection',
      name: 'collectionId',
      searchListMethod: 'searchCollections',
      description: 'Pick the collection, or give its ID',
    }),
  ),
];

export const qrCodeId: INodeProperties[] = [
  inVersion1({
    displayName: 'QR Code ID',
    name: 'qrCodeId',
    type: 'string',
    required: true,
    default: '',
    placeholder: ID_FIELDS.monoQrCodeId.example,
    description: 'The QR code’s ID as Mono gives it',
  }),
  sinceVersion2({
    ...idLocator(ID_FIELDS.monoQrCodeId, {
      displayName: 'QR Code',
      name: 'qrCodeId',
      searchListMethod: 'searchQrCodes',
      description:
        'One of the chosen collection’s QR codes (the list shows how each can be used and whether it is cancelled), or its ID',
    }),
    typeOptions: { loadOptionsDependsOn: ['collectionId.value'] },
  }),
];

/** The QR code an item names. */
export const qrCodeRef = (context: Parameters<typeof textParam>[0], i: number) => ({
  collectionId: textParam(context, 'collectionId', i),
  qrCodeId: textParam(context, 'qrCodeId', i),
});

export function qrCodeTarget(
  context: Parameters<typeof textParam>[0],
  i: number,
): Target<ReturnType<typeof qrCodeRef>> {
  const ids = qrCodeRef(context, i);
  return { ids, name: `QR code ${ids.qrCodeId} in collection ${ids.collectionId}` };
}

/** The collection an item names. */
export function collectionTarget(
  context: Parameters<typeof textParam>[0],
  i: number,
): Target<{ collectionId: string }> {
  const collectionId = textParam(context, 'collectionId', i);
  return { ids: { collectionId }, name: `collection ${collectionId}` };
}
