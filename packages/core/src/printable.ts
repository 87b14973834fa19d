// Text that came from input or a provider, made safe to print to a terminal or a log: no input can move the cursor, set
// the terminal's title, reorder what is shown or forge a log line. The CLI and apps/webhooks print through it.

/**
 * C0 and C1 controls (ESC, BEL, CSI…) with DEL, bidirectional marks, embeddings, overrides and isolates, line and
 * paragraph separators, and (in a `u` pattern, only unpaired) surrogates.
 */
const UNSAFE = /[\p{Cc}\p{Bidi_Control}\p{Cs}\u2028\u2029]/gu;
// The same without \n, for our own multi-line messages.
const UNSAFE_KEEPING_LINES = /(?!\n)[\p{Cc}\p{Bidi_Control}\p{Cs}\u2028\u2029]/gu;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One value for one line of output: every unsafe character shown as a `\uXXXX` escape. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** A message of ours that may span lines but carries input: line breaks kept, every other unsafe character escaped. */
export function printableLines(text: string): string {
  return text.replace(UNSAFE_KEEPING_LINES, escape);
}

/**
 * JSON for stdout: JSON.stringify already escapes C0 controls and lone surrogates; C1 controls and bidirectional
 * characters are escaped too (still valid JSON, the same value once parsed).
 */
export function printableJson(value: unknown): string {
  return printable(JSON.stringify(value));
}
