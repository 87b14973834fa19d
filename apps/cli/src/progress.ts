// The live progress display, driven by the batch workflow's `progress` query. Rendering is pure (progress in, lines
// out); the view redraws in place on a terminal (log-update) and prints one plain line now and then elsewhere (CI logs),
// never an escape code there.
import { createLogUpdate } from 'log-update';
import { PROVIDERS, PROVIDER_LABEL, printable, type Provider } from '@teardown/core';
import { triedCount, type BatchProgress } from '@teardown/temporal';

export interface Sample {
  /** Milliseconds, any clock. */
  at: number;
  progress: BatchProgress;
}

const finishedOf = (p: BatchProgress, provider: Provider) => triedCount(p.providers[provider]);

/**
 * While a file is still being handed over (the batch is not closed), counts the targets it has yet to hand over as
 * remaining and in the total, so "left" and the ETA cover the whole file, not only what the batch holds so far.
 * `expected`: the targets the file brings in all, per provider.
 */
export function withExpected(p: BatchProgress, expected?: Record<Provider, number>): BatchProgress {
  if (!expected || p.closed) return p;
  const providers = Object.fromEntries(
    PROVIDERS.map((x) => {
      const r = p.providers[x];
      const received = finishedOf(p, x) + r.cancelled + r.remaining;
      return [x, { ...r, remaining: r.remaining + Math.max(0, expected[x] - received) }];
    }),
  ) as BatchProgress['providers'];
  const total = PROVIDERS.reduce((n, x) => n + expected[x], 0);
  return { ...p, providers, total: Math.max(p.total, total) };
}

/** Deletes per second per provider over the samples given (oldest to newest). */
export function ratesOf(samples: readonly Sample[]): Record<Provider, number> {
  const first = samples[0];
  const last = samples[samples.length - 1];
  const seconds = first && last ? (last.at - first.at) / 1000 : 0;
  return Object.fromEntries(
    PROVIDERS.map((p) => [
      p,
      seconds > 0 ? (finishedOf(last!.progress, p) - finishedOf(first!.progress, p)) / seconds : 0,
    ]),
  ) as Record<Provider, number>;
}

/** Keeps the last `windowMs` of samples, so rates follow what the batch does now rather than its average. */
export class RateWindow {
  private samples: Sample[] = [];
  constructor(private readonly windowMs = 5000) {}
  add(sample: Sample): Record<Provider, number> {
    this.samples.push(sample);
    while (this.samples.length > 2 && sample.at - this.samples[0]!.at > this.windowMs) this.samples.shift();
    return ratesOf(this.samples);
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

const etaOf = (remaining: number, rate: number) =>
  remaining === 0 ? '0 s' : rate > 0 ? formatDuration(remaining / rate) : '—';

const stateOf = (p: BatchProgress) =>
  p.finished
    ? p.cancelled
      ? 'cancelled'
      : 'finished'
    : p.cancelled
      ? 'cancelling'
      : p.closed
        ? p.feederLost
          ? 'running, feeder lost: hand-over closed'
          : 'running'
        : 'running, receiving targets';

/** The terminal display: a header line and one row per provider that has targets. */
export function renderProgress(
  batchId: string,
  p: BatchProgress,
  rates: Record<Provider, number>,
  elapsedSeconds: number,
): string {
  const ended = PROVIDERS.reduce((n, x) => n + finishedOf(p, x) + p.providers[x].cancelled, 0);
  const head = `Batch ${printable(batchId)} — ${ended}/${p.total} (${stateOf(p)}), ${p.rate.toFixed(1)}/s overall, ${formatDuration(elapsedSeconds)} elapsed`;
  // "not found" only appears once some target was (it counts only with `--not-found done`).
  const notFound = PROVIDERS.some((x) => p.providers[x].notFound > 0);
  // Nor "unconfirmed", which only a lost answer or a crash can cause.
  const unconfirmed = PROVIDERS.some((x) => (p.providers[x].unconfirmed ?? 0) > 0);
  const columns = [
    '',
    'done',
    'already gone',
    ...(notFound ? ['not found'] : []),
    ...(unconfirmed ? ['unconfirmed'] : []),
    'failed',
    'remaining',
    'rate',
    'ETA',
  ];
  const rows = PROVIDERS.filter((x) => finishedOf(p, x) + p.providers[x].remaining + p.providers[x].cancelled > 0).map(
    (x) => {
      const r = p.providers[x];
      return [
        PROVIDER_LABEL[x],
        String(r.done),
        String(r.alreadyGone),
        ...(notFound ? [String(r.notFound)] : []),
        ...(unconfirmed ? [String(r.unconfirmed ?? 0)] : []),
        String(r.failed),
        String(r.remaining),
        `${rates[x].toFixed(1)}/s`,
        etaOf(r.remaining, rates[x]),
      ];
    },
  );
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
  return [head, line(columns), ...rows.map(line)].join('\n');
}

/** One line for logs: `[12 s] Mono Bre-B 200 done, 3 already gone, 1 failed, 96 left, 41.0/s, ETA 3 s | …`. */
export function renderProgressLine(p: BatchProgress, rates: Record<Provider, number>, elapsedSeconds: number): string {
  const parts = PROVIDERS.filter((x) => finishedOf(p, x) + p.providers[x].remaining + p.providers[x].cancelled > 0).map(
    (x) => {
      const r = p.providers[x];
      return `${PROVIDER_LABEL[x]} ${r.done} done, ${r.alreadyGone} already gone, ${r.notFound ? `${r.notFound} not found, ` : ''}${r.unconfirmed ? `${r.unconfirmed} unconfirmed, ` : ''}${r.failed} failed, ${r.remaining} left, ${rates[x].toFixed(1)}/s, ETA ${etaOf(r.remaining, rates[x])}`;
    },
  );
  return `[${formatDuration(elapsedSeconds)}] ${parts.join(' | ') || 'no targets yet'}${p.finished ? ` — ${stateOf(p)}` : ''}`;
}

export interface ProgressView {
  show(batchId: string, p: BatchProgress, rates: Record<Provider, number>, elapsedSeconds: number): void;
  /** Leaves the last frame on screen. */
  end(): void;
}

/**
 * In place on a TTY; elsewhere a plain line at most every `lineEveryMs` (and always the last one). A terminal that
 * reports 0 columns (`script` without a terminal of its own, some CI runners) gets the plain lines too: log-update
 * would wrap every line to nothing.
 */
export function progressView(
  stream: NodeJS.WriteStream,
  lineEveryMs = 2000,
  now: () => number = Date.now,
): ProgressView {
  if (stream.isTTY && stream.columns > 0) {
    const update = createLogUpdate(stream);
    return {
      show: (batchId, p, rates, elapsed) => update(renderProgress(batchId, p, rates, elapsed)),
      end: () => update.done(),
    };
  }
  let lastAt = -Infinity;
  let last = '';
  return {
    show(_batchId, p, rates, elapsed) {
      const text = renderProgressLine(p, rates, elapsed);
      if (p.finished || now() - lastAt >= lineEveryMs) {
        if (text !== last) stream.write(`${text}\n`);
        last = text;
        lastAt = now();
      }
    },
    end: () => undefined,
  };
}
