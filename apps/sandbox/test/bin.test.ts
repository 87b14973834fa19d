// The `teardown-sandbox` command as a user runs it (the built dist/bin.js, a child process).
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

it('on a port already in use, says so in one line naming the port and how to choose another, and exits 2', async () => {
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const { port } = taken.address() as net.AddressInfo;
  try {
    const r = spawnSync(process.execPath, [BIN], {
      env: { ...process.env, SANDBOX_PORT: String(port) },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `Port ${port} is already in use (another sandbox?): give another as the first argument or SANDBOX_PORT, e.g. SANDBOX_PORT=${port + 1}.\n`,
    );
  } finally {
    taken.close();
  }
});
