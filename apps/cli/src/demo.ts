// `teardown demo`: the whole thing working, with no configuration — the embedded stack, a mixed batch of a few hundred
// targets at all three providers under injected faults, live progress, a collection delete that completes when its
// discard webhook arrives, the report, and a check of the report against the sandbox's own record.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxTarget } from '@teardown/sandbox';
import { formatTarget, targetOfOperation, type BatchReport, type Target } from '@teardown/temporal';
import { checkTargetsFile, follow } from './batch.js';
import { startBatchFromFile } from './handover.js';
import { EXIT } from './exit.js';
import type { Output } from './output.js';
import { formatDuration } from './progress.js';
import { formatReport } from './report.js';
import { startStack, type Stack } from './stack.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const targetOf = (record: SandboxTarget): Target => targetOfOperation(record.operation, record.fields);

/** What the sandbox recorded for a target: how many times it was really deleted (-1: the sandbox never had it). */
function deletionsOf(stack: Stack): (t: Target) => number {
  const deletions = new Map(stack.sandbox.admin.targets().map((r) => [formatTarget(targetOf(r)), r.deletions]));
  return (t) => deletions.get(formatTarget(t)) ?? -1;
}

/** Items whose reported outcome disagrees with the sandbox: `deleted` must mean exactly one deletion by us, anything else none. */
export function mismatches(report: BatchReport, deletions: (t: Target) => number): string[] {
  // `deleted` must be exactly one deletion, `unconfirmed` (a doubt: epap has no read to settle a lost answer) at most
  // one, every other outcome none.
  const matches = (outcome: string, n: number) =>
    outcome === 'deleted' ? n === 1 : outcome === 'unconfirmed' ? n <= 1 : n === 0;
  return report.items
    .filter((i) => !matches(i.outcome, deletions(i.target)))
    .map((i) => `${formatTarget(i.target)}: reported ${i.outcome}, sandbox deleted it ${deletions(i.target)} time(s)`);
}

export async function runDemo(o: Output): Promise<number> {
  let stack: Stack | undefined;
  let dir: string | undefined;
  let stopping = false;
  // Ctrl-C at any moment: stop everything we started (servers, worker, the Temporal server process) and leave.
  const onSigint = () => {
    if (stopping) return;
    stopping = true;
    o.err.write('\nInterrupted: stopping the demo stack…\n');
    void (async () => {
      await stack?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
      process.exit(EXIT.detached);
    })();
  };
  process.on('SIGINT', onSigint);
  try {
    o.err.write('Starting the embedded stack: a Temporal server, the sandbox, the worker, the webhook receiver…\n');
    // The run's folder holds the dev server's state too: `temporal server start-dev --db-filename <it>` shows the
    // demo's workflows again after it ended.
    dir = await mkdtemp(join(tmpdir(), 'teardown-demo-'));
    stack = await startStack({
      sandbox: { seed: 2026, keyCancellationDelayMs: 1500 },
      dbFilename: join(dir, 'temporal.db'),
      onFallback: (line) => o.err.write(`  ${line}\n`),
    });
    if (stopping) return EXIT.detached;
    o.err.write(
      `  Temporal ${stack.address} (${stack.server}) · sandbox ${stack.sandbox.url} · webhooks ${stack.webhookUrl} — up in ${seconds(performance.now())}\n`,
    );

    const { admin } = stack.sandbox;
    const seeded = admin.seed({
      mono: {
        count: 30,
        qrCodesPerCollection: 4,
        collections: [
          { paidAmount: 120_000, state: 'paid' },
          { qrCodes: [{ canceled: true }, { canceled: true }, { canceled: true }] },
          {},
        ],
      },
      cams: { count: 50 },
      epap: { count: 150 },
    });
    const [paid, , awaited] = seeded.mono.collections;
    // Everything seeded goes in the batch except the collections, which the demo deletes on their own below — but the
    // one with payments, to show a refusal.
    const targets = admin
      .targets()
      .map(targetOf)
      .filter((t) => t.kind !== 'mono-collection' || t.collectionId === paid!.id);
    // Faults a real day brings: server errors, and deletes that took effect but whose answer was lost.
    admin.setFaults([
      { provider: 'mono-breb', operation: 'cancelQrCode', fault: 'status503', probability: 0.05 },
      { provider: 'mono-breb', operation: 'cancelQrCode', fault: 'lostResponse', probability: 0.05 },
      { provider: 'epap', operation: 'deleteReceipt', fault: 'status503', probability: 0.05 },
      { provider: 'epap', operation: 'deleteReceipt', fault: 'lostResponse', probability: 0.05 },
    ]);
    o.err.write(
      `  Seeded ${seeded.mono.collections.length} Mono collections (${targets.filter((t) => t.kind === 'mono-qr').length} QR codes to cancel, 3 of them already cancelled; one collection has payments), ` +
        `${seeded.cams.qrCodes.length} CAMS message QR codes, ${seeded.epap.receipts.length} epap receipts; 5% 503s and 5% lost responses at Mono and epap.\n`,
    );

    const file = join(dir, 'targets.jsonl');
    await writeFile(file, targets.map((t) => JSON.stringify(formatTarget(t))).join('\n'));
    const { format } = await checkTargetsFile(file, undefined, o);

    const batchId = 'demo';
    const collectionStarted = performance.now();
    const collection = await stack.teardown.startDelete({ kind: 'mono-collection', collectionId: awaited!.id });
    const collectionResult = collection.result().then((r) => ({ r, ms: performance.now() - collectionStarted }));
    const { feed } = await startBatchFromFile(stack.teardown, file, format, { batchId });
    await feed;
    await stack.teardown.batchProgress(batchId);
    o.err.write(
      `  Batch "${batchId}" of ${targets.length} targets started; first progress ${seconds(performance.now())} after launch (target < 15 s). Ctrl-C stops the demo.\n`,
    );
    if (stack.webUi)
      o.err.write(
        `  Watch it in the Temporal Web UI: ${stack.webUi}/namespaces/default/workflows/${encodeURIComponent(stack.teardown.batchHandle(batchId).workflowId)}\n`,
      );
    o.err.write('\n');

    const batchStarted = performance.now();
    if ((await follow(stack.teardown, batchId, o)) === 'detached' || stopping) return EXIT.detached;
    const report = await stack.teardown.batchResult(batchId);
    const batchMs = performance.now() - batchStarted;
    const { r: discarded, ms: collectionMs } = await collectionResult;

    const notPlain = report.items.filter((i) => i.outcome !== 'deleted');
    o.out.write(
      `\nReport (${report.items.length} items in ${formatDuration(batchMs / 1000)}; the ${report.items.length - notPlain.length} plain deletions are left out here, all are in ${join(dir, 'report.csv')}):\n`,
    );
    o.out.write(formatReport({ ...report, items: notPlain }, 'table'));
    await writeFile(join(dir, 'report.csv'), formatReport(report, 'csv'));

    const camsItems = report.items.filter((i) => i.target.kind === 'cams-qr').length;
    const camsCalls = admin.calls()['alibaba-cams.deletePhoneMessageQrdl'] ?? 0;
    // The demo injects no CAMS faults: any request beyond one per delete was refused for the rate and sent again.
    const refused = camsCalls - camsItems;
    o.out.write(
      `\nAlibaba Cloud CAMS: ${camsItems} deletes made ${camsCalls} requests${refused === 0 ? ': none refused with System.LimitControl, held to 5/s' : ` (${refused} refused with System.LimitControl and sent again)`}.\n`,
    );
    o.out.write(
      `Collection ${awaited!.id}: ${discarded.outcome}; its key was discarded at ${discarded.discardedAt}, observed via ${discarded.observedVia}, ${seconds(collectionMs)} after the delete started.\n`,
    );
    const deletions = deletionsOf(stack);
    const wrong = mismatches(report, deletions);
    const twice = report.items.filter((i) => deletions(i.target) > 1).length;
    const unconfirmed = report.items.filter((i) => i.outcome === 'unconfirmed');
    if (unconfirmed.length > 0)
      o.out.write(
        `epap: ${unconfirmed.length} unconfirmed — a delete whose answer was lost, then "not found": epap has no read, so Teardown cannot tell our delete from a mistyped ID and says so (the sandbox deleted ${unconfirmed.filter((i) => deletions(i.target) === 1).length} of them, once each).\n`,
      );
    o.out.write(
      `Sandbox's own record: ${report.items.filter((i) => deletions(i.target) === 1).length} of these targets deleted once, ${twice} twice; the report ${wrong.length === 0 ? 'matches it item by item' : `DOES NOT match it:\n  ${wrong.join('\n  ')}`}.\n`,
    );
    return wrong.length === 0 && twice === 0 && discarded.observedVia === 'webhook' ? EXIT.allDone : EXIT.someFailed;
  } finally {
    if (!stopping) {
      stopping = true;
      await stack?.close();
      o.err.write('Stopped the demo stack.\n');
      process.removeListener('SIGINT', onSigint);
    }
  }
}
