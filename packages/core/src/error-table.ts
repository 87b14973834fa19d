// Provider answers as Teardown errors. Each provider declares what its answers mean as data (an `ErrorTable` in its
// `providers/<provider>/errors.ts`); `errorFromAnswer` reads any of them. A rule names a kind, never a class or a
// classification: the kind picks the class and the class fixes the classification, so the two cannot disagree.
import {
  TeardownAlreadyGoneError,
  TeardownAuthenticationError,
  TeardownConflictError,
  TeardownNetworkError,
  TeardownNotFoundError,
  TeardownPermissionError,
  TeardownRateLimitError,
  TeardownRequestError,
  TeardownServerError,
  TeardownTimeoutError,
  retryAfterMs,
  type ErrorClassification,
  type TeardownError,
  type TeardownErrorFields,
} from './errors.js';
import type { Provider } from './providers.js';

/** What went wrong, as a rule in a provider's table says it: one class per kind (`ERROR_CLASS`). */
export type ErrorKind =
  | 'request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'conflict'
  | 'already_done'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'timeout';

type KindClass = (new (fields: TeardownErrorFields) => TeardownError) & { classification: ErrorClassification };

/** The one mapping from kind to class; each class carries its classification (`TeardownError.classification`). */
export const ERROR_CLASS: Readonly<Record<ErrorKind, KindClass>> = {
  request: TeardownRequestError,
  authentication: TeardownAuthenticationError,
  permission: TeardownPermissionError,
  not_found: TeardownNotFoundError,
  conflict: TeardownConflictError,
  already_done: TeardownAlreadyGoneError,
  rate_limited: TeardownRateLimitError,
  server: TeardownServerError,
  network: TeardownNetworkError,
  timeout: TeardownTimeoutError,
};

/** The error of `kind`, its classification taken from its class. */
export function teardownError(kind: ErrorKind, fields: Omit<TeardownErrorFields, 'classification'>): TeardownError {
  const Class = ERROR_CLASS[kind];
  return new Class({ ...fields, classification: Class.classification });
}

/** One documented answer of a provider. */
export interface ErrorRule<Code extends string = string> {
  /** The provider's code; a trailing `*` matches every code that starts with what precedes it (`Throttling.*`). */
  code: Code;
  /** The documented status. Absent: the code means the same whatever the status (CAMS's vary between its pages). */
  status?: number;
  /** Only for this operation (epap's login refuses wrong credentials with a bare 403). */
  operation?: string;
  /** For providers that answer with messages instead of codes (epap): the message that carries this code. */
  message?: RegExp;
  kind: ErrorKind;
  hint?: string;
}

/** What a provider's undocumented answers mean, by status: a number, a class of statuses, or any status. */
export interface FallbackRule {
  status: number | '4xx' | '5xx' | 'any';
  kind: ErrorKind;
  hint?: string;
}

export interface ErrorTable<Code extends string = string> {
  provider: Provider;
  /** Every documented answer; the first that matches wins. */
  answers: readonly ErrorRule<Code>[];
  /** For any other answer; the first that matches wins, and the last must be `any`. */
  fallback: readonly [...FallbackRule[], FallbackRule & { status: 'any' }];
}

/** What a provider's reader found in a failed response. */
export interface ProviderAnswer {
  status: number;
  /** The provider's code; `http_<status>` when it gave none. */
  code?: string;
  message?: string;
  requestId?: string;
  /** Header names in lower case (`retry-after`, `x-acs-retry-after`). */
  headers: Record<string, string | undefined>;
}

/** Pure: the rule of `table` that explains an answer with `code` and `status` to `operation`. */
export function ruleFor(table: ErrorTable, operation: string, code: string, status: number): ErrorRule | FallbackRule {
  const documented = table.answers.find(
    (r) =>
      (r.status === undefined || r.status === status) &&
      (r.operation === undefined || r.operation === operation) &&
      codeMatches(r.code, code),
  );
  return documented ?? table.fallback.find((r) => statusMatches(r.status, status)) ?? table.fallback.at(-1)!;
}

/** Pure: the Teardown error a provider's failed answer represents, read through its table. */
export function errorFromAnswer(
  table: ErrorTable,
  operation: string,
  answer: ProviderAnswer,
  nowMs: number,
): TeardownError {
  const code = answer.code ?? `http_${answer.status}`;
  const rule = ruleFor(table, operation, code, answer.status);
  const wait = retryAfterMs(answer.headers, nowMs);
  return teardownError(rule.kind, {
    provider: table.provider,
    operation,
    status: answer.status,
    code,
    ...(answer.message !== undefined && { providerMessage: answer.message }),
    ...(answer.requestId !== undefined && { requestId: answer.requestId }),
    ...(rule.hint !== undefined && { hint: rule.hint }),
    ...(wait !== undefined && { retryAfterMs: wait }),
  });
}

function codeMatches(pattern: string, code: string): boolean {
  return pattern.endsWith('*') ? code.startsWith(pattern.slice(0, -1)) : pattern === code;
}

function statusMatches(rule: FallbackRule['status'], status: number): boolean {
  if (rule === 'any') return true;
  if (rule === '4xx') return status >= 400 && status < 500;
  if (rule === '5xx') return status >= 500 && status < 600;
  return rule === status;
}
