// End to end in a real n8n 2.41 (installed by tools/n8n/setup.sh): the built package loaded as a custom extension,
// credentials and example workflows imported with n8n's CLI pointing at the sandbox, executed headlessly, and the
// sandbox's own record checked.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID_FIELDS } from '@teardown/core';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { execute, importCredentials, installBuiltPackage, packageDir, work } from './n8n-cli';

/**
 * An example workflow with its placeholders filled in. The examples name the types n8n gives the package installed
 * from npm (`n8n-nodes-teardown.*`); loaded from a custom folder here, the same nodes are `CUSTOM.*`.
 */
function example(name: string, values: Record<string, string>): object & { id: string } {
  let text = readFileSync(join(packageDir, 'examples', name), 'utf8').replaceAll('"n8n-nodes-teardown.', '"CUSTOM.');
  for (const [k, v] of Object.entries(values)) text = text.replaceAll(`{{${k}}}`, v);
  return JSON.parse(text) as object & { id: string };
}

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 31, keyCancellationDelayMs: 100 });
  installBuiltPackage();
  await importCredentials([
    {
      id: 'teardownMono',
      name: 'Mono sandbox',
      type: 'monoBrebApi',
      data: {
        clientId: sb.credentials.mono.clientId,
        clientSecret: sb.credentials.mono.clientSecret,
        environment: 'custom',
        baseUrl: sb.credentials.mono.baseUrl,
        webhookSecret: sb.credentials.mono.webhookSecret,
      },
    },
    {
      id: 'teardownCams',
      name: 'Alibaba Cloud',
      type: 'alibabaCloudApi',
      data: {
        accessKeyId: sb.credentials.cams.accessKeyId,
        accessKeySecret: sb.credentials.cams.accessKeySecret,
        endpoint: sb.credentials.cams.endpoint,
      },
    },
    {
      id: 'teardownEpap',
      name: 'epap',
      type: 'epapApi',
      data: {
        clientId: sb.credentials.epap.clientId,
        clientSecret: sb.credentials.epap.clientSecret,
        chainId: sb.credentials.epap.chainId,
        baseUrl: sb.credentials.epap.baseUrl,
      },
    },
  ]);
}, 180_000);

afterAll(async () => {
  await sb?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('n8n-nodes-teardown inside a real n8n', () => {
  it('runs the example: list a collection’s active dynamic QR codes, cancel each, delete the collection', async () => {
    const { mono } = sb.admin.seed({
      mono: { collections: [{ qrCodes: [{}, {}, {}, { canceled: true }, { usageMode: 'multiple_use' }] }] },
    });
    const collection = mono.collections[0]!;
    const result = await execute(
      example('cancel-qr-codes-then-delete-collection.json', {
        COLLECTION_ID: collection.id,
        CREDENTIAL_ID: 'teardownMono',
      }),
    );
    expect(result.error).toBeUndefined();
    const cancelled = result.runData['Cancel each QR code']![0]!.data!.main[0]!.map((i) => i.json);
    expect(cancelled.map((j) => j.outcome)).toEqual(['deleted', 'deleted', 'deleted']);
    const deleted = result.runData['Delete the collection']![0]!.data!.main[0]!.map((i) => i.json);
    expect(deleted).toEqual([expect.objectContaining({ collectionId: collection.id, outcome: 'deleted' })]);

    const state = sb.admin.state();
    for (const id of collection.qrCodes.slice(0, 3))
      expect(state.mono.qrCodes.find((q) => q.id === id)).toMatchObject({
        canceled: true,
        deletions: 1,
        deleteRequests: 1,
      });
    expect(state.mono.qrCodes.find((q) => q.id === collection.qrCodes[4])).toMatchObject({
      canceled: false,
      deleteRequests: 0,
    });
    expect(state.mono.collections.find((c) => c.id === collection.id)).toMatchObject({
      deletions: 1,
      deleteRequests: 1,
    });
  }, 180_000);

  it('fails a workflow with an invalid ID with the rule in words (the field by its label), and deletes nothing', async () => {
    const before = JSON.stringify(sb.admin.calls());
    const result = await execute(
      example('cancel-qr-codes-then-delete-collection.json', {
        COLLECTION_ID: 'bbcol_../../collections',
        CREDENTIAL_ID: 'teardownMono',
      }),
    );
    const message = result.error?.message ?? result.runData['List active QR codes']?.[0]?.error?.message ?? '';
    expect(message).toContain(ID_FIELDS.monoCollectionId.rule);
    const calls = sb.admin.calls();
    expect(calls['mono-breb.cancelQrCode'] ?? 0).toBe(JSON.parse(before)['mono-breb.cancelQrCode'] ?? 0);
    expect(calls['mono-breb.deleteCollection'] ?? 0).toBe(JSON.parse(before)['mono-breb.deleteCollection'] ?? 0);
  }, 180_000);

  it('sends a failed cancel down the error output under "Continue (using error output)", every field under details; plain "Continue" keeps it on the main output', async () => {
    const collectionId = 'bbcol_NoSuchCollection000000';
    const qrCodeId = 'bbqr_NoSuchQrCode0000000000';
    const workflow = (id: string, onError: string) => ({
      id,
      name: `Cancel an unknown QR code (${onError})`,
      active: false,
      settings: { executionOrder: 'v1' },
      nodes: [
        {
          id: 't',
          name: 'Start',
          type: 'n8n-nodes-base.manualTrigger',
          typeVersion: 1,
          position: [0, 0],
          parameters: {},
        },
        {
          id: 'c',
          name: 'Cancel',
          type: 'CUSTOM.monoBreb',
          typeVersion: 2,
          position: [220, 0],
          onError,
          parameters: {
            resource: 'qrCode',
            operation: 'cancelQrCode',
            collectionId: { __rl: true, mode: 'id', value: collectionId },
            qrCodeId: { __rl: true, mode: 'id', value: qrCodeId },
            options: {},
          },
          credentials: { monoBrebApi: { id: 'teardownMono', name: 'Mono sandbox' } },
        },
        {
          id: 'ok',
          name: 'Cancelled',
          type: 'n8n-nodes-base.noOp',
          typeVersion: 1,
          position: [440, -100],
          parameters: {},
        },
        { id: 'ko', name: 'Failed', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [440, 100], parameters: {} },
      ],
      connections: {
        Start: { main: [[{ node: 'Cancel', type: 'main', index: 0 }]] },
        Cancel: {
          main: [[{ node: 'Cancelled', type: 'main', index: 0 }], [{ node: 'Failed', type: 'main', index: 0 }]],
        },
      },
    });
    const message = `Mono Bre-B has no QR code ${qrCodeId} in collection ${collectionId} (collection_not_found, HTTP 404, request `;
    const fields = {
      collectionId,
      qrCodeId,
      code: 'collection_not_found',
      classification: 'not_found',
      status: 404,
      attempts: 1,
      requestId: expect.stringMatching(/^log_/),
      mayHaveBeenApplied: false,
      hint: expect.stringContaining('turn on the option "Count "Not Found" as Done"'),
    };

    const routed = await execute(workflow('teardownErrorOutput', 'continueErrorOutput'));
    expect(routed.error).toBeUndefined();
    const [success, failed] = routed.runData['Cancel']![0]!.data!.main;
    expect(success).toEqual([]);
    expect(failed!.map((i) => i.json)).toEqual([{ error: expect.stringContaining(message), details: fields }]);
    expect(routed.runData['Failed']![0]!.data!.main[0]!).toHaveLength(1);
    expect(routed.runData['Cancelled']).toBeUndefined();

    const kept = await execute(workflow('teardownContinue', 'continueRegularOutput'));
    expect(kept.runData['Cancel']![0]!.data!.main[0]!.map((i) => i.json)).toEqual([
      { error: expect.stringContaining(message), ...fields },
    ]);
    expect(kept.runData['Failed']).toBeUndefined();
  }, 180_000);

  it('runs the CAMS example: lists a number’s 7 message QR codes and deletes each, held to 5/s with none refused', async () => {
    const phoneNumber = '8613900000007';
    const { cams } = sb.admin.seed({ cams: { qrCodes: Array.from({ length: 7 }, () => ({ phoneNumber })) } });
    const result = await execute(
      example('delete-message-qr-codes-of-a-number.json', { PHONE_NUMBER: phoneNumber, CREDENTIAL_ID: 'teardownCams' }),
    );
    expect(result.error).toBeUndefined();
    const deleted = result.runData['Delete each QR code']![0]!.data!.main[0]!.map((i) => i.json);
    expect(deleted.map((j) => [j.qrdlCode, j.outcome]).sort()).toEqual(
      cams.qrCodes.map((q) => [q.qrdlCode, 'deleted']).sort(),
    );

    const state = sb.admin.state();
    for (const q of cams.qrCodes)
      expect(state.cams.qrCodes.find((r) => r.qrdlCode === q.qrdlCode)).toMatchObject({
        deletions: 1,
        deleteRequests: 1,
      });
    // One request per delete: the shared limiter kept 7 deletes (and the list) under CAMS's 5/s, so none was refused.
    expect(sb.admin.calls()['alibaba-cams.deletePhoneMessageQrdl']).toBe(7);
  }, 180_000);

  it('runs the epap example: deletes the returned receipt once', async () => {
    const { epap } = sb.admin.seed({ epap: { count: 1 } });
    const receipt = epap.receipts[0]!;
    const result = await execute(
      example('delete-a-returned-receipt.json', {
        EPAP_ID: receipt.epapId,
        APP_USER_ID: receipt.appUserId,
        CREDENTIAL_ID: 'teardownEpap',
      }),
    );
    expect(result.error).toBeUndefined();
    expect(result.runData['Delete the receipt']![0]!.data!.main[0]!.map((i) => i.json)).toEqual([
      {
        epapId: receipt.epapId,
        appUserId: receipt.appUserId,
        outcome: 'deleted',
        alreadyGone: false,
        requestId: null,
        reason: null,
      },
    ]);
    expect(sb.admin.state().epap.receipts.find((r) => r.epapId === receipt.epapId)).toMatchObject({
      deletions: 1,
      deleteRequests: 1,
    });
  }, 180_000);

  it('sends an epap delete whose answer was lost, then "not found", down the error output as "unconfirmed", not as deleted', async () => {
    const receipt = sb.admin.seed({ epap: { count: 1 } }).epap.receipts[0]!;
    const next = (sb.admin.calls()['epap.deleteReceipt'] ?? 0) + 1;
    sb.admin.setFaults([{ provider: 'epap', operation: 'deleteReceipt', fault: 'lostResponse', schedule: [next] }]);
    const workflow = example('delete-a-returned-receipt.json', {
      EPAP_ID: receipt.epapId,
      APP_USER_ID: receipt.appUserId,
      CREDENTIAL_ID: 'teardownEpap',
    }) as { id: string; nodes: { name: string; onError?: string }[] };
    workflow.id = 'teardownEpapUnconfirmed';
    workflow.nodes.find((n) => n.name === 'Delete the receipt')!.onError = 'continueErrorOutput';
    const result = await execute(workflow);
    sb.admin.setFaults([]);
    expect(result.error).toBeUndefined();
    const [success, failed] = result.runData['Delete the receipt']![0]!.data!.main;
    expect(success).toEqual([]);
    // n8n adds the input item's fields (the receipt's IDs from "Returned receipt") beside `error` and `details`.
    expect(failed!.map((i) => i.json)).toEqual([
      {
        epapId: receipt.epapId,
        appUserId: receipt.appUserId,
        error: `epap has no receipt ${receipt.epapId} of app user ${receipt.appUserId} now, and cannot say why: an earlier try of this delete whose answer was lost may have deleted it, or the ID never existed (2 attempts).`,
        details: expect.objectContaining({
          epapId: receipt.epapId,
          appUserId: receipt.appUserId,
          outcome: 'unconfirmed',
          requestId: null,
          attempts: 2,
        }) as object,
      },
    ]);
    expect(sb.admin.state().epap.receipts.find((r) => r.epapId === receipt.epapId)).toMatchObject({
      deletions: 1,
      deleteRequests: 2,
    });
  }, 180_000);
});
