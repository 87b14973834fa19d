// pnpm bench: sandbox startup time and requests/s on loopback at 16 in flight, for a mix of endpoints. Prints only.
import http from 'node:http';
import { startSandbox } from '../src/index.js';

const t0 = performance.now();
const sb = await startSandbox({ seed: 1, camsRequestsPerSecond: 1_000_000 });
const startupMs = performance.now() - t0;
const seeded = sb.admin.seed({ mono: { count: 200, qrCodesPerCollection: 5 }, epap: { count: 20_000 } });

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
function request(method: string, path: string, headers: Record<string, string> = {}, body = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${sb.url}${path}`,
      { method, agent, headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const monoToken = await new Promise<string>((resolve) => {
  void fetch(`${sb.url}/mono/api/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: sb.credentials.mono.clientId,
      client_secret: sb.credentials.mono.clientSecret,
      grant_type: 'client_credentials',
    }),
  })
    .then((r) => r.json() as Promise<{ access_token: string }>)
    .then((j) => resolve(j.access_token));
});
const epapToken = (
  (await (
    await fetch(`${sb.url}/epap/v1/login`, {
      method: 'POST',
      headers: { clientid: sb.credentials.epap.clientId, clientsecret: sb.credentials.epap.clientSecret },
    })
  ).json()) as { access_token: string }
).access_token;

let i = 0;
const mix = [
  () => {
    const c = seeded.mono.collections[i % 200]!;
    return request('GET', `/mono/api/v1/collections/${c.id}/qr?canceled=false`, {
      authorization: `Bearer ${monoToken}`,
    });
  },
  () => {
    const c = seeded.mono.collections[i % 200]!;
    return request('DELETE', `/mono/api/v1/collections/${c.id}/qr/${c.qrCodes[i % 5]!}`, {
      authorization: `Bearer ${monoToken}`,
    });
  },
  () => {
    const r = seeded.epap.receipts[i % 20_000]!;
    return request('POST', '/epap/v2/delete', {
      authorization: `Bearer ${epapToken}`,
      epap_id: r.epapId,
      client_id: sb.credentials.epap.clientId,
      chain_id: r.chainId,
      app_user_id: r.appUserId,
    });
  },
];
let done = 0;
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const deadline = performance.now() + seconds * 1000;
const start = performance.now();
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (performance.now() < deadline) {
      await mix[i++ % mix.length]!();
      done++;
    }
  }),
);
const rate = done / ((performance.now() - start) / 1000);
console.log(`@teardown/sandbox benchmark (client in the same process, 16 in flight, ${seconds} s)`);
console.log(`  startup                 ${startupMs.toFixed(1)} ms`);
console.log(`  mixed Mono/epap traffic ${rate.toFixed(0)} requests/s  [target ≥ 2000]`);
agent.destroy();
await sb.close();
