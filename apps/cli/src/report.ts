// A batch's report in the three formats `teardown report` offers, and the exit code it implies. Pure.
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { formatTarget, type BatchReport } from '@teardown/temporal';
import { EXIT } from './exit.js';
import { PROVIDERS, PROVIDER_LABEL } from './progress.js';

export type ReportFormat = 'table' | 'json' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'csv'];

const rowsOf = (report: BatchReport) => report.items.map((i) => [formatTarget(i.target), i.outcome, i.code ?? '', i.message ?? '']);

export function formatReport(report: BatchReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return stringify(rowsOf(report), { header: true, columns: ['target', 'outcome', 'code', 'message'] });
    case 'table': {
      // No colours: the table must read the same in a terminal, a pipe and a CI log.
      const table = new Table({ head: ['target', 'outcome', 'code', 'message'], style: { head: [], border: [] }, colWidths: [null, null, null, 60], wordWrap: true });
      table.push(...rowsOf(report));
      return `${table.toString()}\n${summaryOf(report)}\n`;
    }
  }
}

/** `Mono Bre-B: 120 deleted, 3 already gone, 1 failed · …` */
export function summaryOf(report: BatchReport): string {
  const parts = PROVIDERS.filter((p) => {
    const r = report.progress.providers[p];
    return r.done + r.alreadyGone + r.failed + r.cancelled + r.remaining > 0;
  }).map((p) => {
    const r = report.progress.providers[p];
    return `${PROVIDER_LABEL[p]}: ${r.done} deleted, ${r.alreadyGone} already gone, ${r.failed} failed${r.cancelled ? `, ${r.cancelled} cancelled` : ''}${r.remaining ? `, ${r.remaining} remaining` : ''}`;
  });
  return parts.join(' · ') || 'no targets';
}

/** 0 when every item was deleted or already gone; 1 when any failed; 4 when the batch was cancelled or is unfinished. */
export function exitCodeOf(report: BatchReport): number {
  if (report.items.some((i) => i.outcome === 'failed')) return EXIT.someFailed;
  if (!report.progress.finished || report.items.some((i) => i.outcome === 'cancelled')) return EXIT.notFinished;
  return EXIT.allDone;
}
