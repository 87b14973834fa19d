// Alibaba Cloud CAMS as data: its ID rules, what can be deleted there, and what its client is made from.
import { defineKind, optional } from '../../kind.js';
import { defineProvider } from '../../provider.js';
import { MAX_ID_LENGTH, freeForm, type IdField } from '../../validation.js';

export const ALIBABA_CAMS = 'alibaba-cams';

const camsCode = (field: string, label: string, example: string, what: string): IdField => ({
  provider: ALIBABA_CAMS,
  field,
  label,
  pattern: freeForm(MAX_ID_LENGTH),
  rule: `A ${label} is ${what} (e.g. ${example}): 1 to ${MAX_ID_LENGTH} characters without spaces, "/", "?", "&", "#" or control characters.`,
  example,
  maxLength: MAX_ID_LENGTH,
});

export const CAMS_ID_FIELDS = {
  /**
   * CAMS stores a number as digits with the country code (its example: 86158********) and matches it as given, so
   * "+86 138-0000" would look for another number. Refusing it says so; rewriting it silently could hit a number the
   * user did not mean (E.164: at most 15 digits, no leading zero).
   */
  camsPhoneNumber: {
    provider: ALIBABA_CAMS,
    field: 'phoneNumber',
    label: 'CAMS phone number',
    pattern: /^[1-9][0-9]{5,14}$/,
    rule: 'A CAMS phone number is written as CAMS stores it: the country code and the number, 6 to 15 digits without "+", spaces or dashes (e.g. 8613800000000).',
    example: '8613800000000',
    maxLength: MAX_ID_LENGTH,
  },
  camsQrdlCode: camsCode(
    'qrdlCode',
    'CAMS QrdlCode',
    'D9II3ABC',
    'the code CAMS returned when the QR code was created',
  ),
  camsCustSpaceId: camsCode('custSpaceId', 'CAMS CustSpaceId', 'cams-test', 'the space ID of an ISV sub-customer'),
} as const satisfies Record<string, IdField>;

const env = (name: string) => `TEARDOWN_CAMS_${name}`;

export const alibabaCamsSpec = defineProvider({
  id: ALIBABA_CAMS,
  label: 'Alibaba Cloud CAMS',
  idFields: CAMS_ID_FIELDS,
  kinds: [
    // A WhatsApp message QR code. CAMS allows 5 requests per second per account, for every caller together: the
    // engine paces its deletes (see @teardown/temporal's CAMS task queue).
    defineKind({
      kind: 'cams-qr',
      provider: ALIBABA_CAMS,
      operation: 'deletePhoneMessageQrdl',
      summary: 'delete an Alibaba Cloud CAMS message QR code',
      fields: {
        phoneNumber: CAMS_ID_FIELDS.camsPhoneNumber,
        qrdlCode: CAMS_ID_FIELDS.camsQrdlCode,
        custSpaceId: optional(CAMS_ID_FIELDS.camsCustSpaceId),
      },
      path: ['phoneNumber', 'qrdlCode'],
      query: { custSpaceId: 'custSpaceId' },
      identity: ['custSpaceId', 'phoneNumber', 'qrdlCode'],
      // One ListPhoneMessageQrdl per phone number and space, on the CAMS queue: paced with the deletes.
      existence: { operation: 'existingQrdlCodes', group: ['phoneNumber', 'custSpaceId'], field: 'qrdlCode' },
    }),
  ],
  credentials: {
    configKey: 'cams',
    fields: [
      { option: 'accessKeyId', secret: false, required: true, env: env('ACCESS_KEY_ID') },
      { option: 'accessKeySecret', secret: true, required: true, env: env('ACCESS_KEY_SECRET') },
      { option: 'securityToken', secret: true, required: false, env: env('SECURITY_TOKEN') },
      { option: 'endpoint', secret: false, required: false, env: env('ENDPOINT') },
    ],
  },
});
