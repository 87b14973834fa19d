// The sandbox's fixed credentials, and where each provider answers once the server has a URL.
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

/** Each provider's base URL and credentials, ready for @teardown/core's clients (keyed like `ActivitiesConfig`). */
export function credentialsAt(url: string): SandboxCredentials {
  return {
    mono: { baseUrl: `${url}/mono`, ...SECRETS.mono },
    cams: { endpoint: url, ...SECRETS.cams },
    epap: { baseUrl: `${url}/epap`, ...SECRETS.epap },
  };
}
