/* eslint-disable no-control-regex -- these tests look for control characters */
import { describe, expect, it } from 'vitest';
import { camsError } from '@teardown/core';
import { CAMS_TASK_QUEUE, toApplicationFailure } from '@teardown/temporal';
import { printableLogger } from './logger.js';

/** The failure a CAMS activity throws when CAMS refuses a delete for its rate (System.LimitControl). */
function limitControlFailure() {
  const body = JSON.stringify({
    Code: 'System.LimitControl',
    Message: 'Request was denied due to flow control.',
    RequestId: 'req-1',
  });
  const error = camsError('deletePhoneMessageQrdl', { status: 400, headers: {}, body }, Date.now(), new Set());
  return toApplicationFailure(error);
}

/** What the SDK puts beside an activity's log lines (activityLogAttributes). */
const activityMeta = {
  attempt: 3,
  activityId: '7',
  activityType: 'deleteCamsQrCode',
  taskQueue: CAMS_TASK_QUEUE,
  workflowId: 'teardown/batch/demo',
};

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

  it('shows a throttled attempt Temporal retries as one line naming the provider, code, activity and attempt; the whole failure only at DEBUG', () => {
    const warn: string[] = [];
    printableLogger('WARN', (t) => warn.push(t)).warn('Activity failed', {
      ...activityMeta,
      error: limitControlFailure(),
    });
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatch(
      /^.* \[WARN\] Throttled by alibaba-cams \(System\.LimitControl\): deleteCamsQrCode attempt 3 of teardown\/batch\/demo, Temporal retries it\n$/,
    );

    const debug: string[] = [];
    printableLogger('DEBUG', (t) => debug.push(t)).warn('Activity failed', {
      ...activityMeta,
      error: limitControlFailure(),
    });
    expect(debug).toHaveLength(2);
    expect(debug[1]).toContain('[DEBUG] Activity failed');
    expect(debug[1]).toContain('System.LimitControl');
    expect(debug[1]!.split('\n').length).toBeGreaterThan(5);
  });

  it('keeps every other failed activity as the whole WARN entry', () => {
    const lines: string[] = [];
    const body = JSON.stringify({ Code: 'Unknown.ResourceOwnerId', Message: 'not yours', RequestId: 'req-2' });
    const error = toApplicationFailure(
      camsError('deletePhoneMessageQrdl', { status: 400, headers: {}, body }, 0, new Set()),
    );
    printableLogger('WARN', (t) => lines.push(t)).warn('Activity failed', { ...activityMeta, error });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('[WARN] Activity failed');
    expect(lines[0]).toContain('Unknown.ResourceOwnerId');
  });

  it("says nothing at WARN of the CAMS queue's worker running no workflows (by design), but still warns of a workflow queue's", () => {
    const lines: string[] = [];
    const logger = printableLogger('WARN', (t) => lines.push(t));
    logger.warn('No workflows registered, not polling for workflow tasks', {
      sdkComponent: 'worker',
      taskQueue: CAMS_TASK_QUEUE,
    });
    expect(lines).toEqual([]);
    logger.warn('No workflows registered, not polling for workflow tasks', {
      sdkComponent: 'worker',
      taskQueue: 'teardown',
    });
    expect(lines).toHaveLength(1);
  });
});
