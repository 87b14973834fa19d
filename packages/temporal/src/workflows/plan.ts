// The `planTargets` workflow: reads a page of targets read-only and answers a plan verdict for each, in order. Mono and
// epap targets are read in chunks; CAMS codes by phone number (and space), one list each on the CAMS queue, so the
// reads keep to CAMS's 5/s with the deletes. No delete activity is ever scheduled here.
import { proxyActivities } from '@temporalio/workflow';
import type { PlanVerdict } from '@teardown/core/pure';
import type { Activities } from '../activities.js';
import { activityQueueOf, type Target } from '../kinds/index.js';
import { retryPolicy } from './delete.js';
import type { PlanItem, PlanTargetsInput } from './plan-definitions.js';

/** Targets one `readTargets` activity reads; chunks of a page run READ_LANES at a time. */
const READ_CHUNK = 100;
const READ_LANES = 4;
/** CAMS codes one list answers for (a phone number with more is listed once per this many). */
const CODES_PER_LIST = 500;

const { readTargets } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  // A dead worker is noticed within this (the activity beats every second); the chunk is then read again.
  heartbeatTimeout: '10 seconds',
  retry: retryPolicy,
});
const camsQueue = activityQueueOf('cams-qr')?.name;
const { readQrdlGroup } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { ...retryPolicy, maximumAttempts: 20 },
  ...(camsQueue && { taskQueue: camsQueue }),
});

export async function planTargets({ targets, concurrency = 8 }: PlanTargetsInput): Promise<PlanItem[]> {
  const verdicts = new Array<PlanVerdict>(targets.length);
  const jobs: (() => Promise<void>)[] = [];
  const singles: number[] = [];
  const groups = new Map<string, number[]>();
  targets.forEach((t, i) => {
    if (t.kind !== 'cams-qr') return void singles.push(i);
    const key = JSON.stringify([t.phoneNumber, t.custSpaceId ?? '']);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (let from = 0; from < singles.length; from += READ_CHUNK) {
    const chunk = singles.slice(from, from + READ_CHUNK);
    jobs.push(async () => {
      const read = await readTargets({ targets: chunk.map((i) => targets[i]!), concurrency });
      chunk.forEach((i, j) => (verdicts[i] = read[j]!));
    });
  }
  for (const members of groups.values())
    for (let from = 0; from < members.length; from += CODES_PER_LIST) {
      const part = members.slice(from, from + CODES_PER_LIST);
      const first = targets[part[0]!] as Extract<Target, { kind: 'cams-qr' }>;
      jobs.push(async () => {
        const read = await readQrdlGroup({
          phoneNumber: first.phoneNumber,
          ...(first.custSpaceId && { custSpaceId: first.custSpaceId }),
          qrdlCodes: part.map((i) => (targets[i] as typeof first).qrdlCode),
        });
        part.forEach((i, j) => (verdicts[i] = read[j]!));
      });
    }
  // READ_LANES jobs at a time; the CAMS queue's rate limit paces its lists whatever this is.
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) await jobs[next++]!();
  };
  await Promise.all(Array.from({ length: READ_LANES }, lane));
  return targets.map((target, i) => ({ target, ...verdicts[i]! }));
}
