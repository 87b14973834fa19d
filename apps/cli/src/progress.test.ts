import { describe, expect, it } from 'vitest';
import { PROVIDERS, type Provider } from '@teardown/core';
import type { BatchProgress } from '@teardown/temporal';
import { RateWindow, formatDuration, ratesOf, renderProgress, renderProgressLine, withExpected } from './progress.js';

/** The same value for every provider (the rows below then set the ones a test is about). */
const each = <T>(value: T) => Object.fromEntries(PROVIDERS.map((p) => [p, value])) as Record<Provider, T>;
const row = (done: number, remaining: number, alreadyGone = 0, failed = 0, notFound = 0) => ({
  done,
  alreadyGone,
  notFound,
  failed,
  cancelled: 0,
  unconfirmed: 0,
  remaining,
});
const progress = (mono: number, cams: number, finished = false): BatchProgress => ({
  total: 200,
  providers: { ...each(row(0, 0)), 'mono-breb': row(mono, 100 - mono, 1, 1), 'alibaba-cams': row(cams, 50 - cams) },
  rate: 12.5,
  startedAt: '2026-11-22T00:00:00.000Z',
  closed: true,
  cancelled: false,
  finished,
});

describe('rates and ETA', () => {
  it('measures each provider over the window, not since the start', () => {
    expect(
      ratesOf([
        { at: 0, progress: progress(0, 0) },
        { at: 2000, progress: progress(40, 10) },
      ]),
    ).toEqual({ ...each(0), 'mono-breb': 20, 'alibaba-cams': 5 });
    const w = new RateWindow(1000);
    w.add({ at: 0, progress: progress(0, 0) });
    w.add({ at: 1000, progress: progress(10, 5) });
    expect(w.add({ at: 2000, progress: progress(50, 10) })).toEqual({ ...each(0), 'mono-breb': 40, 'alibaba-cams': 5 });
  });

  it('formats durations for people', () => {
    expect([
      formatDuration(0.4),
      formatDuration(59),
      formatDuration(61),
      formatDuration(7322),
      formatDuration(Infinity),
    ]).toEqual(['0 s', '59 s', '1 min 01 s', '2 h 02 min', '—']);
  });
});

describe('the display', () => {
  it('draws a header and one aligned row per provider with targets, with rate and ETA', () => {
    expect(
      renderProgress('b1', progress(40, 10), { ...each(0), 'mono-breb': 20, 'alibaba-cams': 5 }, 4).split('\n'),
    ).toEqual([
      'Batch b1 — 52/200 (running), 12.5/s overall, 4 s elapsed',
      '                      done  already gone  failed  remaining    rate  ETA',
      '  Mono Bre-B            40             1       1         60  20.0/s  3 s',
      '  Alibaba Cloud CAMS    10             0       0         40   5.0/s  8 s',
    ]);
  });

  it('shows not found apart from already gone once some target was not found, and escapes the batch name', () => {
    const p: BatchProgress = {
      ...progress(40, 10),
      providers: { ...progress(40, 10).providers, epap: row(5, 5, 0, 0, 3) },
    };
    const rates = { ...each(0), 'mono-breb': 20, 'alibaba-cams': 5, epap: 1 };
    expect(renderProgress('b\u001b]0;x\u0007', p, rates, 4).split('\n')).toEqual([
      'Batch b\\u001b]0;x\\u0007 — 60/200 (running), 12.5/s overall, 4 s elapsed',
      '                      done  already gone  not found  failed  remaining    rate  ETA',
      '  Mono Bre-B            40             1          0       1         60  20.0/s  3 s',
      '  Alibaba Cloud CAMS    10             0          0       0         40   5.0/s  8 s',
      '  epap                   5             0          3       0          5   1.0/s  5 s',
    ]);
    expect(renderProgressLine(p, rates, 4)).toContain('epap 5 done, 0 already gone, 3 not found, 0 failed, 5 left');
  });

  it('writes one plain line for logs, saying when the batch has finished', () => {
    expect(renderProgressLine(progress(98, 49, true), { ...each(0), 'mono-breb': 0, 'alibaba-cams': 0 }, 75)).toBe(
      '[1 min 15 s] Mono Bre-B 98 done, 1 already gone, 1 failed, 2 left, 0.0/s, ETA — | Alibaba Cloud CAMS 49 done, 0 already gone, 0 failed, 1 left, 0.0/s, ETA — — finished',
    );
  });
});

describe('a file still being handed over', () => {
  // 28 s into a 100,000-line epap file: 24,000 handed over, 20,251 done, 3,749 held.
  const handing: BatchProgress = {
    total: 24_000,
    providers: { ...each(row(0, 0)), epap: row(20_251, 3_749) },
    rate: 723,
    startedAt: '2026-11-22T00:00:00.000Z',
    closed: false,
    cancelled: false,
    finished: false,
  };
  const file = { ...each(0), epap: 100_000 };

  it('counts the lines not handed over yet as left, and the whole file as the total', () => {
    const p = withExpected(handing, file);
    expect(p.total).toBe(100_000);
    expect(p.providers.epap.remaining).toBe(79_749);
    expect(renderProgressLine(p, { ...each(0), epap: 3_000 }, 28)).toBe(
      '[28 s] epap 20251 done, 0 already gone, 0 failed, 79749 left, 3000.0/s, ETA 27 s',
    );
  });

  it('once the hand-over is closed (interrupted, or the feeder lost), counts only what the batch holds', () => {
    const closed = { ...handing, closed: true };
    expect(withExpected(closed, file)).toEqual(closed);
  });
});
