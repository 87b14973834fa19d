// "Wait for Discard" on Mono Bre-B → Collection → Delete: after the delete, read the collection until Mono's own state
// shows it discarded (its Bre-B key cancelled), as the Temporal workflow does; a webhook alone never ends the wait.
//
// The wait holds this execution for up to an hour, sleeping between reads with n8n-workflow's `sleep` (community
// nodes may not use timers themselves). n8n's own waiting (`putExecutionToWait`) resumes an execution at a time or on a
// webhook, but a node cannot resume *itself* to read again: it would need a Wait node and a loop in the workflow. For
// longer waits, react to `collection.discarded` with the Mono Bre-B Trigger instead (examples/react-to-collection-discarded.json).
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { DeleteResult, MonoBrebClient } from '@teardown/core';
import { ItemFailure } from '../../../../shared/failure';
import { option } from '../../../../shared/operation';

export const discardSettings: INodeProperties[] = [
  {
    displayName: 'Wait for Discard',
    name: 'waitForDiscard',
    type: 'boolean',
    default: false,
    description:
      'Whether to return only once Mono shows the collection discarded (its Bre-B key cancelled, read from Mono), with "discardedAt". Mono discards in the background, usually within minutes. The execution waits up to the timeout.',
  },
  {
    displayName: 'Discard Timeout (Seconds)',
    name: 'discardTimeout',
    type: 'number',
    typeOptions: { minValue: 1, maxValue: 3600 },
    default: 300,
    description:
      'With "Wait for Discard": how long to wait at most (up to an hour). For longer waits use the Mono Bre-B Trigger on "collection.discarded".',
  },
  {
    displayName: 'Discard Poll Interval (Seconds)',
    name: 'discardPollInterval',
    type: 'number',
    typeOptions: { minValue: 1, maxValue: 300 },
    default: 5,
    description: 'With "Wait for Discard": how often to read the collection while waiting',
  },
  {
    displayName: 'On Discard Timeout',
    name: 'onDiscardTimeout',
    type: 'options',
    options: [
      {
        name: 'Return the Item',
        value: 'return',
        description: 'Output the item with "discardPending": true',
      },
      {
        name: 'Fail the Item',
        value: 'fail',
        description: 'Fail it (or, with "On Error: Continue", output an error item with "discardPending": true)',
      },
    ],
    default: 'return',
    description: 'With "Wait for Discard": what happens when Mono has not discarded the collection in time',
  },
];

/** Waits for the discard when the user asked for it: the fields it adds to the delete's item (none without the wait). */
export async function awaitDiscard(
  context: IExecuteFunctions,
  client: MonoBrebClient,
  collectionId: string,
  deleted: DeleteResult,
  i: number,
): Promise<IDataObject> {
  if (option(context, 'waitForDiscard', i, false) !== true) return {};
  // Mono has no such collection (counted as done by the user's choice): there is nothing to wait for.
  if (deleted.outcome === 'not_found') return { discardPending: false, discardedAt: null, observedVia: null };
  const timeout = option(context, 'discardTimeout', i, 300) as number;
  const wait = await client.waitForDiscard(
    { collectionId },
    { timeoutMs: timeout * 1000, pollIntervalMs: (option(context, 'discardPollInterval', i, 5) as number) * 1000 },
  );
  if (wait.discarded) {
    // "already": the delete found it discarded and the first read confirmed it; "poll": a later read showed it.
    const observedVia = deleted.outcome === 'already_gone' && wait.reads === 1 ? 'already' : 'poll';
    return { discardPending: false, discardedAt: wait.discardedAt, observedVia };
  }
  const pending = { discardPending: true, discardedAt: null, observedVia: null, reads: wait.reads };
  if (option(context, 'onDiscardTimeout', i, 'return') !== 'fail') return pending;
  throw new ItemFailure(
    `Mono Bre-B: collection ${collectionId} was deleted but Mono had not discarded it after ${timeout} s (${wait.reads} reads).`,
    'Mono cancels the collection’s Bre-B key in the background. Wait longer (the option "Discard Timeout (Seconds)"), or react to "collection.discarded" with the Mono Bre-B Trigger. Running the delete again is safe: it reports the collection as already deleted.',
    { outcome: deleted.outcome, ...pending },
  );
}
