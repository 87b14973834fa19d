import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChunkHeartbeat } from './chunk.js';
import { ChunkRecorder, type BeatAnswer } from './recorder.js';

/** A recorder whose RPCs the test answers by hand; `everyMs` is a minute, so only fake time sends periodic ones. */
function recorder(startFrontier: number) {
  const sent: ChunkHeartbeat[] = [];
  const answers: ((a: BeatAnswer) => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const stops: boolean[] = [];
  const r = new ChunkRecorder(
    {
      send(details) {
        sent.push(details);
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        return new Promise((resolve) =>
          answers.push((a) => {
            inFlight--;
            resolve(a);
          }),
        );
      },
      onStop: (cancelRequested) => stops.push(cancelRequested),
      everyMs: 60_000,
    },
    { provider: 'epap', settled: [], frontier: startFrontier },
  );
  const answer = async (a: BeatAnswer) => {
    answers.shift()!(a);
    for (let i = 0; i < 5; i++) await new Promise((res) => setImmediate(res));
  };
  return { r, sent, answer, stops, maxInFlight: () => maxInFlight };
}

afterEach(() => vi.useRealTimers());

describe('ChunkRecorder', () => {
  it('confirms a frontier only when the RPC that carried it returns, one RPC at a time, never asking below the start', async () => {
    const c = recorder(10);
    let confirmed: number | undefined;
    let later: number | undefined;
    void c.r.reserve(40).then((f) => (confirmed = f));
    void c.r.reserve(70).then((f) => (later = f));
    expect(c.sent.map((d) => d.frontier)).toEqual([40]);
    // A frontier below the recorded one needs no RPC.
    await expect(c.r.reserve(5)).resolves.toBe(10);
    c.r.settled([[0, 'deleted']]);
    expect([confirmed, c.sent.length]).toEqual([undefined, 1]);
    await c.answer('recorded');
    expect([confirmed, later]).toEqual([40, undefined]);
    // The waiter for 70 gets the next RPC at once, with the latest checkpoint.
    expect(c.sent.map((d) => [d.frontier, d.settled.length])).toEqual([
      [40, 0],
      [70, 1],
    ]);
    await c.answer('recorded');
    expect(later).toBe(70);
    expect(c.maxInFlight()).toBe(1);
    c.r.end();
  });

  it('does not confirm what got no answer, and asks again at its next beat', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const c = recorder(0);
    let confirmed: number | undefined;
    void c.r.reserve(64).then((f) => (confirmed = f));
    await c.answer('lost');
    expect(confirmed).toBeUndefined();
    expect(c.sent).toHaveLength(1);
    vi.advanceTimersByTime(60_000);
    expect(c.sent.map((d) => d.frontier)).toEqual([64, 64]);
    await c.answer('recorded');
    expect(confirmed).toBe(64);
    c.r.end();
  });

  it('passes on a cancellation the server recorded the heartbeat with, and stops for good when the attempt is gone', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const c = recorder(0);
    let confirmed: number | undefined;
    void c.r.reserve(64).then((f) => (confirmed = f));
    await c.answer('cancelled');
    expect([confirmed, c.stops]).toEqual([64, [true]]);
    // Still heartbeating while the targets already tried finish.
    vi.advanceTimersByTime(60_000);
    expect(c.sent).toHaveLength(2);
    await c.answer('stopped');
    expect(c.stops).toEqual([true, false]);
    vi.advanceTimersByTime(600_000);
    expect(c.sent).toHaveLength(2);
  });
});
