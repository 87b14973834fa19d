// One delete request, `{ target, options }`, from the client through the workflow and the activity: the activity takes
// it (and still the flattened input of activities scheduled before it), against the sandbox's epap.
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { createActivities } from '../src/activities.js';
import { specOf } from '../src/kinds/index.js';
import { requestOf } from '../src/workflows/delete.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 11 });
});
afterAll(() => sandbox.close());

const receipt = () => sandbox.admin.seed({ epap: { count: 1 } }).epap.receipts[0]!;

describe('the delete activity', () => {
  it('takes the request as it is and deletes its target, with its options', async () => {
    const activities = createActivities({ epap: sandbox.credentials.epap });
    const { epapId, chainId, appUserId } = receipt();
    const target = { kind: 'epap-receipt' as const, epapId, chainId, appUserId };
    const env = new MockActivityEnvironment();
    expect(await env.run(activities.deleteReceipt, { target, options: {} })).toMatchObject({
      outcome: 'deleted',
      provider: 'epap',
    });
    // epap cannot tell "deleted before" from "never there": the option says what that is.
    expect(await env.run(activities.deleteReceipt, { target, options: { notFound: 'done' } })).toMatchObject({
      outcome: 'not_found',
    });
    expect(sandbox.admin.calls()['epap.deleteReceipt']).toBe(2);
  });

  it('still takes the flattened input of activities scheduled before the request shape', async () => {
    const activities = createActivities({ epap: sandbox.credentials.epap });
    const { epapId, chainId, appUserId } = receipt();
    const env = new MockActivityEnvironment();
    expect(await env.run(activities.deleteReceipt, { epapId, chainId, appUserId })).toMatchObject({
      outcome: 'deleted',
    });
    await expect(env.run(activities.deleteReceipt, { epapId, chainId, appUserId })).rejects.toMatchObject({
      type: 'document_not_found',
    });
    expect(
      await env.run(activities.deleteReceipt, { epapId, chainId, appUserId, notFound: 'done' as const }),
    ).toMatchObject({
      outcome: 'not_found',
    });
  });
});

describe('a single-target workflow input', () => {
  it('is read as one request in either shape, the target holding only its kind and fields', () => {
    const spec = specOf('mono-qr');
    const target = {
      kind: 'mono-qr' as const,
      collectionId: 'bbcol_5tgliBmzjZ6mpQPRbQjfKj',
      qrCodeId: 'bbqr_5tgliBmzjZ6mpQPRbQjfKj',
    };
    expect(requestOf(spec, { target, options: { notFound: 'done' } })).toEqual({
      target,
      options: { notFound: 'done' },
    });
    const flattened = { collectionId: target.collectionId, qrCodeId: target.qrCodeId, notFound: 'done' as const };
    expect(requestOf(spec, flattened)).toEqual({ target, options: { notFound: 'done' } });
  });
});
