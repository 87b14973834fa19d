/* eslint-disable no-control-regex -- these tests look for control characters */
import { describe, expect, it } from 'vitest';
import { printableLogger } from './logger.js';

describe("the worker's log", () => {
  it('shows provider text in the SDK\'s "Activity failed" warning as escapes: no title change, no screen clear, no forged line', () => {
    const lines: string[] = [];
    const logger = printableLogger('WARN', (text) => lines.push(text));
    const hostile = 'epap said \u001b]0;PWNED\u0007\u001b[2J\n2026-01-01 [INFO] all deleted';
    // What the SDK logs when an activity fails: the message, and the failure in its meta.
    logger.warn('Activity failed', { error: Object.assign(new Error(hostile), { name: 'ApplicationFailure' }) });
    logger.info('not shown at WARN');
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(line).toContain('epap said \\u001b]0;PWNED\\u0007\\u001b[2J');
    expect(line).toContain('[WARN] Activity failed');
    // The provider's line break is kept, but what follows it is indented: it cannot pass for an entry of its own.
    expect(line).toMatch(/\n {2,}2026-01-01 \[INFO\] all deleted/);
    expect(
      line!
        .split('\n')
        .slice(1)
        .every((l) => l === '' || l.startsWith('  ')),
    ).toBe(true);
  });
});
