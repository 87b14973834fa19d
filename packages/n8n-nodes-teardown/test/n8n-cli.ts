// Running a real n8n headlessly (tools/n8n/setup.sh installs it): a temp user folder, the built package as a custom
// extension, and the CLI's import/execute commands.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Tests and the bench run from the package folder (pnpm and vitest both start there); this package is CommonJS.
export const packageDir = process.cwd();
const n8nDir = process.env.TEARDOWN_N8N_DIR ?? execFileSync('bash', [join(packageDir, '../../tools/n8n/setup.sh')], { encoding: 'utf8' }).trim();
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
  if (args[0] !== 'execute' && status !== 0) throw new Error(`n8n ${args.join(' ')} failed (status ${String(status)}): ${stderr.slice(-2000)}`);
  return out;
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
export async function execute(workflow: object & { id: string }): Promise<{ runData: Record<string, RunData[]>; error?: { message: string } }> {
  const file = join(work, `${workflow.id}.json`);
  writeFileSync(file, JSON.stringify(workflow));
  await n8n('import:workflow', `--input=${file}`);
  const json = firstJson(await n8n('execute', `--id=${workflow.id}`, '--rawOutput')) as { data: { resultData: { runData: Record<string, RunData[]>; error?: { message: string } } } };
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
