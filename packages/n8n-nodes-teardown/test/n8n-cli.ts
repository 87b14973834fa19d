// Running a real n8n headlessly (tools/n8n/setup.sh installs it): a temp user folder, the built package as a custom
// extension, and the CLI's import/execute commands.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Tests and the bench run from the package folder (pnpm and vitest both start there); this package is CommonJS.
export const packageDir = process.cwd();
export const n8nDir =
  process.env.TEARDOWN_N8N_DIR ??
  execFileSync('bash', [join(packageDir, '../../tools/n8n/setup.sh')], { encoding: 'utf8' }).trim();
export const work = mkdtempSync(join(tmpdir(), 'teardown-n8n-'));
// vitest sets NODE_ENV=test, under which the n8n CLI prints nothing: run it as a user would.
const env = {
  ...process.env,
  NODE_ENV: 'production',
  N8N_USER_FOLDER: join(work, 'user'),
  N8N_CUSTOM_EXTENSIONS: join(work, 'ext'),
  N8N_ENCRYPTION_KEY: 'teardown-e2e',
  N8N_DIAGNOSTICS_ENABLED: 'false',
  N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
  N8N_RUNNERS_ENABLED: 'false',
};

/**
 * Runs the n8n CLI without blocking this process (the sandbox answers n8n from here). Its output goes to a file, not a
 * pipe: n8n exits right after printing, and a pipe loses what was still buffered.
 */
export async function n8n(...args: string[]): Promise<string> {
  const file = join(work, 'cli-output.txt');
  const fd = openSync(file, 'w');
  const child = spawn(join(n8nDir, 'bin/n8n'), args, { env, stdio: ['ignore', fd, 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  closeSync(fd);
  const out = readFileSync(file, 'utf8');
  if (args[0] !== 'execute' && status !== 0)
    throw new Error(`n8n ${args.join(' ')} failed (status ${String(status)}): ${stderr.slice(-2000)}`);
  return out;
}

/** A free loopback port (the OS picks it; closed again before n8n takes it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface N8nServer {
  url: string;
  /** Calls n8n's REST API (`/rest/...`) as the owner set up at start. */
  rest<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** GET of any path of n8n's (e.g. what its editor loads), as the owner. */
  get(path: string): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * Starts `n8n start` on a free loopback port with the same user folder as the CLI commands (so what was imported and
 * published before is there and active), sets up the owner and logs in with a cookie.
 */
export async function startServer(): Promise<N8nServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const fd = openSync(join(work, 'server-output.txt'), 'w');
  const child = spawn(join(n8nDir, 'bin/n8n'), ['start'], {
    env: {
      ...env,
      N8N_PORT: String(port),
      N8N_LISTEN_ADDRESS: '127.0.0.1',
      N8N_HOST: '127.0.0.1',
      WEBHOOK_URL: `${url}/`,
      N8N_SECURE_COOKIE: 'false',
      // n8n's task broker listens even with runners off, on 5679 by default: two servers at once (this package's test
      // files run in parallel, other projects' n8n on the machine) would collide.
      N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    },
    stdio: ['ignore', fd, fd],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let alive = true;
  void exited.then(() => (alive = false));
  const stop = async () => {
    if (alive) child.kill('SIGTERM');
    await exited;
    closeSync(fd);
  };
  for (let ready = false; !ready;) {
    if (!alive)
      throw new Error(`n8n start exited: ${readFileSync(join(work, 'server-output.txt'), 'utf8').slice(-2000)}`);
    ready = await fetch(`${url}/healthz/readiness`).then(
      (r) => r.ok,
      () => false,
    );
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  let cookie = '';
  const rest = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/rest${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'browser-id': 'teardown-e2e', ...(cookie && { cookie }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const owner = await rest('POST', '/owner/setup', {
    email: 'owner@teardown.invalid',
    firstName: 'Tear',
    lastName: 'Down',
    password: 'Teardown-e2e-1',
  });
  if (owner.status !== 200 || !cookie) {
    await stop();
    throw new Error(`owner setup failed: ${owner.status} ${JSON.stringify(owner.body)}`);
  }
  const get = (path: string) =>
    fetch(`${url}/${path.replace(/^\//, '')}`, { headers: { 'browser-id': 'teardown-e2e', cookie } });
  return { url, rest, get, stop };
}

/** The first JSON object the CLI printed (log lines may come before and after it). */
export function firstJson(out: string): unknown {
  const start = out.indexOf('{\n');
  for (let end = out.indexOf('\n}', start); end >= 0; end = out.indexOf('\n}', end + 1)) {
    try {
      return JSON.parse(out.slice(start, end + 2));
    } catch {
      // not the end of the object yet
    }
  }
  throw new Error(`no JSON in n8n's output: ${out.slice(0, 2000)}`);
}

export interface RunData {
  executionStatus: string;
  data?: { main: { json: Record<string, unknown> }[][] };
  error?: { message: string };
}
/** Runs a workflow and returns its run data per node (the CLI prints log lines before the JSON). */
export async function execute(
  workflow: object & { id: string },
): Promise<{ runData: Record<string, RunData[]>; error?: { message: string } }> {
  const file = join(work, `${workflow.id}.json`);
  writeFileSync(file, JSON.stringify(workflow));
  await n8n('import:workflow', `--input=${file}`);
  const json = firstJson(await n8n('execute', `--id=${workflow.id}`, '--rawOutput')) as {
    data: { resultData: { runData: Record<string, RunData[]>; error?: { message: string } } };
  };
  return json.data.resultData;
}

/** Puts the built package where N8N_CUSTOM_EXTENSIONS points. */
export function installBuiltPackage(): void {
  cpSync(join(packageDir, 'dist'), join(work, 'ext/n8n-nodes-teardown/dist'), { recursive: true });
  cpSync(join(packageDir, 'package.json'), join(work, 'ext/n8n-nodes-teardown/package.json'));
}

export async function importCredentials(credentials: object[]): Promise<void> {
  writeFileSync(join(work, 'creds.json'), JSON.stringify(credentials));
  await n8n('import:credentials', `--input=${join(work, 'creds.json')}`);
}
