// A batch's report in the three formats `teardown report` offers, and the exit code it implies. Pure.
import { PROVIDERS, PROVIDER_LABEL, printable, printableJson } from '@teardown/core';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import {
  formatTarget,
  triedCount,
  type BatchItemResult,
  type BatchProgress,
  type BatchReport,
} from '@teardown/temporal';
import { EXIT } from './exit.js';

export type ReportFormat = 'table' | 'json' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'csv'];

const COLUMNS = ['target', 'outcome', 'code', 'message'];
/** Every cell came from a file or a provider: escaped for the terminal in the table and the CSV alike. */
const rowsOf = (items: BatchItemResult[]) =>
  items.map((i) => [formatTarget(i.target), i.outcome, i.code ?? '', i.message ?? ''].map(printable));

export interface ReportWriter {
  items(items: BatchItemResult[]): void;
  /** `duplicates`: lines of the batch's file collapsed into an earlier identical target. */
  end(progress: BatchProgress, duplicates?: number): void;
}

/** Said under the report when a file named some targets more than once. */
export const duplicatesLine = (n: number) =>
  `${n} line(s) of the file repeated an earlier target and were collapsed: each target was deleted once.`;

/**
 * Writes a report as its items arrive, page by page: CSV and JSON never hold more than a page, so a report of a
 * million items streams. The table needs every row to size its columns.
 */
export function reportWriter(format: ReportFormat, write: (chunk: string) => void): ReportWriter {
  switch (format) {
    case 'json': {
      let first = true;
      write('{\n  "items": [');
      return {
        items: (items) => {
          for (const item of items) {
            write(`${first ? '\n' : ',\n'}    ${printableJson(item)}`);
            first = false;
          }
        },
        end: (progress, duplicates) =>
          write(
            `${first ? '' : '\n  '}],\n  "progress": ${printableJson(progress)}${duplicates ? `,\n  "duplicatesCollapsed": ${duplicates}` : ''}\n}\n`,
          ),
      };
    }
    case 'csv':
      write(stringify([], { header: true, columns: COLUMNS }));
      return { items: (items) => write(stringify(rowsOf(items))), end: () => undefined };
    case 'table': {
      // No colours: the table must read the same in a terminal, a pipe and a CI log.
      const table = new Table({
        head: COLUMNS,
        style: { head: [], border: [] },
        colWidths: [null, null, null, 60],
        wordWrap: true,
      });
      return {
        items: (items) => table.push(...rowsOf(items)),
        end: (progress, duplicates) =>
          write(`${table.toString()}\n${summaryOf(progress)}\n${duplicates ? `${duplicatesLine(duplicates)}\n` : ''}`),
      };
    }
  }
}

export function formatReport(report: BatchReport, format: ReportFormat): string {
  let text = '';
  const writer = reportWriter(format, (chunk) => (text += chunk));
  writer.items(report.items);
  writer.end(report.progress);
  return text;
}

/**
 * `Mono Bre-B: 120 deleted, 3 already gone, 2 not found, 1 unconfirmed, 1 failed · …` (not found and unconfirmed only
 * when some were).
 */
export function summaryOf(progress: BatchProgress): string {
  const parts = PROVIDERS.filter((p) => {
    const r = progress.providers[p];
    return triedCount(r) + r.cancelled + r.remaining > 0;
  }).map((p) => {
    const r = progress.providers[p];
    return `${PROVIDER_LABEL[p]}: ${r.done} deleted, ${r.alreadyGone} already gone, ${r.notFound ? `${r.notFound} not found, ` : ''}${r.unconfirmed ? `${r.unconfirmed} unconfirmed, ` : ''}${r.failed} failed${r.cancelled ? `, ${r.cancelled} cancelled` : ''}${r.remaining ? `, ${r.remaining} remaining` : ''}`;
  });
  return parts.join(' · ') || 'no targets';
}

/**
 * 0 when every item was deleted, already gone or (opted in with `--not-found done`) not found; 1 when any failed; 4 when
 * the batch was cancelled or is unfinished; 5 when none of that, but some are unconfirmed (see EXIT.someUnconfirmed).
 */
export function exitCodeOf(progress: BatchProgress): number {
  const sum = (key: 'failed' | 'cancelled' | 'unconfirmed') =>
    PROVIDERS.reduce((n, p) => n + (progress.providers[p][key] ?? 0), 0);
  if (sum('failed') > 0) return EXIT.someFailed;
  if (!progress.finished || sum('cancelled') > 0) return EXIT.notFinished;
  if (sum('unconfirmed') > 0) return EXIT.someUnconfirmed;
  return EXIT.allDone;
}
