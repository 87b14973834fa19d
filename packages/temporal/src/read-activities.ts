// The activities of `planTargets`: read each target's live state through core, read-only, and answer its plan verdict.
// Reads change nothing, so an attempt cut short (a worker restart) is simply read again.
import { Context } from '@temporalio/activity';
import {
  TeardownError,
  TeardownValidationError,
  classifyReceipt,
  readCollection,
  readFailedVerdict,
  readQrCode,
  readQrdlCodes,
  type AlibabaCamsClient,
  type MonoBrebClient,
  type PlanVerdict,
} from '@teardown/core';
import type { Target } from './kinds/index.js';

const HEARTBEAT_EVERY_MS = 1000;

export interface ReadTargetsInput {
  targets: Target[];
  /** Reads in flight at once. */
  concurrency: number;
}

export interface ReadQrdlGroupInput {
  phoneNumber: string;
  custSpaceId?: string;
  qrdlCodes: string[];
}

interface Clients {
  mono: () => MonoBrebClient;
  cams: () => AlibabaCamsClient;
  /** activities.ts's translation of core errors into Temporal failures (passed in: no import cycle). */
  toFailure: (error: unknown) => unknown;
}

/** One target's read (Mono and epap; CAMS codes are read by phone number, in readQrdlGroup). */
function readOne(clients: Clients, target: Target): Promise<PlanVerdict> {
  switch (target.kind) {
    case 'mono-qr':
      return readQrCode(clients.mono(), target);
    case 'mono-collection':
      return readCollection(clients.mono(), target);
    case 'epap-receipt':
      return Promise.resolve(classifyReceipt());
    case 'cams-qr':
      // Never read here: on this queue a CAMS read would escape the CAMS queue's 5/s (planTargets uses readQrdlGroup).
      return Promise.reject(
        new TeardownValidationError(
          'alibaba-cams',
          'readTargets',
          'kind',
          'CAMS message QR codes are read by phone number with readQrdlGroup, on the CAMS queue.',
        ),
      );
  }
}

/**
 * A read that failed after core's own retries shows nothing about the target: `unverified`, with the failure's code.
 * A worker without the provider's credentials fails the activity instead: that is the worker's fault, not the target's.
 */
function settled(error: unknown): PlanVerdict {
  if (!(error instanceof TeardownError)) throw error;
  return readFailedVerdict(error);
}

export function createReadActivities(clients: Clients) {
  return {
    async readTargets({ targets, concurrency }: ReadTargetsInput): Promise<PlanVerdict[]> {
      const ctx = Context.current();
      // The heartbeat says the worker is alive, whatever one read takes (core's retries included): a dead worker is
      // noticed within the heartbeat timeout and the chunk read again by another.
      const alive = setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
      const verdicts = new Array<PlanVerdict>(targets.length);
      let next = 0;
      const lane = async () => {
        while (next < targets.length) {
          const i = next++;
          verdicts[i] = await readOne(clients, targets[i]!).catch(settled);
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
      } finally {
        clearInterval(alive);
      }
      return verdicts;
    },
    /** One ListPhoneMessageQrdl for the phone number (and space), on the CAMS queue: paced with the deletes. */
    async readQrdlGroup(input: ReadQrdlGroupInput): Promise<PlanVerdict[]> {
      try {
        return await readQrdlCodes(clients.cams(), input);
      } catch (error) {
        // Throttled: back to the queue's pace through Temporal's retry; anything else settles the group unverified.
        if (error instanceof TeardownError && error.classification === 'retryable') throw clients.toFailure(error);
        return input.qrdlCodes.map(() => settled(error));
      }
    },
  };
}
