// Mono Bre-B as data: its ID rules, what can be deleted there, and what its client is made from.
import { defineKind } from '../../kind.js';
import { defineProvider } from '../../provider.js';
import { MAX_ID_LENGTH, type IdField } from '../../validation.js';

export const MONO_BREB = 'mono-breb';

// Mono documents one pattern for both IDs; the bbcol_/bbqr_ prefixes appear only in its examples, so they are not
// required here (an ID Mono issues with another prefix must not be refused).
const MONO_ID = /^[A-Za-z]{2,7}_[\w-]{22}$/;
const monoId = (field: string, label: string, example: string): IdField => ({
  provider: MONO_BREB,
  field,
  label,
  pattern: MONO_ID,
  rule: `A ${label} looks like ${example}: 2 to 7 letters and "_", then 22 letters, digits, "_" or "-".`,
  example,
  maxLength: MAX_ID_LENGTH,
});

export const MONO_ID_FIELDS = {
  monoCollectionId: monoId('collectionId', 'Mono collection ID', 'bbcol_5tgliBmzjZ6mpQPRbQjfKj'),
  monoQrCodeId: monoId('qrCodeId', 'Mono QR code ID', 'bbqr_5tgliBmzjZ6mpQPRbQjfKj'),
} as const satisfies Record<string, IdField>;

export function isMonoId(value: unknown): value is string {
  return typeof value === 'string' && MONO_ID.test(value);
}

const env = (name: string) => `TEARDOWN_MONO_${name}`;

export const monoBrebSpec = defineProvider({
  id: MONO_BREB,
  label: 'Mono Bre-B',
  idFields: MONO_ID_FIELDS,
  kinds: [
    // A QR code, cancelled (Mono's word for deleting one).
    defineKind({
      kind: 'mono-qr',
      provider: MONO_BREB,
      operation: 'cancelQrCode',
      summary: 'cancel a Mono Bre-B QR code',
      fields: { collectionId: MONO_ID_FIELDS.monoCollectionId, qrCodeId: MONO_ID_FIELDS.monoQrCodeId },
      path: ['collectionId', 'qrCodeId'],
      identity: ['collectionId', 'qrCodeId'],
    }),
    // A collection. Its single-target workflow also waits until Mono has discarded the collection's key.
    defineKind({
      kind: 'mono-collection',
      provider: MONO_BREB,
      operation: 'deleteCollection',
      summary: 'delete a Mono Bre-B collection (and wait until its key is discarded)',
      fields: { collectionId: MONO_ID_FIELDS.monoCollectionId },
      path: ['collectionId'],
      identity: ['collectionId'],
    }),
  ],
  credentials: {
    configKey: 'mono',
    fields: [
      { option: 'clientId', secret: false, required: true, env: env('CLIENT_ID') },
      { option: 'clientSecret', secret: true, required: true, env: env('CLIENT_SECRET') },
      { option: 'baseUrl', secret: false, required: false, env: env('BASE_URL') },
      // Anything else (or nothing) leaves the client's default, the sandbox environment.
      {
        option: 'environment',
        secret: false,
        required: false,
        env: env('ENVIRONMENT'),
        values: ['sandbox', 'certification'],
      },
    ],
  },
});
