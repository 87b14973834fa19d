// An epap digital receipt, named by the three values of the app user's return QR code.
import { ID_FIELDS } from '@teardown/core/pure';
import { defineKind } from './kind.js';

export const epapReceipt = defineKind({
  kind: 'epap-receipt',
  provider: 'epap',
  operation: 'deleteReceipt',
  summary: 'delete an epap receipt',
  fields: { epapId: ID_FIELDS.epapId, chainId: ID_FIELDS.epapChainId, appUserId: ID_FIELDS.epapAppUserId },
  path: ['epapId'],
  query: { chain: 'chainId', user: 'appUserId' },
  identity: ['chainId', 'epapId'],
});
