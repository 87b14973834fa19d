// The worker's log: the Temporal SDK's own lines (its "Activity failed" warning prints the failure's message, which
// holds provider text) go through `printableLines`, so no provider answer can retitle the operator's terminal, clear it
// or forge a log line. Two of the SDK's warnings are routine for Teardown and would bury the rest: a provider's
// rate-limit refusal, which Temporal retries (one short line; the whole failure at DEBUG), and the activity-only
// workers' "No workflows registered" (they are meant to run no workflows: DEBUG).
import { formatWithOptions } from 'node:util';
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import { camsErrorKind, printableLines } from '@teardown/core';
import { ACTIVITY_QUEUES } from '@teardown/temporal';

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

interface FailureDetails {
  provider?: string;
  operation?: string;
  status?: number;
  code?: string;
}

/** The refusal an "Activity failed" entry reports when it is a provider's rate limit (HTTP 429, CAMS's throttling codes). */
function throttledBy({ message, meta }: LogEntry): FailureDetails | undefined {
  if (message !== 'Activity failed') return undefined;
  const details = (meta?.error as { details?: unknown[] } | undefined)?.details?.[0] as FailureDetails | undefined;
  if (!details?.code) return undefined;
  const throttled =
    details.status === 429 ||
    (details.provider === 'alibaba-cams' && camsErrorKind(details.code, details.status ?? 0) === 'rate_limited');
  return throttled ? details : undefined;
}

/** One line for a throttled attempt: who refused, and which activity Temporal will try again. */
function throttledLine(entry: LogEntry, by: FailureDetails): string {
  const { activityType, attempt, workflowId } = entry.meta as Record<string, unknown>;
  const short = `Throttled by ${by.provider} (${by.code}): ${String(activityType)} attempt ${String(attempt)} of ${String(workflowId)}, Temporal retries it`;
  return printableEntry({ ...entry, message: short, meta: undefined });
}

const activityOnlyQueues = new Set(ACTIVITY_QUEUES.map((q) => q.name));
const NO_WORKFLOWS = 'No workflows registered, not polling for workflow tasks';

/** The SDK's DefaultLogger writing printable entries to `write` (stderr by default). */
export function printableLogger(
  level: LogLevel = 'WARN',
  write: (text: string) => unknown = (text) => process.stderr.write(text),
): DefaultLogger {
  const debug = level === 'TRACE' || level === 'DEBUG';
  return new DefaultLogger(level, (entry) => {
    const routine =
      entry.message === NO_WORKFLOWS && activityOnlyQueues.has(String(entry.meta?.taskQueue ?? '')) ? entry : undefined;
    const throttled = throttledBy(entry);
    if (throttled) write(throttledLine(entry, throttled));
    if (!throttled && !routine) write(printableEntry(entry));
    else if (debug) write(printableEntry({ ...entry, level: 'DEBUG' }));
  });
}
