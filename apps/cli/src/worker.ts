// `teardown worker`: the same worker as apps/worker (workflows, and the provider activities with credentials from
// TEARDOWN_* variables), connected with the CLI's Temporal flags. Secrets come from the environment only: a command
// line is visible to every user of the machine.
import { Runtime } from '@temporalio/worker';
import {
  CREDENTIALS_HINT,
  printableLogger,
  providersFromEnv,
  startWorker,
  tuningFromEnv,
  workerStartError,
} from '@teardown/worker';
import { temporalConfig, type TemporalFlags } from './connect.js';
import { CliError, EXIT } from './exit.js';
import type { Output } from './output.js';

export async function runWorker(flags: TemporalFlags, o: Output): Promise<number> {
  const providers = providersFromEnv();
  const configured = Object.keys(providers);
  if (configured.length === 0) {
    throw new CliError(
      `No provider credentials: set ${CREDENTIALS_HINT} (every variable of a provider; \`teardown --help\` lists the optional ones).`,
      EXIT.invalidInput,
    );
  }
  let tuning: ReturnType<typeof tuningFromEnv>;
  try {
    tuning = tuningFromEnv();
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.invalidInput);
  }
  const { connectionOptions, namespace } = temporalConfig(flags);
  // Warnings and errors only: the SDK's INFO lines (workflow bundling, worker state) are noise on an operator's terminal.
  // Printable: its "Activity failed" warning carries provider text (see apps/worker/src/logger.ts).
  Runtime.install({ logger: printableLogger('WARN') });
  let running;
  try {
    running = await startWorker({
      connection: connectionOptions,
      namespace,
      providers,
      ...tuning,
      ...(flags.taskQueue && { taskQueue: flags.taskQueue }),
    });
  } catch (error) {
    throw new CliError(workerStartError(connectionOptions.address, error), EXIT.temporalUnreachable);
  }
  o.err.write(
    `Teardown worker polling ${connectionOptions.address} (namespace ${namespace}, task queue ${flags.taskQueue ?? 'teardown'}) for ${configured.join(', ')}. Ctrl-C stops it after in-flight deletes finish.\n`,
  );
  // The Temporal runtime handles SIGINT/SIGTERM: polling stops, in-flight activities get their grace time.
  await running.done;
  o.err.write('Teardown worker stopped.\n');
  return EXIT.allDone;
}
