// What the nodes offer in n8n's editor, checked without a browser: the lists behind "From List" (through core and the
// node's credential, against the sandbox), the rules behind "By ID" (run by n8n-workflow's own parameter checks), version
// 2's parameters, and the trigger's refusal to start without a webhook secret. test/n8n-editor.e2e.test.ts clicks
// through the same in a real editor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NodeApiError,
  NodeOperationError,
  WebhookPathTakenError,
  type IHookFunctions,
  type INode,
  type INodeListSearchResult,
} from 'n8n-workflow';
import { ID_FIELDS } from '@teardown/core';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { AlibabaCloudCams } from '../nodes/AlibabaCloudCams/AlibabaCloudCams.node';
import { searchMessageQrCodes } from '../nodes/AlibabaCloudCams/methods/listSearch';
import { Epap } from '../nodes/Epap/Epap.node';
import { MonoBreb } from '../nodes/MonoBreb/MonoBreb.node';
import { COLLECTIONS_PAGE_SIZE, searchCollections, searchQrCodes } from '../nodes/MonoBreb/methods/listSearch';
import { MonoBrebTrigger } from '../nodes/MonoBrebTrigger/MonoBrebTrigger.node';
import { fakeContext, fakeLoadOptionsContext, parameterIssues } from './context';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 29 });
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
const locator = (value: string, mode = 'list') => ({ __rl: true, mode, value });
const values = (page: INodeListSearchResult) => page.results.map((r) => r.value);

describe('"From List": what the user picks from', () => {
  it('Mono collections: page by page as the user scrolls, each with its state and ID, filtered by the search text', async () => {
    const seeded = sb.admin
      .seed({ mono: { count: COLLECTIONS_PAGE_SIZE + 20, qrCodesPerCollection: 0 } })
      .mono.collections.map((c) => c.id);
    const all = sb.admin.state().mono.collections.map((c) => c.id);
    const { context } = fakeLoadOptionsContext({}, mono());

    const first = await searchCollections.call(context);
    expect(values(first)).toEqual(all.slice(0, COLLECTIONS_PAGE_SIZE));
    expect(first.paginationToken).toBe('2');
    expect(first.results[0]!.name).toMatch(/ · ready · bbcol_\w/);
    const second = await searchCollections.call(context, undefined, first.paginationToken);
    expect(values(second)).toEqual(all.slice(COLLECTIONS_PAGE_SIZE));
    expect(second.paginationToken).toBeUndefined();

    const wanted = seeded[3]!;
    const found = await searchCollections.call(context, wanted.slice(-7).toUpperCase());
    expect(values(found)).toEqual([wanted]);
  });

  it('Mono QR codes of the chosen collection: each shows how it can be used and whether it is cancelled', async () => {
    const [collection] = sb.admin.seed({
      mono: { collections: [{ qrCodes: [{}, { canceled: true }, { usageMode: 'multiple_use' }] }] },
    }).mono.collections;
    const [active, cancelled, fixed] = collection!.qrCodes;
    const { context } = fakeLoadOptionsContext({ collectionId: locator(collection!.id) }, mono());

    const page = await searchQrCodes.call(context);
    const name = (id: string | undefined) => page.results.find((r) => r.value === id)?.name;
    expect(name(active)).toMatch(/^bbqr_\w+ · single use · active/);
    expect(name(cancelled)).toMatch(/^bbqr_\w+ · single use · cancelled/);
    expect(name(fixed)).toMatch(/^bbqr_\w+ · multiple use \(static\) · active/);
    expect(page.paginationToken).toBeUndefined();
    expect(values(await searchQrCodes.call(context, 'cancelled'))).toEqual([cancelled]);
  });

  it('a list the provider fails to give says so in a sentence: provider and what it was listing first', async () => {
    sb.admin.setFaults([{ provider: 'mono-breb', operation: 'listCollections', fault: 'status503', probability: 1 }]);
    try {
      const { context } = fakeLoadOptionsContext({}, mono());
      const error = await searchCollections.call(context).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        /^Mono Bre-B could not list collections: “.+” \(\w+, HTTP 503, .*4 attempts\)\.$/,
      );
    } finally {
      sb.admin.setFaults([]);
    }
  });

  it('Mono QR codes before a collection is chosen: "Choose a collection first", and no request', async () => {
    const { context, requests } = fakeLoadOptionsContext({ collectionId: locator('') }, mono());
    const error = await searchQrCodes.call(context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toBe('Choose a collection first');
    expect(requests).toEqual([]);
  });

  it('CAMS message QR codes before a phone number is entered: "Enter the phone number first", and no request', async () => {
    const { context, requests } = fakeLoadOptionsContext({ phoneNumber: ' ', options: {} }, cams());
    const error = await searchMessageQrCodes.call(context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toBe('Enter the phone number first');
    expect(requests).toEqual([]);
  });

  it('CAMS message QR codes of the phone number in the node, each with the message it opens the chat with', async () => {
    const phoneNumber = '5731500000001';
    const [a, b] = sb.admin.seed({ cams: { qrCodes: [{ phoneNumber }, { phoneNumber }] } }).cams.qrCodes;
    const { context } = fakeLoadOptionsContext({ phoneNumber, options: {} }, cams());
    const page = await searchMessageQrCodes.call(context);
    expect(values(page).sort()).toEqual([a!.qrdlCode, b!.qrdlCode].sort());
    expect(page.results[0]!.name).toMatch(/ · “.+”$/);
    expect(values(await searchMessageQrCodes.call(context, b!.qrdlCode.toLowerCase()))).toEqual([b!.qrdlCode]);
  });
});

describe('"By ID": each ID is checked as it is typed, with core’s rule as the message', () => {
  const cases = [
    {
      type: new MonoBreb(),
      parameters: { resource: 'collection', operation: 'deleteCollection' },
      fields: { collectionId: ID_FIELDS.monoCollectionId },
    },
    {
      type: new MonoBreb(),
      parameters: { resource: 'qrCode', operation: 'cancelQrCode' },
      fields: { collectionId: ID_FIELDS.monoCollectionId, qrCodeId: ID_FIELDS.monoQrCodeId },
    },
    {
      type: new AlibabaCloudCams(),
      parameters: { resource: 'messageQrCode', operation: 'deletePhoneMessageQrdl', phoneNumber: '8613800000000' },
      fields: { qrdlCode: ID_FIELDS.camsQrdlCode },
    },
    {
      type: new Epap(),
      parameters: { resource: 'receipt', operation: 'deleteReceipt' },
      fields: { epapId: ID_FIELDS.epapId, appUserId: ID_FIELDS.epapAppUserId },
    },
  ];
  for (const { type, parameters, fields } of cases) {
    for (const [name, id] of Object.entries(fields)) {
      it(`${type.description.displayName} ${parameters.operation}: ${id.label}`, () => {
        const others = Object.fromEntries(
          Object.entries(fields).map(([n, f]) => [n, locator(f.example, 'id')] as const),
        );
        expect(parameterIssues(type, { ...parameters, ...others })).toEqual([]);
        expect(parameterIssues(type, { ...parameters, ...others, [name]: locator('bad id/../x', 'id') })).toEqual([
          id.rule,
        ]);
        // An expression is checked when the node runs, by core, with the same rule.
        expect(parameterIssues(type, { ...parameters, ...others, [name]: locator('={{ $json.id }}', 'id') })).toEqual(
          [],
        );
      });
    }
  }
});

describe('version 2 of the action nodes', () => {
  it('runs with the IDs picked in locators and settings under Options (Treat Already Deleted as Success off)', async () => {
    const [collection] = sb.admin.seed({ mono: { count: 1, qrCodesPerCollection: 1 } }).mono.collections;
    const run = () =>
      fakeContext({
        items: [{}],
        typeVersion: 2,
        params: {
          resource: 'qrCode',
          operation: 'cancelQrCode',
          collectionId: locator(collection!.id),
          qrCodeId: locator(collection!.qrCodes[0]!, 'id'),
          options: { treatAlreadyGoneAsSuccess: false },
        },
        credentials: mono(),
        continueOnFail: true,
      }).context;
    const [first] = await new MonoBreb().execute.call(run());
    expect(first!.map((i) => i.json.outcome)).toEqual(['deleted']);
    const [again] = await new MonoBreb().execute.call(run());
    expect(again!.map((i) => [i.json.code, i.json.classification])).toEqual([['qr_already_canceled', 'already_done']]);
  });

  it('reports a receipt epap does not know as "not_found" (apart from "already_gone") only when the user counts it as done', async () => {
    const [receipt] = sb.admin.seed({ epap: { count: 1 } }).epap.receipts;
    const run = (options: object) =>
      new Epap().execute.call(
        fakeContext({
          items: [{}],
          typeVersion: 2,
          params: {
            resource: 'receipt',
            operation: 'deleteReceipt',
            epapId: locator(receipt!.epapId, 'id'),
            appUserId: locator(receipt!.appUserId, 'id'),
            options,
          },
          credentials: { ...sb.credentials.epap },
        }).context,
      );
    expect((await run({}))[0]![0]!.json).toMatchObject({ outcome: 'deleted' });
    await expect(run({})).rejects.toThrow(`epap has no receipt ${receipt!.epapId}`);
    expect((await run({ countNotFoundAsDone: true }))[0]![0]!.json).toMatchObject({
      outcome: 'not_found',
      alreadyGone: false,
    });
  });

  it('names Mono’s request ID once in an error, not twice', async () => {
    const [collection] = sb.admin.seed({ mono: { count: 1, qrCodesPerCollection: 1 } }).mono.collections;
    const run = () =>
      new MonoBreb().execute.call(
        fakeContext({
          items: [{}],
          typeVersion: 2,
          params: {
            resource: 'qrCode',
            operation: 'cancelQrCode',
            collectionId: locator(collection!.id),
            qrCodeId: locator(collection!.qrCodes[0]!),
            options: { treatAlreadyGoneAsSuccess: false },
          },
          credentials: mono(),
        }).context,
      );
    await run();
    const error = (await run().catch((e: unknown) => e)) as NodeApiError;
    expect(error).toBeInstanceOf(NodeApiError);
    const requestId = (error.errorResponse as { requestId?: string }).requestId!;
    expect(requestId).toMatch(/^log_/);
    expect(`${error.message}\n${error.description ?? ''}`.split(requestId).length - 1).toBe(1);
  });

  it('keeps version 1 for saved workflows: typed IDs and top-level settings still show there', () => {
    const v1 = (name: string) =>
      new MonoBreb().description.properties.filter(
        (p) => p.name === name && JSON.stringify(p.displayOptions?.show?.['@version']) === '[1]',
      );
    expect(new MonoBreb().description.version).toEqual([1, 2, 3]);
    expect(v1('collectionId').map((p) => p.type)).toEqual(['string', 'string', 'string', 'string', 'string']);
    expect(v1('treatAlreadyGoneAsSuccess').length).toBeGreaterThan(0);
  });
});

describe('Mono Bre-B Trigger', () => {
  /** What n8n calls when the workflow is activated (or listens for a test event). */
  const activate = (webhookSecret: string) => {
    const hook = { getCredentials: () => Promise.resolve({ ...mono(), webhookSecret }), getNode: () => ({}) as INode };
    return new MonoBrebTrigger().webhookMethods.default.checkExists.call(hook as unknown as IHookFunctions);
  };

  it('refuses to start without a webhook secret in the credential, saying what to add and why, with an error n8n does not retry', async () => {
    const error = await activate('').catch((e: unknown) => e);
    // n8n 2.41 retries every activation error for about 15 s but this class (its isTransientActivationError).
    expect(error).toBeInstanceOf(WebhookPathTakenError);
    expect((error as WebhookPathTakenError).description).toBe(
      'Open the credential, fill in Webhook Secret, save, and publish again.',
    );
    expect((error as Error).message).toMatch(/no webhook secret: add the secret Mono shows for this webhook/);
    await expect(activate('whsec-1')).resolves.toBe(true);
  });

  it('lists events by readable names, each sending Mono’s event type', () => {
    const events = new MonoBrebTrigger().description.properties.find((p) => p.name === 'events')!;
    const options = events.options as { name: string; value: string }[];
    expect(options).toContainEqual(
      expect.objectContaining({ name: 'Collection Discarded', value: 'collection.discarded' }),
    );
    expect(options.every((o) => !o.name.includes('.') && o.value.startsWith('collection.'))).toBe(true);
  });
});
