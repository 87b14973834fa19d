// What a target kind is made of. Each provider's module (providers/<provider>/provider.ts) declares its kinds; the
// registry (providers.ts) lists them, and everything else — parsing, workflow IDs, the workflows, the worker, the CLI —
// loops over that list. Pure data and ID rules: safe in workflow code.
import type { IdField } from './validation.js';
import type { Provider } from './providers.js';

/** One field of a target: core's ID rule for it (label, pattern, sentence, example), and whether it may be left out. */
export type FieldRule = IdField & { optional?: true };

export interface KindSpec {
  kind: string;
  provider: Provider;
  /**
   * The client method, the Temporal activity and the single-target workflow that delete it: one name for all three.
   * The provider module's `deleteTarget` dispatches on it.
   */
  operation: string;
  /** What deleting one does, as the help text says it. */
  summary: string;
  /** The target's fields (as data, CSV columns and activity input), in order, with their validation. */
  fields: Readonly<Record<string, FieldRule>>;
  /** Text form `<kind>:<path fields, "/"-separated>?<param>=<field>&…`: the fields of the path, in order… */
  path: readonly string[];
  /** …and the query parameters, by name (optional fields are left out when absent). */
  query?: Readonly<Record<string, string>>;
  /** The fields that name one target at the provider: its workflow ID is `teardown/<kind>/<these, "/"-separated>`. */
  identity: readonly string[];
  /**
   * How to show that a target exists before its first delete, so that "not found" after an attempt of ours that may have
   * applied is evidence the delete was ours (core's `existedBefore`; without it such a target is `unconfirmed`). One
   * call of the activity `operation` reads a group of targets (those with the same `group` fields), given their `field`
   * values as `values`, and answers the ones the provider has. Unset: epap has no read; Mono needs none (it keeps what
   * it deletes, with the time).
   */
  existence?: { operation: string; group: readonly string[]; field: string };
}

/** A kind module's own spec: the same, with its literal kind, operation and field names. */
export interface TypedKindSpec<
  K extends string,
  O extends string,
  F extends Record<string, FieldRule>,
> extends KindSpec {
  kind: K;
  operation: O;
  fields: F;
  path: readonly (keyof F & string)[];
  query?: Readonly<Record<string, keyof F & string>>;
  identity: readonly (keyof F & string)[];
}

type Simplify<T> = { [P in keyof T]: T[P] } & {};

/** A target's fields as data: required fields are strings, optional ones may be left out. */
export type FieldsOf<F extends Record<string, FieldRule>> = Simplify<
  { [P in keyof F as F[P] extends { optional: true } ? never : P]: string } & {
    [P in keyof F as F[P] extends { optional: true } ? P : never]?: string;
  }
>;

/** The target a kind describes: `{ kind, …fields }`. */
export type TargetOfSpec<S> =
  S extends TypedKindSpec<infer K, string, infer F> ? Simplify<{ kind: K } & FieldsOf<F>> : never;

/** Keeps the literal types of a kind module (its kind, operation and fields), so targets and workflows are typed by it. */
export function defineKind<const K extends string, const O extends string, const F extends Record<string, FieldRule>>(
  spec: TypedKindSpec<K, O, F>,
): TypedKindSpec<K, O, F> {
  return spec;
}

/** A field that may be left out. */
export function optional(field: IdField): IdField & { optional: true } {
  return { ...field, optional: true };
}
