// The provider modules (declaration, client, error table), in the registry's order: what engines derive their
// activities and credentials from. Not in `@teardown/core/pure`: clients do I/O.
import type { DeleteOptions, DeleteResult } from './http/provider-http.js';
import { PROVIDERS, specOf, type Provider, type Target } from './providers.js';
import { alibabaCams } from './providers/alibaba-cams/index.js';
import { epap } from './providers/epap/index.js';
import { monoBreb } from './providers/mono-breb/index.js';

export const PROVIDER_MODULES = [monoBreb, alibabaCams, epap] as const;
export type AnyProviderModule = (typeof PROVIDER_MODULES)[number];
/** The options a provider's client is made from (its credentials and ClientOptions). */
export type ClientOptionsOf<P extends Provider> = Parameters<Extract<AnyProviderModule, { id: P }>['createClient']>[0];

// The module list and the declaration list must name the same providers, in the same order.
PROVIDER_MODULES.forEach((m, i) => {
  if (m.id !== PROVIDERS[i]) throw new Error(`PROVIDER_MODULES[${i}] is ${m.id}; PROVIDER_SPECS has ${PROVIDERS[i]}`);
});

const BY_ID = new Map<string, AnyProviderModule>(PROVIDER_MODULES.map((m) => [m.id, m]));

export function providerModule<P extends Provider>(provider: P): Extract<AnyProviderModule, { id: P }> {
  return BY_ID.get(provider) as Extract<AnyProviderModule, { id: P }>;
}

/** A provider's client, made once, with the module that made it. */
export interface ProviderClient {
  provider: Provider;
  deleteTarget(target: Target, options: DeleteOptions): Promise<DeleteResult>;
}

/** Makes a provider's client from its options, ready to delete any target of its kinds. */
export function providerClient<P extends Provider>(provider: P, options: ClientOptionsOf<P>): ProviderClient {
  const module: AnyProviderModule = providerModule(provider);
  // `options` is this module's own type (ClientOptionsOf<P>); TypeScript cannot follow P through the union.
  const client = (module.createClient as (o: ClientOptionsOf<P>) => unknown)(options);
  return {
    provider,
    deleteTarget(target, deleteOptions) {
      const { kind, ...fields } = target;
      return (module.deleteTarget as (c: unknown, op: string, f: object, o: DeleteOptions) => Promise<DeleteResult>)(
        client,
        specOf(kind).operation,
        fields,
        deleteOptions,
      );
    },
  };
}
