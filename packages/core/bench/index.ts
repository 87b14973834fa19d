// pnpm bench: deletes/s of our clients against one loopback server (its own process) at 16 in flight, compared in the same process
// with a bare node:http keep-alive loop sending the same bytes (no auth, no signing) and, for CAMS, the official SDK.
// Measures the built package (dist/, as published; the script builds it first). Prints; asserts nothing.
import http from 'node:http';
import { fork, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type * as CamsSdk from '@alicloud/cams20200606';
import {
  AlibabaCamsClient,
  EpapClient,
  MonoBrebClient,
  createNodeTransport,
  type HttpRequest,
  type Transport,
} from '../dist/index.js';

const Cams = createRequire(import.meta.url)('@alicloud/cams20200606') as typeof CamsSdk.default;
const CONCURRENCY = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

const server = fork(fileURLToPath(new URL('./loopback-server.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'],
});
const port = await new Promise<number>((resolve) => server.once('message', (m) => resolve(Number(m))));
const base = `http://127.0.0.1:${port}`;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);

/**
 * Deletes/s of each contender. The machine is shared, so contenders alternate in short rounds and each one's total
 * count over its total time is reported: a burst of outside load then hits all of them, not just one.
 */
async function compare(contenders: Record<string, () => Promise<unknown>>): Promise<number[]> {
  const entries = Object.entries(contenders);
  for (const [, once] of entries) for (let i = 0; i < 200; i++) await once(); // warm up sockets, JIT and token caches
  const done = entries.map(() => 0);
  const spent = entries.map(() => 0);
  const cpu = entries.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [, once]] of entries.entries()) {
      const start = performance.now();
      const cpuBefore = process.cpuUsage();
      const deadline = start + (SECONDS * 1000) / ROUNDS;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (performance.now() < deadline) {
            await once();
            done[i]!++;
          }
        }),
      );
      spent[i]! += performance.now() - start;
      const used = process.cpuUsage(cpuBefore);
      cpu[i]! += used.user + used.system;
    }
  }
  return entries.map(([name], i) => {
    const perSecond = done[i]! / (spent[i]! / 1000);
    console.log(
      `${name.padEnd(48)} ${perSecond.toFixed(0).padStart(7)} deletes/s ${(cpu[i]! / done[i]!).toFixed(0).padStart(5)} µs client CPU each`,
    );
    return perSecond;
  });
}

const transport = createNodeTransport();
const mono = new MonoBrebClient({ clientId: 'id', clientSecret: 'secret', baseUrl: base, transport });
const cams = new AlibabaCamsClient({
  accessKeyId: 'AKID',
  accessKeySecret: 'secret',
  endpoint: base,
  rateLimiter: null,
  transport,
});
const epap = new EpapClient({
  clientId: 'id',
  clientSecret: 'secret',
  chainId: 'chain',
  baseUrl: `${base}/receipts`,
  transport,
});
const sdk = new Cams.default(
  new (createRequire(import.meta.url)('@alicloud/openapi-client') as { Config: new (o: object) => object }).Config({
    accessKeyId: 'AKID',
    accessKeySecret: 'secret',
    endpoint: `127.0.0.1:${port}`,
    protocol: 'http',
  }) as never,
);

/**
 * The request a client sends for `call` (its last one: after the token request, if any), recorded once through a client
 * that shares its options, so that the bare loop sends the very same bytes.
 */
async function recorded(call: (t: Transport) => Promise<unknown>): Promise<HttpRequest> {
  const sent: HttpRequest[] = [];
  await call((request) => {
    sent.push(request);
    return transport(request);
  });
  return sent.at(-1)!;
}

/**
 * The baseline: node:http with a keep-alive agent, the request (same method, path and headers as ours, recorded once)
 * given as an options object so Node parses no URL, the answer drained unread. No auth, signing, parsing or retries.
 */
const bareAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const bare = ({ method, url, headers }: HttpRequest) => {
  const path = url.slice(base.length);
  const withLength = { 'content-length': '0', ...headers };
  return () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, method, path, agent: bareAgent, headers: withLength },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end();
    });
};

const qr = { collectionId: 'bbcol_5tgliBmzjZ6mpQPRbQjfKj', qrCodeId: 'bbqr_5tgliBmzjZ6mpQPRbQjfKj' };
const qrdl = { phoneNumber: '8613800000000', qrdlCode: 'D9II3ABC' };
const receipt = { epapId: 'doc', appUserId: 'user' };
const monoSent = await recorded((t) =>
  new MonoBrebClient({ clientId: 'id', clientSecret: 'secret', baseUrl: base, transport: t }).cancelQrCode(qr),
);
const camsSent = await recorded((t) =>
  new AlibabaCamsClient({
    accessKeyId: 'AKID',
    accessKeySecret: 'secret',
    endpoint: base,
    rateLimiter: null,
    transport: t,
  }).deletePhoneMessageQrdl(qrdl),
);
const epapSent = await recorded((t) =>
  new EpapClient({
    clientId: 'id',
    clientSecret: 'secret',
    chainId: 'chain',
    baseUrl: `${base}/receipts`,
    transport: t,
  }).deleteReceipt(receipt),
);

console.log(
  `@teardown/core benchmark — loopback server, ${CONCURRENCY} in flight, ${SECONDS} s each in ${ROUNDS} alternating rounds, Node ${process.version}\n`,
);
const [bareDelete = 0, monoRate = 0] = await compare({
  'bare node:http, same DELETE (baseline)': bare(monoSent),
  'Mono cancelQrCode (ours, OAuth bearer)': () => mono.cancelQrCode(qr),
});
const [barePost = 0, camsRate = 0, sdkRate = 0] = await compare({
  'bare node:http, same POST (baseline)': bare(camsSent),
  'CAMS deletePhoneMessageQrdl (ours, ACS3)': () => cams.deletePhoneMessageQrdl(qrdl),
  'CAMS deletePhoneMessageQrdl (official SDK)': () =>
    sdk.deletePhoneMessageQrdl(new Cams.DeletePhoneMessageQrdlRequest(qrdl)),
});
const [bareEpap = 0, epapRate = 0] = await compare({
  'bare node:http, same POST /v2/delete (baseline)': bare(epapSent),
  'epap deleteReceipt (ours, token)': () => epap.deleteReceipt(receipt),
});

console.log('\nratios (targets in brackets)');
console.log(`  CAMS ours / official SDK   ${(camsRate / sdkRate).toFixed(2)}×  [≥ 1.5]`);
console.log(`  CAMS ours / bare loop      ${(camsRate / barePost).toFixed(2)}×  [≥ 0.8]`);
console.log(`  Mono ours / bare loop      ${(monoRate / bareDelete).toFixed(2)}×  [≥ 0.85]`);
console.log(`  epap ours / bare loop      ${(epapRate / bareEpap).toFixed(2)}×  [≥ 0.85]`);

const dist = new URL('../dist/index.js', import.meta.url).href;
const cold = spawnSync(
  process.execPath,
  [
    '-e',
    `const t=performance.now();import(${JSON.stringify(dist)}).then(()=>console.log((performance.now()-t).toFixed(1)))`,
  ],
  { encoding: 'utf8' },
);
console.log(`\ncold import('@teardown/core') in a fresh process: ${cold.stdout.trim()} ms`);

transport.close();
bareAgent.destroy();
server.disconnect();
