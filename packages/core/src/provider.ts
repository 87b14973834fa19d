// What a provider is made of. Each provider is one folder under providers/ whose `provider.ts` declares it as data (a
// ProviderSpec: pure, safe in workflow code) and whose `index.ts` adds what needs I/O (its client and error table):
// the ProviderModule. The registry (providers.ts, modules.ts) lists them; everything else loops over that list.
import type { DeleteOptions, DeleteResult } from './http/provider-http.js';
import type { ErrorTable } from './error-table.js';
import type { KindSpec } from './kind.js';
import type { Provider } from './providers.js';
import type { IdField } from './validation.js';

/** One credential a client is made from: its option name, whether it is a secret, and the variable a worker reads. */
export interface CredentialField {
  /** The client option it fills, e.g. `clientSecret`. */
  option: string;
  /** Secrets never appear in logs, errors or outputs (n8n marks them as passwords). */
  secret: boolean;
  /** Required: without it the worker leaves the provider unconfigured. */
  required: boolean;
  /** The environment variable a worker reads it from, e.g. `TEARDOWN_MONO_CLIENT_SECRET`. */
  env: string;
  /** When set, only these values are taken from the environment; any other leaves the option to the client's default. */
  values?: readonly string[];
}

/** A provider as data. */
export interface ProviderSpec {
  id: Provider;
  /** How people call it, in messages and progress displays. */
  label: string;
  /** Its ID fields and their rules, by name (core's `ID_FIELDS` is every provider's, together). */
  idFields: Readonly<Record<string, IdField>>;
  /** What can be deleted there. */
  kinds: readonly KindSpec[];
  /**
   * What its client is made from. `configKey` names the provider in a worker's configuration (`ActivitiesConfig`); it
   * is older than this registry and kept so existing configurations still work.
   */
  credentials: { configKey: string; fields: readonly CredentialField[] };
}

/** A provider with its I/O: how its client is made and how a target of one of its kinds is deleted. */
export interface ProviderModule<Options = never, Client = unknown> extends ProviderSpec {
  /** Makes its client from credentials (the options named by `credentials.fields`, and any ClientOptions). */
  createClient: (options: Options) => Client;
  /** Deletes a target's fields (without `kind`) with the client method its kind names (`operation`). */
  deleteTarget(client: Client, operation: string, fields: object, options: DeleteOptions): Promise<DeleteResult>;
  /** Its documented answers and what each means (see error-table.ts). */
  errors: ErrorTable;
}

/** Keeps the literal types of a provider declaration, so targets, kinds and clients stay typed by it. */
export function defineProvider<const S extends ProviderSpec>(spec: S): S {
  return spec;
}

// `never`: any client method taking its target's fields fits; the registry pairs a kind with its fields.
type DeleteMethod = (fields: never, options: DeleteOptions) => Promise<DeleteResult>;

/**
 * A provider declaration with its client and error table. The client must have a delete method named by each kind's
 * `operation` (one name for the client method, the activity and the workflow): a kind without one does not compile.
 */
export function defineModule<
  const S extends ProviderSpec,
  Options,
  Client extends Record<S['kinds'][number]['operation'], DeleteMethod>,
>(spec: S, io: { createClient(options: Options): Client; errors: ErrorTable }): S & ProviderModule<Options, Client> {
  return {
    ...spec,
    createClient: (options) => io.createClient(options),
    errors: io.errors,
    deleteTarget(client, operation, fields, options) {
      const methods: Record<string, DeleteMethod> = client;
      const method = spec.kinds.some((k) => k.operation === operation) ? methods[operation] : undefined;
      if (!method) throw new TypeError(`${spec.label} has no target kind deleted by ${operation}`);
      return method.call(client, fields as never, options);
    },
  };
}
