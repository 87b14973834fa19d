#!/usr/bin/env node
// `pnpm --filter @teardown/sandbox start [port]`: runs the sandbox until Ctrl-C, printing its URL and credentials.
import { startSandbox } from './index.js';

const port = Number(process.argv[2] ?? process.env.SANDBOX_PORT ?? 4010);
const sandbox = await startSandbox({
  port,
  seed: Number(process.env.SANDBOX_SEED ?? 1),
  seedData: { mono: { count: 5, qrCodesPerCollection: 3 }, cams: { count: 5 }, epap: { count: 5 } },
}).catch((error: NodeJS.ErrnoException) => {
  if (error.code !== 'EADDRINUSE') throw error;
  console.error(
    `Port ${port} is already in use (another sandbox?): give another as the first argument or SANDBOX_PORT, e.g. SANDBOX_PORT=${port + 1}.`,
  );
  process.exit(2);
});
const { mono, cams, epap } = sandbox.credentials;
console.log(`Teardown sandbox listening on ${sandbox.url}  (admin: ${sandbox.url}/__admin/state)

Mono Bre-B   base URL ${mono.baseUrl}
             client id ${mono.clientId}   client secret ${mono.clientSecret}   webhook secret ${mono.webhookSecret}
CAMS         endpoint ${cams.endpoint}
             AccessKey id ${cams.accessKeyId}   secret ${cams.accessKeySecret}   phone number ${cams.phoneNumber}
epap         base URL ${epap.baseUrl}
             client id ${epap.clientId}   client secret ${epap.clientSecret}   chain id ${epap.chainId}

Seeded 5 collections with 3 dynamic QR codes each, 5 CAMS message QR codes and 5 receipts (GET /__admin/state).`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
