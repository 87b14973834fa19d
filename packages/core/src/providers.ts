// The providers Teardown deletes at, as one list of provider declarations (providers/<provider>/provider.ts), and what
// is derived from it: the provider IDs and labels, every ID field, and the target kinds. Pure: safe in workflow code.
// Adding a provider: its folder, and one entry here in PROVIDER_SPECS and `Provider` (modules.ts lists its client).
import type { KindSpec, TargetOfSpec } from './kind.js';
import { alibabaCamsSpec, type ALIBABA_CAMS } from './providers/alibaba-cams/provider.js';
import { epapSpec, type EPAP } from './providers/epap/provider.js';
import { monoBrebSpec, type MONO_BREB } from './providers/mono-breb/provider.js';

/** A provider's ID. Named from each declaration's ID constant, so the declarations themselves can use the type. */
export type Provider = typeof MONO_BREB | typeof ALIBABA_CAMS | typeof EPAP;

export const PROVIDER_SPECS = [monoBrebSpec, alibabaCamsSpec, epapSpec] as const;
type Spec = (typeof PROVIDER_SPECS)[number];

/** The provider IDs, in the registry's order: a table keyed by provider (`Record<Provider, …>`) that forgets one does not compile. */
export const PROVIDERS: readonly Provider[] = PROVIDER_SPECS.map((p) => p.id);

/** How people call each provider, in messages and progress displays. */
export const PROVIDER_LABEL = Object.fromEntries(PROVIDER_SPECS.map((p) => [p.id, p.label])) as Record<
  Provider,
  string
>;

type Union<T> = (T extends unknown ? (x: T) => void : never) extends (x: infer I) => void ? I : never;

/** Every provider's ID fields, by name (`monoCollectionId`, `camsPhoneNumber`, …). */
export const ID_FIELDS = Object.assign({}, ...PROVIDER_SPECS.map((p) => p.idFields)) as Union<Spec['idFields']>;
export type IdFieldName = keyof typeof ID_FIELDS;

/** Every target kind of every provider, in the registry's order. */
export const KINDS = PROVIDER_SPECS.flatMap((p): readonly Spec['kinds'][number][] => p.kinds);

type Kind = (typeof KINDS)[number];
export type Target = TargetOfSpec<Kind>;
export type TargetKind = Target['kind'];
export type TargetOf<K extends TargetKind> = Extract<Target, { kind: K }>;
/** The operation (client method, activity and workflow) that deletes a target of kind K. */
export type OperationOf<K extends TargetKind> = Extract<Kind, { kind: K }>['operation'];
export type Operation = Kind['operation'];

export const TARGET_KINDS: readonly TargetKind[] = KINDS.map((k) => k.kind);

const BY_KIND = new Map<string, KindSpec>(KINDS.map((k) => [k.kind, k]));

/** The declaration of a target kind, or undefined for a string that names none. */
export function kindSpec(kind: unknown): KindSpec | undefined {
  return typeof kind === 'string' ? BY_KIND.get(kind) : undefined;
}

/** The declaration of a known kind. */
export function specOf<K extends TargetKind>(kind: K): KindSpec & { kind: K; operation: OperationOf<K> } {
  return BY_KIND.get(kind) as KindSpec & { kind: K; operation: OperationOf<K> };
}

export function providerOf(target: Target): Provider {
  return specOf(target.kind).provider;
}
