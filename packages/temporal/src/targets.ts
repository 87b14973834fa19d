// A target as data and as text, for every kind in the registry (kinds/): validated once at the edge, then passed along
// unchanged. Text form: `<kind>:<path>[?<query>]`, e.g. `mono-qr:<collectionId>/<qrCodeId>`. Pure: no Temporal
// imports, so workflows, clients and the CLI share one parser.
import { TeardownValidationError, idProblem } from '@teardown/core/pure';
import { KINDS, TARGET_KINDS, kindSpec, specOf, type KindSpec, type Target } from './kinds/index.js';

export * from './kinds/index.js';

const invalid = (spec: KindSpec | undefined, field: string, rule: string) =>
  new TeardownValidationError(spec?.provider, spec?.operation ?? 'parseTarget', field, rule);

const fieldsOf = (target: Target): Record<string, string | undefined> => target;

/** Checks a target given as data (e.g. from JSON), throwing a validation error that names the field and the rule. */
export function validateTarget(value: unknown): Target {
  if (typeof value !== 'object' || value === null)
    throw invalid(undefined, 'target', 'A target must be an object with a kind.');
  const given = value as Record<string, unknown>;
  const spec = kindSpec(given.kind);
  if (!spec) throw invalid(undefined, 'kind', `A target's kind must be one of ${TARGET_KINDS.join(', ')}.`);
  const target: Record<string, string> = { kind: spec.kind };
  for (const [field, rule] of Object.entries(spec.fields)) {
    const v = given[field];
    // Absent, null and '' all mean "not given" for an optional field.
    if (rule.optional && (v === undefined || v === null || v === '')) continue;
    const problem = idProblem(rule, v);
    if (problem !== undefined) throw invalid(spec, field, problem);
    target[field] = v as string;
  }
  return target as Target;
}

/** How a kind's text form looks, e.g. `cams-qr:<phoneNumber>/<qrdlCode>[?custSpaceId=<custSpaceId>]`. */
export function textShape(spec: KindSpec): string {
  const params = Object.entries(spec.query ?? {});
  const param = ([name, field]: [string, string]) => `${name}=<${field}>`;
  const required = params.filter(([, f]) => !spec.fields[f]?.optional).map(param);
  const optional = params.filter(([, f]) => spec.fields[f]?.optional).map(param);
  const query =
    (required.length > 0 ? `?${required.join('&')}` : '') +
    optional.map((p, i) => `[${required.length === 0 && i === 0 ? '?' : '&'}${p}]`).join('');
  return `${spec.kind}:${spec.path.map((f) => `<${f}>`).join('/')}${query}`;
}

/**
 * Percent-escapes are decoded once (`%25` is a literal `%`); one that does not decode to UTF-8 is refused, naming the
 * field, instead of escaping as a URIError. `+` stays `+`: this is not a form encoding.
 */
function decoded(spec: KindSpec, field: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid(
      spec,
      field,
      `The ${field} holds a percent-escape that is not valid UTF-8 (write a literal % as %25).`,
    );
  }
}

/** `a=1&b=2` as a map, undecoded (URLSearchParams would read `+` as a space). */
function queryParams(query: string): Map<string, string> {
  return new Map(
    query
      .split('&')
      .filter((pair) => pair !== '')
      .map((pair) => {
        const eq = pair.indexOf('=');
        return eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
      }),
  );
}

/** Parses the text form of a target. */
export function parseTarget(text: string): Target {
  const colon = text.indexOf(':');
  const spec = colon < 0 ? undefined : kindSpec(text.slice(0, colon));
  if (!spec)
    throw invalid(undefined, 'kind', `A target starts with one of ${TARGET_KINDS.map((k) => `${k}:`).join(', ')}.`);
  const rest = text.slice(colon + 1);
  const q = rest.indexOf('?');
  const segments = (q < 0 ? rest : rest.slice(0, q)).split('/');
  const params = queryParams(q < 0 ? '' : rest.slice(q + 1));
  if (segments.length !== spec.path.length)
    throw invalid(spec, 'target', `A ${spec.kind} target looks like ${textShape(spec)}.`);
  const fromParam = ([name, field]: [string, string]) => {
    const value = params.get(name);
    return [field, value === undefined ? undefined : decoded(spec, field, value)];
  };
  return validateTarget({
    kind: spec.kind,
    ...Object.fromEntries(spec.path.map((field, i) => [field, decoded(spec, field, segments[i]!)])),
    ...Object.fromEntries(Object.entries(spec.query ?? {}).map(fromParam)),
  });
}

/** The text form `parseTarget` reads back: IDs hold no separators (validation refuses them), only `%` needs escaping. */
export function formatTarget(target: Target): string {
  const spec = specOf(target.kind);
  const fields = fieldsOf(target);
  const e = (field: string) => fields[field]!.replaceAll('%', '%25');
  const query = Object.entries(spec.query ?? {})
    .filter(([, field]) => fields[field])
    .map(([name, field]) => `${name}=${e(field)}`);
  return `${spec.kind}:${spec.path.map(e).join('/')}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

/** One workflow per target: a second start for the same target attaches to the running one instead of deleting twice. */
export function targetWorkflowId(target: Target): string {
  const spec = specOf(target.kind);
  const fields = fieldsOf(target);
  return `teardown/${spec.kind}/${spec.identity.map((f) => fields[f] ?? '-').join('/')}`;
}

/**
 * The target a record names by the core operation that deletes it and its fields (how the sandbox lists what it holds),
 * validated like any other target.
 */
export function targetOfOperation(operation: string, fields: Readonly<Record<string, string>>): Target {
  return validateTarget({ kind: KINDS.find((k) => k.operation === operation)?.kind, ...fields });
}

/** Every kind's example target (its fields' examples from core), in the registry's order: help texts and docs show these. */
export const EXAMPLE_TARGETS: readonly Target[] = KINDS.map((k: KindSpec) =>
  validateTarget({
    kind: k.kind,
    ...Object.fromEntries(Object.entries(k.fields).flatMap(([f, rule]) => (rule.optional ? [] : [[f, rule.example]]))),
  }),
);
