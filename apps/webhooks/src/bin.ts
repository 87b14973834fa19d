#!/usr/bin/env node
// `teardown-webhooks`: listens on HOST:PORT (default 127.0.0.1:8787) at TEARDOWN_WEBHOOK_PATH (default /mono) for Mono
// webhooks signed with TEARDOWN_MONO_WEBHOOK_SECRET (comma-separated during rotation) and signals Teardown's workflows;
// Temporal from Temporal's env config. It connects at start-up but starts whether or not Temporal is up: a signal is
// tried again for up to 8 s, then the delivery gets a 503 and Mono redelivers it.
import { Client, Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { printableJson } from '@teardown/core';
import { TeardownClient } from '@teardown/temporal';
import { DEFAULT_PATH, createWebhookServer, signalWith } from './index.js';

const secrets = (process.env.TEARDOWN_MONO_WEBHOOK_SECRET ?? '').split(',').filter(Boolean);
if (secrets.length === 0) {
  console.error('Set TEARDOWN_MONO_WEBHOOK_SECRET (comma-separated for rotation).');
  process.exit(2);
}
const path = process.env.TEARDOWN_WEBHOOK_PATH ?? DEFAULT_PATH;
if (!path.startsWith('/')) {
  console.error(`TEARDOWN_WEBHOOK_PATH must start with "/" (got ${JSON.stringify(path)}).`);
  process.exit(2);
}
const { connectionOptions, namespace } = loadClientConnectConfig();
// Lazy, so that Temporal being down cannot stop the receiver from starting.
// gRPC reconnects on its own; its backoff is capped at 5 s (default 2 min) so deliveries succeed soon after Temporal is back.
const connection = Connection.lazy({
  ...connectionOptions,
  channelArgs: { 'grpc.max_reconnect_backoff_ms': 5000 },
});
// Warm: connect now, in the background, so the first delivery does not pay for the connection (a failure here only
// means Temporal is not up yet: the signal's tries connect when it is).
connection.ensureConnected().catch((error: unknown) => {
  console.log(`Temporal not reachable yet: ${printableJson(error instanceof Error ? error.message : String(error))}`);
});
const teardown = new TeardownClient({ client: new Client({ connection, ...(namespace && { namespace }) }) });
const server = createWebhookServer({
  secrets,
  path,
  onCollectionDiscarded: signalWith(teardown, { connection }),
  log: (line) => console.log(line),
});
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8787);
server.once('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EADDRINUSE') throw error;
  console.error(`Port ${port} on ${host} is already in use: set PORT to another, e.g. PORT=${port + 1}.`);
  process.exit(2);
});
server.listen(port, host, () => {
  const address = server.address() as { address: string; port: number };
  console.log(`Teardown webhooks listening on http://${address.address}:${address.port}${path}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => server.close(() => void connection.close()));
