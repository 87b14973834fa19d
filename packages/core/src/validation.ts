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
/** One character or more of free form, `maxLength` at most (CAMS codes): see FREE_FORM_CHARACTER. */
export const freeForm = (maxLength: number) => new RegExp(`^(?=[^]{1,${maxLength}}$)${FREE_FORM_CHARACTER}+$`);

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
