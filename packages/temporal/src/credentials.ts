// Provider credentials from the environment (TEARDOWN_* variables), for workers: `teardown-worker`, `teardown worker`.
import type { ActivitiesConfig } from './activities.js';

type Env = NodeJS.ProcessEnv;

/**
 * Where each provider's credentials come from: the variables, as messages name them, and how they are read. Keyed like
 * `ActivitiesConfig`, so a provider added there does not compile until it is added here.
 */
export const CREDENTIALS: {
  [P in keyof ActivitiesConfig]-?: {
    /** The variables that configure it… */
    variables: string;
    /** …and those it may also read. */
    optional: string;
    fromEnv: (env: Env) => ActivitiesConfig[P] | undefined;
  };
} = {
  mono: {
    variables: 'TEARDOWN_MONO_CLIENT_ID/SECRET',
    optional: '_BASE_URL or _ENVIRONMENT',
    fromEnv: (env) =>
      env.TEARDOWN_MONO_CLIENT_ID && env.TEARDOWN_MONO_CLIENT_SECRET
        ? {
            clientId: env.TEARDOWN_MONO_CLIENT_ID,
            clientSecret: env.TEARDOWN_MONO_CLIENT_SECRET,
            ...(env.TEARDOWN_MONO_BASE_URL
              ? { baseUrl: env.TEARDOWN_MONO_BASE_URL }
              : { environment: env.TEARDOWN_MONO_ENVIRONMENT === 'certification' ? 'certification' : 'sandbox' }),
          }
        : undefined,
  },
  cams: {
    variables: 'TEARDOWN_CAMS_ACCESS_KEY_ID/SECRET',
    optional: '_SECURITY_TOKEN, _ENDPOINT',
    fromEnv: (env) =>
      env.TEARDOWN_CAMS_ACCESS_KEY_ID && env.TEARDOWN_CAMS_ACCESS_KEY_SECRET
        ? {
            accessKeyId: env.TEARDOWN_CAMS_ACCESS_KEY_ID,
            accessKeySecret: env.TEARDOWN_CAMS_ACCESS_KEY_SECRET,
            ...(env.TEARDOWN_CAMS_SECURITY_TOKEN && { securityToken: env.TEARDOWN_CAMS_SECURITY_TOKEN }),
            ...(env.TEARDOWN_CAMS_ENDPOINT && { endpoint: env.TEARDOWN_CAMS_ENDPOINT }),
          }
        : undefined,
  },
  epap: {
    variables: 'TEARDOWN_EPAP_CLIENT_ID/SECRET',
    optional: '_CHAIN_ID, _BASE_URL',
    fromEnv: (env) =>
      env.TEARDOWN_EPAP_CLIENT_ID && env.TEARDOWN_EPAP_CLIENT_SECRET
        ? {
            clientId: env.TEARDOWN_EPAP_CLIENT_ID,
            clientSecret: env.TEARDOWN_EPAP_CLIENT_SECRET,
            ...(env.TEARDOWN_EPAP_CHAIN_ID && { chainId: env.TEARDOWN_EPAP_CHAIN_ID }),
            ...(env.TEARDOWN_EPAP_BASE_URL && { baseUrl: env.TEARDOWN_EPAP_BASE_URL }),
          }
        : undefined,
  },
};

/** Provider credentials from the environment; a provider without credentials is simply not configured. */
export function providersFromEnv(env: Env = process.env): ActivitiesConfig {
  return Object.fromEntries(
    Object.entries(CREDENTIALS).flatMap(([key, { fromEnv }]) => {
      const config = fromEnv(env);
      return config ? [[key, config]] : [];
    }),
  );
}

/** What to set for at least one provider, for messages: `A, B or C`. */
export const CREDENTIALS_HINT = Object.values(CREDENTIALS)
  .map((c) => c.variables)
  .join(', ')
  .replace(/, ([^,]*)$/, ' or $1');
