// What happens to text a provider sent before it becomes part of an error: secrets we hold are scrubbed out of it and
// it is capped in bytes, so no provider answer can leak a credential or grow a Temporal payload without bound.

/**
 * Most bytes of a provider's message kept in an error. Every documented message of the three providers is under 200
 * bytes, so 512 keeps each whole with room to spare, while a provider that answers with a page of text (an HTML error
 * page, a stack trace, a 4 KB `message`) costs at most this much per failed target wherever the error travels.
 */
export const PROVIDER_MESSAGE_MAX_BYTES = 512;
/**
 * Most bytes of a provider's error code or request id kept in an error. Documented codes and ids are under 40 bytes;
 * they are short by nature, so anything longer is noise from an unexpected answer.
 */
export const PROVIDER_CODE_MAX_BYTES = 128;

/** What stands in for a secret value found in provider text. */
export const SCRUBBED = '***';

const encoder = new TextEncoder();

/** UTF-8 length of `text` (a lone surrogate counts as the 3 bytes of U+FFFD it is sent as). */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/**
 * `text` cut to at most `maxBytes` bytes of UTF-8, never inside a character, ending with a marker that says how long it
 * was (`… [truncated, 4096 bytes]`) — the marker counts against `maxBytes`. Text that fits is returned as it is, so
 * capping twice changes nothing.
 */
export function capBytes(text: string, maxBytes: number): string {
  // A UTF-16 unit is at most 3 bytes of UTF-8 (a pair, two units, is 4): short text needs no encoding to be measured.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return text;
  const marker = `… [truncated, ${bytes.length} bytes]`;
  const room = Math.max(0, maxBytes - utf8Bytes(marker));
  // encodeInto writes whole characters only: `read` ends on a character boundary of `text`.
  const { read } = encoder.encodeInto(text, new Uint8Array(room));
  return `${text.slice(0, read)}${marker}`;
}

/**
 * A function that replaces every one of `secrets` in a text by SCRUBBED, in the forms a provider may echo it: as sent,
 * and escaped inside a JSON string (a secret holding `"` or `\`). Longest first, so a secret that contains another is
 * scrubbed whole. The forms are worked out once: the function runs on every provider answer.
 */
export function scrubber(secrets: Iterable<string>): (text: string) => string {
  const forms = [...new Set([...secrets].filter((s) => s !== '').flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))];
  forms.sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(SCRUBBED);
    return out;
  };
}
