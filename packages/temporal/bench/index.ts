// pnpm bench: the same work on both Temporal servers, side by side — the Temporal CLI dev server (the real server, on
// SQLite) and the Java test server (an in-memory test double, real time): 2,000 Mono/epap deletes by a plain
// @teardown/core loop and through batchDelete (worker, client and sandbox in one process), then 300 CAMS deletes by two
// worker processes sharing the CAMS task queue (maxTaskQueueActivitiesPerSecond 4.9, one partition, no limiter in the CAMS clients).
// Each server runs in a process of its own (bench/server-rows.ts). Prints figures and ratios; asserts nothing.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { chunkedBatchBench } from './chunks.js';
import type { ServerRows } from './server-rows.js';

async function rowsOn(server: 'dev' | 'java'): Promise<ServerRows> {
  const child = fork(fileURLToPath(new URL('./server-rows.ts', import.meta.url)), [server], {
    execArgv: ['--import', 'tsx'],
  });
  const [rows] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`bench/server-rows.ts ${server} exited (${code})`))),
  ])) as [ServerRows];
  await once(child, 'exit');
  return rows;
}

const dev = await rowsOn('dev');
const java = await rowsOn('java');

const row = (label: string, f: (r: ServerRows) => string) =>
  console.log(`${label.padEnd(48)}${f(dev).padStart(26)}${f(java).padStart(20)}`);
const pct = (s: number) => `${s >= 60 ? '+' : ''}${((s / 60 - 1) * 100).toFixed(1)}%`;

console.log('@teardown/temporal benchmark (sandbox on loopback, 2 cores)\n');
row('', (r) => (r === dev ? 'Temporal CLI dev server' : 'Java test server'));
row('plain core loop, 16 in flight (deletes/s)', (r) => r.plainRate.toFixed(0));
row('batchDelete, 8 per provider × 2 (deletes/s)', (r) => r.batchRate.toFixed(0));
row('batchDelete / plain loop', (r) => `${(r.batchRate / r.plainRate).toFixed(2)}×`);
row('history events per target', (r) => r.eventsPerTarget.toFixed(2));
row('peak RSS, worker + client + sandbox (MB)', (r) => r.peakRssMb.toFixed(0));
row('CAMS 300 via 2 workers (s, floor 60 s at 5/s)', (r) => `${r.cams.seconds.toFixed(1)} (${pct(r.cams.seconds)})`);
row('  System.LimitControl', (r) => String(r.cams.limitControl));
row('  most CAMS requests in one rolling second', (r) => String(r.cams.mostInOneSecond));
console.log(
  `\nCAMS 300 via 2 workers on the Temporal CLI dev server: ${dev.cams.seconds.toFixed(1)} s, ${dev.cams.limitControl} System.LimitControl`,
);

// Then the chunked batch on the Temporal CLI dev server (bench/chunks.ts), ending with the batchDelete / plain loop ratio.
for (const line of await chunkedBatchBench()) console.log(line);
