// Reading JSON from provider answers without trusting it: a body that is not JSON, or not the shape expected, is
// undefined or refused by a type guard, never an exception.
/** The JSON in a response body; undefined for an empty, blank or malformed body. */
export function parseJson(body: string): unknown {
  // A blank body throws in JSON.parse like any malformed one: only the empty string is worth checking first.
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
