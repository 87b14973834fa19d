#!/usr/bin/env node
// `teardown-worker`: Temporal connection from Temporal's own environment configuration (TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE, or a config file), provider credentials
// from TEARDOWN_* variables, the workflow cache from TEARDOWN_MAX_CACHED_WORKFLOWS. The Temporal runtime's own shutdown
// signals (SIGINT, SIGTERM, …) stop polling and let in-flight activities finish within the grace time.
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { Runtime } from '@temporalio/worker';
import {
  CREDENTIALS_HINT,
  printableLogger,
  providersFromEnv,
  startWorker,
  tuningFromEnv,
  workerStartError,
  type RunningWorkers,
} from './index.js';

// The SDK's own log lines carry provider text (a failed activity's message): printed escaped (see logger.ts).
Runtime.install({ logger: printableLogger('INFO') });

const { connectionOptions, namespace } = loadClientConnectConfig();
const providers = providersFromEnv();
const configured = Object.keys(providers);
if (configured.length === 0) {
  console.error(`No provider credentials: set ${CREDENTIALS_HINT}.`);
  process.exit(2);
}
let tuning: ReturnType<typeof tuningFromEnv>;
try {
  tuning = tuningFromEnv();
} catch (error) {
  console.error(`${(error as Error).message}.`);
  process.exit(2);
}
const address = connectionOptions.address ?? 'localhost:7233';
let running: RunningWorkers;
try {
  running = await startWorker({ connection: connectionOptions, ...(namespace && { namespace }), providers, ...tuning });
} catch (error) {
  console.error(workerStartError(address, error));
  process.exit(3);
}
console.log(`Teardown worker polling ${address} (namespace ${namespace ?? 'default'}) for ${configured.join(', ')}`);
await running.done;
console.log('Teardown worker stopped');
