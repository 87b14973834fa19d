// @teardown/core on its own, without Temporal: start the sandbox, seed it, inject faults (including responses lost after
// the delete took effect), delete everything with core's clients, and check the report against the sandbox's own
// record. Run with `pnpm example`.
import { AlibabaCamsClient, EpapClient, MonoBrebClient, isTeardownError, type DeleteResult } from '@teardown/core';
import { startSandbox } from '@teardown/sandbox';

const sandbox = await startSandbox({ seed: 2026, keyCancellationDelayMs: 200 });
try {
  const seeded = sandbox.admin.seed({
    mono: { count: 20, qrCodesPerCollection: 3, collections: [{ paidAmount: 50_000, state: 'paid' }] },
    cams: { count: 15 },
    epap: { count: 40 },
  });
  sandbox.admin.setFaults([
    { provider: 'mono-breb', operation: '*', fault: 'status503', probability: 0.1 },
    { provider: 'mono-breb', operation: 'cancelQrCode', fault: 'lostResponse', probability: 0.1 },
    { provider: 'epap', operation: 'deleteReceipt', fault: 'lostResponse', probability: 0.1 },
    { provider: 'alibaba-cams', operation: 'deletePhoneMessageQrdl', fault: 'status500', probability: 0.1 },
  ]);
  const mono = new MonoBrebClient(sandbox.credentials.mono);
  const cams = new AlibabaCamsClient(sandbox.credentials.cams);
  const epap = new EpapClient(sandbox.credentials.epap);

  type Row = { target: string; outcome: string; detail: string };
  const rows: Row[] = [];
  const record = (target: string, run: () => Promise<DeleteResult>) =>
    run().then(
      (r) =>
        rows.push({
          target,
          outcome: r.outcome,
          detail: `${r.attempts === 1 ? '1 attempt' : `after ${r.attempts} attempts`}${r.reason ? ` (${r.reason})` : ''}`,
        }),
      (e: unknown) =>
        rows.push({ target, outcome: 'failed', detail: isTeardownError(e) ? `${e.code}: ${e.hint}` : String(e) }),
    );

  const started = performance.now();
  await Promise.all([
    ...seeded.mono.collections.map(async (c) => {
      await Promise.all(
        c.qrCodes.map((qrCodeId) =>
          record(`mono-qr:${c.id}/${qrCodeId}`, () => mono.cancelQrCode({ collectionId: c.id, qrCodeId })),
        ),
      );
      await record(`mono-collection:${c.id}`, () => mono.deleteCollection({ collectionId: c.id }));
    }),
    ...seeded.cams.qrCodes.map((q) =>
      record(`cams-qr:${q.phoneNumber}/${q.qrdlCode}`, () => cams.deletePhoneMessageQrdl(q)),
    ),
    ...seeded.epap.receipts.map((r) => record(`epap-receipt:${r.epapId}`, () => epap.deleteReceipt(r))),
  ]);
  const seconds = (performance.now() - started) / 1000;

  const count = (outcome: string) => rows.filter((r) => r.outcome === outcome).length;
  console.log(
    `Deleted ${rows.length} targets at the sandbox (${sandbox.url}) in ${seconds.toFixed(1)} s, with 10% injected faults and lost responses:`,
  );
  console.log(`  deleted ${count('deleted')}   already gone ${count('already_gone')}   failed ${count('failed')}\n`);
  for (const r of rows.filter((x) => x.outcome !== 'deleted' || x.detail !== '1 attempt').slice(0, 12))
    console.log(`  ${r.outcome.padEnd(12)} ${r.target.padEnd(62)} ${r.detail}`);

  const state = sandbox.admin.state();
  const records = [...state.mono.qrCodes, ...state.mono.collections, ...state.cams.qrCodes, ...state.epap.receipts];
  const twice = records.filter((x) => x.deletions > 1).length;
  const deletions = records.filter((x) => x.deletions === 1).length;
  // Every `deleted` is one deletion; an `unconfirmed` (a lost answer, then "not found": epap cannot tell whose delete
  // it was) may or may not be one.
  const unconfirmed = count('unconfirmed');
  const matches = deletions >= count('deleted') && deletions <= count('deleted') + unconfirmed;
  console.log(
    `\nSandbox's own record: ${deletions} deletions (${count('deleted')} reported deleted, ${unconfirmed} unconfirmed), ${twice} deleted twice; report ${matches ? 'matches' : 'DOES NOT match'} it.`,
  );
  process.exitCode = matches && twice === 0 ? 0 : 1;
} finally {
  await sandbox.close();
}
