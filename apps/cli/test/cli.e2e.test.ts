// `teardown` end to end against the embedded stack (the Temporal CLI dev server, the sandbox, the worker, the webhook
// receiver): the binary runs as a child process, and every outcome it prints is checked against the sandbox.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTarget, targetOfOperation, type BatchReport, type Target } from '@teardown/temporal';
import { startStack, type Stack } from '../src/stack.js';
import { BIN, run, start, until } from './cli.js';

let stack: Stack;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  stack = await startStack({ sandbox: { seed: 7, keyCancellationDelayMs: 200 } });
  dir = await mkdtemp(join(tmpdir(), 'teardown-cli-'));
  env = { TEMPORAL_ADDRESS: stack.address };
});

afterAll(async () => {
  await stack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ESC = '\u001b';

function seedMixed(): Target[] {
  const s = stack.sandbox.admin.seed({
    mono: { count: 2, qrCodesPerCollection: 3 },
    cams: { count: 4 },
    epap: { count: 8 },
  });
  return [
    ...s.mono.collections.flatMap((c) =>
      c.qrCodes.map((qrCodeId): Target => ({ kind: 'mono-qr', collectionId: c.id, qrCodeId })),
    ),
    ...s.cams.qrCodes.map((q): Target => ({ kind: 'cams-qr', ...q })),
    ...s.epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r })),
  ];
}

/** How many times the sandbox really deleted a target (its own record). */
/** How many times the sandbox deleted each target, by the target's text form. */
function deletionsByTarget(): Map<string, number> {
  return new Map(
    stack.sandbox.admin.targets().map((r) => [formatTarget(targetOfOperation(r.operation, r.fields)), r.deletions]),
  );
}

const deletionsOf = (t: Target): number | undefined => deletionsByTarget().get(formatTarget(t));

const totalCalls = () => Object.values(stack.sandbox.admin.calls()).reduce((a, b) => a + b, 0);

async function slowEpapBatch(name: string, count: number): Promise<{ file: string; targets: Target[] }> {
  const { epap } = stack.sandbox.admin.seed({ epap: { count } });
  const targets = epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r }));
  const file = join(dir, `${name}.jsonl`);
  await writeFile(file, targets.map((t) => JSON.stringify(t)).join('\n'));
  stack.sandbox.admin.setFaults([
    { provider: 'epap', operation: 'deleteReceipt', fault: 'latency', probability: 1, latencyMs: 150 },
  ]);
  return { file, targets };
}

describe('teardown batch', () => {
  it('deletes a mixed CSV batch with a plain progress log in a non-TTY, and reports it as table, JSON and CSV, to a reader that may stop early', async () => {
    const targets = seedMixed();
    const file = join(dir, 'mixed.csv');
    // Half the rows in the text syntax, half as field columns: both forms in one file.
    const columns = [
      'kind',
      'collectionId',
      'qrCodeId',
      'phoneNumber',
      'qrdlCode',
      'custSpaceId',
      'epapId',
      'chainId',
      'appUserId',
    ] as const;
    const rows = targets.map((t, i) =>
      (i % 2 === 0
        ? [`"${formatTarget(t)}"`, ...columns.map(() => '')]
        : ['', ...columns.map((c) => (t as Record<string, string>)[c] ?? '')]
      ).join(','),
    );
    await writeFile(file, [['target', ...columns].join(','), ...rows].join('\n'));

    const batch = await run(['batch', file, '--id', 'mixed'], env);
    expect(batch.stderr).toContain(`Checked ${file}: 18 valid targets (Mono Bre-B 6, Alibaba Cloud CAMS 4, epap 8)`);
    expect(batch.stderr).not.toContain(ESC);
    expect(batch.stdout).not.toContain(ESC);
    expect(batch.stderr).toMatch(
      /^\[\d+ s\] Mono Bre-B 6 done, 0 already gone, 0 failed, 0 left, .* \| Alibaba Cloud CAMS 4 done, .* \| epap 8 done, .* — finished$/m,
    );
    expect(batch.stdout).toBe(
      'Mono Bre-B: 6 deleted, 0 already gone, 0 failed · Alibaba Cloud CAMS: 4 deleted, 0 already gone, 0 failed · epap: 8 deleted, 0 already gone, 0 failed\n',
    );
    expect(batch.code).toBe(0);
    const deletions = deletionsByTarget();
    for (const t of targets) expect(deletions.get(formatTarget(t)), formatTarget(t)).toBe(1);

    const json = await run(['report', 'mixed', '--format', 'json'], env);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as BatchReport;
    expect(report.items.map((i) => formatTarget(i.target)).sort()).toEqual(targets.map(formatTarget).sort());
    expect(new Set(report.items.map((i) => i.outcome))).toEqual(new Set(['deleted']));

    const csv = await run(['report', 'mixed', '--format', 'csv'], env);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('target,outcome,code,message');
    expect(lines.slice(1).sort()).toEqual(
      targets
        .map((t) => `${formatTarget(t).includes(',') ? `"${formatTarget(t)}"` : formatTarget(t)},deleted,,`)
        .sort(),
    );

    const table = await run(['report', 'mixed'], env);
    const row = table.stdout.split('\n').find((l) => l.startsWith(`│ ${formatTarget(targets[0]!)} `));
    expect(row).toMatch(/^│ \S+ +│ deleted │ +│ +│$/);
    expect(table.stdout).toContain('Mono Bre-B: 6 deleted, 0 already gone, 0 failed · Alibaba Cloud CAMS: 4 deleted');
    expect(table.stdout).not.toContain(ESC);

    // `teardown report mixed | head`: a reader that stops early closes the pipe, which ends the command quietly.
    const cut = start(['report', 'mixed', '--format', 'csv'], env);
    cut.child.stdout!.destroy();
    expect(await cut.exit).toBe(0);
    expect(cut.stderr()).toBe('');
  });

  it('hands a big file over as the batch makes room, and reports every item across continue-as-new pages', async () => {
    // More than a run holds (4 pages of 2,000 results), handed over 600 waiting targets at a time: the first run records
    // its pages and continues as new.
    const { epap } = stack.sandbox.admin.seed({ epap: { count: 9000 } });
    const targets = epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r }));
    const file = join(dir, 'big.jsonl');
    await writeFile(file, targets.map((t) => JSON.stringify(formatTarget(t))).join('\n'));
    const batch = start(['batch', file, '--id', 'big', '--max-waiting', '600', '--concurrency', '8'], env);
    const totals: number[] = [];
    const queued: number[] = [];
    let ended = false;
    const watcher = (async () => {
      while (!ended) {
        const p = await stack.teardown.batchProgress('big').catch(() => undefined);
        if (p) totals.push(p.total);
        if (p?.queued !== undefined) queued.push(p.queued);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    expect(await batch.exit).toBe(0);
    ended = true;
    await watcher;
    // Seen growing: the file was not handed over at once.
    expect(totals.some((t) => t < 9000)).toBe(true);
    expect(Math.max(...totals)).toBe(9000);
    // Never more than --max-waiting targets that no delete had started.
    expect(queued.length).toBeGreaterThan(0);
    expect(Math.max(...queued)).toBeLessThanOrEqual(600);
    expect((await stack.teardown.batchHandle('big').result()).pages).toBeGreaterThanOrEqual(1);
    const report = JSON.parse((await run(['report', 'big', '--format', 'json'], env)).stdout) as BatchReport;
    expect(report.items).toHaveLength(9000);
    expect(new Set(report.items.map((i) => formatTarget(i.target)))).toEqual(new Set(targets.map(formatTarget)));
    expect(new Set(report.items.map((i) => i.outcome))).toEqual(new Set(['deleted']));
    const deletions = deletionsByTarget();
    for (const t of targets) expect(deletions.get(formatTarget(t))).toBe(1);
  });

  it('rejects a file with bad lines, naming each line, field and rule, and starts and deletes nothing', async () => {
    const { mono } = stack.sandbox.admin.seed({ mono: { count: 1, qrCodesPerCollection: 2 } });
    const c = mono.collections[0]!;
    const file = join(dir, 'bad.jsonl');
    await writeFile(
      file,
      [
        `"mono-qr:${c.id}/${c.qrCodes[0]}"`,
        '',
        '"mono-qr:col_short/qr_short"',
        `{"kind":"epap-receipt","epapId":"r1","appUserId":"u1"}`,
        'not json',
        `"mono-qr:${c.id}/${c.qrCodes[1]}"`,
      ].join('\n'),
    );
    const calls = totalCalls();
    const r = await run(['batch', file, '--id', 'bad'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: 3 invalid line(s); nothing was started or deleted.`);
    expect(r.stderr).toContain(
      'line 3, collectionId: A Mono collection ID looks like bbcol_5tgliBmzjZ6mpQPRbQjfKj: 2 to 7 letters and "_", then 22 letters, digits, "_" or "-".',
    );
    expect(r.stderr).toContain('line 4, chainId: The epap chain ID is required.');
    expect(r.stderr).toContain('line 5, json: Each line must be one JSON value');
    expect(totalCalls()).toBe(calls);
    expect(deletionsOf({ kind: 'mono-qr', collectionId: c.id, qrCodeId: c.qrCodes[0]! })).toBe(0);
    const status = await run(['status', 'bad', '--json'], env);
    expect(status).toMatchObject({ code: 2, stderr: 'teardown: No batch named bad.\n' });
  });

  it('on Ctrl-C once the file is all handed over, leaves the batch running and says so in one line; and `status` re-attaches and follows the batch to its end', async () => {
    // 240 × 150 ms two at a time is 18 s: room for the SIGINT and a `status` process to start on a busy machine while the
    // batch still runs (60 targets, 4.5 s, finished first once under CI-like load and `status` answered 0, not 4).
    const { file, targets } = await slowEpapBatch('detach', 240);
    try {
      const batch = start(['batch', file, '--id', 'detach', '--concurrency', '2'], env);
      await until(() => /\[\d+ s\] epap [1-9]\d* done/.test(batch.stderr()), 'some progress');
      batch.child.kill('SIGINT');
      expect(await batch.exit).toBe(130);
      expect(batch.stderr()).toContain(
        'Interrupted (SIGINT): batch detach has all 240 targets and keeps running; follow it with: teardown status detach\n',
      );
      const snapshot = await run(['status', 'detach', '--json'], env);
      expect(snapshot.code).toBe(4);
      expect(JSON.parse(snapshot.stdout)).toMatchObject({
        batchId: 'detach',
        total: 240,
        finished: false,
        cancelled: false,
      });
      const status = await run(['status', 'detach'], env);
      expect(status.stdout).toBe('epap: 240 deleted, 0 already gone, 0 failed\n');
      expect(status.code).toBe(0);
      const deletions = deletionsByTarget();
      for (const t of targets) expect(deletions.get(formatTarget(t))).toBe(1);
    } finally {
      stack.sandbox.admin.setFaults([]);
    }
  });

  it('cancels a batch cleanly: deletes in flight finish and are reported, the rest are reported cancelled and never sent', async () => {
    const { file, targets } = await slowEpapBatch('cancel', 40);
    try {
      // One at a time (40 × 150 ms = 6 s): a running chunk hears of the cancellation with its next heartbeat, up to a
      // second after `teardown cancel`, itself a second or two to start on a busy machine.
      const started = await run(['batch', file, '--id', 'cancel', '--concurrency', '1', '--detach', '--json'], env);
      expect(started.code).toBe(0);
      expect(JSON.parse(started.stdout)).toEqual({ batchId: 'cancel', targets: 40 });
      await until(() => {
        const deletions = deletionsByTarget();
        return targets.filter((t) => (deletions.get(formatTarget(t)) ?? 0) > 0).length >= 4;
      }, 'a few deletes');
      const cancel = await run(['cancel', 'cancel'], env);
      expect(cancel.code).toBe(0);
      expect(cancel.stdout).toMatch(
        /^Cancelled cancel\. epap: \d+ deleted, 0 already gone, 0 failed, \d+ cancelled\nTo finish the rest: teardown batch <its targets file> --resume cancel\n$/,
      );
      const report = await run(['report', 'cancel', '--format', 'json'], env);
      expect(report.code).toBe(4);
      const { items } = JSON.parse(report.stdout) as BatchReport;
      expect(items).toHaveLength(40);
      const deletions = deletionsByTarget();
      for (const item of items)
        expect(deletions.get(formatTarget(item.target)), `${formatTarget(item.target)} ${item.outcome}`).toBe(
          item.outcome === 'deleted' ? 1 : 0,
        );
      expect(items.filter((i) => i.outcome === 'cancelled').length).toBeGreaterThan(0);
      expect(new Set(items.map((i) => i.outcome))).toEqual(new Set(['deleted', 'cancelled']));
      const again = await run(['cancel', 'cancel'], env);
      expect(again).toMatchObject({
        code: 0,
        stdout: 'Batch cancel has already ended (completed); nothing to cancel.\n',
      });
    } finally {
      stack.sandbox.admin.setFaults([]);
    }
  });
});

describe('not found, duplicates and files that are not files', () => {
  it('fails targets the provider does not have unless --not-found done, collapses duplicates and says so in the report', async () => {
    const { cams, epap } = stack.sandbox.admin.seed({ cams: { count: 1 }, epap: { count: 1 } });
    const present: Target = { kind: 'cams-qr', ...cams.qrCodes[0]! };
    const lines = [
      formatTarget(present),
      formatTarget(present),
      `cams-qr:${cams.qrCodes[0]!.phoneNumber}/NOSUCH99`,
      formatTarget({ kind: 'epap-receipt', ...epap.receipts[0]!, epapId: 'no-such-receipt' }),
      formatTarget(present),
    ];
    const file = join(dir, 'not-found.jsonl');
    await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const strict = await run(['batch', file, '--id', 'nf-strict'], env);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(
      '2 line(s) repeat an earlier target and were collapsed (line 2 repeats line 1, line 5 repeats line 1): each target is deleted once.',
    );
    // The summary once, under the table of the failures it counts.
    const summary =
      'Alibaba Cloud CAMS: 1 deleted, 0 already gone, 1 failed · epap: 0 deleted, 0 already gone, 1 failed';
    expect(strict.stdout.split(summary)).toHaveLength(2);
    expect(strict.stdout.indexOf(summary)).toBeGreaterThan(strict.stdout.lastIndexOf('QrdlCode.NotExist'));
    expect(strict.stdout).toContain('QrdlCode.NotExist');
    expect(strict.stdout).toContain('Alibaba Cloud CAMS has no message');
    expect(deletionsOf(present)).toBe(1);

    const lenient = await run(['batch', file, '--id', 'nf-done', '--not-found', 'done'], env);
    expect(lenient.code).toBe(0);
    // The code the first run deleted is not found now either: CAMS cannot tell it from one that never existed.
    expect(lenient.stdout).toContain(
      'Alibaba Cloud CAMS: 0 deleted, 0 already gone, 2 not found, 0 failed · epap: 0 deleted, 0 already gone, 1 not found, 0 failed',
    );
    const report = await run(['report', 'nf-done'], env);
    expect(report.stdout).toMatch(/│ cams-qr:\d+\/NOSUCH99\s+│ not_found\s+│ QrdlCode\.NotExist\s+│/);
    expect(report.stdout).toMatch(/│ epap-receipt:no-such-receipt\S*\s+│ not_found\s+│ document_not_found\s+│/);
    expect(report.stdout.trimEnd().split('\n').at(-1)).toBe(
      '2 line(s) of the file repeated an earlier target and were collapsed: each target was deleted once.',
    );
    expect(JSON.parse((await run(['report', 'nf-done', '--format', 'json'], env)).stdout)).toMatchObject({
      duplicatesCollapsed: 2,
    });
  });

  it('refuses a directory, a FIFO and a bad percent-escape with exit 2 and no stack, starting nothing', async () => {
    const fifo = join(dir, 'targets-fifo.jsonl');
    execFileSync('mkfifo', [fifo]);
    const escapes = join(dir, 'escapes.csv');
    await writeFile(escapes, 'target\nmono-qr:%E0%A4%A/bbqr_CakxSMohvLscv9OuJUZPJt\n');
    const calls = totalCalls();
    for (const [file, says] of [
      [dir, `teardown: ${dir} is a directory, not a file of targets.`],
      [fifo, `teardown: ${fifo} is not a regular file`],
      [escapes, 'line 2, collectionId: The collectionId holds a percent-escape that is not valid UTF-8'],
    ] as const) {
      const r = await run(['batch', file, '--format', 'csv'], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(says);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const d = await run(['delete', 'mono-qr:%E0%A4%A/bbqr_CakxSMohvLscv9OuJUZPJt'], env);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('collectionId: The collectionId holds a percent-escape that is not valid UTF-8');
    expect(totalCalls()).toBe(calls);
  });
});

describe('teardown delete', () => {
  it('fails a CAMS code the provider does not have, naming it, unless --not-found done', async () => {
    const target = `cams-qr:${stack.sandbox.credentials.cams.phoneNumber}/GONE0001`;
    const strict = await run(['delete', target, '--wait'], env);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(
      new RegExp(
        `^failed    ${target}: QrdlCode\\.NotExist: Alibaba Cloud CAMS has no message QR code GONE0001 for phone number \\d+ \\(QrdlCode\\.NotExist, HTTP 404, request [\\w-]+\\)\\. Nothing was deleted\\.$`,
        'm',
      ),
    );
    const lenient = await run(['delete', target, '--wait', '--not-found', 'done'], env);
    expect(lenient).toMatchObject({ code: 0, stdout: `not found ${target} (QrdlCode.NotExist)\n` });
  });

  it('deletes a collection and waits until its discard webhook arrives, and cancels a QR code', async () => {
    const { mono } = stack.sandbox.admin.seed({ mono: { count: 2, qrCodesPerCollection: 1 } });
    const [a, b] = mono.collections;
    const r = await run(['delete', `mono-collection:${a!.id}`, `mono-qr:${b!.id}/${b!.qrCodes[0]}`, '--wait'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^deleted   mono-collection:${a!.id}, discarded at \\S+ \\(observed via webhook\\)$`, 'm'),
    );
    expect(r.stdout).toMatch(new RegExp(`^deleted   mono-qr:${b!.id}/${b!.qrCodes[0]}$`, 'm'));
    expect(stack.sandbox.admin.state().mono.collections.find((c) => c.id === a!.id)).toMatchObject({
      state: 'discarded',
      deletions: 1,
    });
    const again = await run(['delete', `mono-qr:${b!.id}/${b!.qrCodes[0]}`, '--wait', '--json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'already_gone', reason: 'qr_already_canceled' });
  });

  it('refuses a bad target before starting anything', async () => {
    const calls = totalCalls();
    const r = await run(['delete', 'epap-receipt:r1?chain=c1', 'mono-collection:col_2mFpe3qkS8zXAwlTuVF4Ee'], env);
    expect(r).toMatchObject({
      code: 2,
      stderr:
        'teardown: target 1 (epap-receipt:r1?chain=c1), appUserId: The epap app user ID is required. An epap app user ID is 1 to 256 letters, digits or punctuation marks (accented Western European letters such as é or ß too), without spaces, "/", "?", "&" or "#" (e.g. user_8f3k2m1n0p9q). Nothing was started.\n',
    });
    expect(totalCalls()).toBe(calls);
  });

  it('says when Temporal cannot be reached', async () => {
    const r = await run(['status', 'anything', '--address', '127.0.0.1:9'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^teardown: Could not reach Temporal at 127\.0\.0\.1:9: /);
  });
});

describe('teardown worker', () => {
  it('runs a worker with credentials from the environment that does the deletes on its task queue, and stops on Ctrl-C', async () => {
    const { epap } = stack.sandbox.credentials;
    const worker = start(['worker', '--task-queue', 'cli-worker'], {
      ...env,
      TEARDOWN_EPAP_CLIENT_ID: epap.clientId,
      TEARDOWN_EPAP_CLIENT_SECRET: epap.clientSecret,
      TEARDOWN_EPAP_CHAIN_ID: epap.chainId,
      TEARDOWN_EPAP_BASE_URL: epap.baseUrl,
    });
    try {
      await until(() => worker.stderr().includes('Teardown worker polling'), 'the worker to start');
      expect(worker.stderr()).toContain(
        `Teardown worker polling ${stack.address} (namespace default, task queue cli-worker) for epap. Ctrl-C stops it after in-flight deletes finish.\n`,
      );
      expect(worker.stderr()).not.toContain('[INFO]');
      const receipt = stack.sandbox.admin.seed({ epap: { count: 1 } }).epap.receipts[0]!;
      // Only this worker polls `cli-worker`: the delete happening proves it works.
      const r = await run(
        ['delete', formatTarget({ kind: 'epap-receipt', ...receipt }), '--wait', '--task-queue', 'cli-worker'],
        env,
      );
      expect(r).toMatchObject({ code: 0, stdout: `deleted   ${formatTarget({ kind: 'epap-receipt', ...receipt })}\n` });
      expect(worker.stderr()).not.toContain(epap.clientSecret);
    } finally {
      worker.child.kill('SIGINT');
    }
    expect(await worker.exit).toBe(0);
    expect(worker.stderr()).toContain('Teardown worker stopped.');
  });

  it('refuses to start without provider credentials', async () => {
    const r = await run(['worker'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^teardown: No provider credentials: set TEARDOWN_MONO_CLIENT_ID\/SECRET/);
  });
});

describe('the live progress display', () => {
  it('redraws one table in place in a terminal (tmux pseudo-terminal)', async () => {
    // Long enough (40 × 150 ms, 2 at a time: 3 s) for the display to show the chunk midway: progress is as fresh as
    // the chunk's last heartbeat, about a second.
    const { file } = await slowEpapBatch('tty', 40);
    const session = `teardown-test-${process.pid}`;
    try {
      execFileSync('tmux', [
        'new-session',
        '-d',
        '-s',
        session,
        '-x',
        '160',
        '-y',
        '30',
        '-e',
        `TEMPORAL_ADDRESS=${stack.address}`,
        `${process.execPath} ${BIN} batch ${file} --id tty --concurrency 2; echo EXIT=$?; sleep 120`,
      ]);
      const pane = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
      let midway = '';
      await until(() => {
        const p = pane();
        if (!midway && /Batch tty — ([1-9]|[1-3]\d)\/40 \(running\)/.test(p)) midway = p;
        return p.includes('EXIT=');
      }, 'the batch to end in tmux');
      const final = pane();
      expect(final).toContain('EXIT=0');
      expect(final).toMatch(/Batch tty — 40\/40 \(finished\), [\d.]+\/s overall, \d+ s elapsed/);
      expect(final).toMatch(/^\s+done\s+already gone\s+failed\s+remaining\s+rate\s+ETA$/m);
      expect(final).toMatch(/^\s+epap\s+40\s+0\s+0\s+0\s+[\d.]+\/s\s+0 s$/m);
      // Redrawn in place: one header row on screen, not one per refresh.
      expect(final.match(/already gone/g)).toHaveLength(2); // the table header and the summary line
      expect(midway).toMatch(/^\s+epap\s+\d+\s+0\s+0\s+\d+\s+[\d.]+\/s\s+(\d+ s|—)$/m);
    } finally {
      execFileSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
      stack.sandbox.admin.setFaults([]);
    }
  });

  it('falls back to plain progress lines in a pseudo-terminal that reports 0×0 (`script` with no terminal of its own)', async () => {
    const { file } = await slowEpapBatch('pty0', 4);
    try {
      // Not execFileSync: the worker runs in this process and must keep answering its workflow tasks meanwhile.
      const { stdout: out } = await promisify(execFile)(
        'script',
        ['-qec', `${process.execPath} ${BIN} batch ${file} --id pty0 --concurrency 2; echo EXIT=$?`, '/dev/null'],
        { encoding: 'utf8', env: { ...process.env, TEMPORAL_ADDRESS: stack.address } },
      );
      expect(out).toContain('EXIT=0');
      expect(out).toMatch(
        /^\[\d+ s\] epap 4 done, 0 already gone, 0 failed, 0 left, [\d.]+\/s, ETA [^\r\n]* — finished\r$/m,
      );
      expect(out).toContain('epap: 4 deleted, 0 already gone, 0 failed');
    } finally {
      stack.sandbox.admin.setFaults([]);
    }
  });
});
