// The real Temporal server for tests: the official Java test server (time skipping), resolved by tools/.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function testServerPath(): string {
  if (process.env.TEMPORAL_TEST_SERVER) return process.env.TEMPORAL_TEST_SERVER;
  const script = fileURLToPath(new URL('../../../tools/temporal-test-server/setup.sh', import.meta.url));
  return execFileSync('bash', [script], { encoding: 'utf8' }).trim();
}

export const workflowsPath = fileURLToPath(new URL('../dist/workflows/index.js', import.meta.url));
