// The Temporal server itself killed with SIGKILL in the middle of a batch, as a crash or an OOM kill would, then started
// again on the same SQLite file and port: the worker (`teardown worker`) and the CLI following the batch
// (`teardown status`) are separate processes that reconnect by themselves, the batch completes, and its report matches
// the sandbox item by item with nothing deleted twice. Live, mistyped and earlier-deleted targets are mixed, with lost
// answers and 503s injected: no target that did not exist is ever reported deleted. On the Temporal CLI dev server (the
// Java test server keeps nothing across a restart). About 40 s.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AlibabaCamsClient, EpapClient, MonoBrebClient } from '@teardown/core';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { formatTarget, type BatchReport, type Target } from '@teardown/temporal';
import { startDevServer, type DevServer } from '../../../packages/temporal/test/server.js';
import { workerEnv } from '../../../packages/temporal/test/worker-env.js';
import { run, start, until, type Run } from './cli.js';

let server: DevServer;
let sandbox: Sandbox;
let dir: string;
let worker: Run | undefined;

beforeAll(async () => {
  [server, sandbox, dir] = await Promise.all([
    startDevServer(),
    startSandbox({ seed: 31 }),
    mkdtemp(join(tmpdir(), 'teardown-server-kill-')),
  ]);
});

afterAll(async () => {
  worker?.child.kill('SIGKILL');
  await sandbox?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('completes a batch of live, mistyped and earlier-deleted targets across a SIGKILLed and restarted Temporal server: worker and CLI reconnect, every live target deleted once, nothing that did not exist reported deleted', async () => {
  const env = { TEMPORAL_ADDRESS: server.address };
  worker = start(['worker'], { ...env, ...workerEnv(sandbox.credentials, ['mono', 'cams', 'epap']) });
  await until(() => worker!.stderr().includes('Teardown worker polling'), 'the worker to start');

  const seeded = sandbox.admin.seed({
    mono: { count: 40, qrCodesPerCollection: 3 },
    cams: { count: 20 },
    epap: { count: 200 },
  });
  const { mono: monoCreds, cams: camsCreds, epap: epapCreds } = sandbox.credentials;
  // Deleted before the batch, by someone else: 10 Mono QR codes of the seeded collections, 5 CAMS codes, 20 receipts.
  const monoQrs = seeded.mono.collections.flatMap((c) =>
    c.qrCodes.map((qrCodeId): Target => ({ kind: 'mono-qr', collectionId: c.id, qrCodeId })),
  );
  const camsQrs = seeded.cams.qrCodes.map((q): Target => ({ kind: 'cams-qr', ...q }));
  const receipts = seeded.epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r }));
  const earlier = [...monoQrs.slice(0, 10), ...camsQrs.slice(0, 5), ...receipts.slice(0, 20)];
  const mono = new MonoBrebClient(monoCreds);
  const cams = new AlibabaCamsClient(camsCreds);
  const epap = new EpapClient(epapCreds);
  for (const t of earlier) {
    if (t.kind === 'mono-qr') await mono.cancelQrCode(t);
    else if (t.kind === 'cams-qr') await cams.deletePhoneMessageQrdl(t);
    else if (t.kind === 'epap-receipt') await epap.deleteReceipt(t);
  }
  // Never there: well-formed IDs nobody issued.
  const collectionId = seeded.mono.collections[0]!.id;
  const mistyped: Target[] = [
    ...Array.from({ length: 10 }, (_, i): Target => ({
      kind: 'mono-qr',
      collectionId,
      qrCodeId: `bbqr_NeverIssued${String(i).padStart(11, '0')}`,
    })),
    ...Array.from({ length: 10 }, (_, i): Target => ({
      kind: 'cams-qr',
      phoneNumber: seeded.cams.qrCodes[0]!.phoneNumber,
      qrdlCode: `Typo${i}`,
    })),
    ...Array.from({ length: 20 }, (_, i): Target => ({ ...receipts[0]!, epapId: `typo-${i}` }) as Target),
  ];
  const live = [...monoQrs.slice(10), ...camsQrs.slice(5), ...receipts.slice(20)];
  const targets = [...live, ...earlier, ...mistyped].sort((a, b) => formatTarget(a).localeCompare(formatTarget(b)));
  const file = join(dir, 'targets.jsonl');
  await writeFile(file, targets.map((t) => JSON.stringify(formatTarget(t))).join('\n'));
  // Slow enough that the kill lands mid-batch; lost answers so that retries after the restart meet "not found" and
  // "already gone"; 503s so that items are retried inside an attempt too.
  sandbox.admin.setFaults([
    { provider: 'mono-breb', operation: 'cancelQrCode', fault: 'latency', probability: 1, latencyMs: 60 },
    { provider: 'mono-breb', operation: 'cancelQrCode', fault: 'lostResponse', probability: 0.05 },
    { provider: 'mono-breb', operation: 'cancelQrCode', fault: 'status503', probability: 0.05 },
    { provider: 'epap', operation: 'deleteReceipt', fault: 'latency', probability: 1, latencyMs: 60 },
    { provider: 'epap', operation: 'deleteReceipt', fault: 'lostResponse', probability: 0.1 },
    { provider: 'epap', operation: 'deleteReceipt', fault: 'status503', probability: 0.05 },
    { provider: 'alibaba-cams', operation: 'deletePhoneMessageQrdl', fault: 'lostResponse', probability: 0.2 },
  ]);
  const deletions = () => {
    const s = sandbox.admin.state();
    return [...s.mono.qrCodes, ...s.cams.qrCodes, ...s.epap.receipts].reduce((n, r) => n + r.deletions, 0);
  };
  const before = deletions();

  const started = await run(
    ['batch', file, '--id', 'survives', '--concurrency', '4', '--not-found', 'done', '--detach'],
    env,
  );
  expect(started.code).toBe(0);
  const status = start(['status', 'survives'], env);
  await until(() => deletions() - before >= 60, '60 deletes before the kill');
  await server.kill();
  const atKill = deletions() - before;
  expect(atKill).toBeLessThan(live.length);
  // Down for a while: the CLI keeps following (it gives up only after 30 s without Temporal) and the worker keeps trying.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect([status.child.exitCode, worker.child.exitCode]).toEqual([null, null]);
  await server.restart();

  const exit = await status.exit;
  sandbox.admin.setFaults([]);
  // The worker process was never restarted: it reconnected and did the deletes left after the restart.
  expect(worker.child.exitCode).toBeNull();
  expect(deletions() - before).toBe(live.length);
  expect(atKill).toBeLessThan(live.length);

  const report = await run(['report', 'survives', '--format', 'json'], env);
  const items = (JSON.parse(report.stdout) as BatchReport).items;
  expect(items.map((i) => formatTarget(i.target)).sort()).toEqual(targets.map(formatTarget).sort());
  const state = sandbox.admin.state();
  const recordOf = (t: Target) =>
    t.kind === 'mono-qr'
      ? state.mono.qrCodes.find((q) => q.id === t.qrCodeId)
      : t.kind === 'cams-qr'
        ? state.cams.qrCodes.find((q) => q.qrdlCode === t.qrdlCode)
        : t.kind === 'epap-receipt'
          ? state.epap.receipts.find((r) => r.epapId === t.epapId)
          : undefined;
  const group = new Map<string, string>([
    ...live.map((t) => [formatTarget(t), 'live'] as const),
    ...earlier.map((t) => [formatTarget(t), 'earlier'] as const),
    ...mistyped.map((t) => [formatTarget(t), 'mistyped'] as const),
  ]);
  // Epap has no read: a lost answer then "not found" is unconfirmed (a doubt), for a live receipt or a missing one.
  // Mono's answers and CAMS's listing are evidence, so those are never in doubt.
  const allowed: Record<string, Record<string, string[]>> = {
    live: { 'mono-qr': ['deleted'], 'cams-qr': ['deleted'], 'epap-receipt': ['deleted', 'unconfirmed'] },
    earlier: { 'mono-qr': ['already_gone'], 'cams-qr': ['not_found'], 'epap-receipt': ['not_found', 'unconfirmed'] },
    mistyped: { 'mono-qr': ['not_found'], 'cams-qr': ['not_found'], 'epap-receipt': ['not_found', 'unconfirmed'] },
  };
  const wrong = items.filter((i) => {
    const g = group.get(formatTarget(i.target))!;
    const deleted = recordOf(i.target)?.deletions ?? 0;
    return !allowed[g]![i.target.kind]!.includes(i.outcome) || deleted !== (g === 'mistyped' ? 0 : 1);
  });
  expect(wrong.map((i) => `${formatTarget(i.target)} ${group.get(formatTarget(i.target))} ${i.outcome}`)).toEqual([]);
  const unconfirmed = items.filter((i) => i.outcome === 'unconfirmed').length;
  expect(exit).toBe(unconfirmed > 0 ? 5 : 0);
  const count = (kind: Target['kind'], outcome: string) =>
    items.filter((i) => i.target.kind === kind && i.outcome === outcome).length;
  expect(status.stdout()).toBe(
    [
      'Mono Bre-B: 110 deleted, 10 already gone, 10 not found, 0 failed',
      'Alibaba Cloud CAMS: 15 deleted, 0 already gone, 15 not found, 0 failed',
      `epap: ${count('epap-receipt', 'deleted')} deleted, 0 already gone, ${count('epap-receipt', 'not_found')} not found, ${unconfirmed ? `${unconfirmed} unconfirmed, ` : ''}0 failed`,
    ].join(' · ') + '\n',
  );
  console.log(
    `server kill, mixed targets: ${atKill} deletes before the kill; epap unconfirmed: ${count('epap-receipt', 'unconfirmed')} of 220 (live ${items.filter((i) => i.outcome === 'unconfirmed' && group.get(formatTarget(i.target)) === 'live').length}, missing ${items.filter((i) => i.outcome === 'unconfirmed' && group.get(formatTarget(i.target)) !== 'live').length})`,
  );
}, 300_000);
