import { describe, expect, it } from 'vitest';
import type { BatchReport } from '@teardown/temporal';
import { exitCodeOf, formatReport } from './report.js';

const report = (outcomes: BatchReport['items'][number]['outcome'][], finished = true): BatchReport => ({
  items: outcomes.map((outcome, i) => ({
    target: { kind: 'epap-receipt', epapId: `r${i}`, chainId: 'c', appUserId: 'u' },
    outcome,
    ...(outcome === 'failed' && { code: 'Not Acceptable', message: 'epap said "no", twice' }),
  })),
  progress: {
    total: outcomes.length,
    providers: {
      'mono-breb': { done: 0, alreadyGone: 0, failed: 0, cancelled: 0, remaining: 0 },
      'alibaba-cams': { done: 0, alreadyGone: 0, failed: 0, cancelled: 0, remaining: 0 },
      epap: {
        done: outcomes.filter((o) => o === 'deleted').length,
        alreadyGone: outcomes.filter((o) => o === 'already_gone').length,
        failed: outcomes.filter((o) => o === 'failed').length,
        cancelled: outcomes.filter((o) => o === 'cancelled').length,
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

describe('exit codes', () => {
  it('tells all done, some failed, and cancelled or unfinished apart', () => {
    expect(exitCodeOf(report(['deleted', 'already_gone']).progress)).toBe(0);
    expect(exitCodeOf(report(['deleted', 'failed', 'cancelled']).progress)).toBe(1);
    expect(exitCodeOf(report(['deleted', 'cancelled']).progress)).toBe(4);
    expect(exitCodeOf(report(['deleted'], false).progress)).toBe(4);
  });
});
