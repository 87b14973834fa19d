// Each node's operations against the sandbox, through the n8n transport adapter: outputs, pairedItem, the
// "already deleted" option, continueOnFail items and n8n errors naming the item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { MonoBreb } from '../nodes/MonoBreb/MonoBreb.node';
import { AlibabaCloudCams } from '../nodes/AlibabaCloudCams/AlibabaCloudCams.node';
import { Epap } from '../nodes/Epap/Epap.node';
import { fakeContext } from './context';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 21 });
});
afterAll(() => sb.close());

const monoCredentials = () => ({
  clientId: sb.credentials.mono.clientId,
  clientSecret: sb.credentials.mono.clientSecret,
  environment: 'custom',
  baseUrl: sb.credentials.mono.baseUrl,
});

describe('Mono Bre-B node', () => {
  it('lists active dynamic QR codes, then cancels each: deleted now, then already gone, pairedItem kept', async () => {
    const { mono } = sb.admin.seed({
      mono: { collections: [{ qrCodes: [{}, {}, { canceled: true }, { usageMode: 'multiple_use' }] }] },
    });
    const collectionId = mono.collections[0]!.id;
    const list = fakeContext({
      items: [{}],
      params: { resource: 'qrCode', operation: 'listQrCodes', collectionId, onlyActiveDynamic: true },
      credentials: monoCredentials(),
    });
    const [listed] = await new MonoBreb().execute.call(list.context);
    expect(listed!.map((i) => i.json.id).sort()).toEqual(mono.collections[0]!.qrCodes.slice(0, 2).sort());
    expect(listed!.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
    expect(list.requests.every((r) => r.returnFullResponse && r.ignoreHttpStatusErrors)).toBe(true);

    const cancel = (items: { qrCodeId: string }[]) =>
      fakeContext({
        items,
        params: (i) => ({
          resource: 'qrCode',
          operation: 'cancelQrCode',
          collectionId,
          qrCodeId: items[i]!.qrCodeId,
          treatAlreadyGoneAsSuccess: true,
        }),
        credentials: monoCredentials(),
      });
    const targets = listed!.map((i) => ({ qrCodeId: i.json.id as string }));
    const [first] = await new MonoBreb().execute.call(cancel(targets).context);
    expect(first!.map((i) => [i.json.outcome, (i.pairedItem as { item: number }).item])).toEqual([
      ['deleted', 0],
      ['deleted', 1],
    ]);
    const [again] = await new MonoBreb().execute.call(cancel(targets).context);
    expect(again!.map((i) => [i.json.outcome, i.json.alreadyGone, i.json.reason])).toEqual([
      ['already_gone', true, 'qr_already_canceled'],
      ['already_gone', true, 'qr_already_canceled'],
    ]);
  });

  it('fails a bad ID with a NodeOperationError naming the field and item, before any request', async () => {
    const { context, requests } = fakeContext({
      items: [{}, {}],
      params: (i) => ({
        resource: 'collection',
        operation: 'deleteCollection',
        collectionId: i === 1 ? '../etc' : 'bbcol_5tgliBmzjZ6mpQPRbQjfKj',
      }),
      credentials: monoCredentials(),
    });
    sb.admin.seed({ mono: { collections: [{ id: 'bbcol_5tgliBmzjZ6mpQPRbQjfKj' }] } });
    const error = (await new MonoBreb().execute.call(context).catch((e: unknown) => e)) as NodeOperationError;
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error.message).toContain('Mono collection ID');
    expect(error.context.itemIndex).toBe(1);
    expect(requests.filter((r) => r.url.includes('../'))).toEqual([]);
  });

  it('turns a provider refusal into a NodeApiError, or with continueOnFail into an item with code, request id and hint', async () => {
    const { mono } = sb.admin.seed({ mono: { collections: [{ paidAmount: 100, state: 'paid' }] } });
    const params = {
      resource: 'collection',
      operation: 'deleteCollection',
      collectionId: mono.collections[0]!.id,
      treatAlreadyGoneAsSuccess: true,
    };
    const error = await new MonoBreb().execute
      .call(fakeContext({ items: [{}], params, credentials: monoCredentials() }).context)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeApiError);
    const [out] = await new MonoBreb().execute.call(
      fakeContext({ items: [{}], params, credentials: monoCredentials(), continueOnFail: true }).context,
    );
    expect(out![0]!.json).toMatchObject({
      code: 'has_payments',
      classification: 'not_retryable',
      status: 409,
      requestId: expect.stringMatching(/^log_/),
      hint: expect.any(String),
    });
    expect(out![0]!.pairedItem).toEqual({ item: 0 });
  });

  it('can treat an already deleted target as an error instead', async () => {
    const { mono } = sb.admin.seed({ mono: { collections: [{ qrCodes: [{ canceled: true }] }] } });
    const params = {
      resource: 'qrCode',
      operation: 'cancelQrCode',
      collectionId: mono.collections[0]!.id,
      qrCodeId: mono.collections[0]!.qrCodes[0],
      treatAlreadyGoneAsSuccess: false,
    };
    const [out] = await new MonoBreb().execute.call(
      fakeContext({ items: [{}], params, credentials: monoCredentials(), continueOnFail: true }).context,
    );
    expect(out![0]!.json).toMatchObject({ code: 'qr_already_canceled', classification: 'already_done' });
  });
});

describe('Alibaba Cloud CAMS node', () => {
  it('deletes message QR codes (signed requests, within 5/s) and lists what is left', async () => {
    const { cams } = sb.admin.seed({ cams: { count: 3 } });
    const creds = {
      accessKeyId: sb.credentials.cams.accessKeyId,
      accessKeySecret: sb.credentials.cams.accessKeySecret,
      endpoint: sb.credentials.cams.endpoint,
    };
    const items = cams.qrCodes.slice(0, 2);
    const del = fakeContext({
      items: items.map(() => ({})),
      params: (i) => ({
        resource: 'messageQrCode',
        operation: 'deletePhoneMessageQrdl',
        phoneNumber: items[i]!.phoneNumber,
        qrdlCode: items[i]!.qrdlCode,
        custSpaceId: '',
        treatAlreadyGoneAsSuccess: true,
      }),
      credentials: creds,
    });
    const [out] = await new AlibabaCloudCams().execute.call(del.context);
    expect(out!.map((i) => i.json.outcome)).toEqual(['deleted', 'deleted']);
    const list = fakeContext({
      items: [{}],
      params: {
        resource: 'messageQrCode',
        operation: 'listPhoneMessageQrdl',
        phoneNumber: cams.qrCodes[2]!.phoneNumber,
        custSpaceId: '',
      },
      credentials: creds,
    });
    const [listed] = await new AlibabaCloudCams().execute.call(list.context);
    expect(listed!.map((i) => i.json.QrdlCode)).toContain(cams.qrCodes[2]!.qrdlCode);
    expect(listed!.map((i) => i.json.QrdlCode)).not.toContain(items[0]!.qrdlCode);
  });
});

describe('Alibaba Cloud CAMS node, runs at once', () => {
  it('shares one 5/s limit per AccessKey between runs: two runs of 6 deletes each draw no System.LimitControl', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // an empty window at the sandbox
    const { cams } = sb.admin.seed({ cams: { count: 12 } });
    const creds = {
      accessKeyId: sb.credentials.cams.accessKeyId,
      accessKeySecret: sb.credentials.cams.accessKeySecret,
      endpoint: sb.credentials.cams.endpoint,
    };
    const run = (items: typeof cams.qrCodes) =>
      new AlibabaCloudCams().execute.call(
        fakeContext({
          items: items.map(() => ({})),
          params: (i) => ({
            resource: 'messageQrCode',
            operation: 'deletePhoneMessageQrdl',
            phoneNumber: items[i]!.phoneNumber,
            qrdlCode: items[i]!.qrdlCode,
            custSpaceId: '',
            treatAlreadyGoneAsSuccess: true,
          }),
          credentials: creds,
        }).context,
      );
    const before = sb.admin.calls()['alibaba-cams.deletePhoneMessageQrdl'] ?? 0;
    const outputs = await Promise.all([run(cams.qrCodes.slice(0, 6)), run(cams.qrCodes.slice(6))]);
    expect(outputs.flatMap(([out]) => out!.map((i) => i.json.outcome))).toEqual(
      Array.from({ length: 12 }, () => 'deleted'),
    );
    // One request per delete: none was refused for the rate and sent again.
    expect((sb.admin.calls()['alibaba-cams.deletePhoneMessageQrdl'] ?? 0) - before).toBe(12);
  });
});

describe('epap node', () => {
  it('deletes receipts, and fails a second delete as not found (epap cannot tell it from a mistyped ID)', async () => {
    const { epap } = sb.admin.seed({ epap: { count: 1 } });
    const r = epap.receipts[0]!;
    const creds = {
      clientId: sb.credentials.epap.clientId,
      clientSecret: sb.credentials.epap.clientSecret,
      chainId: r.chainId,
      baseUrl: sb.credentials.epap.baseUrl,
    };
    const run = () =>
      new Epap().execute.call(
        fakeContext({
          items: [{}],
          params: {
            resource: 'receipt',
            operation: 'deleteReceipt',
            epapId: r.epapId,
            appUserId: r.appUserId,
            treatAlreadyGoneAsSuccess: true,
          },
          credentials: creds,
        }).context,
      );
    expect((await run())[0]![0]!.json).toMatchObject({ outcome: 'deleted', epapId: r.epapId });
    await expect(run()).rejects.toThrow(`epap has no receipt ${r.epapId}`);
  });
});
