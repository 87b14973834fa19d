import { afterEach, describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import type { TeardownError } from '../../errors.js';
import {
  TeardownAuthenticationError,
  TeardownNotFoundError,
  TeardownPermissionError,
  TeardownRateLimitError,
  TeardownRequestError,
  TeardownValidationError,
} from '../../errors.js';
import { instantSleep, startLoopback, type Answer, type Loopback, type Received } from '../../../test/loopback.js';
import { ID_FIELDS } from '../../providers.js';
import { AlibabaCamsClient, camsAccountLimiter } from './client.js';
import { parseAcs3Authorization, sha256Hex, signAcs3 } from './signing.js';

const SECRET = 'cams-secret-value-xyz';
const ok = {
  AccessDeniedDetail: 'None',
  RequestId: '90E63D28-E31D-1EB2-8939-A94866411B2O\n',
  Message: 'None',
  Code: 'OK',
};
const camsErrorBody = (Code: string, Message: string) => ({
  RequestId: 'REQ-1',
  HostId: 'cams.ap-southeast-1.aliyuncs.com',
  Code,
  Message,
  Recommend: 'https://api.aliyun.com/troubleshoot',
});

let server: Loopback | undefined;
afterEach(async () => server?.close());

async function camsAt(
  answer: (req: Received, i: number) => Answer,
  extra: Partial<ConstructorParameters<typeof AlibabaCamsClient>[0]> = {},
) {
  server = await startLoopback(answer);
  const client = new AlibabaCamsClient({
    accessKeyId: 'AKID',
    accessKeySecret: SECRET,
    endpoint: server.url,
    sleep: instantSleep,
    rateLimiter: null,
    retry: { random: () => 0 },
    ...extra,
  });
  return { client, received: server.received };
}

/** What the server side of CAMS does: recompute the signature from what arrived. */
function verify(req: Received, secret = SECRET): boolean {
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
  const auth = parseAcs3Authorization(headers.authorization);
  if (!auth || sha256Hex(req.body) !== headers['x-acs-content-sha256']) return false;
  const query = Object.fromEntries(new URL(req.path, 'http://x').searchParams);
  const signed = signAcs3({
    method: req.method,
    query,
    headers: Object.fromEntries(auth.signedHeaders.map((h) => [h, headers[h] ?? ''])),
    accessKeyId: auth.accessKeyId,
    accessKeySecret: secret,
  });
  return signed.signature === auth.signature;
}

describe('Alibaba Cloud CAMS deletePhoneMessageQrdl', () => {
  it('sends a correctly signed RPC request with the params in the query', async () => {
    const { client, received } = await camsAt(() => ({ status: 200, body: ok }));
    const result = await client.deletePhoneMessageQrdl({
      phoneNumber: '8613800000000',
      qrdlCode: "D9II3*~+é!'()",
      custSpaceId: 'cams-test',
    });
    expect(result).toEqual({
      provider: 'alibaba-cams',
      operation: 'deletePhoneMessageQrdl',
      outcome: 'deleted',
      requestId: '90E63D28-E31D-1EB2-8939-A94866411B2O',
      attempts: 1,
    });
    const [req] = received;
    expect(req!.method).toBe('POST');
    expect(req!.headers['x-acs-action']).toBe('DeletePhoneMessageQrdl');
    expect(req!.headers['x-acs-version']).toBe('2020-06-06');
    expect(req!.headers['x-acs-date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Object.fromEntries(new URL(req!.path, 'http://x').searchParams)).toEqual({
      CustSpaceId: 'cams-test',
      PhoneNumber: '8613800000000',
      QrdlCode: "D9II3*~+é!'()",
    });
    expect(verify(req!)).toBe(true);
    expect(verify(req!, 'wrong')).toBe(false);
  });

  it('uses a new nonce for every attempt and sends the STS token when given', async () => {
    const { client, received } = await camsAt(
      (_r, i) =>
        i < 2
          ? { status: 400, body: camsErrorBody('System.LimitControl', 'The system is under flow control.') }
          : { status: 200, body: ok },
      { securityToken: 'sts-token' },
    );
    expect((await client.deletePhoneMessageQrdl({ phoneNumber: '8613800000000', qrdlCode: 'Q' })).attempts).toBe(3);
    expect(new Set(received.map((r) => r.headers['x-acs-signature-nonce'])).size).toBe(3);
    expect(received.every((r) => r.headers['x-acs-security-token'] === 'sts-token' && verify(r))).toBe(true);
  });

  it('leaves a refusal to an outside pacer with retryRateLimited: false, and says whether the failed call may have applied', async () => {
    const limited = { status: 400, body: camsErrorBody('System.LimitControl', 'The system is under flow control.') };
    const ref = { phoneNumber: '8613800000000', qrdlCode: 'Q' };
    const refused = await camsAt(() => limited, { retry: { random: () => 0, retryRateLimited: false } });
    const error = await refused.client.deletePhoneMessageQrdl(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeardownRateLimitError);
    expect(error).toMatchObject({ code: 'System.LimitControl', retryable: true, mayHaveBeenApplied: false });
    expect(refused.received).toHaveLength(1);
    await server!.close();

    // A request that got no answer before the refusal may have deleted the code.
    const dropped = await camsAt((_r, i) => (i === 0 ? 'drop' : limited), {
      retry: { random: () => 0, retryRateLimited: false },
    });
    expect(await dropped.client.deletePhoneMessageQrdl(ref).catch((e: unknown) => e)).toMatchObject({
      code: 'System.LimitControl',
      mayHaveBeenApplied: true,
    });
    expect(dropped.received).toHaveLength(2);
    await server!.close();

    // A server error may come after the change was applied.
    const failing = await camsAt(() => ({ status: 503, body: camsErrorBody('ServiceUnavailable', 'Busy.') }));
    expect(await failing.client.deletePhoneMessageQrdl(ref).catch((e: unknown) => e)).toMatchObject({
      retryable: true,
      mayHaveBeenApplied: true,
    });
    expect(failing.received).toHaveLength(4);
  });

  it('treats a non-OK Code on HTTP 200 as an error', async () => {
    const { client } = await camsAt(() => ({
      status: 200,
      body: camsErrorBody('Ram.PermissionDeny', 'You are not authorized to perform the operation.'),
    }));
    await expect(client.deletePhoneMessageQrdl({ phoneNumber: '8613800000000', qrdlCode: 'Q' })).rejects.toBeInstanceOf(
      TeardownPermissionError,
    );
  });

  it.each([
    [
      'Product.Unsubscript',
      'You have not subscribed to the specified product.',
      TeardownPermissionError,
      'not_retryable',
    ],
    [
      'Ram.PermissionDeny',
      'You are not authorized to perform the operation.',
      TeardownPermissionError,
      'not_retryable',
    ],
    [
      'Unknown.ResourceOwnerId',
      'The resource does not belong to the current user.',
      TeardownPermissionError,
      'not_retryable',
    ],
    ['System.LimitControl', 'The system is under flow control.', TeardownRateLimitError, 'retryable'],
    ['Throttling.User', 'Request was denied due to user flow control.', TeardownRateLimitError, 'retryable'],
    ['Throttling.Api', 'Request was denied due to api flow control.', TeardownRateLimitError, 'retryable'],
    [
      'SignatureDoesNotMatch',
      'The request signature does not conform to Aliyun standards.',
      TeardownAuthenticationError,
      'not_retryable',
    ],
    [
      'IncompleteSignature',
      'The request signature does not conform to Aliyun standards.',
      TeardownAuthenticationError,
      'not_retryable',
    ],
    ['InvalidAccessKeyId.NotFound', 'Specified access key is not found.', TeardownAuthenticationError, 'not_retryable'],
    ['InvalidAccessKeyId.Inactive', 'Specified access key is disabled.', TeardownAuthenticationError, 'not_retryable'],
    [
      'InvalidTimeStamp.Expired',
      'Specified time stamp or date value is expired.',
      TeardownAuthenticationError,
      'not_retryable',
    ],
    ['SignatureNonceUsed', 'Specified signature nonce was used already.', TeardownAuthenticationError, 'not_retryable'],
    ['MissingPhoneNumber', 'PhoneNumber is mandatory for this action.', TeardownRequestError, 'not_retryable'],
  ] as const)('classifies %s', async (code, message, cls, classification) => {
    const { client, received } = await camsAt(() => ({ status: 400, body: camsErrorBody(code, message) }));
    const error = (await client
      .deletePhoneMessageQrdl({ phoneNumber: '8613800000000', qrdlCode: 'Q' })
      .catch((e: unknown) => e)) as TeardownError;
    expect(error).toBeInstanceOf(cls);
    expect(error).toMatchObject({
      provider: 'alibaba-cams',
      code,
      providerMessage: message,
      requestId: 'REQ-1',
      classification,
      status: 400,
    });
    expect(received).toHaveLength(classification === 'retryable' ? 4 : 1);
  });

  it('waits as long as x-acs-retry-after asks', async () => {
    const slept: number[] = [];
    const { client } = await camsAt(
      (_r, i) =>
        i === 0
          ? { status: 400, body: camsErrorBody('Throttling.User', 'x'), headers: { 'x-acs-retry-after': '2' } }
          : { status: 200, body: ok },
      {
        sleep: (ms) => {
          slept.push(ms);
          return Promise.resolve();
        },
      },
    );
    await client.deletePhoneMessageQrdl({ phoneNumber: '8613800000000', qrdlCode: 'Q' });
    expect(slept).toEqual([2000]);
  });

  it('fails a QR code CAMS does not have as not found, naming what was looked for, unless not found counts as done; after an attempt that may have applied, deleted only if it was listed before', async () => {
    const notExist = {
      status: 404,
      body: camsErrorBody('QrdlCode.NotExist', 'The specified QrdlCode does not exist.'),
    } as const;
    const { client } = await camsAt(() => notExist);
    const ref = { phoneNumber: '8613800000000', qrdlCode: 'Q', custSpaceId: 'cams-test' };
    const error = await client.deletePhoneMessageQrdl(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeardownNotFoundError);
    expect(error).toMatchObject({ code: 'QrdlCode.NotExist', classification: 'not_found', retryable: false });
    expect((error as Error).message).toBe(
      'Alibaba Cloud CAMS has no message QR code Q for phone number 8613800000000 in CustSpaceId cams-test (QrdlCode.NotExist, HTTP 404, request REQ-1). Nothing was deleted.',
    );
    expect(await client.deletePhoneMessageQrdl(ref, { notFound: 'done' })).toMatchObject({
      outcome: 'not_found',
      reason: 'QrdlCode.NotExist',
    });
    expect(await client.deletePhoneMessageQrdl(ref, { notFound: 'error', mayHaveBeenApplied: true })).toMatchObject({
      outcome: 'unconfirmed',
      reason: 'QrdlCode.NotExist',
    });
    const maybeApplied = { notFound: 'error', mayHaveBeenApplied: true } as const;
    expect(await client.deletePhoneMessageQrdl(ref, { ...maybeApplied, existedBefore: true })).toMatchObject({
      outcome: 'deleted',
      reason: 'QrdlCode.NotExist',
    });
    const notListed = await client
      .deletePhoneMessageQrdl(ref, { ...maybeApplied, existedBefore: false })
      .catch((e: unknown) => e);
    expect(notListed).toBeInstanceOf(TeardownNotFoundError);
    expect(
      await client.deletePhoneMessageQrdl(ref, { ...maybeApplied, notFound: 'done', existedBefore: false }),
    ).toMatchObject({ outcome: 'not_found' });
    await server!.close();
    const second = await camsAt((_r, i) => (i === 0 ? 'drop' : notExist));
    expect(await second.client.deletePhoneMessageQrdl(ref)).toMatchObject({
      outcome: 'unconfirmed',
      reason: 'QrdlCode.NotExist',
      attempts: 2,
    });
    await server!.close();
    const listed = await camsAt((_r, i) => (i === 0 ? 'drop' : notExist));
    expect(await listed.client.deletePhoneMessageQrdl(ref, { existedBefore: true })).toMatchObject({
      outcome: 'deleted',
      attempts: 2,
    });
  });

  it('refuses a phone number that is not digits with the country code (CAMS would look for another number)', async () => {
    const { client, received } = await camsAt(() => ({ status: 200, body: ok }));
    for (const phoneNumber of [
      '+86 138-0000',
      '+8613800000000',
      '86 138 0000 0000',
      '0861380000000',
      '12345',
      '1'.repeat(16),
    ])
      await expect(client.deletePhoneMessageQrdl({ phoneNumber, qrdlCode: 'Q' })).rejects.toMatchObject({
        field: 'phoneNumber',
        rule: ID_FIELDS.camsPhoneNumber.rule,
      });
    expect(received).toHaveLength(0);
  });

  it('refuses a QrdlCode with a lone surrogate or a control character as a validation error, not a URIError', async () => {
    const { client, received } = await camsAt(() => ({ status: 200, body: ok }));
    for (const qrdlCode of ['ab\ud800', '\udc00', '\u001b]0;PWNED\u0007', 'a\u202eb', 'a\u0000'])
      await expect(client.deletePhoneMessageQrdl({ phoneNumber: '8613800000000', qrdlCode })).rejects.toMatchObject({
        name: 'TeardownValidationError',
        field: 'qrdlCode',
      });
    expect(received).toHaveLength(0);
  });

  it('refuses credentials that cannot travel in a header, and a malformed endpoint, when constructed', () => {
    const construct = (o: Partial<ConstructorParameters<typeof AlibabaCamsClient>[0]>) => () =>
      new AlibabaCamsClient({ accessKeyId: 'AK', accessKeySecret: 'S', ...o });
    expect(construct({ accessKeyId: 'AK\r\nx-acs-action: Other' })).toThrow(
      expect.objectContaining({ field: 'accessKeyId', code: 'validation_error' }),
    );
    expect(construct({ securityToken: 'tok\n' })).toThrow(expect.objectContaining({ field: 'securityToken' }));
    expect(construct({ accessKeySecret: '' })).toThrow(expect.objectContaining({ field: 'accessKeySecret' }));
    expect(construct({ endpoint: 'http://exa mple.com:99999' })).toThrow(
      expect.objectContaining({ field: 'endpoint' }),
    );
    expect(construct({ endpoint: 'cams.ap-southeast-1.aliyuncs.com' })().endpoint.href).toBe(
      'https://cams.ap-southeast-1.aliyuncs.com/',
    );
  });

  it('validates required params before sending', async () => {
    const { client, received } = await camsAt(() => ({ status: 200, body: ok }));
    await expect(client.deletePhoneMessageQrdl({ phoneNumber: '', qrdlCode: 'Q' })).rejects.toMatchObject({
      field: 'phoneNumber',
    });
    await expect(client.deletePhoneMessageQrdl({ phoneNumber: '8613800000000' } as never)).rejects.toBeInstanceOf(
      TeardownValidationError,
    );
    expect(received).toHaveLength(0);
  });

  it('lists message QR codes', async () => {
    const data = [{ PhoneNumber: '1', QrdlCode: 'Q1' }];
    const { client, received } = await camsAt(() => ({ status: 200, body: { ...ok, Data: data } }));
    expect(await client.listPhoneMessageQrdl({ phoneNumber: '8613800000000' })).toEqual(data);
    expect(received[0]!.headers['x-acs-action']).toBe('ListPhoneMessageQrdl');
  });

  it('tells which QR codes CAMS lists for a phone number with one list, never asking about a code that cannot exist', async () => {
    const data = [
      { PhoneNumber: '8613800000000', QrdlCode: 'Q1' },
      { PhoneNumber: '8613800000000', QrdlCode: 'Q3' },
    ];
    const { client, received } = await camsAt(() => ({ status: 200, body: { ...ok, Data: data } }));
    const phone = { phoneNumber: '8613800000000' };
    expect(await client.listedQrdlCodes({ ...phone, qrdlCodes: ['Q1', 'Q2', 'Q3', 'bad\ud800'] })).toEqual([
      'Q1',
      'Q3',
    ]);
    expect(received).toHaveLength(1);
    expect(await client.listedQrdlCodes({ ...phone, qrdlCodes: ['bad\ud800', ''] })).toEqual([]);
    expect(received).toHaveLength(1);
  });

  it('keeps the secret out of errors and out of the client when inspected', async () => {
    const { client } = await camsAt(() => ({ status: 400, body: camsErrorBody('SignatureDoesNotMatch', 'x') }));
    const error = await client
      .deletePhoneMessageQrdl({ phoneNumber: '8613800000000', qrdlCode: 'Q' })
      .catch((e: unknown) => e);
    for (const text of [
      JSON.stringify(error),
      inspect(error, { showHidden: true, depth: 5 }),
      inspect(client, { depth: 5 }),
    ])
      expect(text).not.toContain(SECRET);
  });
});

describe('camsAccountLimiter', () => {
  it('gives every caller in the process the same 5/s limiter for one AccessKey ID, and another one for another ID', async () => {
    const a = camsAccountLimiter('AKID-account-a');
    expect(camsAccountLimiter('AKID-account-a')).toBe(a);
    expect(camsAccountLimiter('AKID-account-b')).not.toBe(a);
    // Shared means one count: the sixth request through either handle waits for the window.
    const now = { t: 0 };
    const shared = camsAccountLimiter('AKID-account-c', {
      clock: { now: () => now.t },
      sleep: (ms) => Promise.resolve(void (now.t += ms)),
    });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, () =>
        camsAccountLimiter('AKID-account-c').run(() => Promise.resolve(void starts.push(now.t))),
      ),
    );
    expect(shared).toBe(camsAccountLimiter('AKID-account-c'));
    expect(starts).toEqual([0, 0, 0, 0, 0, 1000]);
  });
});
