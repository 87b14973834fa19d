// The environment a `teardown-worker` / `teardown worker` process reads its provider credentials from, for tests and
// benches that run the worker as a process against the sandbox.
import type { SandboxCredentials } from '@teardown/sandbox';

export function workerEnv(
  credentials: SandboxCredentials,
  providers: readonly ('mono' | 'cams' | 'epap')[],
): Record<string, string> {
  const { mono, cams, epap } = credentials;
  return {
    ...(providers.includes('mono') && {
      TEARDOWN_MONO_CLIENT_ID: mono.clientId,
      TEARDOWN_MONO_CLIENT_SECRET: mono.clientSecret,
      TEARDOWN_MONO_BASE_URL: mono.baseUrl,
    }),
    ...(providers.includes('cams') && {
      TEARDOWN_CAMS_ACCESS_KEY_ID: cams.accessKeyId,
      TEARDOWN_CAMS_ACCESS_KEY_SECRET: cams.accessKeySecret,
      TEARDOWN_CAMS_ENDPOINT: cams.endpoint,
    }),
    ...(providers.includes('epap') && {
      TEARDOWN_EPAP_CLIENT_ID: epap.clientId,
      TEARDOWN_EPAP_CLIENT_SECRET: epap.clientSecret,
      TEARDOWN_EPAP_CHAIN_ID: epap.chainId,
      TEARDOWN_EPAP_BASE_URL: epap.baseUrl,
    }),
  };
}
