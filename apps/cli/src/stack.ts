// The embedded stack `teardown demo` (and the CLI's tests) run on: a real Temporal server, the sandbox, Teardown's
// worker and the webhook receiver, all on loopback and all stopped by close(). The Temporal server is the Temporal CLI's
// dev server (`temporal server start-dev`: the real server on SQLite, with its Web UI) on free ports. Only when no
// Temporal CLI can be found does it fall back to the Java test server (Maven Central, an in-memory test double, run in
// real time), and says so.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import net from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { CAMS_RATE_WINDOW_MS, createRateLimiter } from '@teardown/core';
import { startSandbox, type Sandbox, type SandboxOptions } from '@teardown/sandbox';
import { TeardownClient, camsDevServerArgs } from '@teardown/temporal';
import { createWebhookServer, signalWith } from '@teardown/webhooks';
import { printableLogger, startWorker, type RunningWorkers } from '@teardown/worker';
import { CliError, EXIT } from './exit.js';

/** The versions tools/temporal-cli/setup.sh and tools/temporal-test-server/setup.sh put in the cache. */
export const TEMPORAL_CLI_VERSION = '1.9.1';
export const TEST_SERVER_VERSION = '1.38.0';

export interface Stack {
  /** host:port of the Temporal server, for other `teardown` processes (TEMPORAL_ADDRESS). */
  address: string;
  /** Which Temporal server runs, in words, e.g. "the Temporal CLI dev server". */
  server: string;
  /** The Temporal Web UI's base URL (dev server only). */
  webUi?: string;
  sandbox: Sandbox;
  teardown: TeardownClient;
  webhookUrl: string;
  close(): Promise<void>;
}

export const cacheDir = (env: NodeJS.ProcessEnv = process.env) =>
  env.TEARDOWN_CACHE ?? join(homedir(), '.cache', 'teardown');

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The Temporal CLI, in tools/temporal-cli/setup.sh's order: $TEMPORAL_CLI, `temporal` on PATH, the cached pinned
 * release. Undefined when there is none.
 */
export function temporalCliPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TEMPORAL_CLI) return env.TEMPORAL_CLI;
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'temporal'))
    .find(executable);
  const cached = join(cacheDir(env), `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'bin', 'temporal');
  return onPath ?? (executable(cached) ? cached : undefined);
}

export function testServerPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TEMPORAL_TEST_SERVER) return env.TEMPORAL_TEST_SERVER;
  const cached = join(cacheDir(env), `temporal-test-server-${TEST_SERVER_VERSION}`, 'temporal-test-server');
  if (existsSync(cached)) return cached;
  throw new CliError(
    'No Temporal server to run: no Temporal CLI (set TEMPORAL_CLI, put `temporal` on PATH, or run `bash tools/temporal-cli/setup.sh`; `./teardown demo` from a clone runs it) and no Java test server (`bash tools/temporal-test-server/setup.sh`, or set TEMPORAL_TEST_SERVER).',
    EXIT.invalidInput,
  );
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

interface ServerProcess {
  process: ChildProcess;
  address: string;
  server: string;
  webUi?: string;
}

/** The dev server (state in `dbFilename`, or in memory); the Java test server without a Temporal CLI. Free ports unless given. */
async function spawnTemporal(
  { dbFilename, ports = {} }: StackOptions,
  onFallback: (line: string) => void,
): Promise<ServerProcess> {
  const [port, uiPort] = await Promise.all([ports.temporal ?? freePort(), ports.ui ?? freePort()]);
  const address = `127.0.0.1:${port}`;
  const cli = temporalCliPath();
  if (cli) {
    const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort)];
    if (dbFilename) args.push('--db-filename', dbFilename);
    args.push('--log-level', 'error', ...camsDevServerArgs());
    const webUi = `http://127.0.0.1:${uiPort}`;
    return { process: spawn(cli, args, { stdio: 'ignore' }), address, server: 'the Temporal CLI dev server', webUi };
  }
  const path = testServerPath();
  onFallback(
    'No Temporal CLI found (TEMPORAL_CLI, `temporal` on PATH, or `bash tools/temporal-cli/setup.sh`): running on the Temporal Java test server, an in-memory test double, instead.',
  );
  return {
    process: spawn(path, [String(port)], { stdio: 'ignore' }),
    address,
    server: 'the Temporal Java test server',
  };
}

async function connectWhenUp({ address, process: server }: ServerProcess): Promise<Connection> {
  let exited = false;
  server.once('exit', () => (exited = true));
  for (let attempt = 0; ; attempt++) {
    if (exited)
      throw new CliError(
        `The Temporal server exited while starting at ${address} (is that port, or its Web UI's, in use?)`,
        EXIT.temporalUnreachable,
      );
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1 second' });
      // The dev server answers before its namespace is ready: wait until the namespace can be described.
      await connection.workflowService.describeNamespace({ namespace: 'default' });
      return connection;
    } catch (error) {
      if (attempt >= 120)
        throw new CliError(
          `The Temporal server did not come up at ${address}: ${(error as Error).message}`,
          EXIT.temporalUnreachable,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

let runtimeInstalled = false;

export interface StackOptions {
  sandbox?: SandboxOptions;
  /** The dev server's SQLite file (kept after close, so the run can be browsed again); in memory without it. */
  dbFilename?: string;
  /** Fixed ports (`teardown dev`, for other terminals to find): free ones for those not given. */
  ports?: { temporal?: number; ui?: number; webhooks?: number };
  /** Told, in one line, when the stack falls back to the Java test server. */
  onFallback?: (line: string) => void;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const cleanups: (() => unknown)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  };
  try {
    if (!runtimeInstalled) {
      // The worker shares the terminal with the progress display: only errors from the SDK.
      Runtime.install({
        logger: printableLogger('ERROR'),
        telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
      });
      runtimeInstalled = true;
    }
    const sandbox = await startSandbox(options.sandbox);
    cleanups.push(() => sandbox.close());
    const temporal = await spawnTemporal(options, options.onFallback ?? (() => undefined));
    const { address, process: server } = temporal;
    cleanups.push(() => {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGKILL');
        return exited;
      }
    });
    const connection = await connectWhenUp(temporal);
    cleanups.push(() => connection.close());
    const teardown = new TeardownClient({ client: new Client({ connection }) });

    const { mono, cams } = sandbox.credentials;
    // The one in-process worker paces its CAMS client to CAMS's 5 in any second. The CAMS task queue's own limit alone
    // would not do: the dev server enforces it as a token bucket (5 at once, then one per 200 ms, so up to 9–10 start
    // within one second after a pause), and the Java test server not at all.
    const camsPace = createRateLimiter({ perSecond: 5, windowMs: CAMS_RATE_WINDOW_MS });
    const nativeConnection = await NativeConnection.connect({ address });
    cleanups.push(() => nativeConnection.close());
    const worker: RunningWorkers = await startWorker({
      connection: nativeConnection,
      // Every provider the sandbox simulates (its credentials are keyed like ActivitiesConfig).
      providers: { ...sandbox.credentials, cams: { ...cams, rateLimiter: camsPace } },
      shutdownGraceTime: '2 seconds',
    });
    cleanups.push(() => worker.shutdown());

    const webhooks = createWebhookServer({
      secrets: [mono.webhookSecret],
      onCollectionDiscarded: signalWith(teardown),
    });
    await new Promise<void>((resolve, reject) => {
      webhooks.once('error', reject);
      webhooks.listen(options.ports?.webhooks ?? 0, '127.0.0.1', resolve);
    });
    cleanups.push(() => new Promise((resolve) => webhooks.close(resolve)));
    const webhookUrl = `http://127.0.0.1:${(webhooks.address() as net.AddressInfo).port}/mono`;
    sandbox.admin.registerWebhook({ url: webhookUrl });

    const { server: serverName, webUi } = temporal;
    return { address, server: serverName, ...(webUi && { webUi }), sandbox, teardown, webhookUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}
