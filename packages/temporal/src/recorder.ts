// Records a running chunk's heartbeat (its checkpoint and frontier) with the server through heartbeat RPCs whose answers
// it waits for, one at a time: a frontier counts as recorded only once the RPC that carried it has returned, and since
// RPCs never overlap, the server's copy only grows. The SDK's own `heartbeat()` cannot do this: it throttles, sends
// later and tells nothing back. The send is injected (chunk-activity.ts gives it the Worker's client).
import type { ChunkHeartbeat, Settled } from './chunk.js';

/**
 * What the server said to one heartbeat RPC. `recorded`: it holds the details. `cancelled`: it holds them and the
 * workflow asks the attempt to stop (`cancelBatch`). `stopped`: the attempt must end and be retried (it is gone from
 * the server, paused or reset). `lost`: no answer; it may or may not hold them.
 */
export type BeatAnswer = 'recorded' | 'cancelled' | 'stopped' | 'lost';

export interface RecorderOptions {
  send(details: ChunkHeartbeat): Promise<BeatAnswer>;
  /** The server asked the attempt to stop: `cancelRequested` for `cancelBatch`, false for anything else. */
  onStop(cancelRequested: boolean): void;
  /** An RPC at least this often, whatever happens: the heartbeat timeout notices a dead worker by its absence. */
  everyMs: number;
}

export class ChunkRecorder {
  private latest: ChunkHeartbeat;
  private confirmed: number;
  private waiters: { frontier: number; resolve: (recorded: number) => void }[] = [];
  private sending = false;
  private ended = false;
  private timer: NodeJS.Timeout | undefined;
  /** Heartbeat RPCs sent so far. */
  sent = 0;

  /** `start.frontier` is the one earlier attempts recorded (chunk.ts startFrontier): it is never asked below it. */
  constructor(
    private readonly options: RecorderOptions,
    start: ChunkHeartbeat & { frontier: number },
  ) {
    this.latest = start;
    this.confirmed = start.frontier;
    this.schedule();
  }

  /** The frontier every heartbeat from now on carries: at least any the lanes have gone by. */
  get frontier(): number {
    return this.latest.frontier!;
  }

  settled(settled: Settled[]): void {
    this.latest = { ...this.latest, settled };
  }

  /** Resolves once a heartbeat carrying at least `frontier` is recorded; never if the attempt stops first. */
  reserve(frontier: number): Promise<number> {
    if (frontier <= this.confirmed) return Promise.resolve(this.confirmed);
    this.latest = { ...this.latest, frontier: Math.max(frontier, this.frontier) };
    const recorded = new Promise<number>((resolve) => this.waiters.push({ frontier, resolve }));
    if (!this.sending) void this.beat();
    return recorded;
  }

  end(): void {
    this.ended = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.ended) this.timer = setTimeout(() => void this.beat(), this.options.everyMs);
  }

  private async beat(): Promise<void> {
    if (this.ended) return;
    clearTimeout(this.timer);
    this.sending = true;
    const carried = this.latest;
    this.sent++;
    const answer = await this.options.send(carried);
    this.sending = false;
    if (answer === 'recorded' || answer === 'cancelled') this.confirm(carried.frontier!);
    if (answer === 'cancelled' || answer === 'stopped') this.options.onStop(answer === 'cancelled');
    if (answer === 'stopped') return this.end();
    // Lanes waiting for more frontier get the next RPC at once, unless the last one got no answer.
    if (this.waiters.length > 0 && answer !== 'lost') void this.beat();
    else this.schedule();
  }

  private confirm(frontier: number): void {
    this.confirmed = Math.max(this.confirmed, frontier);
    const ready = this.waiters.filter((w) => w.frontier <= this.confirmed);
    this.waiters = this.waiters.filter((w) => w.frontier > this.confirmed);
    for (const w of ready) w.resolve(this.confirmed);
  }
}
