// `teardown dev` as a user runs it: the lines it prints work when pasted into another shell (the deletes happen, the
// collection's via its webhook), its Temporal state is in the file it names, and Ctrl-C leaves no process and no port.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, start, until } from './cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'teardown-dev-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const refuses = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

const childrenOf = (pid: number) => {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

it('starts a stack whose printed lines work pasted into another shell, and stops it all on Ctrl-C', async () => {
  const [temporal, ui, sandbox, webhooks] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const db = join(dir, 'temporal.db');
  const dev = start([
    'dev',
    ...['--temporal-port', String(temporal), '--ui-port', String(ui), '--sandbox-port', String(sandbox)],
    ...['--webhook-port', String(webhooks), '--db-filename', db],
  ]);
  try {
    await until(() => dev.stdout().includes("  teardown delete 'mono-collection:"), 'the dev stack to be up');
    expect(dev.stdout()).toContain(
      `  Temporal   127.0.0.1:${temporal} (the Temporal CLI dev server), Web UI http://127.0.0.1:${ui}\n`,
    );
    expect(dev.stdout()).toContain(`  webhooks   http://127.0.0.1:${webhooks}/mono `);
    expect(dev.stdout()).toContain(`TEARDOWN_CAMS_ENDPOINT=http://127.0.0.1:${sandbox}\n`);
    expect(existsSync(db)).toBe(true);

    // What a user pastes: every line under "In another terminal", with `teardown` the built CLI.
    const pasted = dev
      .stdout()
      .split('In another terminal:\n')[1]!
      .split('\n')
      .map((l) => l.trim().replace(/^teardown /, `"${process.execPath}" "${BIN}" `))
      .join('\n');
    const { stdout } = await promisify(execFile)('sh', ['-ec', pasted], { encoding: 'utf8' });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.filter((l) => /^deleted {3}(mono-qr|cams-qr|epap-receipt):\S+$/.test(l))).toHaveLength(3);
    expect(lines[3]).toMatch(/^deleted {3}mono-collection:\S+, discarded at \S+ \(observed via webhook\)$/);
  } finally {
    dev.child.kill('SIGINT');
  }
  const pid = dev.child.pid!;
  expect(await dev.exit).toBe(0);
  expect(dev.stderr()).toContain('Stopped the dev stack.');
  expect(childrenOf(pid)).toBe('');
  for (const port of [temporal, ui, sandbox, webhooks]) expect(await refuses(port), String(port)).toBe(true);
});

it('names the flag that moves a port already in use, in one line, exit 2', async () => {
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const { port } = taken.address() as net.AddressInfo;
  try {
    const [temporal, ui, webhooks] = await Promise.all([freePort(), freePort(), freePort()]);
    const dev = start([
      'dev',
      ...['--temporal-port', String(temporal), '--ui-port', String(ui), '--sandbox-port', String(port)],
      ...['--webhook-port', String(webhooks), '--db-filename', join(dir, 'other.db')],
    ]);
    expect(await dev.exit).toBe(2);
    expect(dev.stderr().split('\n').at(-2)).toBe(
      `teardown: Port ${port} is already in use: choose another with --sandbox-port.`,
    );
  } finally {
    taken.close();
  }
});

it('names the Temporal ports and their flags when the dev server cannot start on them, exit 3', async () => {
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const { port } = taken.address() as net.AddressInfo;
  try {
    const [ui, sandbox, webhooks] = await Promise.all([freePort(), freePort(), freePort()]);
    const dev = start([
      'dev',
      ...['--temporal-port', String(port), '--ui-port', String(ui), '--sandbox-port', String(sandbox)],
      ...['--webhook-port', String(webhooks), '--db-filename', join(dir, 'third.db')],
    ]);
    expect(await dev.exit).toBe(3);
    expect(dev.stderr().split('\n').at(-2)).toBe(
      `teardown: The Temporal dev server exited while starting on ports ${port} and ${ui} (Web UI): if one is in use, choose others with --temporal-port and --ui-port.`,
    );
    expect(await refuses(sandbox)).toBe(true);
  } finally {
    taken.close();
  }
});
