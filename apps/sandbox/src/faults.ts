// Fault injection: per provider and operation, by probability (seeded) or on a fixed schedule of call numbers.
import { PROVIDERS, type Provider } from '@teardown/core';
import type { FaultKind } from './http.js';

export interface FaultRule {
  provider: Provider;
  /** A core operation name (`cancelQrCode`, `deletePhoneMessageQrdl`, `deleteReceipt`, `token`, `login`, …) or `*`. */
  operation: string;
  fault: FaultKind;
  /** Chance per call, 0–1. */
  probability?: number;
  /** 1-based call numbers of this provider operation that get the fault. */
  schedule?: number[];
  /** For `latency`. Default 100. */
  latencyMs?: number;
}

export interface FaultDecision {
  latencyMs: number;
  fault?: Exclude<FaultKind, 'latency'>;
}

const KINDS: FaultKind[] = [
  'status500',
  'status503',
  'status429',
  'limitControl',
  'longMessage',
  'latency',
  'lostResponse',
];

/** Throws on a rule a test author got wrong, naming the field. */
export function validateFaultRules(rules: unknown): FaultRule[] {
  if (!Array.isArray(rules)) throw new TypeError('faults must be a list of rules');
  return rules.map((rule: Partial<FaultRule>, i) => {
    if (!PROVIDERS.includes(rule.provider!))
      throw new TypeError(`faults[${i}].provider must be one of ${PROVIDERS.join(', ')}`);
    if (typeof rule.operation !== 'string' || rule.operation === '')
      throw new TypeError(`faults[${i}].operation must be an operation name or *`);
    if (!KINDS.includes(rule.fault!)) throw new TypeError(`faults[${i}].fault must be one of ${KINDS.join(', ')}`);
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1))
      throw new TypeError(`faults[${i}].probability must be between 0 and 1`);
    if (
      rule.schedule !== undefined &&
      !(Array.isArray(rule.schedule) && rule.schedule.every((n) => Number.isInteger(n) && n > 0))
    ) {
      throw new TypeError(`faults[${i}].schedule must be a list of positive call numbers`);
    }
    return rule as FaultRule;
  });
}

export function decideFault(
  rules: readonly FaultRule[],
  provider: Provider,
  operation: string,
  callNumber: number,
  random: () => number,
): FaultDecision {
  const decision: FaultDecision = { latencyMs: 0 };
  for (const rule of rules) {
    if (rule.provider !== provider || (rule.operation !== '*' && rule.operation !== operation)) continue;
    const hit = rule.schedule ? rule.schedule.includes(callNumber) : random() < (rule.probability ?? 0);
    if (!hit) continue;
    if (rule.fault === 'latency') decision.latencyMs += rule.latencyMs ?? 100;
    else decision.fault ??= rule.fault;
  }
  return decision;
}
