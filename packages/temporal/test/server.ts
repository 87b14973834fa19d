// The real Temporal server for tests: the official Java test server (time skipping), resolved by tools/.
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { fileURLToPath } from 'node:url';

export function testServerPath(): string {
  if (process.env.TEMPORAL_TEST_SERVER) return process.env.TEMPORAL_TEST_SERVER;
  const script = fileURLToPath(new URL('../../../tools/temporal-test-server/setup.sh', import.meta.url));
  return execFileSync('bash', [script], { encoding: 'utf8' }).trim();
}

export const workflowsPath = fileURLToPath(new URL('../dist/workflows/index.js', import.meta.url));

/** With RECORD_HISTORIES=1, saves a finished workflow's history for the replay test (test/histories, checked in). */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  await writeFile(new URL(`./histories/${name}.json`, import.meta.url), historyToJSON(await handle.fetchHistory()));
}
