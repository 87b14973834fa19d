// Provider credentials from the environment (TEARDOWN_* variables), for workers: `teardown-worker`, `teardown worker`.
// Derived from each provider module's credential fields (core's `credentials`): a new provider needs no edit here.
import { PROVIDER_MODULES, type CredentialField } from '@teardown/core';
import type { ActivitiesConfig } from './activities.js';

type Env = NodeJS.ProcessEnv;

/** How a provider's worker credentials read in messages. */
export interface CredentialsHelp {
  /** The variables that configure it… */
  variables: string;
  /** …and those it may also read. */
  optional: string;
  fromEnv: (env: Env) => object | undefined;
}

/** `TEARDOWN_MONO_CLIENT_ID`, `TEARDOWN_MONO_CLIENT_SECRET` → `TEARDOWN_MONO_CLIENT_ID/SECRET`. */
function joined(names: readonly string[]): string {
  const [first = '', ...rest] = names;
  let common = first.slice(0, first.lastIndexOf('_') + 1);
  while (common !== '' && !rest.every((n) => n.startsWith(common)))
    common = common.slice(0, common.lastIndexOf('_', common.length - 2) + 1);
  return [first, ...rest.map((n) => n.slice(common.length))].join('/');
}

/** A provider's options from the environment, or undefined when a required variable is missing. */
function fromEnv(fields: readonly CredentialField[], env: Env): Record<string, string> | undefined {
  if (fields.some((f) => f.required && !env[f.env])) return undefined;
  return Object.fromEntries(
    fields.flatMap((f) => {
      const value = env[f.env];
      return value && (!f.values || f.values.includes(value)) ? [[f.option, value]] : [];
    }),
  );
}

function help(fields: readonly CredentialField[]): CredentialsHelp {
  const required = fields.filter((f) => f.required).map((f) => f.env);
  const prefix = required[0]?.slice(0, required[0].indexOf('_', 'TEARDOWN_'.length)) ?? '';
  return {
    variables: joined(required),
    optional: fields
      .filter((f) => !f.required)
      .map((f) => (f.env.startsWith(prefix) ? f.env.slice(prefix.length) : f.env))
      .join(', '),
    fromEnv: (env) => fromEnv(fields, env),
  };
}

/** Where each provider's credentials come from, keyed like `ActivitiesConfig`. */
export const CREDENTIALS: Readonly<Record<keyof ActivitiesConfig, CredentialsHelp>> = Object.fromEntries(
  PROVIDER_MODULES.map((m) => [m.credentials.configKey, help(m.credentials.fields)]),
) as Record<keyof ActivitiesConfig, CredentialsHelp>;

/** Provider credentials from the environment; a provider without credentials is simply not configured. */
export function providersFromEnv(env: Env = process.env): ActivitiesConfig {
  return Object.fromEntries(
    Object.entries(CREDENTIALS).flatMap(([key, c]) => {
      const config = c.fromEnv(env);
      return config ? [[key, config]] : [];
    }),
  );
}

/** What to set for at least one provider, for messages: `A, B or C`. */
export const CREDENTIALS_HINT = Object.values(CREDENTIALS)
  .map((c) => c.variables)
  .join(', ')
  .replace(/, ([^,]*)$/, ' or $1');
