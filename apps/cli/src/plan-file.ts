// The plan file: a header line, one line per target (its fields, `plan`, `reason`, `observed`), and a footer that pins
// them with a SHA-256 digest of every line before it. `apply` refuses a file whose digest, line count or age is wrong,
// so what it deletes is exactly what was reviewed. Pure, but for the hash.
import { createHash, type Hash } from 'node:crypto';
import { PLAN_CLASSES, printableJson, type PlanClass } from '@teardown/core';
import { validateTarget, type PlanItem, type Target } from '@teardown/temporal';

export const PLAN_FORMAT = 1;

export interface PlanHeader {
  teardownPlan: typeof PLAN_FORMAT;
  createdAt: string;
  source: string;
}

export interface PlanFooter {
  teardownPlanEnd: true;
  lines: number;
  digest: string;
}

/** Writes a plan's lines and digests them as they go: `header()`, `item()` per target, then `footer()`. */
export class PlanWriter {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;

  constructor(private readonly write: (text: string) => void) {}

  header(header: Omit<PlanHeader, 'teardownPlan'>): void {
    this.line(printableJson({ teardownPlan: PLAN_FORMAT, ...header }));
  }

  item({ target, plan, reason, observed }: PlanItem): void {
    this.count++;
    // Printable: a plan is read in a terminal, and `observed` holds provider text (bidi and C1 characters escaped).
    this.line(printableJson({ ...target, plan, reason, observed }));
  }

  footer(): PlanFooter {
    const footer: PlanFooter = {
      teardownPlanEnd: true,
      lines: this.count,
      digest: `sha256:${this.hash.digest('hex')}`,
    };
    this.write(`${JSON.stringify(footer)}\n`);
    return footer;
  }

  private line(text: string): void {
    this.hash.update(`${text}\n`);
    this.write(`${text}\n`);
  }
}

export interface ReadPlan {
  header: PlanHeader;
  footer: PlanFooter;
  items: { target: Target; plan: PlanClass }[];
}

/** Why a plan file cannot be applied, in one line; `apply` exits 2 with it. */
export class PlanRefused extends Error {}

/** Checks a plan file's text: header first, footer last, digest and line count, each line a valid target with a class. */
export function readPlan(text: string, name: string): ReadPlan {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const refuse = (why: string) => new PlanRefused(`${name} ${why}; run teardown plan again.`);
  const header = parse(lines[0]) as Partial<PlanHeader> | undefined;
  if (header?.teardownPlan !== PLAN_FORMAT || typeof header.createdAt !== 'string')
    throw refuse('is not a Teardown plan (its first line is not a plan header)');
  const footer = parse(lines.at(-1)) as Partial<PlanFooter> | undefined;
  if (footer?.teardownPlanEnd !== true) throw refuse('has no footer line: it was truncated');
  const body = lines.slice(0, -1);
  const digest = `sha256:${createHash('sha256')
    .update(body.map((l) => `${l}\n`).join(''))
    .digest('hex')}`;
  if (footer.lines !== body.length - 1)
    throw refuse(`has ${body.length - 1} target lines, its footer says ${footer.lines}`);
  if (footer.digest !== digest) throw refuse('was edited after it was made (its digest does not match its lines)');
  const items = body.slice(1).map((l, i) => {
    const { plan, reason: _reason, observed: _observed, ...fields } = parse(l) as Record<string, unknown>;
    if (!PLAN_CLASSES.includes(plan as PlanClass)) throw refuse(`line ${i + 2} has no plan class`);
    return { target: validateTarget(fields), plan: plan as PlanClass };
  });
  return { header: header as PlanHeader, footer: footer as PlanFooter, items };
}

/** How old a plan made at `createdAt` is at `now`, refused past `maxAgeMs`. */
export function checkAge(plan: ReadPlan, name: string, maxAgeMs: number, now: number): void {
  const age = now - Date.parse(plan.header.createdAt);
  if (!(age <= maxAgeMs))
    throw new PlanRefused(
      `${name} was made ${plan.header.createdAt}, more than --max-age ${formatDuration(maxAgeMs)} ago: what it read may have changed; run teardown plan again.`,
    );
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `24h`, `7d` → milliseconds; anything else is undefined. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : undefined;
}

function formatDuration(ms: number): string {
  const unit = (['d', 'h', 'm'] as const).find((u) => ms > 0 && ms % UNIT_MS[u]! === 0) ?? 's';
  return `${Math.round(ms / UNIT_MS[unit]!)}${unit}`;
}

function parse(line: string | undefined): unknown {
  try {
    return line === undefined ? undefined : JSON.parse(line);
  } catch {
    return undefined;
  }
}
