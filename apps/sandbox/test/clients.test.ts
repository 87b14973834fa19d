// @teardown/core's clients against the sandbox: the project's core-vs-provider integration suite, including every
// fault mode as a client sees it and webhook delivery checked with core's verifier.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TeardownError, Transport } from '@teardown/core';
import {
  AlibabaCamsClient,
  EpapClient,
  MonoBrebClient,
  TeardownPermissionError,
  TeardownRateLimitError,
  TeardownServerError,
  defaultTransport,
  parseMonoWebhook,
  verifyMonoSignature,
} from '@teardown/core';
import { startSandbox, type Sandbox } from '../src/index.js';

let sb: Sandbox;
const received: { body: string; signature: string | undefined }[] = [];
let receiver: http.Server;
let failFirst = 0;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failFirst > 0) {
        failFirst--;
        res.writeHead(500).end();
        return;
      }
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: req.headers['mono-signature'] as string | undefined,
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  sb = await startSandbox({
    seed: 11,
    keyCancellationDelayMs: 30,
    webhooks: [{ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` }],
  });
});
afterAll(async () => {
  await sb.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});
afterEach(() => sb.admin.setFaults([]));

const fast = { sleep: () => Promise.resolve(), retry: { maxAttempts: 4, random: () => 0 } };
const mono = () => new MonoBrebClient({ ...sb.credentials.mono, ...fast });
const cams = () => new AlibabaCamsClient({ ...sb.credentials.cams, ...fast, rateLimiter: null });
const epap = () => new EpapClient({ ...sb.credentials.epap, ...fast });
const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('core clients against the sandbox', () => {
  it('cancel, then cancel again: deleted, then already gone — one cancellation recorded', async () => {
    const { mono: seeded } = sb.admin.seed({ mono: { count: 1, qrCodesPerCollection: 1 } });
    const ref = { collectionId: seeded.collections[0]!.id, qrCodeId: seeded.collections[0]!.qrCodes[0]! };
    const client = mono();
    expect((await client.cancelQrCode(ref)).outcome).toBe('deleted');
    expect(await client.cancelQrCode(ref)).toMatchObject({
      outcome: 'already_gone',
      reason: 'qr_already_canceled',
      requestId: expect.stringMatching(/^log_/),
    });
    expect(sb.admin.state().mono.qrCodes.find((q) => q.id === ref.qrCodeId)).toMatchObject({
      canceled: true,
      deletions: 1,
      deleteRequests: 2,
    });
  });

  it('a lost response after the cancel took effect is reported as deleted, not already gone', async () => {
    const { mono: seeded } = sb.admin.seed({ mono: { count: 1, qrCodesPerCollection: 1 } });
    const ref = { collectionId: seeded.collections[0]!.id, qrCodeId: seeded.collections[0]!.qrCodes[0]! };
    const before = sb.admin.calls()['mono-breb.cancelQrCode'] ?? 0;
    sb.admin.setFaults([
      { provider: 'mono-breb', operation: 'cancelQrCode', fault: 'lostResponse', schedule: [before + 1] },
    ]);
    expect(await mono().cancelQrCode(ref)).toMatchObject({
      outcome: 'deleted',
      reason: 'qr_already_canceled',
      attempts: 2,
    });
    expect(sb.admin.state().mono.qrCodes.find((q) => q.id === ref.qrCodeId)).toMatchObject({
      deletions: 1,
      deleteRequests: 2,
    });
  });

  it('500, 503 and 429 are retried until the delete goes through; exhausted retries surface the provider error', async () => {
    const { epap: seeded } = sb.admin.seed({ epap: { count: 2 } });
    const before = sb.admin.calls()['epap.deleteReceipt'] ?? 0;
    sb.admin.setFaults([
      { provider: 'epap', operation: 'deleteReceipt', fault: 'status500', schedule: [before + 1] },
      { provider: 'epap', operation: 'deleteReceipt', fault: 'status503', schedule: [before + 2] },
      { provider: 'epap', operation: 'deleteReceipt', fault: 'status429', schedule: [before + 3] },
    ]);
    expect(await epap().deleteReceipt(seeded.receipts[0]!)).toMatchObject({ outcome: 'deleted', attempts: 4 });
    sb.admin.setFaults([{ provider: 'epap', operation: 'deleteReceipt', fault: 'status500', probability: 1 }]);
    const error = await epap()
      .deleteReceipt(seeded.receipts[1]!)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeardownServerError);
    expect(error).toMatchObject({ code: 'internal_error', status: 500, classification: 'retryable' });
    expect(sb.admin.state().epap.receipts.find((r) => r.epapId === seeded.receipts[1]!.epapId)).toMatchObject({
      exists: true,
      deletions: 0,
    });
  });

  it('CAMS: System.LimitControl is retryable and retried; a lost response then "not found" is deleted only when the code was listed first', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const { cams: seeded } = sb.admin.seed({ cams: { count: 3 } });
    const before = sb.admin.calls()['alibaba-cams.deletePhoneMessageQrdl'] ?? 0;
    sb.admin.setFaults([
      { provider: 'alibaba-cams', operation: 'deletePhoneMessageQrdl', fault: 'limitControl', schedule: [before + 1] },
      {
        provider: 'alibaba-cams',
        operation: 'deletePhoneMessageQrdl',
        fault: 'lostResponse',
        schedule: [before + 3, before + 5],
      },
    ]);
    const client = cams();
    expect(await client.deletePhoneMessageQrdl(seeded.qrCodes[0]!)).toMatchObject({ outcome: 'deleted', attempts: 2 });
    // Nothing showed the code existed: "not found" after a lost answer is a doubt, not a deletion.
    expect(await client.deletePhoneMessageQrdl(seeded.qrCodes[1]!)).toMatchObject({
      outcome: 'unconfirmed',
      reason: 'QrdlCode.NotExist',
      attempts: 2,
    });
    // Listed before the delete: the same answers prove our delete removed it. (This client has no limiter: the next
    // second keeps it under the sandbox's 5 requests per second.)
    await new Promise((r) => setTimeout(r, 1100));
    const third = seeded.qrCodes[2]!;
    const listed = await client.listedQrdlCodes({
      phoneNumber: third.phoneNumber,
      custSpaceId: third.custSpaceId,
      qrdlCodes: [third.qrdlCode, 'NeverThere1'],
    });
    expect(listed).toEqual([third.qrdlCode]);
    expect(await client.deletePhoneMessageQrdl(third, { existedBefore: true })).toMatchObject({
      outcome: 'deleted',
      reason: 'QrdlCode.NotExist',
      attempts: 2,
    });
    for (const q of seeded.qrCodes)
      expect(sb.admin.state().cams.qrCodes.find((x) => x.qrdlCode === q.qrdlCode)).toMatchObject({
        exists: false,
        deletions: 1,
      });
    sb.admin.setFaults([{ provider: 'alibaba-cams', operation: '*', fault: 'limitControl', probability: 1 }]);
    await expect(client.listPhoneMessageQrdl({ phoneNumber: seeded.qrCodes[0]!.phoneNumber })).rejects.toBeInstanceOf(
      TeardownRateLimitError,
    );
  });

  it('CAMS: a client without its limiter trips the sandbox limit; with the default 5/s limiter it never does', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const unlimited = new AlibabaCamsClient({ ...sb.credentials.cams, retry: { maxAttempts: 1 }, rateLimiter: null });
    const burst = await Promise.allSettled(
      Array.from({ length: 12 }, () => unlimited.listPhoneMessageQrdl({ phoneNumber: '8613800000000' })),
    );
    const refused = burst.filter(
      (r) => r.status === 'rejected' && (r.reason as TeardownError).code === 'System.LimitControl',
    ).length;
    expect(refused).toBeGreaterThanOrEqual(7);
    await new Promise((r) => setTimeout(r, 1100));
    const limited = new AlibabaCamsClient({ ...sb.credentials.cams, retry: { maxAttempts: 1 } });
    const paced = await Promise.allSettled(
      Array.from({ length: 12 }, () => limited.listPhoneMessageQrdl({ phoneNumber: '8613800000000' })),
    );
    expect(paced.filter((r) => r.status === 'rejected')).toEqual([]);
  });

  it("CAMS: a request delayed on the way does not let the next second's requests reach CAMS with it", async () => {
    await new Promise((r) => setTimeout(r, 1100));
    // The first request spends 600 ms on the way. Counted from its send, the sixth could go at 1 s and arrive with the
    // four sent at once in the same second as the late one; counted from its answer, the sixth waits until 1.6 s.
    let sent = 0;
    const late: Transport = async (request) => {
      if (sent++ === 0) await new Promise((r) => setTimeout(r, 600));
      return defaultTransport()(request);
    };
    const limited = new AlibabaCamsClient({ ...sb.credentials.cams, retry: { maxAttempts: 1 }, transport: late });
    const before = sb.admin.calls()['alibaba-cams.listPhoneMessageQrdl'] ?? 0;
    const paced = await Promise.allSettled(
      Array.from({ length: 7 }, () => limited.listPhoneMessageQrdl({ phoneNumber: '8613800000000' })),
    );
    expect(paced.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((sb.admin.calls()['alibaba-cams.listPhoneMessageQrdl'] ?? 0) - before).toBe(7);
  });

  it('CAMS: permission and ownership errors are not retryable', async () => {
    const { cams: seeded } = sb.admin.seed({
      cams: { qrCodes: [{ ownerAccessKeyId: sb.credentials.cams.otherAccessKeyId }] },
    });
    const denied = new AlibabaCamsClient({
      ...sb.credentials.cams,
      accessKeyId: sb.credentials.cams.deniedAccessKeyId,
      accessKeySecret: sb.credentials.cams.deniedAccessKeySecret,
      ...fast,
    });
    await expect(denied.deletePhoneMessageQrdl(seeded.qrCodes[0]!)).rejects.toMatchObject({
      code: 'Ram.PermissionDeny',
      classification: 'not_retryable',
    });
    const error = await cams()
      .deletePhoneMessageQrdl(seeded.qrCodes[0]!)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeardownPermissionError);
    expect(error).toMatchObject({ code: 'Unknown.ResourceOwnerId' });
  });

  it('added latency beyond the timeout is a retryable timeout', async () => {
    const { epap: seeded } = sb.admin.seed({ epap: { count: 1 } });
    sb.admin.setFaults([
      { provider: 'epap', operation: 'deleteReceipt', fault: 'latency', probability: 1, latencyMs: 300 },
    ]);
    const client = new EpapClient({ ...sb.credentials.epap, timeoutMs: 100, retry: { maxAttempts: 1 } });
    await expect(client.deleteReceipt(seeded.receipts[0]!)).rejects.toMatchObject({
      code: 'timeout',
      classification: 'retryable',
    });
  });

  it('Mono tokens that expire are refreshed once, transparently', async () => {
    const short = await startSandbox({ seed: 3, tokenLifetimeSeconds: 1 });
    try {
      const { mono: seeded } = short.admin.seed({ mono: { count: 1 } });
      const client = new MonoBrebClient({ ...short.credentials.mono, ...fast });
      await client.getCollection({ collectionId: seeded.collections[0]!.id });
      await new Promise((r) => setTimeout(r, 1100));
      expect((await client.getCollection({ collectionId: seeded.collections[0]!.id })).id).toBe(
        seeded.collections[0]!.id,
      );
      expect(short.admin.calls()['mono-breb.token']).toBe(2);
    } finally {
      await short.close();
    }
  });

  it('deleting a collection sends a signed collection.discarded webhook that core verifies, retrying failed deliveries', async () => {
    failFirst = 1;
    received.length = 0;
    const { mono: seeded } = sb.admin.seed({ mono: { count: 1 } });
    const collectionId = seeded.collections[0]!.id;
    expect((await mono().deleteCollection({ collectionId })).outcome).toBe('deleted');
    await waitFor(() => received.some((r) => r.body.includes(collectionId)));
    const delivery = received.find((r) => r.body.includes(collectionId))!;
    expect(verifyMonoSignature(delivery.body, delivery.signature, sb.credentials.mono.webhookSecret).valid).toBe(true);
    expect(verifyMonoSignature(delivery.body, delivery.signature, 'other-secret').valid).toBe(false);
    const event = parseMonoWebhook(delivery.body);
    expect(event.event).toMatchObject({
      type: 'collection.discarded',
      data: { id: collectionId, state: 'discarded', state_reason: 'deleted' },
    });
    // The receiver has the body before the sandbox has its answer: wait for the sandbox's record of the delivery.
    const record = () => sb.admin.state().webhookDeliveries.find((d) => d.collectionId === collectionId);
    await waitFor(() => record()?.delivered === true);
    expect(record()).toMatchObject({ delivered: true, attempts: 2 });
    expect(await mono().deleteCollection({ collectionId })).toMatchObject({
      outcome: 'already_gone',
      reason: 'collection_discarded',
    });
    await expect(mono().deleteCollection({ collectionId }, { treatAlreadyGoneAsSuccess: false })).rejects.toMatchObject(
      { classification: 'already_done' },
    );
  });

  it('a collection with payments is refused without retries and stays', async () => {
    const { mono: seeded } = sb.admin.seed({ mono: { collections: [{ paidAmount: 1000, state: 'paid' }] } });
    await expect(mono().deleteCollection({ collectionId: seeded.collections[0]!.id })).rejects.toMatchObject({
      code: 'has_payments',
      classification: 'not_retryable',
    });
    expect(sb.admin.state().mono.collections.find((c) => c.id === seeded.collections[0]!.id)).toMatchObject({
      deleteRequests: 1,
      deletions: 0,
      state: 'paid',
    });
  });
});

describe('malformed input never crashes the sandbox', () => {
  it('keeps answering a seeded stream of random methods, paths, headers and bodies', async () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const methods = ['GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD'];
    const paths = [
      '/',
      '/mono',
      '/mono/api/v1/collections/',
      '/mono/api/v1/collections/%2e%2e/qr/x',
      '/mono/api/v1/oauth/token',
      '/epap/v2/delete',
      '/epap/v1/login',
      '/__admin/seed',
      '/__admin/faults',
      '/?Action=DeletePhoneMessageQrdl',
      '/%ff%fe',
      '//x//y',
      '/mono/api/v1/collections/bbcol_5tgliBmzjZ6mpQPRbQjfKj/qr',
    ];
    const bodies = [
      '',
      '{',
      '[]',
      'null',
      '{"collections":"x"}',
      'a=b&c',
      '\u0000\u0001',
      '{"rules":[{"provider":"x"}]}',
      'x'.repeat(5000),
    ];
    const headerSets: Record<string, string>[] = [
      {},
      { authorization: 'Bearer' },
      { authorization: 'ACS3-HMAC-SHA256 Credential=,SignedHeaders=,Signature=' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'x-acs-action': 'ListPhoneMessageQrdl', 'x-acs-date': 'yesterday' },
      { epap_id: '', client_id: 'x' },
    ];
    for (let i = 0; i < 300; i++) {
      const method = pick(methods);
      const res = await fetch(`${sb.url}${pick(paths)}`, {
        method,
        headers: pick(headerSets),
        ...(method !== 'GET' && method !== 'HEAD' && { body: pick(bodies) }),
      });
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(600);
      await res.arrayBuffer();
    }
    const health = await fetch(`${sb.url}/__admin/calls`);
    expect(health.status).toBe(200);
  });
});
