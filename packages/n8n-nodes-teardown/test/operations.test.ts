// Every operation of every node, the same three ways against the sandbox: what it outputs for good input; how a provider
// failure surfaces (n8n's NodeApiError naming the item, or with Continue On Fail an item a human can act on); and bad
// input refused with the field named before any request leaves the node.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SeedResult } from '@teardown/sandbox';
import { AlibabaCloudCams } from '../nodes/AlibabaCloudCams/AlibabaCloudCams.node';
import { Epap } from '../nodes/Epap/Epap.node';
import { MonoBreb } from '../nodes/MonoBreb/MonoBreb.node';
import { fakeContext } from './context';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 23 });
});
afterEach(() => sb.admin.setFaults([]));
afterAll(() => sb.close());

/** What the three node classes have in common. */
type ActionNode = { execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };

interface Case {
  node: () => ActionNode;
  provider: 'mono-breb' | 'alibaba-cams' | 'epap';
  resource: string;
  operation: string;
  credentials: () => IDataObject;
  /** Parameters for one target it can act on, seeded fresh. */
  params: (seed: (request: Parameters<Sandbox['admin']['seed']>[0]) => SeedResult) => IDataObject;
  /** What the first output item holds for those parameters. */
  output: (params: IDataObject) => IDataObject;
  /** The target's IDs every item of a delete carries (its error items too), and how its messages name the target. */
  target?: (params: IDataObject) => { ids: IDataObject; name: string };
  /** A parameter value core refuses, and the field it names. */
  /** `label`: how the error names the field to the user. */
  bad: { field: string; label: string; value: IDataObject[string] };
}

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
const epap = () => ({
  clientId: sb.credentials.epap.clientId,
  clientSecret: sb.credentials.epap.clientSecret,
  chainId: sb.credentials.epap.chainId,
  baseUrl: sb.credentials.epap.baseUrl,
});
const qrCode = (seed: Parameters<Case['params']>[0]) => {
  const c = seed({ mono: { count: 1, qrCodesPerCollection: 1 } }).mono.collections[0]!;
  return { collectionId: c.id, qrCodeId: c.qrCodes[0]! };
};

const cases: Case[] = [
  {
    node: () => new MonoBreb(),
    provider: 'mono-breb',
    resource: 'qrCode',
    operation: 'cancelQrCode',
    credentials: mono,
    params: qrCode,
    output: (p) => ({ ...p, outcome: 'deleted', alreadyGone: false }),
    target: (p) => ({ ids: p, name: `QR code ${p.qrCodeId as string} in collection ${p.collectionId as string}` }),
    bad: { field: 'qrCodeId', label: 'Mono QR code ID', value: '../bbqr_x' },
  },
  {
    node: () => new MonoBreb(),
    provider: 'mono-breb',
    resource: 'qrCode',
    operation: 'getQrCode',
    credentials: mono,
    params: qrCode,
    output: (p) => ({ id: p.qrCodeId, collection_id: p.collectionId, canceled: false }),
    target: (p) => ({ ids: p, name: `QR code ${p.qrCodeId as string} in collection ${p.collectionId as string}` }),
    bad: { field: 'collectionId', label: 'Mono collection ID', value: 'not an id' },
  },
  {
    node: () => new MonoBreb(),
    provider: 'mono-breb',
    resource: 'qrCode',
    operation: 'listQrCodes',
    credentials: mono,
    params: (seed) => ({ collectionId: qrCode(seed).collectionId, onlyActiveDynamic: true }),
    output: (p) => ({ collection_id: p.collectionId, canceled: false, usage_mode: 'single_use' }),
    bad: { field: 'collectionId', label: 'Mono collection ID', value: '' },
  },
  {
    node: () => new MonoBreb(),
    provider: 'mono-breb',
    resource: 'collection',
    operation: 'deleteCollection',
    credentials: mono,
    params: (seed) => ({ collectionId: seed({ mono: { count: 1, qrCodesPerCollection: 0 } }).mono.collections[0]!.id }),
    output: (p) => ({ ...p, outcome: 'deleted', alreadyGone: false }),
    target: (p) => ({ ids: p, name: `collection ${p.collectionId as string}` }),
    bad: { field: 'collectionId', label: 'Mono collection ID', value: '../etc' },
  },
  {
    node: () => new MonoBreb(),
    provider: 'mono-breb',
    resource: 'collection',
    operation: 'getCollection',
    credentials: mono,
    params: (seed) => ({ collectionId: seed({ mono: { count: 1, qrCodesPerCollection: 0 } }).mono.collections[0]!.id }),
    output: (p) => ({ id: p.collectionId, state: 'ready' }),
    target: (p) => ({ ids: p, name: `collection ${p.collectionId as string}` }),
    bad: { field: 'collectionId', label: 'Mono collection ID', value: 'bbcol_short' },
  },
  {
    node: () => new MonoBreb(),
    provider: 'mono-breb',
    resource: 'collection',
    operation: 'listCollections',
    credentials: mono,
    params: (seed) => (seed({ mono: { count: 1, qrCodesPerCollection: 0 } }), { pageNumber: 1, pageSize: 10 }),
    output: () => ({ id: expect.stringMatching(/^bbcol_/) }),
    bad: { field: 'pageSize', label: 'page size', value: 5 },
  },
  {
    node: () => new AlibabaCloudCams(),
    provider: 'alibaba-cams',
    resource: 'messageQrCode',
    operation: 'deletePhoneMessageQrdl',
    credentials: cams,
    params: (seed) => ({ ...seed({ cams: { count: 1 } }).cams.qrCodes[0]!, custSpaceId: '' }),
    output: (p) => ({ phoneNumber: p.phoneNumber, qrdlCode: p.qrdlCode, outcome: 'deleted', alreadyGone: false }),
    target: (p) => ({
      ids: { phoneNumber: p.phoneNumber, qrdlCode: p.qrdlCode },
      name: `message QR code ${p.qrdlCode as string} of number ${p.phoneNumber as string}`,
    }),
    bad: { field: 'qrdlCode', label: 'CAMS QrdlCode', value: '' },
  },
  {
    node: () => new AlibabaCloudCams(),
    provider: 'alibaba-cams',
    resource: 'messageQrCode',
    operation: 'listPhoneMessageQrdl',
    credentials: cams,
    params: (seed) => ({ phoneNumber: seed({ cams: { count: 1 } }).cams.qrCodes[0]!.phoneNumber, custSpaceId: '' }),
    output: () => ({ QrdlCode: expect.any(String) }),
    bad: { field: 'phoneNumber', label: 'CAMS phone number', value: '' },
  },
  {
    node: () => new Epap(),
    provider: 'epap',
    resource: 'receipt',
    operation: 'deleteReceipt',
    credentials: epap,
    params: (seed) => {
      const { epapId, appUserId } = seed({ epap: { count: 1 } }).epap.receipts[0]!;
      return { epapId, appUserId };
    },
    output: (p) => ({ ...p, outcome: 'deleted', alreadyGone: false }),
    target: (p) => ({ ids: p, name: `receipt ${p.epapId as string} of app user ${p.appUserId as string}` }),
    bad: { field: 'appUserId', label: 'epap app user ID', value: '' },
  },
];

/** Runs the case's node on one item, as n8n would with these parameters. */
function run(c: Case, params: IDataObject, continueOnFail = false, onError?: 'continueErrorOutput') {
  const ctx = fakeContext({
    items: [{}],
    params: { resource: c.resource, operation: c.operation, treatAlreadyGoneAsSuccess: true, ...params },
    credentials: c.credentials(),
    continueOnFail,
    ...(onError && { onError }),
  });
  return { ...ctx, output: () => c.node().execute.call(ctx.context) };
}

const calls = () => Object.values(sb.admin.calls()).reduce((n, k) => n + k, 0);

describe.each(cases)('$resource → $operation', (c) => {
  it('outputs what the provider answered, paired with its item', async () => {
    const params = c.params((r) => sb.admin.seed(r));
    const [out] = await run(c, params).output();
    expect(out![0]!.json).toMatchObject(c.output(params));
    // Every delete's item has the same fields whatever the provider and outcome: null where the provider gave nothing.
    if (c.target && 'outcome' in c.output(params))
      expect(Object.keys(out![0]!.json).sort()).toEqual(
        [...Object.keys(c.target(params).ids), 'alreadyGone', 'outcome', 'reason', 'requestId'].sort(),
      );
    expect(out!.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
  });

  it('fails with a NodeApiError naming the item when the provider keeps failing, or with Continue On Fail outputs code, classification and hint', async () => {
    const params = c.params((r) => sb.admin.seed(r));
    // Every call of this operation answers 503: core retries (4 attempts), then gives up with a retryable error.
    sb.admin.setFaults([{ provider: c.provider, operation: c.operation, fault: 'status503', probability: 1 }]);
    const error = await run(c, params)
      .output()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).httpCode).toBe('503');
    expect((error as NodeApiError).context.itemIndex).toBe(0);

    const target = c.target?.(params);
    // A sentence: the provider and the target first, what it answered and how many attempts, never core's method name.
    const provider = { 'mono-breb': 'Mono Bre-B', 'alibaba-cams': 'Alibaba Cloud CAMS', epap: 'epap' }[c.provider];
    const sentence = expect.stringMatching(
      new RegExp(`^${provider} could not ${target ? `\\w+ ${target.name}` : ''}.*HTTP 503.*4 attempts\\)\\.$`),
    );
    expect((error as NodeApiError).message).toEqual(sentence);
    expect((error as NodeApiError).message).not.toContain(c.operation);
    expect((error as NodeApiError).description).toContain('"Retry On Fail"');

    // "On Error: Continue": the fields at the top level, as before, with the target's IDs.
    const [out] = await run(c, params, true).output();
    expect(out).toHaveLength(1);
    const fields = {
      ...target?.ids,
      classification: 'retryable',
      status: 503,
      attempts: 4,
      // epap sends no request ID; the field is there all the same.
      requestId: c.provider === 'epap' ? null : expect.any(String),
      mayHaveBeenApplied: true,
      hint: (error as NodeApiError).description,
    };
    expect(out![0]!.json).toEqual({ error: sentence, code: expect.any(String), ...fields });
    expect(out![0]!.pairedItem).toEqual({ item: 0 });

    // "On Error: Continue (using error output)": nothing but `error` and `details`, which n8n moves to the error output.
    const [toErrorOutput] = await run(c, params, true, 'continueErrorOutput').output();
    expect(toErrorOutput).toEqual([
      {
        json: { error: sentence, details: { code: expect.any(String), ...fields } },
        pairedItem: { item: 0 },
      },
    ]);
  });

  it(`refuses a bad ${c.bad.field} with a NodeOperationError naming it, before any request`, async () => {
    const params = c.params((r) => sb.admin.seed(r));
    const before = calls();
    const { requests, output } = run(c, { ...params, [c.bad.field]: c.bad.value });
    const error = await output().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as NodeOperationError).message).toContain(c.bad.label);
    expect((error as NodeOperationError).context.itemIndex).toBe(0);
    // Not even a login: nothing was sent for an item core refused.
    expect(requests).toEqual([]);
    expect(calls()).toBe(before);
  });
});
