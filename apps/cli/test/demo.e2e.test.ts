// `teardown demo`, the README's main job, run as a user runs it: to the end with its report checked against the
// sandbox, and interrupted with Ctrl-C mid-batch, after which no process and no port of its stack is left.
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { expect, it } from 'vitest';
import { run, start, until } from './cli.js';

const refuses = (hostPort: string) =>
  new Promise<boolean>((resolve) => {
    const [host, port] = hostPort.split(':');
    const socket = net.connect({ host: host!, port: Number(port) });
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

it('runs the mixed batch to the end: live progress, CAMS held to 5/s, the discard webhook, a report that matches the sandbox', async () => {
  const demo = await run(['demo']);
  expect(demo.stderr).toMatch(/^ {2}Temporal 127\.0\.0\.1:\d+ \(the Temporal CLI dev server\) · sandbox /m);
  expect(demo.stderr).toMatch(
    /^ {2}Watch it in the Temporal Web UI: http:\/\/127\.0\.0\.1:\d+\/namespaces\/default\/workflows\/teardown%2Fbatch%2Fdemo$/m,
  );
  expect(demo.stderr).toMatch(/first progress [\d.]+ s after launch/);
  expect(demo.stderr).toMatch(
    /^\[\d+ s\] Mono Bre-B 120 done, 3 already gone, 1 failed, 0 left, .* \| Alibaba Cloud CAMS 50 done, 0 already gone, 0 failed, 0 left, .* \| epap \d+ done, 0 already gone, (\d+ unconfirmed, )?0 failed, 0 left, .* — finished$/m,
  );
  // epap has no read: a lost answer then "not found" is unconfirmed, never done; together they are the 150 receipts.
  const [, epapDone, epapUnconfirmed = '0'] =
    /\| epap (\d+) done, 0 already gone, (?:(\d+) unconfirmed, )?0 failed, 0 left, .* — finished$/m.exec(demo.stderr)!;
  expect(Number(epapDone) + Number(epapUnconfirmed)).toBe(150);
  if (epapUnconfirmed !== '0')
    expect(demo.stdout).toMatch(
      new RegExp(
        `^epap: ${epapUnconfirmed} unconfirmed — .*\\(the sandbox deleted ${epapUnconfirmed} of them, once each\\)\\.$`,
        'm',
      ),
    );
  expect(demo.stdout).toMatch(/│ mono-collection:\S+ +│ failed +│ has_payments +│/);
  expect(demo.stdout.match(/│ already_gone │ qr_already_canceled │/g)).toHaveLength(3);
  expect(demo.stdout).toMatch(
    /^Collection \S+: deleted; its key was discarded at \S+, observed via webhook, [\d.]+ s after the delete started\.$/m,
  );
  expect(demo.stdout).toContain(
    'Alibaba Cloud CAMS: 50 deletes made 50 requests: none refused with System.LimitControl, held to 5/s.',
  );
  expect(demo.stdout).toContain(
    "Sandbox's own record: 320 of these targets deleted once, 0 twice; the report matches it item by item.",
  );
  expect(demo.stderr).toContain('Stopped the demo stack.');
  expect(demo.code).toBe(0);
});

it('leaves no process and no port behind when interrupted with Ctrl-C mid-batch', async () => {
  const demo = start(['demo']);
  await until(() => /\[\d+ s\] Mono Bre-B/.test(demo.stderr()), 'the first progress line');
  const [, temporal, sandbox, webhooks] =
    /Temporal (\S+) \(the Temporal CLI dev server\) · sandbox http:\/\/(\S+) · webhooks http:\/\/([^/\s]+)/.exec(
      demo.stderr(),
    )!;
  const [, link, webUi] = /Temporal Web UI: (http:\/\/([^/\s]+)\/\S+)/.exec(demo.stderr())!;
  // The batch's link is served while the demo runs (the Web UI's page, which then loads the workflow by API).
  expect((await fetch(link!)).status).toBe(200);
  expect(childrenOf(demo.child.pid!)).not.toBe(''); // the Temporal dev server is running as its child
  const pid = demo.child.pid!;
  demo.child.kill('SIGINT');
  expect(await demo.exit).toBe(130);
  expect(demo.stderr()).toContain('Interrupted: stopping the demo stack…');
  expect(childrenOf(pid)).toBe('');
  for (const address of [temporal!, webUi!, sandbox!, webhooks!]) expect(await refuses(address), address).toBe(true);
});
