// The sandbox's fixed credentials, and where each provider answers once the server has a URL.
import { PROVIDER_MODULES, type Provider } from '@teardown/core';
import type { Simulator } from './http.js';

export interface SandboxCredentials {
  mono: {
    baseUrl: string;
    clientId: string;
    clientSecret: string;
    readOnlyClientId: string;
    readOnlyClientSecret: string;
    webhookSecret: string;
  };
  cams: {
    endpoint: string;
    accessKeyId: string;
    accessKeySecret: string;
    phoneNumber: string;
    deniedAccessKeyId: string;
    deniedAccessKeySecret: string;
    otherAccessKeyId: string;
    otherAccessKeySecret: string;
  };
  epap: { baseUrl: string; clientId: string; clientSecret: string; chainId: string };
}

export const SECRETS = {
  mono: {
    clientId: 'sandbox-mono-client',
    clientSecret: 'sandbox-mono-secret',
    readOnlyClientId: 'sandbox-mono-readonly',
    readOnlyClientSecret: 'sandbox-mono-readonly-secret',
    webhookSecret: 'sandbox-mono-webhook-secret',
  },
  cams: {
    accessKeyId: 'LTAIsandboxKey0001',
    accessKeySecret: 'sandbox-cams-secret',
    phoneNumber: '8613800000000',
    deniedAccessKeyId: 'LTAIsandboxDenied01',
    deniedAccessKeySecret: 'sandbox-cams-denied-secret',
    otherAccessKeyId: 'LTAIsandboxOther001',
    otherAccessKeySecret: 'sandbox-cams-other-secret',
  },
  epap: { clientId: 'sandbox-epap-client', clientSecret: 'sandbox-epap-secret', chainId: 'sandbox-chain' },
};

/**
 * Each provider's base URL and credentials, ready for @teardown/core's clients: keyed like `ActivitiesConfig` (each
 * module's `credentials.configKey`), the URL under the option its simulator names.
 */
export function credentialsAt(url: string, simulators: Record<Provider, Simulator<never>>): SandboxCredentials {
  const secrets: Record<string, object> = SECRETS;
  return Object.fromEntries(
    PROVIDER_MODULES.map(({ id, credentials: { configKey } }) => {
      const { prefix, urlOption } = simulators[id];
      return [configKey, { [urlOption]: `${url}${prefix}`, ...secrets[configKey] }];
    }),
    // Every module is listed (PROVIDER_MODULES), each under its configKey: SandboxCredentials's keys.
  ) as Record<keyof SandboxCredentials, Record<string, string>> as SandboxCredentials;
}
