// Validation that runs before any I/O: each failure names the field and the rule, and nothing is sent.
import { TeardownValidationError, type Provider } from './errors.js';

export const MONO_ID_PATTERN = /^[A-Za-z]{2,7}_[\w-]{22}$/;
export const MONO_ID_RULE = 'must match ^[A-Za-z]{2,7}_[\\w-]{22}$ (e.g. bbcol_5tgliBmzjZ6mpQPRbQjfKj)';

export function isMonoId(value: unknown): value is string {
  return typeof value === 'string' && MONO_ID_PATTERN.test(value);
}

/** Also what keeps `../`, `/` and `?` out of request paths. */
export function requireMonoId(operation: string, field: string, value: unknown): string {
  if (!isMonoId(value)) throw new TeardownValidationError('mono-breb', operation, field, MONO_ID_RULE);
  return value;
}

export const HEADER_VALUE_RULE =
  'must be a non-empty string without line breaks (CR/LF), other control characters or characters beyond U+00FF';

/**
 * Line breaks would inject headers; the other excluded characters are the ones Node refuses to send in a header, and
 * a value Node refuses must fail here, before any I/O, not later as if the network had failed.
 */
export function isHeaderValue(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && !/[^\t\x20-\x7e\x80-\xff]/.test(value);
}

export function requireHeaderValue(provider: Provider, operation: string, field: string, value: unknown): string {
  if (!isHeaderValue(value)) throw new TeardownValidationError(provider, operation, field, HEADER_VALUE_RULE);
  return value;
}

export const REQUIRED_RULE = 'is required and must be a non-empty string';

export function requireString(provider: Provider, operation: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new TeardownValidationError(provider, operation, field, REQUIRED_RULE);
  return value;
}

export function optionalString(
  provider: Provider,
  operation: string,
  field: string,
  value: unknown,
): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new TeardownValidationError(provider, operation, field, 'must be a string when given');
  return value;
}

export function requireIntegerInRange(
  provider: Provider,
  operation: string,
  field: string,
  value: unknown,
  min: number,
  max: number,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TeardownValidationError(provider, operation, field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}
