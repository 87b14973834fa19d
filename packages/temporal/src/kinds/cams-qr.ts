// An Alibaba Cloud CAMS WhatsApp message QR code. CAMS allows 5 requests per second per account, for every caller
// together: its deletes run on their own task queue, which Temporal holds to that rate across all workers.
import { ID_FIELDS } from '@teardown/core/pure';
import { defineKind, optional } from './kind.js';

export const CAMS_TASK_QUEUE = 'teardown-cams';
export const CAMS_ACTIVITIES_PER_SECOND = 5;

export const camsQr = defineKind({
  kind: 'cams-qr',
  provider: 'alibaba-cams',
  operation: 'deletePhoneMessageQrdl',
  summary: 'delete an Alibaba Cloud CAMS message QR code',
  fields: {
    phoneNumber: ID_FIELDS.camsPhoneNumber,
    qrdlCode: ID_FIELDS.camsQrdlCode,
    custSpaceId: optional(ID_FIELDS.camsCustSpaceId),
  },
  path: ['phoneNumber', 'qrdlCode'],
  query: { custSpaceId: 'custSpaceId' },
  identity: ['custSpaceId', 'phoneNumber', 'qrdlCode'],
  activityQueue: { name: CAMS_TASK_QUEUE, activitiesPerSecond: CAMS_ACTIVITIES_PER_SECOND },
});
