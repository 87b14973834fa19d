// Version 3 of the nodes that can read (Mono Bre-B, Alibaba Cloud CAMS): a read is the default operation (of the AI-tool
// variant too, which n8n derives from the node), lists take Return All / Limit and page internally, and CAMS's phone
// number is checked as it is typed. Workflows saved with versions 1 and 2 keep their defaults and their parameters.
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID_FIELDS } from '@teardown/core';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { AlibabaCloudCams } from '../nodes/AlibabaCloudCams/AlibabaCloudCams.node';
import { Epap } from '../nodes/Epap/Epap.node';
import { MonoBreb } from '../nodes/MonoBreb/MonoBreb.node';
import { editorNode, fakeContext, parameterIssues } from './context';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 37 });
});
afterAll(() => sb.close());

const mono = () => ({
  clientId: sb.credentials.mono.clientId,
  clientSecret: sb.credentials.mono.clientSecret,
  environment: 'custom',
  baseUrl: sb.credentials.mono.baseUrl,
});
const cams = () => ({
  accessKeyId: sb.credentials.cams.accessKeyId,
  accessKeySecret: sb.credentials.cams.accessKeySecret,
  endpoint: sb.credentials.cams.endpoint,
});
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe('the default operation', () => {
  const defaultOf = (type: MonoBreb | AlibabaCloudCams | Epap, resource: string, version: number) =>
    editorNode(type, { resource }, version).parameters.operation;

  it('is a read from version 3 on — for the node and so for its AI-tool variant', () => {
    expect(defaultOf(new MonoBreb(), 'qrCode', 3)).toBe('listQrCodes');
    expect(defaultOf(new MonoBreb(), 'collection', 3)).toBe('listCollections');
    expect(defaultOf(new AlibabaCloudCams(), 'messageQrCode', 3)).toBe('listPhoneMessageQrdl');
    expect(new MonoBreb().description.version).toEqual([1, 2, 3]);
    expect(new AlibabaCloudCams().description.version).toEqual([1, 2, 3]);
  });

  it('stays the delete in versions 1 and 2, which saved workflows rely on (n8n leaves a default out of the file)', () => {
    for (const version of [1, 2]) {
      expect(defaultOf(new MonoBreb(), 'qrCode', version)).toBe('cancelQrCode');
      expect(defaultOf(new MonoBreb(), 'collection', version)).toBe('deleteCollection');
      expect(defaultOf(new AlibabaCloudCams(), 'messageQrCode', version)).toBe('deletePhoneMessageQrdl');
    }
  });

  it('stays the delete for epap, which has no read to default to', () => {
    expect(new Epap().description.version).toEqual([1, 2]);
    expect(defaultOf(new Epap(), 'receipt', 2)).toBe('deleteReceipt');
  });
});

describe('Return All / Limit on lists (version 3)', () => {
  const listCollections = (params: IDataObject, typeVersion = 3) => {
    const ctx = fakeContext({
      items: [{}],
      typeVersion,
      params: { resource: 'collection', operation: 'listCollections', ...params },
      credentials: mono(),
    });
    return { ...ctx, output: async () => (await new MonoBreb().execute.call(ctx.context))[0]!.map((i) => i.json) };
  };

  it('shows Limit (default 50) only while Return All is off, and no page parameters', () => {
    const shown = (parameters: IDataObject) =>
      Object.keys(
        editorNode(new MonoBreb(), { resource: 'collection', operation: 'listCollections', ...parameters }, 3)
          .parameters,
      );
    expect(shown({})).toEqual(expect.arrayContaining(['returnAll', 'limit']));
    expect(
      editorNode(new MonoBreb(), { resource: 'collection', operation: 'listCollections' }, 3).parameters.limit,
    ).toBe(50);
    expect(shown({ returnAll: true })).not.toContain('limit');
    expect(shown({})).not.toContain('pageSize');
    expect(
      Object.keys(editorNode(new MonoBreb(), { resource: 'collection', operation: 'listCollections' }, 2).parameters),
    ).toEqual(expect.arrayContaining(['pageNumber', 'pageSize']));
  });

  it('Mono collections: Limit reads only the pages it needs; Return All reads every page, in Mono’s order', async () => {
    sb.admin.seed({ mono: { count: 530, qrCodesPerCollection: 0 } });
    const all = sb.admin.state().mono.collections.map((c) => c.id);
    expect(all.length).toBeGreaterThan(500);

    const limited = listCollections({ returnAll: false, limit: 3 });
    expect((await limited.output()).map((c) => c.id)).toEqual(all.slice(0, 3));
    const pages = (requests: { url: string }[]) => requests.filter((r) => r.url.includes('/collections?'));
    // One page of Mono's smallest size (10) is enough for 3.
    expect(pages(limited.requests).map((r) => new URL(r.url).search)).toEqual(['?page_number=1&page_size=10']);

    const everything = listCollections({ returnAll: true });
    expect((await everything.output()).map((c) => c.id)).toEqual(all);
    expect(pages(everything.requests)).toHaveLength(2);
  });

  it('version 2 still lists the page it is given', async () => {
    const all = sb.admin.state().mono.collections.map((c) => c.id);
    const page2 = listCollections({ pageNumber: 2, pageSize: 10 }, 2);
    expect((await page2.output()).map((c) => c.id)).toEqual(all.slice(10, 20));
  });

  it('refuses a Limit below 1 before any request, naming the field and the rule', async () => {
    const bad = listCollections({ returnAll: false, limit: 0 });
    await expect(bad.output()).rejects.toThrow(
      /^Limit must be a whole number of 1 or more, or turn on "Return All" \(got 0\)\.$/,
    );
    expect(bad.requests).toEqual([]);
  });

  it('CAMS message QR codes and Mono QR codes: Limit keeps the first ones the provider lists', async () => {
    const phoneNumber = '5731500000077';
    const seeded = sb.admin.seed({ cams: { qrCodes: [{ phoneNumber }, { phoneNumber }, { phoneNumber }] } }).cams
      .qrCodes;
    const camsList = await new AlibabaCloudCams().execute.call(
      fakeContext({
        items: [{}],
        typeVersion: 3,
        params: {
          resource: 'messageQrCode',
          operation: 'listPhoneMessageQrdl',
          phoneNumber: byId(phoneNumber),
          limit: 2,
          options: {},
        },
        credentials: cams(),
      }).context,
    );
    expect(camsList[0]!).toHaveLength(2);
    expect(seeded.map((q) => q.qrdlCode)).toEqual(expect.arrayContaining(camsList[0]!.map((i) => i.json.QrdlCode)));

    const [collection] = sb.admin.seed({ mono: { count: 1, qrCodesPerCollection: 4 } }).mono.collections;
    const monoList = await new MonoBreb().execute.call(
      fakeContext({
        items: [{}],
        typeVersion: 3,
        params: { resource: 'qrCode', operation: 'listQrCodes', collectionId: byId(collection!.id), limit: 3 },
        credentials: mono(),
      }).context,
    );
    expect(monoList[0]!).toHaveLength(3);
  });
});

describe('CAMS phone number, version 3', () => {
  const issues = (phoneNumber: unknown) =>
    parameterIssues(
      new AlibabaCloudCams(),
      { resource: 'messageQrCode', operation: 'listPhoneMessageQrdl', phoneNumber } as IDataObject as never,
      3,
    );

  it('is checked as it is typed, with core’s rule as the message (once, not also as a hint)', () => {
    expect(issues(byId(ID_FIELDS.camsPhoneNumber.example))).toEqual([]);
    for (const typed of ['+86 138 0000 0000', '86-138', '0861380000000'])
      expect(issues(byId(typed))).toEqual([ID_FIELDS.camsPhoneNumber.rule]);
    // An expression is checked when the node runs, by core, with the same rule.
    expect(issues(byId('={{ $json.phoneNumber }}'))).toEqual([]);
    const field = new AlibabaCloudCams().description.properties.find(
      (p) => p.name === 'phoneNumber' && p.type === 'resourceLocator',
    )!;
    expect(field.hint).toBeUndefined();
    expect(field.modes!.map((m) => m.displayName)).toEqual(['By Number']);
  });

  it('deletes with the number given in the locator', async () => {
    const q = sb.admin.seed({ cams: { count: 1 } }).cams.qrCodes[0]!;
    const [out] = await new AlibabaCloudCams().execute.call(
      fakeContext({
        items: [{}],
        typeVersion: 3,
        params: {
          resource: 'messageQrCode',
          operation: 'deletePhoneMessageQrdl',
          phoneNumber: byId(q.phoneNumber),
          qrdlCode: byId(q.qrdlCode),
          options: {},
        },
        credentials: cams(),
      }).context,
    );
    expect(out![0]!.json).toMatchObject({ phoneNumber: q.phoneNumber, qrdlCode: q.qrdlCode, outcome: 'deleted' });
  });
});
