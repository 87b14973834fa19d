// The embedded stack `teardown demo` (and the CLI's tests) run on: a real Temporal server, the sandbox, Teardown's
// worker and the webhook receiver, all on loopback and all stopped by close(). The Temporal server is the Java test
// server (Maven Central, run in real time — no time skipping — so webhooks and rate limits behave as in production),
// found at $TEMPORAL_TEST_SERVER or in the cache tools/temporal-test-server/setup.sh fills.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { CAMS_RATE_WINDOW_MS, createRateLimiter } from '@teardown/core';
import { startSandbox, type Sandbox, type SandboxOptions } from '@teardown/sandbox';
import { TeardownClient } from '@teardown/temporal';
import { createWebhookServer, signalWith } from '@teardown/webhooks';
import { startWorker, type RunningWorkers } from '@teardown/worker';
import { CliError, EXIT } from './exit.js';

export const TEST_SERVER_VERSION = '1.38.0';

export interface Stack {
  /** host:port of the Temporal server, for other `teardown` processes (TEMPORAL_ADDRESS). */
  address: string;
  sandbox: Sandbox;
  teardown: TeardownClient;
  webhookUrl: string;
  close(): Promise<void>;
}

export function testServerPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TEMPORAL_TEST_SERVER) return env.TEMPORAL_TEST_SERVER;
  const cached = join(
    env.TEARDOWN_CACHE ?? join(homedir(), '.cache', 'teardown'),
    `temporal-test-server-${TEST_SERVER_VERSION}`,
    'temporal-test-server',
  );
  if (existsSync(cached)) return cached;
  throw new CliError(
    'No Temporal test server found: run `bash tools/temporal-test-server/setup.sh` (or `./teardown demo` from a clone, which does), or set TEMPORAL_TEST_SERVER.',
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

async function connectWhenUp(address: string, server: ChildProcess): Promise<Connection> {
  let exited = false;
  server.once('exit', () => (exited = true));
  for (let attempt = 0; ; attempt++) {
    if (exited)
      throw new CliError(`The Temporal test server exited while starting (${address})`, EXIT.temporalUnreachable);
    try {
      return await Connection.connect({ address, connectTimeout: '1 second' });
    } catch (error) {
      if (attempt >= 120)
        throw new CliError(
          `The Temporal test server did not come up at ${address}: ${(error as Error).message}`,
          EXIT.temporalUnreachable,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

let runtimeInstalled = false;

export async function startStack(options: { sandbox?: SandboxOptions } = {}): Promise<Stack> {
  const cleanups: (() => unknown)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  };
  try {
    if (!runtimeInstalled) {
      // The worker shares the terminal with the progress display: only errors from the SDK.
      Runtime.install({
        logger: new DefaultLogger('ERROR'),
        telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
      });
      runtimeInstalled = true;
    }
    const [port, sandbox] = await Promise.all([freePort(), startSandbox(options.sandbox)]);
    cleanups.push(() => sandbox.close());
    const address = `127.0.0.1:${port}`;
    const server = spawn(testServerPath(), [String(port)], { stdio: 'ignore' });
    cleanups.push(() => {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGKILL');
        return exited;
      }
    });
    const connection = await connectWhenUp(address, server);
    cleanups.push(() => connection.close());
    const teardown = new TeardownClient({ client: new Client({ connection }) });

    const { mono, cams, epap } = sandbox.credentials;
    // Production holds CAMS to 5/s with the CAMS task queue's rate limit, which the Java test server does not enforce:
    // here the one in-process worker paces its CAMS client itself, to the same 5 per second.
    const camsPace = createRateLimiter({ perSecond: 5, windowMs: CAMS_RATE_WINDOW_MS });
    const nativeConnection = await NativeConnection.connect({ address });
    cleanups.push(() => nativeConnection.close());
    const worker: RunningWorkers = await startWorker({
      connection: nativeConnection,
      providers: { mono, epap, cams: { ...cams, rateLimiter: camsPace } },
      shutdownGraceTime: '2 seconds',
    });
    cleanups.push(() => worker.shutdown());

    const webhooks = createWebhookServer({
      secrets: [mono.webhookSecret],
      onCollectionDiscarded: signalWith(teardown),
    });
    await new Promise<void>((resolve) => webhooks.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => webhooks.close(resolve)));
    const webhookUrl = `http://127.0.0.1:${(webhooks.address() as net.AddressInfo).port}/mono`;
    sandbox.admin.registerWebhook({ url: webhookUrl });

    return { address, sandbox, teardown, webhookUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}
