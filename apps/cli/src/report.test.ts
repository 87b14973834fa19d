/* eslint-disable no-control-regex -- these tests look for control characters */
import { describe, expect, it } from 'vitest';
import { PROVIDERS, type Provider } from '@teardown/core';
import type { BatchReport } from '@teardown/temporal';
import { exitCodeOf, formatReport, reportWriter } from './report.js';

const none = { done: 0, alreadyGone: 0, notFound: 0, failed: 0, cancelled: 0, unconfirmed: 0, remaining: 0 };
const each = <T>(value: T) => Object.fromEntries(PROVIDERS.map((p) => [p, value])) as Record<Provider, T>;

const report = (
  outcomes: BatchReport['items'][number]['outcome'][],
  finished = true,
  message = 'epap said "no", twice',
): BatchReport => ({
  items: outcomes.map((outcome, i) => ({
    target: { kind: 'epap-receipt', epapId: `r${i}`, chainId: 'c', appUserId: 'u' },
    outcome,
    ...(outcome === 'failed' && { code: 'Not Acceptable', message }),
    ...(outcome === 'not_found' && { code: 'document_not_found' }),
  })),
  progress: {
    total: outcomes.length,
    providers: {
      ...each(none),
      epap: {
        done: outcomes.filter((o) => o === 'deleted').length,
        alreadyGone: outcomes.filter((o) => o === 'already_gone').length,
        notFound: outcomes.filter((o) => o === 'not_found').length,
        failed: outcomes.filter((o) => o === 'failed').length,
        cancelled: outcomes.filter((o) => o === 'cancelled').length,
        unconfirmed: outcomes.filter((o) => o === 'unconfirmed').length,
        remaining: 0,
      },
    },
    rate: 1,
    startedAt: '2026-11-22T00:00:00.000Z',
    closed: true,
    cancelled: outcomes.includes('cancelled'),
    finished,
  },
});

describe('report formats', () => {
  it('writes CSV with a header and quoting where a cell needs it', () => {
    expect(formatReport(report(['deleted', 'failed']), 'csv')).toBe(
      'target,outcome,code,message\nepap-receipt:r0?chain=c&user=u,deleted,,\nepap-receipt:r1?chain=c&user=u,failed,Not Acceptable,"epap said ""no"", twice"\n',
    );
  });

  it('writes JSON that parses back to the report', () => {
    const r = report(['already_gone']);
    expect(JSON.parse(formatReport(r, 'json'))).toEqual(r);
  });

  it('writes a table without colour codes, ending with the summary', () => {
    const text = formatReport(report(['deleted', 'cancelled']), 'table');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('│ epap-receipt:r1?chain=c&user=u │ cancelled │');
    expect(text.trimEnd().split('\n').at(-1)).toBe('epap: 1 deleted, 0 already gone, 0 failed, 1 cancelled');
  });
});

describe('not found and terminal safety', () => {
  it('shows not found apart from already gone, in the table and its summary', () => {
    const text = formatReport(report(['deleted', 'already_gone', 'not_found']), 'table');
    expect(text).toContain('│ epap-receipt:r2?chain=c&user=u │ not_found    │ document_not_found │');
    expect(text.trimEnd().split('\n').at(-1)).toBe('epap: 1 deleted, 1 already gone, 1 not found, 0 failed');
  });

  it('escapes what came from a provider or a file, so no cell can set the terminal title or reorder the line', () => {
    const hostile = '\u001b]0;PWNED\u0007 \u009b2J \u202edesrever \ud800';
    for (const format of ['table', 'csv', 'json'] as const) {
      const text = formatReport(report(['failed'], true, hostile), format);
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]|\ud800/);
      expect(text).toContain(format === 'json' ? '\\u001b]0;PWNED\\u0007' : '\\u001b]0;PWNED\\u0007');
    }
    expect(JSON.parse(formatReport(report(['failed'], true, hostile), 'json')).items[0].message).toBe(hostile);
  });

  it('says how many lines were collapsed as duplicates, under the table and in JSON', () => {
    expect(formatReport(report(['deleted']), 'table')).not.toContain('collapsed');
    let table = '';
    const w = reportWriter('table', (c) => (table += c));
    w.items(report(['deleted']).items);
    w.end(report(['deleted']).progress, 4);
    expect(table.trimEnd().split('\n').at(-1)).toBe(
      '4 line(s) of the file repeated an earlier target and were collapsed: each target was deleted once.',
    );
    let json = '';
    const j = reportWriter('json', (c) => (json += c));
    j.end(report([]).progress, 4);
    expect(JSON.parse(json)).toMatchObject({ duplicatesCollapsed: 4 });
  });
});

describe('exit codes', () => {
  it('tells all done, some failed, and cancelled or unfinished apart', () => {
    expect(exitCodeOf(report(['deleted', 'already_gone', 'not_found']).progress)).toBe(0);
    expect(exitCodeOf(report(['deleted', 'failed', 'cancelled']).progress)).toBe(1);
    expect(exitCodeOf(report(['deleted', 'cancelled']).progress)).toBe(4);
    expect(exitCodeOf(report(['deleted'], false).progress)).toBe(4);
    expect(exitCodeOf(report(['deleted', 'unconfirmed', 'not_found']).progress)).toBe(5);
    expect(exitCodeOf(report(['unconfirmed', 'failed']).progress)).toBe(1);
    expect(exitCodeOf(report(['unconfirmed', 'cancelled']).progress)).toBe(4);
  });
});
