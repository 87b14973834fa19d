// End to end in a real n8n 2.41 (installed by tools/n8n/setup.sh): the built package loaded as a custom extension,
// credentials and example workflows imported with n8n's CLI pointing at the sandbox, executed headlessly, and the
// sandbox's own record checked.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@teardown/sandbox';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const n8nDir = process.env.TEARDOWN_N8N_DIR ?? execFileSync('bash', [join(packageDir, '../../tools/n8n/setup.sh')], { encoding: 'utf8' }).trim();
const work = mkdtempSync(join(tmpdir(), 'teardown-n8n-'));
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
async function n8n(...args: string[]): Promise<string> {
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
function firstJson(out: string): unknown {
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

interface RunData {
  executionStatus: string;
  data?: { main: { json: Record<string, unknown> }[][] };
  error?: { message: string };
}
/** Runs a workflow and returns its run data per node (the CLI prints log lines before the JSON). */
async function execute(workflow: object & { id: string }): Promise<{ runData: Record<string, RunData[]>; error?: { message: string } }> {
  const file = join(work, `${workflow.id}.json`);
  writeFileSync(file, JSON.stringify(workflow));
  await n8n('import:workflow', `--input=${file}`);
  const json = firstJson(await n8n('execute', `--id=${workflow.id}`, '--rawOutput')) as { data: { resultData: { runData: Record<string, RunData[]>; error?: { message: string } } } };
  return json.data.resultData;
}

/** An example workflow with its placeholders filled in. */
function example(name: string, values: Record<string, string>): object & { id: string } {
  let text = readFileSync(join(packageDir, 'examples', name), 'utf8');
  for (const [k, v] of Object.entries(values)) text = text.replaceAll(`{{${k}}}`, v);
  return JSON.parse(text) as object & { id: string };
}

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 31, keyCancellationDelayMs: 100 });
  cpSync(join(packageDir, 'dist'), join(work, 'ext/n8n-nodes-teardown/dist'), { recursive: true });
  cpSync(join(packageDir, 'package.json'), join(work, 'ext/n8n-nodes-teardown/package.json'));
  const creds = [
    { id: 'teardownMono', name: 'Mono sandbox', type: 'monoBrebApi', data: { clientId: sb.credentials.mono.clientId, clientSecret: sb.credentials.mono.clientSecret, environment: 'custom', baseUrl: sb.credentials.mono.baseUrl, webhookSecret: sb.credentials.mono.webhookSecret } },
  ];
  writeFileSync(join(work, 'creds.json'), JSON.stringify(creds));
  await n8n('import:credentials', `--input=${join(work, 'creds.json')}`);
}, 180_000);

afterAll(async () => {
  await sb?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('n8n-nodes-teardown inside a real n8n', () => {
  it('runs the example: list a collection’s active dynamic QR codes, cancel each, delete the collection', async () => {
    const { mono } = sb.admin.seed({ mono: { collections: [{ qrCodes: [{}, {}, {}, { canceled: true }, { usageMode: 'multiple_use' }] }] } });
    const collection = mono.collections[0]!;
    const result = await execute(example('cancel-qr-codes-then-delete-collection.json', { COLLECTION_ID: collection.id, CREDENTIAL_ID: 'teardownMono' }));
    expect(result.error).toBeUndefined();
    const cancelled = result.runData['Cancel each QR code']![0]!.data!.main[0]!.map((i) => i.json);
    expect(cancelled.map((j) => j.outcome)).toEqual(['deleted', 'deleted', 'deleted']);
    const deleted = result.runData['Delete the collection']![0]!.data!.main[0]!.map((i) => i.json);
    expect(deleted).toEqual([expect.objectContaining({ collectionId: collection.id, outcome: 'deleted' })]);

    const state = sb.admin.state();
    for (const id of collection.qrCodes.slice(0, 3)) expect(state.mono.qrCodes.find((q) => q.id === id)).toMatchObject({ canceled: true, deletions: 1, deleteRequests: 1 });
    expect(state.mono.qrCodes.find((q) => q.id === collection.qrCodes[4])).toMatchObject({ canceled: false, deleteRequests: 0 });
    expect(state.mono.collections.find((c) => c.id === collection.id)).toMatchObject({ deletions: 1, deleteRequests: 1 });
  }, 180_000);

  it('fails a workflow with an invalid ID, naming the field, and deletes nothing', async () => {
    const before = JSON.stringify(sb.admin.calls());
    const result = await execute(example('cancel-qr-codes-then-delete-collection.json', { COLLECTION_ID: 'bbcol_../../collections', CREDENTIAL_ID: 'teardownMono' }));
    const message = result.error?.message ?? result.runData['List active QR codes']?.[0]?.error?.message ?? '';
    expect(message).toContain('collectionId');
    const calls = sb.admin.calls();
    expect(calls['mono-breb.cancelQrCode'] ?? 0).toBe(JSON.parse(before)['mono-breb.cancelQrCode'] ?? 0);
    expect(calls['mono-breb.deleteCollection'] ?? 0).toBe(JSON.parse(before)['mono-breb.deleteCollection'] ?? 0);
  }, 180_000);
});
