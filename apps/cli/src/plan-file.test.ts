import { describe, expect, it } from 'vitest';
import { PlanRefused, PlanWriter, checkAge, parseDuration, readPlan } from './plan-file.js';

const QR = {
  kind: 'mono-qr',
  collectionId: 'bbcol_5tgliBmzjZ6mpQPRbQjfKj',
  qrCodeId: 'bbqr_5tgliBmzjZ6mpQPRbQjfKj',
} as const;
const COL = { kind: 'mono-collection', collectionId: 'bbcol_6tgliBmzjZ6mpQPRbQjfKj' } as const;

function planText(createdAt = '2026-12-05T10:00:00.000Z'): string {
  let text = '';
  const w = new PlanWriter((t) => (text += t));
  w.header({ createdAt, source: 'targets.jsonl' });
  w.item({ target: QR, plan: 'delete', reason: 'live', observed: { state: 'active' } });
  w.item({ target: COL, plan: 'blocked', reason: 'has payments', observed: { paidAmount: 5 } });
  w.footer();
  return text;
}

describe('a plan file is pinned by its digest', () => {
  it('reads back what was written: the targets and their classes', () => {
    const plan = readPlan(planText(), 'p.jsonl');
    expect(plan.items).toEqual([
      { target: QR, plan: 'delete' },
      { target: COL, plan: 'blocked' },
    ]);
    expect(plan.footer.lines).toBe(2);
  });

  it('refuses a changed class, a changed header time, a dropped line and a missing footer', () => {
    const text = planText();
    const refused = (t: string) => () => readPlan(t, 'p.jsonl');
    expect(refused(text.replace('"plan":"blocked"', '"plan":"delete"'))).toThrow(/was edited after it was made/);
    expect(refused(text.replace('10:00:00', '11:00:00'))).toThrow(/was edited after it was made/);
    const lines = text.trimEnd().split('\n');
    expect(refused([lines[0], lines[2], lines[3]].join('\n'))).toThrow(/has 1 target lines, its footer says 2/);
    expect(refused(lines.slice(0, -1).join('\n'))).toThrow(/truncated/);
    expect(refused('{"kind":"mono-qr"}\n')).toThrow(PlanRefused);
  });

  it('refuses a plan older than --max-age, naming when it was made', () => {
    const plan = readPlan(planText('2026-12-05T10:00:00.000Z'), 'p.jsonl');
    const at = Date.parse('2026-12-06T10:00:00.000Z');
    expect(() => checkAge(plan, 'p.jsonl', 24 * 3_600_000, at)).not.toThrow();
    expect(() => checkAge(plan, 'p.jsonl', 24 * 3_600_000, at + 1)).toThrow(
      'p.jsonl was made 2026-12-05T10:00:00.000Z, more than --max-age 1d ago',
    );
    expect(() => checkAge(plan, 'p.jsonl', 0, at)).toThrow('--max-age 0s');
  });

  it('escapes provider text a terminal would act on, and still reads it back', () => {
    let text = '';
    const w = new PlanWriter((t) => (text += t));
    w.header({ createdAt: '2026-12-05T10:00:00.000Z', source: 't.jsonl' });
    w.item({ target: QR, plan: 'unverified', reason: 'read failed', observed: { code: 'x\u202e\u009b\u001b[2J' } });
    w.footer();
    for (const c of ['\u202e', '\u009b', '\u001b']) expect(text).not.toContain(c);
    expect(readPlan(text, 'p.jsonl').items).toEqual([{ target: QR, plan: 'unverified' }]);
  });

  it('reads durations with a unit only', () => {
    expect([parseDuration('90s'), parseDuration('30m'), parseDuration('24h'), parseDuration('7d')]).toEqual([
      90_000, 1_800_000, 86_400_000, 604_800_000,
    ]);
    expect([parseDuration('24'), parseDuration('1w'), parseDuration('-1h')]).toEqual([undefined, undefined, undefined]);
  });
});
