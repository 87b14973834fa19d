// Mono Bre-B → Collection → Delete with "Wait for Discard", against the sandbox: Mono discards a deleted collection in
// the background (the sandbox after `keyCancellationDelayMs`), and only a read of Mono's state ends the wait.
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { MonoBreb } from '../nodes/MonoBreb/MonoBreb.node';
import { fakeContext } from './context';

let soon: Sandbox;
let never: Sandbox;
beforeAll(async () => {
  // One discards 1.5 s after the delete (so the first read finds it pending); the other not within the test.
  soon = await startSandbox({ seed: 41, keyCancellationDelayMs: 1500 });
  never = await startSandbox({ seed: 42, keyCancellationDelayMs: 3_600_000 });
});
afterAll(async () => {
  await soon.close();
  await never.close();
});

function deleteWithWait(sb: Sandbox, options: IDataObject, ctx: { continueOnFail?: boolean } = {}) {
  const collectionId = sb.admin.seed({ mono: { count: 1, qrCodesPerCollection: 0 } }).mono.collections[0]!.id;
  const { context } = fakeContext({
    items: [{}],
    typeVersion: 2,
    params: {
      resource: 'collection',
      operation: 'deleteCollection',
      collectionId: { __rl: true, mode: 'id', value: collectionId },
      options: { waitForDiscard: true, discardPollInterval: 1, ...options },
    },
    credentials: {
      clientId: sb.credentials.mono.clientId,
      clientSecret: sb.credentials.mono.clientSecret,
      environment: 'custom',
      baseUrl: sb.credentials.mono.baseUrl,
    },
    ...ctx,
    ...(ctx.continueOnFail && { onError: 'continueErrorOutput' as const }),
  });
  return { collectionId, run: () => new MonoBreb().execute.call(context) };
}

describe('Delete a collection, waiting for its discard', () => {
  it('returns once a read shows the collection discarded, with Mono’s own time of it', async () => {
    const reads = () => soon.admin.calls()['mono-breb.getCollection'] ?? 0;
    const before = reads();
    const { collectionId, run } = deleteWithWait(soon, { discardTimeout: 60 });
    const [out] = await run();
    const record = soon.admin.state().mono.collections.find((c) => c.id === collectionId)!;
    expect(record).toMatchObject({ state: 'discarded', deletions: 1 });
    expect(out!.map((i) => i.json)).toEqual([
      {
        collectionId,
        outcome: 'deleted',
        alreadyGone: false,
        requestId: null,
        reason: null,
        discardPending: false,
        discardedAt: record.discardedAt,
        observedVia: 'poll',
      },
    ]);
    // At least one read found it still pending: the wait did not end on the delete's answer.
    expect(reads() - before).toBeGreaterThanOrEqual(2);
  });

  it('on timeout returns the item with discardPending: true (the default), or fails it when asked', async () => {
    const pending = deleteWithWait(never, { discardTimeout: 1 });
    const [out] = await pending.run();
    expect(out!.map((i) => i.json)).toEqual([
      expect.objectContaining({
        collectionId: pending.collectionId,
        outcome: 'deleted',
        discardPending: true,
        discardedAt: null,
      }),
    ]);

    const failing = deleteWithWait(never, { discardTimeout: 1, onDiscardTimeout: 'fail' });
    const error = await failing.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as NodeOperationError).message).toMatch(
      new RegExp(`^Mono Bre-B: collection ${failing.collectionId} was deleted but Mono had not discarded it after 1 s`),
    );

    const routed = deleteWithWait(never, { discardTimeout: 1, onDiscardTimeout: 'fail' }, { continueOnFail: true });
    const [errorItems] = await routed.run();
    expect(errorItems!.map((i) => i.json)).toEqual([
      {
        error: expect.stringContaining(`collection ${routed.collectionId} was deleted`),
        details: expect.objectContaining({
          collectionId: routed.collectionId,
          outcome: 'deleted',
          discardPending: true,
          hint: expect.stringContaining('Mono Bre-B Trigger'),
        }),
      },
    ]);
  });
});
