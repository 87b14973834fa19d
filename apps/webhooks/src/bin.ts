#!/usr/bin/env node
// `teardown-webhooks`: listens on PORT (default 8787) for Mono webhooks signed with TEARDOWN_MONO_WEBHOOK_SECRET
// (comma-separated during rotation) and signals Teardown's workflows; Temporal from Temporal's env config.
import { Client, Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { TeardownClient } from '@teardown/temporal';
import { createWebhookServer, signalWith } from './index.js';

const secrets = (process.env.TEARDOWN_MONO_WEBHOOK_SECRET ?? '').split(',').filter(Boolean);
if (secrets.length === 0) {
  console.error('Set TEARDOWN_MONO_WEBHOOK_SECRET (comma-separated for rotation).');
  process.exit(2);
}
const { connectionOptions, namespace } = loadClientConnectConfig();
const connection = await Connection.connect(connectionOptions);
const teardown = new TeardownClient({ client: new Client({ connection, ...(namespace && { namespace }) }) });
const server = createWebhookServer({
  secrets,
  onCollectionDiscarded: signalWith(teardown),
  log: (line) => console.log(line),
});
const port = Number(process.env.PORT ?? 8787);
server.listen(port, () => console.log(`Teardown webhooks listening on :${port}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => server.close(() => void connection.close()));
