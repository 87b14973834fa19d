// The real Temporal servers tests run on, for test files of every package:
// - the Temporal CLI dev server (`temporal server start-dev`: the real Temporal server on SQLite), for every test that
//   does not need time skipping; tools/temporal-cli/setup.sh finds or installs it;
// - the Java test server (an in-memory test double), only where a test needs time skipping (a 24 h timeout in a
//   second), and in real time for the bench's side-by-side figures; tools/temporal-test-server/setup.sh resolves it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { camsDevServerArgs } from '../src/kinds/index.js';

const tool = (name: string) => {
  const script = fileURLToPath(new URL(`../../../tools/${name}/setup.sh`, import.meta.url));
  return execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
};

let cliPath: string | undefined;
/** The `temporal` binary: $TEMPORAL_CLI, else what tools/temporal-cli/setup.sh finds (PATH) or installs (cache). */
export function temporalCliPath(): string {
  return (cliPath ??= process.env.TEMPORAL_CLI || tool('temporal-cli'));
}

export function testServerPath(): string {
  return process.env.TEMPORAL_TEST_SERVER || tool('temporal-test-server');
}

export const workflowsPath = fileURLToPath(new URL('../dist/workflows/index.js', import.meta.url));

/** A dev server the SDK starts on a free port, in memory, and stops with env.teardown(). */
export function createDevServerEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ip: '127.0.0.1',
      extraArgs: camsDevServerArgs(),
    },
  });
}

/** The Java test server with time skipping: only for tests that wait out hours of workflow time. */
export function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath() } },
  });
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** A Temporal server process of the test's own, for tests that kill the server and for the bench. */
export interface ServerProcess {
  /** host:port of its gRPC frontend, for TEMPORAL_ADDRESS. */
  address: string;
  process: ChildProcess;
  /** SIGKILL, as a crash or an OOM kill would: no shutdown of any kind. */
  kill(): Promise<void>;
  /** Starts it again on the same port (and SQLite file); resolves once it answers. */
  restart(): Promise<void>;
  /** Kills it and removes its files. */
  stop(): Promise<void>;
}

/** A dev server on a SQLite file: SIGKILL it, start it again, and the workflows it held are there again. */
export interface DevServer extends ServerProcess {
  dbFilename: string;
}

async function startServerProcess(command: string, args: string[], address: string, dir?: string) {
  const server: ServerProcess = {
    address,
    process: spawn(command, args, { stdio: 'ignore' }),
    async kill() {
      const child = server.process;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    async restart() {
      await server.kill();
      server.process = spawn(command, args, { stdio: 'ignore' });
      await untilUp(address, server.process);
    },
    async stop() {
      await server.kill();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
  await untilUp(address, server.process);
  return server;
}

export async function startDevServer(): Promise<DevServer> {
  const dir = await mkdtemp(join(tmpdir(), 'teardown-temporal-'));
  const dbFilename = join(dir, 'temporal.db');
  const server = await startDevServerWith(['--db-filename', dbFilename], dir);
  return Object.assign(server, { dbFilename });
}

/** A dev server as `temporal server start-dev` runs by default: in memory (a restart loses its workflows). */
export function startInMemoryDevServer(): Promise<ServerProcess> {
  return startDevServerWith([]);
}

async function startDevServerWith(storage: string[], dir?: string): Promise<ServerProcess> {
  const port = await freePort();
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', ...storage];
  args.push('--log-level', 'error', ...camsDevServerArgs());
  return startServerProcess(temporalCliPath(), args, `127.0.0.1:${port}`, dir);
}

/** The Java test server in real time (no time skipping), for the bench's side-by-side figures. */
export async function startJavaTestServer(): Promise<ServerProcess> {
  const port = await freePort();
  return startServerProcess(testServerPath(), [String(port)], `127.0.0.1:${port}`);
}

async function untilUp(address: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`the Temporal server at ${address} exited (${child.exitCode})`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1 second' });
      // The frontend answers before the namespace is ready: wait until the default namespace can be described.
      await connection.workflowService.describeNamespace({ namespace: 'default' });
      await connection.close();
      return;
    } catch (error) {
      if (attempt >= 300) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** With RECORD_HISTORIES=1, saves a finished workflow's history for the replay test (test/histories, checked in), named
 * after the server it ran on: the recording tests run on the dev server. */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const file = new URL(`./histories/${name}.dev-server.json`, import.meta.url);
  await writeFile(file, historyToJSON(await handle.fetchHistory()));
}
