// epap as data: its ID rules, what can be deleted there, and what its client is made from.
import { defineKind } from '../../kind.js';
import { defineProvider } from '../../provider.js';
import { MAX_ID_LENGTH, type IdField } from '../../validation.js';

export const EPAP = 'epap';

/** Header values epap accepts without change: printable Latin-1, no spaces, no `/ ? & #`. */
const EPAP_VALUE = new RegExp(`^[!-"$-%'-.0->@-~\\u00a1-\\u00ff]{1,${MAX_ID_LENGTH}}$`);
const epapValue = (field: string, label: string, example: string): IdField => ({
  provider: EPAP,
  field,
  label,
  pattern: EPAP_VALUE,
  // Users do not know "Latin-1": say what it allows in their words.
  rule: `An ${label} is 1 to ${MAX_ID_LENGTH} letters, digits or punctuation marks (accented Western European letters such as é or ß too), without spaces, "/", "?", "&" or "#" (e.g. ${example}).`,
  example,
  maxLength: MAX_ID_LENGTH,
});

export const EPAP_ID_FIELDS = {
  epapId: epapValue('epapId', 'epap ID', 'Dk3sJ9qLm2Pq7Xz0aB1c'),
  epapChainId: epapValue('chainId', 'epap chain ID', 'chain-42'),
  epapAppUserId: epapValue('appUserId', 'epap app user ID', 'user_8f3k2m1n0p9q'),
} as const satisfies Record<string, IdField>;

const env = (name: string) => `TEARDOWN_EPAP_${name}`;

export const epapSpec = defineProvider({
  id: EPAP,
  label: 'epap',
  idFields: EPAP_ID_FIELDS,
  kinds: [
    // A digital receipt, named by the three values of the app user's return QR code.
    defineKind({
      kind: 'epap-receipt',
      provider: EPAP,
      operation: 'deleteReceipt',
      summary: 'delete an epap receipt',
      fields: {
        epapId: EPAP_ID_FIELDS.epapId,
        chainId: EPAP_ID_FIELDS.epapChainId,
        appUserId: EPAP_ID_FIELDS.epapAppUserId,
      },
      path: ['epapId'],
      query: { chain: 'chainId', user: 'appUserId' },
      identity: ['chainId', 'epapId'],
    }),
  ],
  credentials: {
    configKey: 'epap',
    fields: [
      { option: 'clientId', secret: false, required: true, env: env('CLIENT_ID') },
      { option: 'clientSecret', secret: true, required: true, env: env('CLIENT_SECRET') },
      { option: 'chainId', secret: false, required: false, env: env('CHAIN_ID') },
      { option: 'baseUrl', secret: false, required: false, env: env('BASE_URL') },
    ],
  },
});
