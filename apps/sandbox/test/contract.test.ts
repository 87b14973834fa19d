// The sandbox answers as the providers document: exact statuses and bodies, over raw HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_BODY_SHA256, acsDate, canonicalQuery, sha256Hex, signAcs3 } from '@teardown/core';
import { startSandbox, type Sandbox } from '../src/index.js';
import { EPAP_TAIL } from '../src/epap.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 7, keyCancellationDelayMs: 50 });
});
afterAll(() => sb.close());

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const res = await fetch(`${sb.url}${path}`, { method, headers, ...(body !== undefined && { body }) });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

async function monoToken(clientId = sb.credentials.mono.clientId, secret = sb.credentials.mono.clientSecret) {
  const r = await call(
    'POST',
    '/mono/api/v1/oauth/token',
    { 'content-type': 'application/json' },
    JSON.stringify({ client_id: clientId, client_secret: secret, grant_type: 'client_credentials' }),
  );
  return r.json!.access_token as string;
}

const monoError = (status: string, code: string, message: string, top: string) => ({
  code: status,
  errors: [{ error_code: code, message, path: null, url: null }],
  id: expect.stringMatching(/^log_[A-Za-z0-9]{22}$/) as unknown,
  message: top,
});

describe('Mono Bre-B contract', () => {
  it('issues client-credentials tokens from JSON or form bodies, and refuses bad clients in OAuth shape', async () => {
    const form = await call(
      'POST',
      '/mono/api/v1/oauth/token',
      { 'content-type': 'application/x-www-form-urlencoded' },
      `client_id=${sb.credentials.mono.clientId}&client_secret=${sb.credentials.mono.clientSecret}&grant_type=client_credentials&scope=collections`,
    );
    expect(form.status).toBe(200);
    expect(form.json).toEqual({
      access_token: expect.any(String),
      expires_in: 3600,
      refresh_token: expect.any(String),
      scope: 'collections',
      token_type: 'Bearer',
    });
    const bad = await call(
      'POST',
      '/mono/api/v1/oauth/token',
      { 'content-type': 'application/json' },
      JSON.stringify({ client_id: 'x', client_secret: 'y', grant_type: 'client_credentials' }),
    );
    expect(bad).toMatchObject({
      status: 401,
      json: { error: 'invalid_client', error_description: expect.any(String) },
    });
    const grant = await call(
      'POST',
      '/mono/api/v1/oauth/token',
      { 'content-type': 'application/json' },
      JSON.stringify({ grant_type: 'password' }),
    );
    expect(grant).toMatchObject({ status: 400, json: { error: 'unsupported_grant_type' } });
  });

  it('answers every documented cancelQrCode outcome verbatim', async () => {
    const { mono } = sb.admin.seed({
      mono: { collections: [{ qrCodes: [{ usageMode: 'single_use' }, { usageMode: 'multiple_use' }] }] },
    });
    const [col] = mono.collections;
    const [dynamic, fixed] = col!.qrCodes;
    const auth = { authorization: `Bearer ${await monoToken()}` };
    expect(await call('DELETE', `/mono/api/v1/collections/${col!.id}/qr/${dynamic}`)).toEqual(
      expect.objectContaining({
        status: 401,
        json: monoError(
          '401 Unauthorized',
          'missing_authorization_header',
          '`Authorization` header is missing.',
          'Authorization header is missing or invalid.',
        ),
      }),
    );
    expect((await call('DELETE', `/mono/api/v1/collections/${col!.id}/qr/${dynamic}`, auth)).status).toBe(204);
    expect((await call('DELETE', `/mono/api/v1/collections/${col!.id}/qr/${dynamic}`, auth)).json).toEqual(
      monoError('409 Conflict', 'qr_already_canceled', 'The QR code has already been cancelled', 'Conflict'),
    );
    expect((await call('DELETE', `/mono/api/v1/collections/${col!.id}/qr/${fixed}`, auth)).json).toEqual(
      monoError('400 Bad Request', 'qr_not_dynamic', 'Only dynamic QR codes can be cancelled', 'Malformed request'),
    );
    expect(
      (await call('DELETE', `/mono/api/v1/collections/bbcol_0000000000000000000000/qr/${dynamic}`, auth)).json,
    ).toEqual(
      monoError('404 Not Found', 'collection_not_found', "The collection doesn't exist", 'Resource not defined'),
    );
    const readOnly = {
      authorization: `Bearer ${await monoToken(sb.credentials.mono.readOnlyClientId, sb.credentials.mono.readOnlyClientSecret)}`,
    };
    expect((await call('DELETE', `/mono/api/v1/collections/${col!.id}/qr/${fixed}`, readOnly)).json).toEqual(
      monoError(
        '403 Forbidden',
        'not_authorized',
        'Not authorized to have access to this resource.',
        'Not authorized to have access to this resource',
      ),
    );
    expect((await call('GET', `/mono/api/v1/collections/${col!.id}/qr/${dynamic}`, readOnly)).json).toMatchObject({
      id: dynamic,
      canceled: true,
      usage_mode: 'single_use',
    });
  });

  it('runs the collection state machine: has_payments, delete, asynchronous discard, collection_invalid_state', async () => {
    const { mono } = sb.admin.seed({
      mono: { collections: [{}, { paidAmount: 5000, state: 'paid' }, { state: 'failed' }] },
    });
    const [open, paid, failed] = mono.collections.map((c) => c.id);
    const auth = { authorization: `Bearer ${await monoToken()}` };
    expect((await call('DELETE', `/mono/api/v1/collections/${paid}`, auth)).json).toEqual(
      monoError(
        '409 Conflict',
        'has_payments',
        'The collection has successful payments and cannot be deleted',
        'Conflict',
      ),
    );
    expect((await call('DELETE', `/mono/api/v1/collections/${failed}`, auth)).json).toEqual(
      monoError(
        '409 Conflict',
        'collection_invalid_state',
        'The collection is in an invalid state for this operation',
        'Conflict',
      ),
    );
    expect((await call('DELETE', `/mono/api/v1/collections/${open}`, auth)).status).toBe(204);
    expect((await call('GET', `/mono/api/v1/collections/${open}`, auth)).json).toMatchObject({
      state: 'ready',
      state_reason: 'deleted',
    });
    await new Promise((r) => setTimeout(r, 150));
    expect((await call('GET', `/mono/api/v1/collections/${open}`, auth)).json).toMatchObject({
      state: 'discarded',
      state_reason: 'deleted',
    });
    expect((await call('DELETE', `/mono/api/v1/collections/${open}`, auth)).json).toEqual(
      monoError(
        '409 Conflict',
        'collection_invalid_state',
        'The collection is in an invalid state for this operation',
        'Conflict',
      ),
    );
    const record = sb.admin.state().mono.collections.find((c) => c.id === open)!;
    expect(record).toMatchObject({
      deleteRequests: 2,
      deletions: 1,
      deletedAt: expect.any(String),
      discardedAt: expect.any(String),
    });
  });

  it('creates collections in bulk, ready at once, announcing collection.created and collection.ready', async () => {
    const auth = { authorization: `Bearer ${await monoToken()}`, 'content-type': 'application/json' };
    const res = await call(
      'POST',
      '/mono/api/v1/collections',
      auth,
      JSON.stringify({ tenant_account_id: 'tacc_1', collections: [{ external_id: 'a' }, { external_id: 'b' }] }),
    );
    expect(res).toMatchObject({ status: 201, json: { duplicated: [], rejected: [] } });
    const created = res.json!.created as {
      id: string;
      state: string;
      external_id: string;
      tenant_account_id: string;
    }[];
    expect(created.map((c) => [c.state, c.external_id, c.tenant_account_id])).toEqual([
      ['ready', 'a', 'tacc_1'],
      ['ready', 'b', 'tacc_1'],
    ]);
    for (const c of created) expect(c.id).toMatch(/^bbcol_[A-Za-z0-9]{22}$/);
    expect((await call('POST', '/mono/api/v1/collections', auth, JSON.stringify({ collections: [] }))).status).toBe(
      400,
    );
  });

  it('lists QR codes newest first with filters, creates them only on ready collections, pages collections 10–500', async () => {
    const auth = { authorization: `Bearer ${await monoToken()}`, 'content-type': 'application/json' };
    const { mono } = sb.admin.seed({
      mono: {
        collections: [
          {
            qrCodes: [
              { usageMode: 'single_use' },
              { usageMode: 'single_use', canceled: true },
              { usageMode: 'multiple_use' },
            ],
          },
          { state: 'discarded' },
        ],
      },
    });
    const [col, discarded] = mono.collections;
    const list = await call('GET', `/mono/api/v1/collections/${col!.id}/qr?canceled=false&usage_mode=single_use`, auth);
    expect((list.json!.qr as { id: string }[]).map((q) => q.id)).toEqual([col!.qrCodes[0]]);
    const all = await call('GET', `/mono/api/v1/collections/${col!.id}/qr`, auth);
    expect((all.json!.qr as { id: string }[]).map((q) => q.id)).toEqual([...col!.qrCodes].reverse());
    const created = await call(
      'POST',
      `/mono/api/v1/collections/${col!.id}/qr`,
      auth,
      JSON.stringify({ usage_mode: 'single_use', amount: 1000, expiration_seconds: 60 }),
    );
    expect(created).toMatchObject({
      status: 201,
      json: { collection_id: col!.id, usage_mode: 'single_use', canceled: false },
    });
    expect(
      (
        await call(
          'POST',
          `/mono/api/v1/collections/${discarded!.id}/qr`,
          auth,
          JSON.stringify({ usage_mode: 'single_use' }),
        )
      ).json,
    ).toMatchObject({ errors: [{ error_code: 'collection_invalid_state' }] });
    expect((await call('GET', '/mono/api/v1/collections?page_number=1&page_size=9', auth)).status).toBe(400);
    sb.admin.seed({ mono: { count: 12 } });
    expect(
      (await call('GET', '/mono/api/v1/collections?page_number=1&page_size=10', auth)).json!.collections,
    ).toHaveLength(10);
    const total = sb.admin.state().mono.collections.length;
    expect(
      (await call('GET', '/mono/api/v1/collections?page_number=2&page_size=10', auth)).json!.collections,
    ).toHaveLength(Math.min(10, total - 10));
  });
});

describe('Alibaba Cloud CAMS contract', () => {
  function signed(
    params: Record<string, string>,
    action = 'DeletePhoneMessageQrdl',
    key = { id: sb.credentials.cams.accessKeyId, secret: sb.credentials.cams.accessKeySecret },
    overrides: Record<string, string> = {},
  ) {
    const headers: Record<string, string> = {
      host: new URL(sb.url).host,
      'x-acs-action': action,
      'x-acs-version': '2020-06-06',
      'x-acs-date': acsDate(Date.now()),
      'x-acs-signature-nonce': crypto.randomUUID(),
      'x-acs-content-sha256': EMPTY_BODY_SHA256,
      ...overrides,
    };
    const { authorization } = signAcs3({
      method: 'POST',
      query: params,
      headers,
      accessKeyId: key.id,
      accessKeySecret: key.secret,
    });
    const { host: _h, ...send } = headers;
    return { path: `/?${canonicalQuery(params)}`, headers: { ...send, authorization } };
  }
  const settle = () => new Promise((r) => setTimeout(r, 1100)); // the 5/s window

  it('deletes with a valid signature, then answers QrdlCode.NotExist', async () => {
    await settle();
    const { cams } = sb.admin.seed({ cams: { count: 1 } });
    const params = { PhoneNumber: cams.qrCodes[0]!.phoneNumber, QrdlCode: cams.qrCodes[0]!.qrdlCode };
    const ok = signed(params);
    expect(await call('POST', ok.path, ok.headers)).toMatchObject({
      status: 200,
      json: {
        Code: 'OK',
        Message: 'None',
        AccessDeniedDetail: 'None',
        RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      },
    });
    const again = signed(params);
    expect(await call('POST', again.path, again.headers)).toMatchObject({
      status: 404,
      json: { Code: 'QrdlCode.NotExist', HostId: expect.any(String), Recommend: expect.any(String) },
    });
  });

  it('verifies signatures for real: wrong secret, tampered params, unknown key, stale date, reused nonce', async () => {
    await settle();
    const params = { PhoneNumber: '8613800000000', QrdlCode: 'NOPE' };
    const wrong = signed(params, 'DeletePhoneMessageQrdl', { id: sb.credentials.cams.accessKeyId, secret: 'wrong' });
    expect((await call('POST', wrong.path, wrong.headers)).json).toMatchObject({ Code: 'SignatureDoesNotMatch' });
    const tampered = signed(params);
    expect((await call('POST', tampered.path.replace('NOPE', 'OTHER'), tampered.headers)).json).toMatchObject({
      Code: 'SignatureDoesNotMatch',
    });
    const unknown = signed(params, 'DeletePhoneMessageQrdl', { id: 'LTAIunknown', secret: 'x' });
    expect(await call('POST', unknown.path, unknown.headers)).toMatchObject({
      status: 404,
      json: { Code: 'InvalidAccessKeyId.NotFound' },
    });
    const stale = signed(params, 'DeletePhoneMessageQrdl', undefined, {
      'x-acs-date': acsDate(Date.now() - 16 * 60_000),
    });
    expect((await call('POST', stale.path, stale.headers)).json).toMatchObject({ Code: 'InvalidTimeStamp.Expired' });
    const once = signed(params);
    await call('POST', once.path, once.headers);
    expect((await call('POST', once.path, once.headers)).json).toMatchObject({ Code: 'SignatureNonceUsed' });
    expect((await call('POST', '/', { 'x-acs-action': 'DeletePhoneMessageQrdl' })).json).toMatchObject({
      Code: 'IncompleteSignature',
    });
  });

  it('answers permission, ownership and missing-parameter errors as documented', async () => {
    await settle();
    const { cams } = sb.admin.seed({ cams: { qrCodes: [{ ownerAccessKeyId: sb.credentials.cams.otherAccessKeyId }] } });
    const theirs = { PhoneNumber: cams.qrCodes[0]!.phoneNumber, QrdlCode: cams.qrCodes[0]!.qrdlCode };
    const owner = signed(theirs);
    expect(await call('POST', owner.path, owner.headers)).toMatchObject({
      status: 400,
      json: { Code: 'Unknown.ResourceOwnerId', Message: 'The resource does not belong to the current user.' },
    });
    const denied = signed(theirs, 'DeletePhoneMessageQrdl', {
      id: sb.credentials.cams.deniedAccessKeyId,
      secret: sb.credentials.cams.deniedAccessKeySecret,
    });
    expect(await call('POST', denied.path, denied.headers)).toMatchObject({
      status: 400,
      json: {
        Code: 'Ram.PermissionDeny',
        Message: 'You are not authorized to perform the operation.',
        AccessDeniedDetail: expect.any(String),
      },
    });
    const missing = signed({ PhoneNumber: '1' });
    expect(await call('POST', missing.path, missing.headers)).toMatchObject({
      status: 400,
      json: { Code: 'MissingQrdlCode' },
    });
    const action = signed({ PhoneNumber: '1' }, 'DeleteEverything');
    expect(await call('POST', action.path, action.headers)).toMatchObject({
      status: 404,
      json: { Code: 'InvalidAction.NotFound' },
    });
  });

  it('creates, updates and lists message QR codes for the calling key only', async () => {
    await settle();
    const phone = '8613900000000';
    const create = signed(
      { PhoneNumber: phone, GenerateQrImage: 'SVG', PrefilledMessage: 'Hola' },
      'CreatePhoneMessageQrdl',
    );
    const created = await call('POST', create.path, create.headers);
    expect(created).toMatchObject({
      status: 200,
      json: {
        Code: 'OK',
        Data: {
          PhoneNumber: phone,
          GenerateQrImage: 'SVG',
          PrefilledMessage: 'Hola',
          QrdlCode: expect.stringMatching(/^[A-Z0-9]{8}$/),
        },
      },
    });
    const code = (created.json!.Data as { QrdlCode: string }).QrdlCode;
    const update = signed({ PhoneNumber: phone, QrdlCode: code, PrefilledMessage: 'Adiós' }, 'UpdatePhoneMessageQrdl');
    expect(await call('POST', update.path, update.headers)).toMatchObject({
      status: 200,
      json: { Data: { QrdlCode: code, PrefilledMessage: 'Adiós' } },
    });
    const list = signed({ PhoneNumber: phone }, 'ListPhoneMessageQrdl');
    expect(
      ((await call('POST', list.path, list.headers)).json!.Data as { QrdlCode: string }[]).map((q) => q.QrdlCode),
    ).toEqual([code]);
    const other = signed({ PhoneNumber: phone }, 'ListPhoneMessageQrdl', {
      id: sb.credentials.cams.otherAccessKeyId,
      secret: sb.credentials.cams.otherAccessKeySecret,
    });
    expect((await call('POST', other.path, other.headers)).json!.Data).toEqual([]);
  });

  it('accepts params in a signed form body as well as the query', async () => {
    await settle();
    const { cams } = sb.admin.seed({ cams: { count: 1 } });
    const body = canonicalQuery({ PhoneNumber: cams.qrCodes[0]!.phoneNumber, QrdlCode: cams.qrCodes[0]!.qrdlCode });
    const req = signed({}, 'DeletePhoneMessageQrdl', undefined, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-acs-content-sha256': sha256Hex(body),
    });
    expect(await call('POST', '/', req.headers, body)).toMatchObject({ status: 200, json: { Code: 'OK' } });
  });

  it('refuses the 6th request inside one second with System.LimitControl, and records when each one arrived', async () => {
    await settle();
    const before = sb.admin.state().cams.arrivals.length;
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = signed({ PhoneNumber: '1' }, 'ListPhoneMessageQrdl');
      codes.push((await call('POST', r.path, r.headers)).json!.Code as string);
    }
    expect(codes).toEqual([
      'OK',
      'OK',
      'OK',
      'OK',
      'OK',
      'System.LimitControl',
      'System.LimitControl',
      'System.LimitControl',
    ]);
    const arrivals = sb.admin.state().cams.arrivals.slice(before);
    expect(arrivals).toHaveLength(8);
    expect(arrivals).toEqual([...arrivals].sort((x, y) => x - y));
    expect(arrivals[7]! - arrivals[0]!).toBeLessThan(1000);
  });
});

describe('epap contract', () => {
  async function epapToken() {
    const r = await call('POST', '/epap/v1/login', {
      clientid: sb.credentials.epap.clientId,
      clientsecret: sb.credentials.epap.clientSecret,
    });
    return r.json!.access_token as string;
  }

  it('logs in with header credentials and refuses others in the v1 shape', async () => {
    const ok = await call('POST', '/epap/v1/login', {
      clientid: sb.credentials.epap.clientId,
      clientsecret: sb.credentials.epap.clientSecret,
    });
    expect(ok).toMatchObject({
      status: 200,
      json: { access_token: expect.any(String), expires_in: 3600, token_type: 'Bearer' },
    });
    expect(await call('POST', '/epap/v1/login', { clientid: 'x', clientsecret: 'y' })).toMatchObject({
      status: 403,
      json: { Message: expect.any(String), Status: 'Forbidden', StatusCode: 403 },
    });
    expect(await call('GET', '/epap/v1/login')).toMatchObject({ status: 400, json: { StatusCode: 400 } });
  });

  it('answers every documented delete outcome verbatim', async () => {
    const { epap } = sb.admin.seed({ epap: { count: 1 } });
    const r = epap.receipts[0]!;
    const headers = {
      authorization: `Bearer ${await epapToken()}`,
      epap_id: r.epapId,
      client_id: sb.credentials.epap.clientId,
      chain_id: r.chainId,
      app_user_id: r.appUserId,
    };
    const err = (status: number, statusText: string, message: string) => ({
      status,
      json: { message, status: statusText, status_code: status },
    });
    const { app_user_id: _a, ...missing } = headers;
    expect(await call('POST', '/epap/v2/delete', missing)).toMatchObject(
      err(400, 'Bad Request', `Required key 'app_user_id' in request headers is missing with no default.${EPAP_TAIL}`),
    );
    expect(await call('POST', '/epap/v2/delete', { ...headers, client_id: 'other' })).toMatchObject(
      err(403, 'Forbidden', `Value of key 'client_id' in request headers is unknown.${EPAP_TAIL}`),
    );
    expect(await call('POST', '/epap/v2/delete', { ...headers, authorization: 'Bearer expired' })).toMatchObject(
      err(
        403,
        'Forbidden',
        'Authorization for request has expired. Please generate a fresh access token. For detailed information visit www.docs.epap.app or contact us at contact@epap.app.',
      ),
    );
    expect(await call('POST', '/epap/v2/delete', { ...headers, chain_id: 'other-chain' })).toMatchObject(
      err(
        406,
        'Not Acceptable',
        `Value of key 'client_id', 'chain_id' or 'app_user_id' does not correspond to the epap document data.${EPAP_TAIL}`,
      ),
    );
    expect(await call('POST', '/epap/v2/delete', { ...headers, chain_id: ' ' })).toMatchObject(
      err(406, 'Not Acceptable', `Type of key 'chain_id' in request headers is not a string.${EPAP_TAIL}`),
    );
    expect(await call('POST', '/epap/v2/delete', headers)).toMatchObject({
      status: 200,
      json: {
        message: 'Successfully deleted receipt. The user has been notified about a deleted epap.',
        status: 'OK',
        status_code: 200,
      },
    });
    expect(await call('POST', '/epap/v2/delete', headers)).toMatchObject(
      err(406, 'Not Acceptable', `Value of key 'epap_id' does not have a corresponding document.${EPAP_TAIL}`),
    );
    expect(sb.admin.state().epap.receipts.find((x) => x.epapId === r.epapId)).toMatchObject({
      exists: false,
      deletions: 1,
      deleteRequests: 3,
    });
  });
});
