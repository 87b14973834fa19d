import { describe, expect, it } from 'vitest';
import { CREDENTIALS, CREDENTIALS_HINT, providersFromEnv } from './credentials.js';

describe("a worker's provider credentials, from each provider module's credential fields", () => {
  it('reads every variable a provider declares, keyed as ActivitiesConfig', () => {
    expect(
      providersFromEnv({
        TEARDOWN_CAMS_ACCESS_KEY_ID: 'ak',
        TEARDOWN_CAMS_ACCESS_KEY_SECRET: 'sk',
        TEARDOWN_CAMS_SECURITY_TOKEN: 'sts',
        TEARDOWN_CAMS_ENDPOINT: 'http://127.0.0.1:1',
        TEARDOWN_EPAP_CLIENT_ID: 'e',
        TEARDOWN_EPAP_CLIENT_SECRET: 'es',
        TEARDOWN_EPAP_CHAIN_ID: 'chain-1',
      }),
    ).toEqual({
      cams: { accessKeyId: 'ak', accessKeySecret: 'sk', securityToken: 'sts', endpoint: 'http://127.0.0.1:1' },
      epap: { clientId: 'e', clientSecret: 'es', chainId: 'chain-1' },
    });
  });

  it('leaves a provider unconfigured while one of its required variables is missing', () => {
    expect(providersFromEnv({ TEARDOWN_MONO_CLIENT_ID: 'id', TEARDOWN_EPAP_CLIENT_SECRET: 'es' })).toEqual({});
  });

  it("takes only the values an option allows, leaving any other to the client's default", () => {
    const env = { TEARDOWN_MONO_CLIENT_ID: 'id', TEARDOWN_MONO_CLIENT_SECRET: 's' };
    expect(providersFromEnv({ ...env, TEARDOWN_MONO_ENVIRONMENT: 'certification' }).mono).toEqual({
      clientId: 'id',
      clientSecret: 's',
      environment: 'certification',
    });
    expect(providersFromEnv({ ...env, TEARDOWN_MONO_ENVIRONMENT: 'production' }).mono).toEqual({
      clientId: 'id',
      clientSecret: 's',
    });
  });

  it('names the variables in messages as before', () => {
    expect(Object.values(CREDENTIALS).map((c) => `${c.variables} (+ ${c.optional})`)).toEqual([
      'TEARDOWN_MONO_CLIENT_ID/SECRET (+ _BASE_URL, _ENVIRONMENT)',
      'TEARDOWN_CAMS_ACCESS_KEY_ID/SECRET (+ _SECURITY_TOKEN, _ENDPOINT)',
      'TEARDOWN_EPAP_CLIENT_ID/SECRET (+ _CHAIN_ID, _BASE_URL)',
    ]);
    expect(CREDENTIALS_HINT).toBe(
      'TEARDOWN_MONO_CLIENT_ID/SECRET, TEARDOWN_CAMS_ACCESS_KEY_ID/SECRET or TEARDOWN_EPAP_CLIENT_ID/SECRET',
    );
  });
});
