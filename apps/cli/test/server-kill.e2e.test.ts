// The Temporal server itself killed with SIGKILL in the middle of a batch, as a crash or an OOM kill would, then started
// again on the same SQLite file and port: the worker (`teardown worker`) and the CLI following the batch
// (`teardown status`) are separate processes that reconnect by themselves, the batch completes, and its report matches
// the sandbox item by item with nothing deleted twice. On the Temporal CLI dev server (the Java test server keeps
// nothing across a restart). About 30 s.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
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

it('completes a batch across a SIGKILLed and restarted Temporal server: worker and CLI reconnect, nothing lost, nothing deleted twice', async () => {
  const env = { TEMPORAL_ADDRESS: server.address };
  worker = start(['worker'], { ...env, ...workerEnv(sandbox.credentials, ['mono', 'epap']) });
  await until(() => worker!.stderr().includes('Teardown worker polling'), 'the worker to start');

  const seeded = sandbox.admin.seed({ mono: { count: 40, qrCodesPerCollection: 3 }, epap: { count: 180 } });
  const targets: Target[] = [
    ...seeded.mono.collections.flatMap((c) =>
      c.qrCodes.map((qrCodeId): Target => ({ kind: 'mono-qr', collectionId: c.id, qrCodeId })),
    ),
    ...seeded.epap.receipts.map((r): Target => ({ kind: 'epap-receipt', ...r })),
  ];
  const file = join(dir, 'targets.jsonl');
  await writeFile(file, targets.map((t) => JSON.stringify(formatTarget(t))).join('\n'));
  // Slow enough that the kill lands mid-batch; lost responses so that retries after the restart meet "already gone".
  sandbox.admin.setFaults([
    { provider: 'mono-breb', operation: 'cancelQrCode', fault: 'latency', probability: 1, latencyMs: 60 },
    { provider: 'epap', operation: 'deleteReceipt', fault: 'latency', probability: 1, latencyMs: 60 },
    { provider: 'epap', operation: 'deleteReceipt', fault: 'lostResponse', probability: 0.1 },
  ]);
  const deleted = () => {
    const s = sandbox.admin.state();
    return [...s.mono.qrCodes, ...s.epap.receipts].filter((r) => r.deletions > 0).length;
  };

  const started = await run(['batch', file, '--id', 'survives', '--concurrency', '4', '--detach'], env);
  expect(started.code).toBe(0);
  const status = start(['status', 'survives'], env);
  await until(() => deleted() >= 60, '60 deletes before the kill');
  await server.kill();
  const atKill = deleted();
  expect(atKill).toBeLessThan(300);
  // Down for a while: the CLI keeps following (it gives up only after 30 s without Temporal) and the worker keeps trying.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect([status.child.exitCode, worker.child.exitCode]).toEqual([null, null]);
  await server.restart();

  expect(await status.exit).toBe(0);
  sandbox.admin.setFaults([]);
  expect(status.stdout()).toBe(
    'Mono Bre-B: 120 deleted, 0 already gone, 0 failed · epap: 180 deleted, 0 already gone, 0 failed\n',
  );
  // The worker process was never restarted: it reconnected and did the deletes left after the restart.
  expect(worker.child.exitCode).toBeNull();
  expect(deleted()).toBe(300);
  expect(atKill).toBeLessThan(deleted());

  const report = await run(['report', 'survives', '--format', 'json'], env);
  expect(report.code).toBe(0);
  const items = (JSON.parse(report.stdout) as BatchReport).items;
  expect(new Set(items.map((i) => formatTarget(i.target))).size).toBe(300);
  const state = sandbox.admin.state();
  for (const item of items) {
    const record =
      item.target.kind === 'mono-qr'
        ? state.mono.qrCodes.find((q) => q.id === (item.target as { qrCodeId: string }).qrCodeId)!
        : state.epap.receipts.find((r) => r.epapId === (item.target as { epapId: string }).epapId)!;
    expect([formatTarget(item.target), item.outcome, record.deletions]).toEqual([
      formatTarget(item.target),
      'deleted',
      1,
    ]);
  }
}, 240_000);
