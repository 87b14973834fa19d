import { afterEach, describe, expect, it } from 'vitest';
import { instantSleep, startLoopback, type Loopback } from '../test/loopback.js';
import { TeardownValidationError } from './errors.js';
import { PROVIDER_MODULES, providerClient, providerModule } from './modules.js';
import { ID_FIELDS, KINDS, PROVIDERS, PROVIDER_LABEL, PROVIDER_SPECS, TARGET_KINDS } from './providers.js';

let server: Loopback | undefined;
afterEach(async () => server?.close());

describe('the provider registry', () => {
  it('lists one module per provider declaration, in the same order, with its label and error table', () => {
    expect(PROVIDER_MODULES.map((m) => m.id)).toEqual(['mono-breb', 'alibaba-cams', 'epap']);
    expect(PROVIDERS).toEqual(PROVIDER_SPECS.map((p) => p.id));
    expect(PROVIDER_LABEL).toEqual({ 'mono-breb': 'Mono Bre-B', 'alibaba-cams': 'Alibaba Cloud CAMS', epap: 'epap' });
    for (const m of PROVIDER_MODULES) expect(m.errors.provider).toBe(m.id);
  });

  it('derives the kinds and ID fields from the modules, each belonging to the provider that declares it', () => {
    expect(TARGET_KINDS).toEqual(['mono-qr', 'mono-collection', 'cams-qr', 'epap-receipt']);
    for (const m of PROVIDER_MODULES) {
      for (const k of m.kinds) expect(k.provider).toBe(m.id);
      for (const f of Object.values(m.idFields)) expect(f.provider).toBe(m.id);
    }
    expect(Object.keys(ID_FIELDS)).toEqual(PROVIDER_MODULES.flatMap((m) => Object.keys(m.idFields)));
    expect(
      KINDS.flatMap((k) => Object.values(k.fields)).every((f) =>
        Object.values(ID_FIELDS).some((i) => i.pattern === f.pattern),
      ),
    ).toBe(true);
  });

  it('declares which credentials are secret and the variable a worker reads each from', () => {
    const secrets = PROVIDER_MODULES.map((m) => m.credentials.fields.filter((f) => f.secret).map((f) => f.env));
    expect(secrets).toEqual([
      ['TEARDOWN_MONO_CLIENT_SECRET'],
      ['TEARDOWN_CAMS_ACCESS_KEY_SECRET', 'TEARDOWN_CAMS_SECURITY_TOKEN'],
      ['TEARDOWN_EPAP_CLIENT_SECRET'],
    ]);
  });
});

describe('a provider client made by its module', () => {
  it('deletes a target through the client method its kind names, over HTTP', async () => {
    server = await startLoopback((req) =>
      req.path.endsWith('/login')
        ? { status: 200, body: { access_token: 't', expires_in: 3599, token_type: 'Bearer' } }
        : { status: 200, body: { message: 'Successfully deleted receipt.', status: 'OK', status_code: 200 } },
    );
    const client = providerClient('epap', {
      clientId: 'id',
      clientSecret: 'secret',
      baseUrl: `${server.url}/receipts`,
      sleep: instantSleep,
    });
    const result = await client.deleteTarget(
      { kind: 'epap-receipt', epapId: 'doc-1', chainId: 'c1', appUserId: 'u1' },
      {},
    );
    expect(result).toMatchObject({ provider: 'epap', operation: 'deleteReceipt', outcome: 'deleted' });
    expect(server.received[1]!.headers).toMatchObject({ epap_id: 'doc-1', chain_id: 'c1', app_user_id: 'u1' });
    expect(server.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /receipts/v1/login',
      'POST /receipts/v2/delete',
    ]);
  });

  it('validates the target in core before any request', async () => {
    server = await startLoopback(() => ({ status: 500 }));
    const client = providerClient('epap', { clientId: 'id', clientSecret: 'secret', baseUrl: server.url });
    const deleting = client.deleteTarget({ kind: 'epap-receipt', epapId: 'a/b', chainId: 'c1', appUserId: 'u1' }, {});
    await expect(deleting).rejects.toBeInstanceOf(TeardownValidationError);
    await expect(deleting).rejects.toMatchObject({ field: 'epapId' });
    expect(server.received).toEqual([]);
  });

  it('refuses an operation that deletes none of its kinds (a read is not a delete)', () => {
    const mono = providerModule('mono-breb');
    const client = mono.createClient({ clientId: 'id', clientSecret: 'secret', baseUrl: 'http://127.0.0.1:9' });
    expect(() => mono.deleteTarget(client, 'getCollection', { collectionId: 'x' }, {})).toThrow(
      'Mono Bre-B has no target kind deleted by getCollection',
    );
  });
});
