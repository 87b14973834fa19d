// Validation that runs before any I/O: each failure is a sentence that names the field by its label, and nothing is sent.
// Every ID that reaches a provider passes `requireId` with its entry in `ID_FIELDS`: the one check at the edge that the
// CLI, the n8n nodes and the workflows share.
import { TeardownValidationError } from './errors.js';
import type { Provider } from './providers.js';

/** An ID field as users meet it: what it is called, what it looks like, and the rule a bad value breaks. */
export interface IdField {
  provider: Provider;
  /** The input property, as errors name it (`field`). */
  field: string;
  /** How a person calls it, e.g. "Mono collection ID". */
  label: string;
  /**
   * The whole rule as one pattern without flags (so `pattern.source` also works as an n8n resource-locator `regex`):
   * length, allowed characters, well-formed Unicode.
   */
  pattern: RegExp;
  /** The rule as a sentence a user reads. */
  rule: string;
  example: string;
  /** In UTF-16 code units, as `String.length` counts: a guard against absurd input (the pattern says what fits). */
  maxLength: number;
}

/** The longest free-form ID accepted (CAMS codes, epap IDs): far beyond any real one, short enough to print. */
export const MAX_ID_LENGTH = 256;

/** C0 and C1 controls (with DEL), bidirectional marks, embeddings, overrides and isolates, line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** One character of a free-form ID: no whitespace, no `/ ? & #` (they delimit the text form of a target), nothing unsafe. */
const FREE_FORM_CHARACTER =
  '(?:[^\\s/?&#\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])';
const freeForm = (maxLength: number) => new RegExp(`^(?=[^]{1,${maxLength}}$)${FREE_FORM_CHARACTER}+$`);

// Mono documents one pattern for both IDs; the bbcol_/bbqr_ prefixes appear only in its examples, so they are not
// required here (an ID Mono issues with another prefix must not be refused).
const MONO_ID = /^[A-Za-z]{2,7}_[\w-]{22}$/;
const monoId = (field: string, label: string, example: string): IdField => ({
  provider: 'mono-breb',
  field,
  label,
  pattern: MONO_ID,
  rule: `A ${label} looks like ${example}: 2 to 7 letters and "_", then 22 letters, digits, "_" or "-".`,
  example,
  maxLength: MAX_ID_LENGTH,
});

/** Header values epap accepts without change: printable Latin-1, no spaces, no `/ ? & #`. */
const EPAP_VALUE = new RegExp(`^[!-"$-%'-.0->@-~\\u00a1-\\u00ff]{1,${MAX_ID_LENGTH}}$`);
const epapValue = (field: string, label: string, example: string): IdField => ({
  provider: 'epap',
  field,
  label,
  pattern: EPAP_VALUE,
  // Users do not know "Latin-1": say what it allows in their words.
  rule: `An ${label} is 1 to ${MAX_ID_LENGTH} letters, digits or punctuation marks (accented Western European letters such as é or ß too), without spaces, "/", "?", "&" or "#" (e.g. ${example}).`,
  example,
  maxLength: MAX_ID_LENGTH,
});

const camsCode = (field: string, label: string, example: string, what: string): IdField => ({
  provider: 'alibaba-cams',
  field,
  label,
  pattern: freeForm(MAX_ID_LENGTH),
  rule: `A ${label} is ${what} (e.g. ${example}): 1 to ${MAX_ID_LENGTH} characters without spaces, "/", "?", "&", "#" or control characters.`,
  example,
  maxLength: MAX_ID_LENGTH,
});

export const ID_FIELDS = {
  monoCollectionId: monoId('collectionId', 'Mono collection ID', 'bbcol_5tgliBmzjZ6mpQPRbQjfKj'),
  monoQrCodeId: monoId('qrCodeId', 'Mono QR code ID', 'bbqr_5tgliBmzjZ6mpQPRbQjfKj'),
  /**
   * CAMS stores a number as digits with the country code (its example: 86158********) and matches it as given, so
   * "+86 138-0000" would look for another number. Refusing it says so; rewriting it silently could hit a number the
   * user did not mean (E.164: at most 15 digits, no leading zero).
   */
  camsPhoneNumber: {
    provider: 'alibaba-cams',
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
  epapId: epapValue('epapId', 'epap ID', 'Dk3sJ9qLm2Pq7Xz0aB1c'),
  epapChainId: epapValue('chainId', 'epap chain ID', 'chain-42'),
  epapAppUserId: epapValue('appUserId', 'epap app user ID', 'user_8f3k2m1n0p9q'),
} as const satisfies Record<string, IdField>;

export type IdFieldName = keyof typeof ID_FIELDS;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * What every text that reaches a provider, a log or a terminal must be: well-formed Unicode, no control or
 * bidirectional characters, not too long. The problem as a sentence about `label`, or undefined when there is none.
 */
export function textProblem(label: string, value: string, maxLength: number): string | undefined {
  const lone = LONE_SURROGATE.exec(value);
  if (lone) return `The ${label} is not well-formed Unicode: it holds a lone surrogate (${codePoint(lone[0])}).`;
  const unsafe = UNSAFE_CHARACTER.exec(value);
  if (unsafe)
    return `The ${label} holds a control or bidirectional character (${codePoint(unsafe[0])}) at position ${unsafe.index + 1}.`;
  if (value.length > maxLength)
    return `The ${label} is ${value.length} characters long; at most ${maxLength} are allowed.`;
  return undefined;
}

/** Why `value` is not a valid `spec` ID (a sentence naming its label), or undefined when it is one. */
export function idProblem(spec: IdField, value: unknown): string | undefined {
  // The pattern holds every rule (property-tested): a match needs no closer look, only a refusal needs its reason.
  if (typeof value === 'string' && value.length <= spec.maxLength && spec.pattern.test(value)) return undefined;
  if (typeof value !== 'string' || value === '') return `The ${spec.label} is required. ${spec.rule}`;
  return textProblem(spec.label, value, spec.maxLength) ?? (spec.pattern.test(value) ? undefined : spec.rule);
}

export function isValidId(spec: IdField, value: unknown): value is string {
  return idProblem(spec, value) === undefined;
}

/** Also what keeps `../`, `/`, `?` and header or terminal injection out of requests. */
export function requireId(spec: IdField, operation: string, value: unknown): string {
  const problem = idProblem(spec, value);
  if (problem !== undefined) throw new TeardownValidationError(spec.provider, operation, spec.field, problem);
  return value as string;
}

/** Optional IDs: absent, null and '' mean "not given". */
export function optionalId(spec: IdField, operation: string, value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : requireId(spec, operation, value);
}

export function isMonoId(value: unknown): value is string {
  return typeof value === 'string' && MONO_ID.test(value);
}

/** Credentials and other values sent in headers: refused here when Node would refuse to send them. */
export const HEADER_VALUE_RULE =
  'must be a non-empty string without line breaks (CR/LF), other control characters or characters beyond U+00FF';

/**
 * Line breaks would inject headers; the other excluded characters are the ones Node refuses to send in a header, and
 * a value Node refuses must fail here, before any I/O, not later as if the network had failed.
 */
export function isHeaderValue(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && !/[^\t\x20-\x7e\x80-\xff]/.test(value);
}

export function requireHeaderValue(
  provider: Provider,
  operation: string,
  field: string,
  label: string,
  value: unknown,
): string {
  if (!isHeaderValue(value))
    throw new TeardownValidationError(provider, operation, field, `The ${label} ${HEADER_VALUE_RULE}.`);
  return value;
}

export function requireString(provider: Provider, operation: string, field: string, label: string, value: unknown) {
  if (typeof value !== 'string' || value.trim() === '')
    throw new TeardownValidationError(provider, operation, field, `The ${label} is required.`);
  return value;
}

export function requireIntegerInRange(
  provider: Provider,
  operation: string,
  field: string,
  label: string,
  value: unknown,
  min: number,
  max: number,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TeardownValidationError(
      provider,
      operation,
      field,
      `The ${label} must be a whole number from ${min} to ${max}.`,
    );
  }
  return value;
}
