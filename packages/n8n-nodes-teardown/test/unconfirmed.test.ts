// A delete whose answer was lost, retried, then "not found" at a provider that cannot say whether the target ever
// existed (epap has no read): core's `unconfirmed` outcome. In n8n it fails the item — a mistyped ID must not count as
// deleted — and under "Continue (using error output)" it takes the error output with its evidence under `details`.
import { NodeOperationError } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { Epap } from '../nodes/Epap/Epap.node';
import { fakeContext } from './context';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 41 });
});
afterEach(() => sb.admin.setFaults([]));
afterAll(() => sb.close());

/** A fresh receipt whose next delete is applied by epap but answered by a dropped connection. */
function receiptWithLostAnswer() {
  const { epapId, appUserId } = sb.admin.seed({ epap: { count: 1 } }).epap.receipts[0]!;
  const next = (sb.admin.calls()['epap.deleteReceipt'] ?? 0) + 1;
  sb.admin.setFaults([{ provider: 'epap', operation: 'deleteReceipt', fault: 'lostResponse', schedule: [next] }]);
  return { epapId, appUserId };
}

/** Deletes the receipt as n8n would, "On Error" set to "Continue (using error output)" or, with `stop`, the default. */
function deleteReceipt(
  ids: { epapId: string; appUserId: string },
  options: { countNotFoundAsDone?: boolean } = {},
  stop = false,
) {
  const ctx = fakeContext({
    items: [{}],
    params: { resource: 'receipt', operation: 'deleteReceipt', ...ids, options },
    credentials: {
      clientId: sb.credentials.epap.clientId,
      clientSecret: sb.credentials.epap.clientSecret,
      chainId: sb.credentials.epap.chainId,
      baseUrl: sb.credentials.epap.baseUrl,
    },
    typeVersion: 2,
    ...(!stop && { continueOnFail: true, onError: 'continueErrorOutput' as const }),
  });
  return new Epap().execute.call(ctx.context);
}

const sentence = (ids: { epapId: string; appUserId: string }) =>
  `epap has no receipt ${ids.epapId} of app user ${ids.appUserId} now, and cannot say why: an earlier try of this delete whose answer was lost may have deleted it, or the ID never existed (2 attempts).`;

describe('epap → Receipt → Delete, when the answer to the delete was lost', () => {
  it('takes the error output under "Continue (using error output)", saying what is known, with outcome "unconfirmed" and the receipt’s IDs', async () => {
    const ids = receiptWithLostAnswer();
    const [out] = await deleteReceipt(ids);
    expect(out).toEqual([
      {
        json: {
          error: sentence(ids),
          details: {
            ...ids,
            outcome: 'unconfirmed',
            requestId: null,
            reason: expect.any(String),
            attempts: 2,
            hint: expect.stringMatching(/^Check the ID\. If it is right, the delete went through/),
          },
        },
        pairedItem: { item: 0 },
      },
    ]);
    // The sandbox's own record: the first, unanswered attempt deleted it, once.
    expect(sb.admin.state().epap.receipts.find((r) => r.epapId === ids.epapId)).toMatchObject({
      deleteRequests: 2,
      deletions: 1,
    });
  });

  it('stays a failure with "Count "Not Found" as Done" on: the doubt is not a "not found"', async () => {
    const ids = receiptWithLostAnswer();
    const [out] = await deleteReceipt(ids, { countNotFoundAsDone: true });
    expect(out![0]!.json).toMatchObject({ error: sentence(ids), details: { outcome: 'unconfirmed' } });
  });

  it('stops the workflow with the same sentence when "On Error" is "Stop Workflow"', async () => {
    const ids = receiptWithLostAnswer();
    const error = await deleteReceipt(ids, {}, true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as NodeOperationError).message).toBe(sentence(ids));
    expect((error as NodeOperationError).description).toMatch(/^Check the ID\./);
    expect((error as NodeOperationError).context.itemIndex).toBe(0);
  });
});
