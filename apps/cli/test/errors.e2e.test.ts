// Mistakes a new user makes before any Temporal server is up, each answered by one line and an exit code, no stack.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from './cli.js';

let dir: string;
let config: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'teardown-errors-'));
  config = join(dir, 'temporal.toml');
  await writeFile(config, '[profile.prod]\naddress = "127.0.0.1:7233"\n');
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** A loopback port nothing listens on (taken, then freed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it('names an unknown --profile and where profiles come from, in one line, exit 2', async () => {
  const r = await run(['--profile', 'nosuch', 'status', 'x'], { TEMPORAL_CONFIG_FILE: config });
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(
    'teardown: No Temporal profile "nosuch" (from --profile): profiles are [profile.<name>] tables in Temporal\'s configuration file, TEMPORAL_CONFIG_FILE or else ~/.config/temporalio/temporal.toml (on macOS in ~/Library/Application Support/temporalio/); `temporal config set --profile nosuch --prop address --value <host:port>` adds one.\n',
  );
});

it('names an unknown TEMPORAL_PROFILE as coming from that variable', async () => {
  const r = await run(['status', 'x'], { TEMPORAL_CONFIG_FILE: config, TEMPORAL_PROFILE: 'staging' });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^teardown: No Temporal profile "staging" \(from TEMPORAL_PROFILE\): [^\n]*\n$/);
});

it('says in one line that a worker cannot reach Temporal, naming the address and what to do, exit 3', async () => {
  const port = await closedPort();
  const r = await run(['worker', '--address', `127.0.0.1:${port}`], {
    TEARDOWN_EPAP_CLIENT_ID: 'id',
    TEARDOWN_EPAP_CLIENT_SECRET: 'secret',
    TEARDOWN_EPAP_CHAIN_ID: 'chain',
  });
  expect(r.code).toBe(3);
  expect(r.stderr).toBe(
    `teardown: Could not reach Temporal at 127.0.0.1:${port}: nothing is listening there (connection refused). Start one (\`teardown dev\` runs a local one) or set TEMPORAL_ADDRESS (or a profile) to yours.\n`,
  );
});
