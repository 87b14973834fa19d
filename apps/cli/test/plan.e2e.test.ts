// `teardown plan` and `teardown apply` end to end against the embedded stack: the sandbox is seeded with a target in
// every state, the plan is checked line by line, the sandbox's own records show what reached it, and apply deletes
// exactly the plan's `delete` lines.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MonoBrebClient } from '@teardown/core';
import { formatTarget, type Target } from '@teardown/temporal';
import { startStack, type Stack } from '../src/stack.js';
import { run, start, until } from './cli.js';

let stack: Stack;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  stack = await startStack({ sandbox: { seed: 25, keyCancellationDelayMs: 100 } });
  dir = await mkdtemp(join(tmpdir(), 'teardown-plan-'));
  env = { TEMPORAL_ADDRESS: stack.address };
});

afterAll(async () => {
  await stack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const UNKNOWN_QR = 'bbqr_Unknown000000000000000';
const UNKNOWN_COL = 'bbcol_Unknown000000000000000';

/** One target in every state, and the class the plan must give it. */
function seedEveryState(): { target: Target; plan: string }[] {
  const s = stack.sandbox.admin.seed({
    mono: {
      collections: [
        {
          state: 'ready',
          qrCodes: [{}, { canceled: true }, { usageMode: 'multiple_use' }, { id: 'bbqr_Keep000000000000000000' }],
        },
        { state: 'discarded' },
        { state: 'minimum_paid', paidAmount: 5000 },
        { state: 'ready' },
      ],
    },
    cams: { qrCodes: [{ phoneNumber: '8613800000025' }, { phoneNumber: '8613800000025' }] },
    epap: { count: 1 },
  });
  const [live, discarded, paid, empty] = s.mono.collections;
  const qr = (i: number): Target => ({ kind: 'mono-qr', collectionId: live!.id, qrCodeId: live!.qrCodes[i]! });
  const cams = s.cams.qrCodes.map((q): Target => ({ kind: 'cams-qr', ...q }));
  return [
    { target: qr(0), plan: 'delete' },
    { target: qr(1), plan: 'already_gone' },
    { target: qr(2), plan: 'blocked' },
    { target: qr(3), plan: 'protected' },
    { target: { kind: 'mono-qr', collectionId: live!.id, qrCodeId: UNKNOWN_QR }, plan: 'not_found' },
    { target: { kind: 'mono-collection', collectionId: discarded!.id }, plan: 'already_gone' },
    { target: { kind: 'mono-collection', collectionId: paid!.id }, plan: 'blocked' },
    { target: { kind: 'mono-collection', collectionId: empty!.id }, plan: 'delete' },
    { target: { kind: 'mono-collection', collectionId: UNKNOWN_COL }, plan: 'not_found' },
    { target: cams[0]!, plan: 'delete' },
    { target: cams[1]!, plan: 'delete' },
    { target: { kind: 'cams-qr', phoneNumber: '8613800000025', qrdlCode: 'NOTLISTED25' }, plan: 'not_found' },
    { target: { kind: 'epap-receipt', ...s.epap.receipts[0]! }, plan: 'unverified' },
  ];
}

/** Delete requests that reached each target, by its text form (the sandbox's own record). */
function deleteRequests(): Map<string, number> {
  const { mono, cams, epap } = stack.sandbox.admin.state();
  return new Map<string, number>([
    ...mono.collections.map((c) => [`mono-collection:${c.id}`, c.deleteRequests] as const),
    ...mono.qrCodes.map((q) => [`mono-qr:${q.collection_id}/${q.id}`, q.deleteRequests] as const),
    ...cams.qrCodes.map(
      (q) =>
        [
          formatTarget({
            kind: 'cams-qr',
            phoneNumber: q.phoneNumber,
            qrdlCode: q.qrdlCode,
            ...(q.custSpaceId && { custSpaceId: q.custSpaceId }),
          }),
          q.deleteRequests,
        ] as const,
    ),
    ...epap.receipts.map(
      (r) =>
        [
          formatTarget({ kind: 'epap-receipt', epapId: r.epapId, chainId: r.chainId, appUserId: r.appUserId }),
          r.deleteRequests,
        ] as const,
    ),
  ]);
}

const callsNow = () => ({ ...stack.sandbox.admin.calls() });
function callsSince(before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(callsNow())
      .map(([k, n]) => [k, n - (before[k] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
}

const planLines = async (file: string) =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('teardown plan → apply', () => {
  let cases: { target: Target; plan: string }[];
  let planFile: string;

  it('plan classifies a target in every state, reads only, and pins the file', async () => {
    cases = seedEveryState();
    const targets = join(dir, 'targets.jsonl');
    await writeFile(targets, cases.map((c) => JSON.stringify(c.target)).join('\n') + '\n');
    const protect = join(dir, 'protect.txt');
    await writeFile(protect, '# never touch\nbbqr_Keep\n');
    planFile = join(dir, 'plan.jsonl');
    const before = callsNow();
    const r = await run(['plan', targets, '--protect', protect, '--out', planFile], env);
    expect(r.stderr).toContain('Planned 13 of 13 targets');
    expect(r.code).toBe(0);

    const lines = await planLines(planFile);
    expect(lines[0]).toMatchObject({ teardownPlan: 1, source: targets });
    expect(lines.at(-1)).toMatchObject({
      teardownPlanEnd: true,
      lines: 13,
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    const items = lines.slice(1, -1);
    expect(items.map(({ plan, reason: _r, observed: _o, ...target }) => ({ target, plan }))).toEqual(cases);
    expect(items[1]).toMatchObject({ observed: { state: 'canceled', updatedAt: expect.any(String) } });
    expect(items[6]).toMatchObject({ observed: { paidAmount: 5000 }, reason: expect.stringContaining('has_payments') });
    expect(items[4]).toMatchObject({ observed: { code: 'qr_not_found', requestId: expect.stringMatching(/^log_/) } });

    // Read-only: reads and tokens only, one CAMS list for the three codes of one phone number; the protected QR code
    // and the epap receipt are never asked about.
    expect(callsSince(before)).toEqual({
      'mono-breb.token': expect.any(Number),
      'mono-breb.getQrCode': 4,
      'mono-breb.getCollection': 4,
      'alibaba-cams.listPhoneMessageQrdl': 1,
    });
    expect([...deleteRequests().values()].every((n) => n === 0)).toBe(true);
    expect(r.stdout).toMatch(/Mono Bre-B\s+2\s+2\s+2\s+2\s+1\s+0/);
  });

  it('apply refuses an edited or truncated plan, before anything is sent', async () => {
    const text = await readFile(planFile, 'utf8');
    const edited = join(dir, 'edited.jsonl');
    await writeFile(edited, text.replace('"plan":"blocked"', '"plan":"delete"'));
    const truncated = join(dir, 'truncated.jsonl');
    await writeFile(truncated, text.split('\n').slice(0, -2).join('\n') + '\n');
    const before = callsNow();
    const e = await run(['apply', edited], env);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/edited\.jsonl was edited after it was made \(its digest does not match its lines\)/);
    const t = await run(['apply', truncated], env);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('has no footer line: it was truncated');
    expect(callsSince(before)).toEqual({});
  });

  it('apply deletes exactly the delete lines, once; nothing else is sent anything', async () => {
    const r = await run(['apply', planFile, '--id', 'plan-apply-25'], env);
    expect(r.stderr).toContain(
      '4 of 13 to send; not sent: already_gone 2, not_found 3, blocked 2, protected 1, unverified 1',
    );
    expect(r.code).toBe(0);
    const requests = deleteRequests();
    for (const c of cases) {
      const key = formatTarget(c.target);
      if (!requests.has(key)) continue; // unknown IDs: the sandbox has no record, and no delete was planned
      expect([key, requests.get(key)]).toEqual([key, c.plan === 'delete' ? 1 : 0]);
    }
    expect(requests.get(formatTarget(cases[3]!.target))).toBe(0); // the protected one
  });

  it('batch --dry-run prints the summary, writes no plan and sends no delete', async () => {
    const { mono } = stack.sandbox.admin.seed({ mono: { count: 1, qrCodesPerCollection: 2 } });
    const file = join(dir, 'dry.jsonl');
    const qrs = mono.collections[0]!.qrCodes.map((qrCodeId) => ({
      kind: 'mono-qr',
      collectionId: mono.collections[0]!.id,
      qrCodeId,
    }));
    await writeFile(file, qrs.map((t) => JSON.stringify(t)).join('\n') + '\n');
    const r = await run(['batch', '--dry-run', file], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Mono Bre-B\s+2\s+0\s+0\s+0\s+0\s+0/);
    expect(r.stdout).toContain('Dry run: nothing was deleted and no plan was written.');
    expect(qrs.map((t) => deleteRequests().get(formatTarget(t as Target)))).toEqual([0, 0]);
    expect(existsSync(join(dir, 'dry.plan.jsonl'))).toBe(false);
  });
});

describe('teardown plan refuses bad input before anything is read', () => {
  it('a plan written over its own targets file, a bad line, a missing protect list: exit 2, the file untouched', async () => {
    const file = join(dir, 'self.jsonl');
    const text = '"epap-receipt:r1?chain=c1&user=u1"\n';
    await writeFile(file, text);
    const before = callsNow();
    const self = await run(['plan', file, '--out', join(dir, '.', 'self.jsonl')], env);
    expect(self).toMatchObject({ code: 2, stderr: expect.stringContaining('is the targets file') });
    expect(await readFile(file, 'utf8')).toBe(text);
    await writeFile(join(dir, 'bad.jsonl'), '{"kind":"mono-qr","collectionId":"bbcol_../x","qrCodeId":"q"}\n');
    const bad = await run(['plan', join(dir, 'bad.jsonl'), '--out', join(dir, 'bad.plan.jsonl')], env);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('line 1, collectionId:') });
    const noProtect = await run(
      ['plan', file, '--out', join(dir, 'x.plan.jsonl'), '--protect', join(dir, 'nope.txt')],
      env,
    );
    expect(noProtect).toMatchObject({ code: 2, stderr: expect.stringContaining('--protect') });
    expect(callsSince(before)).toEqual({});
  });
});

describe('TeardownClient.plan', () => {
  it('answers each target with its verdict, in order, typed; a bad target is refused before anything is read', async () => {
    const { mono } = stack.sandbox.admin.seed({
      mono: { collections: [{ state: 'ready', qrCodes: [{}, { canceled: true }] }] },
    });
    const c = mono.collections[0]!;
    const targets: Target[] = [
      { kind: 'mono-qr', collectionId: c.id, qrCodeId: c.qrCodes[1]! },
      { kind: 'mono-collection', collectionId: c.id },
      { kind: 'mono-qr', collectionId: c.id, qrCodeId: c.qrCodes[0]! },
    ];
    const items = await stack.teardown.plan(targets);
    expect(items.map((i) => [i.target, i.plan])).toEqual([
      [targets[0], 'already_gone'],
      [targets[1], 'delete'],
      [targets[2], 'delete'],
    ]);
    const before = callsNow();
    await expect(
      stack.teardown.plan([targets[0]!, { kind: 'mono-qr', collectionId: c.id, qrCodeId: '../x' }]),
    ).rejects.toMatchObject({ field: 'qrCodeId', code: 'validation_error' });
    expect(callsSince(before)).toEqual({});
  });
});

describe('unverified lines', () => {
  it('apply leaves an epap receipt alone unless --include-unverified', async () => {
    const receipt = stack.sandbox.admin.seed({ epap: { count: 1 } }).epap.receipts[0]!;
    const target: Target = { kind: 'epap-receipt', ...receipt };
    const file = join(dir, 'epap.jsonl');
    await writeFile(file, `${JSON.stringify(target)}\n`);
    const out = join(dir, 'epap.plan.jsonl');
    expect((await run(['plan', file, '--out', out], env)).code).toBe(0);
    const held = await run(['apply', out], env);
    expect(held).toMatchObject({ code: 0, stdout: 'Nothing to delete: the plan has no line to send.\n' });
    expect(held.stderr).toContain('0 of 1 to send; not sent: unverified 1');
    expect(deleteRequests().get(formatTarget(target))).toBe(0);
    const sent = await run(['apply', out, '--include-unverified', '--id', 'plan-epap-25'], env);
    expect(sent.code).toBe(0);
    expect(deleteRequests().get(formatTarget(target))).toBe(1);
  });
});

describe('drift between plan and apply', () => {
  it('a QR code cancelled after the plan is reported as drift, apart from the ones deleted', async () => {
    const { mono } = stack.sandbox.admin.seed({ mono: { count: 1, qrCodesPerCollection: 2 } });
    const collectionId = mono.collections[0]!.id;
    const [moved, kept] = mono.collections[0]!.qrCodes.map((qrCodeId): Target => ({
      kind: 'mono-qr',
      collectionId,
      qrCodeId,
    }));
    const file = join(dir, 'drift.jsonl');
    await writeFile(file, [moved, kept].map((t) => JSON.stringify(t)).join('\n') + '\n');
    const out = join(dir, 'drift.plan.jsonl');
    expect((await run(['plan', file, '--out', out], env)).code).toBe(0);
    // Someone else cancels one between plan and apply.
    const other = new MonoBrebClient(stack.sandbox.credentials.mono);
    await other.cancelQrCode(moved as { collectionId: string; qrCodeId: string });
    const r = await run(['apply', out, '--id', 'plan-drift-25'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Drift: 1 target(s) planned "delete" changed since the plan: already_gone 1.');
    const state = stack.sandbox.admin.state().mono.qrCodes;
    expect(state.find((q) => q.id === (kept as { qrCodeId: string }).qrCodeId)).toMatchObject({ deletions: 1 });
  });
});

describe('a plan whose worker is killed midway', () => {
  it('completes on a new worker, every target planned once in order, no delete sent', async () => {
    const { mono } = stack.sandbox.admin.seed({ mono: { count: 1, qrCodesPerCollection: 600 } });
    const collectionId = mono.collections[0]!.id;
    const targets = mono.collections[0]!.qrCodes.map((qrCodeId): Target => ({
      kind: 'mono-qr',
      collectionId,
      qrCodeId,
    }));
    const file = join(dir, 'restart.jsonl');
    await writeFile(file, targets.map((t) => JSON.stringify(t)).join('\n') + '\n');
    // Slow reads, so that the worker dies with chunks in flight.
    stack.sandbox.admin.setFaults([{ provider: 'mono-breb', operation: 'getQrCode', fault: 'latency', latencyMs: 40 }]);
    const creds = stack.sandbox.credentials.mono;
    const workerEnv = {
      ...env,
      TEARDOWN_MONO_CLIENT_ID: creds.clientId,
      TEARDOWN_MONO_CLIENT_SECRET: creds.clientSecret,
      TEARDOWN_MONO_BASE_URL: creds.baseUrl,
    };
    const reads = () => stack.sandbox.admin.calls()['mono-breb.getQrCode'] ?? 0;
    const before = reads();
    const first = start(['worker', '--task-queue', 'plan-restart'], workerEnv);
    const out = join(dir, 'restart.plan.jsonl');
    const plan = start(['plan', file, '--out', out, '--task-queue', 'plan-restart'], env);
    let second: ReturnType<typeof start> | undefined;
    try {
      await until(() => reads() - before >= 100, 'the first worker to read 100 targets');
      first.child.kill('SIGKILL');
      await first.exit;
      const readByFirst = reads() - before;
      expect(readByFirst).toBeLessThan(600);
      second = start(['worker', '--task-queue', 'plan-restart'], workerEnv);
      expect(await plan.exit).toBe(0);
      const items = (await planLines(out)).slice(1, -1);
      expect(items.map(({ qrCodeId, plan }) => [qrCodeId, plan])).toEqual(
        targets.map((t) => [(t as { qrCodeId: string }).qrCodeId, 'delete']),
      );
      expect(reads() - before).toBeGreaterThanOrEqual(600);
      expect(targets.map((t) => deleteRequests().get(formatTarget(t)))).toEqual(targets.map(() => 0));
    } finally {
      stack.sandbox.admin.setFaults([]);
      first.child.kill('SIGKILL');
      second?.child.kill('SIGINT');
      await second?.exit;
    }
  }, 120_000);
});
