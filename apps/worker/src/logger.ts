// The worker's log: the Temporal SDK's own lines (its "Activity failed" warning prints the failure's message, which
// holds provider text) go through `printableLines`, so no provider answer can retitle the operator's terminal, clear it
// or forge a log line.
import { formatWithOptions } from 'node:util';
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import { printableLines } from '@teardown/core';

/**
 * One log entry as the SDK's default function writes it (date, level, message, meta), without colours (their escape
 * codes would be escaped too), every control character shown as `\uXXXX`, and every line after the first indented: a
 * line break in provider text cannot start what looks like an entry of its own.
 */
export function printableEntry({ level, timestampNanos, message, meta }: LogEntry): string {
  const date = new Date(Number(timestampNanos / 1_000_000n));
  const text = formatWithOptions({ colors: false }, '%s [%s] %s', date, level, message);
  const line = meta === undefined ? text : `${text} ${formatWithOptions({ colors: false }, meta)}`;
  return `${printableLines(line).replace(/\n/g, '\n  ')}\n`;
}

/** The SDK's DefaultLogger writing printable entries to `write` (stderr by default). */
export function printableLogger(
  level: LogLevel = 'WARN',
  write: (text: string) => unknown = (text) => process.stderr.write(text),
): DefaultLogger {
  return new DefaultLogger(level, (entry) => void write(printableEntry(entry)));
}
