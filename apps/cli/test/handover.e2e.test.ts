// A batch never depends on the `teardown batch` that feeds it: Ctrl-C in a real terminal closes the hand-over and says
// how to go on, a SIGKILLed feeder's batch closes itself once its lease runs out, and `--resume` hands over exactly the
// targets the batch never received. Every outcome is checked against the sandbox's own record of deletions.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTarget, targetOfOperation, type BatchReport, type Target } from '@teardown/temporal';
import { startStack, type Stack } from '../src/stack.js';
import { BIN, run, start, until } from './cli.js';

let stack: Stack;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  stack = await startStack({ sandbox: { seed: 21, keyCancellationDelayMs: 200 } });
  dir = await mkdtemp(join(tmpdir(), 'teardown-handover-'));
  env = { TEMPORAL_ADDRESS: stack.address };
});

afterAll(async () => {
  await stack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A file of `count` epap receipts, deleted slowly (20 ms each, 2 at a time) until the test lifts the fault. */
async function slowFile(name: string, count: number): Promise<{ file: string; targets: Target[] }> {
  const { epap } = stack.sandbox.admin.seed({ epap: { count } });
  const targets = epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r }));
  const file = join(dir, `${name}.jsonl`);
  await writeFile(file, targets.map((t) => JSON.stringify(formatTarget(t))).join('\n'));
  stack.sandbox.admin.setFaults([
    { provider: 'epap', operation: 'deleteReceipt', fault: 'latency', probability: 1, latencyMs: 20 },
  ]);
  return { file, targets };
}

/** Waits until the batch holds at least `n` targets while still taking more. */
async function waitHandedOver(batchId: string, n: number): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const p = await stack.teardown.batchProgress(batchId).catch(() => undefined);
    if (p && p.total >= n && !p.closed) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${batchId} to hold ${n} targets`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every item of the batches given, by target text; fails on a target reported twice. */
async function outcomes(...batchIds: string[]): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  for (const id of batchIds) {
    const report = JSON.parse((await run(['report', id, '--format', 'json'], env)).stdout) as BatchReport;
    for (const item of report.items) {
      const key = formatTarget(item.target);
      if (item.outcome === 'cancelled') continue;
      expect(all.has(key), `${key} reported by two batches`).toBe(false);
      all.set(key, item.outcome);
    }
  }
  return all;
}

function expectEachDeletedOnce(targets: Target[]): void {
  const deletions = new Map(
    stack.sandbox.admin.targets().map((r) => [formatTarget(targetOfOperation(r.operation, r.fields)), r.deletions]),
  );
  const counts = targets.map((t) => deletions.get(formatTarget(t)));
  expect(counts.filter((n) => n !== 1)).toEqual([]);
}

describe('an interrupted hand-over', () => {
  it('Ctrl-C in a terminal mid-hand-over closes the batch, prints one line, and --resume finishes every target once', async () => {
    const { file, targets } = await slowFile('tty-interrupt', 3000);
    const session = `teardown-handover-${process.pid}`;
    try {
      execFileSync('tmux', [
        'new-session',
        '-d',
        '-s',
        session,
        '-x',
        '200',
        '-y',
        '30',
        '-e',
        `TEMPORAL_ADDRESS=${stack.address}`,
        `${process.execPath} ${BIN} batch ${file} --id tty-int --max-waiting 500 --concurrency 2; echo EXIT=$?; sleep 120`,
      ]);
      await waitHandedOver('tty-int', 1000);
      execFileSync('tmux', ['send-keys', '-t', session, 'C-c']);
      // -J joins the lines the terminal wrapped.
      const pane = () => execFileSync('tmux', ['capture-pane', '-p', '-J', '-t', session], { encoding: 'utf8' });
      await until(() => pane().includes('EXIT='), 'the CLI to exit in tmux', 60_000);
      const screen = pane();
      expect(screen).toContain('EXIT=130');
      // The terminal echoes Ctrl-C as ^C before the line.
      const lines = screen.split('\n').filter((l) => l.includes('Interrupted'));
      expect(lines).toHaveLength(1);
      const said =
        /^(?:\^C)?Interrupted \(SIGINT\): closed the hand-over of batch tty-int at (\d+) of 3000 targets; it finishes those\. Hand over the rest with: teardown batch (\S+) --resume tty-int\s*$/.exec(
          lines[0]!,
        );
      expect(said?.[2]).toBe(file);
      const handedOver = Number(said![1]);
      expect(handedOver).toBeGreaterThanOrEqual(1000);
      expect(handedOver).toBeLessThan(3000);
      const progress = await stack.teardown.batchProgress('tty-int');
      expect(progress).toMatchObject({ closed: true, total: handedOver });
      expect(progress.feederLost).toBeUndefined();
    } finally {
      execFileSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
      stack.sandbox.admin.setFaults([]);
    }
    const resumed = await run(['batch', file, '--resume', 'tty-int'], env);
    expect(resumed.stderr).toMatch(/Started batch tty-int\.resume-1 \(\d+ targets, resuming tty-int/);
    expect(resumed.code).toBe(0);
    const all = await outcomes('tty-int', 'tty-int.resume-1');
    expect(all.size).toBe(3000);
    expect(new Set(all.values())).toEqual(new Set(['deleted']));
    expectEachDeletedOnce(targets);
    // Nothing left: a second --resume starts nothing.
    const again = await run(['batch', file, '--resume', 'tty-int'], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Nothing left to hand over');
    expectEachDeletedOnce(targets);
  });

  it('a SIGKILLed feeder: the batch closes itself once its lease runs out, says feederLost, and --resume finishes it', async () => {
    const { file, targets } = await slowFile('killed', 3000);
    const batch = start(
      ['batch', file, '--id', 'killed', '--max-waiting', '500', '--concurrency', '2', '--feeder-lease', '3s'],
      env,
    );
    await waitHandedOver('killed', 1000);
    batch.child.kill('SIGKILL');
    await batch.exit;
    const last = await stack.teardown.batchHandle('killed').result();
    expect(last.progress).toMatchObject({ closed: true, finished: true, feederLost: true });
    const handedOver = last.progress.total;
    expect(handedOver).toBeGreaterThanOrEqual(1000);
    expect(handedOver).toBeLessThan(3000);
    stack.sandbox.admin.setFaults([]);
    const status = await run(['status', 'killed', '--json'], env);
    expect(JSON.parse(status.stdout)).toMatchObject({ feederLost: true, total: handedOver });
    const said = await run(['status', 'killed'], env);
    expect(said.stdout).toContain(
      `Its feeder went quiet for longer than its lease: the batch closed itself with the ${handedOver} targets it had received. Hand the rest over with: teardown batch <file> --resume killed\n`,
    );
    const resumed = await run(['batch', file, '--resume', 'killed'], env);
    expect(resumed.stderr).toContain(
      `Started batch killed.resume-1 (${3000 - handedOver} targets, resuming killed: the ${3000 - handedOver} targets it never received)`,
    );
    expect(resumed.code).toBe(0);
    const all = await outcomes('killed', 'killed.resume-1');
    expect(all.size).toBe(3000);
    expectEachDeletedOnce(targets);
  });

  it('SIGTERM with --cancel-on-interrupt cancels mid-hand-over in one line, and --resume hands the cancelled targets over again', async () => {
    const { file, targets } = await slowFile('terminated', 3000);
    const batch = start(
      ['batch', file, '--id', 'terminated', '--max-waiting', '500', '--concurrency', '2', '--cancel-on-interrupt'],
      env,
    );
    await waitHandedOver('terminated', 1000);
    batch.child.kill('SIGTERM');
    expect(await batch.exit).toBe(143);
    const said = batch
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('Interrupted'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(
      /^Interrupted \(SIGTERM\): cancelled batch terminated with \d+ of 3000 targets handed over \(deletes in flight finish, the rest are reported cancelled and never sent\)\. Finish it with: teardown batch \S+ --resume terminated$/,
    );
    const last = await stack.teardown.batchResult('terminated');
    expect(last.progress.cancelled).toBe(true);
    const cancelled = last.items.filter((i) => i.outcome === 'cancelled').length;
    expect(cancelled).toBeGreaterThan(0);
    stack.sandbox.admin.setFaults([]);
    const done = last.items.length - cancelled;
    const resumed = await run(['batch', file, '--resume', 'terminated'], env);
    expect(resumed.stderr).toContain(`Started batch terminated.resume-1 (${3000 - done} targets, resuming terminated`);
    expect(resumed.code).toBe(0);
    const all = await outcomes('terminated', 'terminated.resume-1');
    expect(all.size).toBe(3000);
    expectEachDeletedOnce(targets);
  });

  it('--resume right after a SIGKILL, within the lease: closes the orphaned hand-over, waits for it, then hands over the rest', async () => {
    const { file, targets } = await slowFile('resumed-early', 3000);
    const batch = start(['batch', file, '--id', 'resumed-early', '--max-waiting', '500', '--concurrency', '2'], env);
    await waitHandedOver('resumed-early', 1000);
    batch.child.kill('SIGKILL');
    await batch.exit;
    stack.sandbox.admin.setFaults([]);
    // The default lease (2 minutes) has not run out: the batch is still open for targets.
    expect(await stack.teardown.batchProgress('resumed-early')).toMatchObject({ closed: false, finished: false });
    const resumed = await run(['batch', file, '--resume', 'resumed-early'], env);
    expect(resumed.stderr).toContain(
      'Batch resumed-early was still open for targets: closed its hand-over (its feeder is gone).\nWaiting for batch resumed-early to finish the targets it holds…\n',
    );
    expect(resumed.code).toBe(0);
    const first = await stack.teardown.batchResult('resumed-early');
    expect(first.progress.feederLost).toBeUndefined();
    expect(resumed.stderr).toContain(`Started batch resumed-early.resume-1 (${3000 - first.progress.total} targets`);
    const all = await outcomes('resumed-early', 'resumed-early.resume-1');
    expect(all.size).toBe(3000);
    expectEachDeletedOnce(targets);
  });
});
