import { describe, expect, it } from 'vitest';
import { interruptedExit, interruptedLine, shellWord } from './handover.js';

describe('what an interrupted `teardown batch` says', () => {
  const how = { signal: 'SIGINT' as const, cancelled: false, file: 'big.jsonl', batchId: 'b' };

  it('mid-hand-over: closed, how far it got, and the command that hands over the rest', () => {
    expect(interruptedLine(how, { handedOver: 12000, complete: false }, 100000)).toBe(
      'Interrupted (SIGINT): closed the hand-over of batch b at 12000 of 100000 targets; it finishes those. Hand over the rest with: teardown batch big.jsonl --resume b',
    );
  });

  it('with --cancel-on-interrupt: cancelled, and the command that finishes it', () => {
    expect(
      interruptedLine({ ...how, signal: 'SIGHUP', cancelled: true }, { handedOver: 500, complete: false }, 900),
    ).toBe(
      'Interrupted (SIGHUP): cancelled batch b with 500 of 900 targets handed over (deletes in flight finish, the rest are reported cancelled and never sent). Finish it with: teardown batch big.jsonl --resume b',
    );
  });

  it('once all is handed over: the batch keeps running, follow it with status', () => {
    expect(interruptedLine(how, { handedOver: 240, complete: true }, 240)).toBe(
      'Interrupted (SIGINT): batch b has all 240 targets and keeps running; follow it with: teardown status b',
    );
  });

  it('quotes a file name a shell would split or expand', () => {
    expect(shellWord('/tmp/a-b_c.jsonl')).toBe('/tmp/a-b_c.jsonl');
    expect(shellWord("my file's $HOME.csv")).toBe(`'my file'\\''s $HOME.csv'`);
  });

  it('exits 128 + the signal number, as shells do', () => {
    expect([interruptedExit('SIGINT'), interruptedExit('SIGTERM'), interruptedExit('SIGHUP')]).toEqual([130, 143, 129]);
  });
});
