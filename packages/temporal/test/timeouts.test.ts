// What only hours of workflow time can show, in seconds: the Java test server with time skipping (the one test double
// Teardown uses; everything else runs on the real server, workflows.test.ts).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { TeardownClient, createActivities } from '../src/index.js';
import { createTimeSkippingEnvironment, workflowsPath } from './server.js';

Runtime.install({ logger: new DefaultLogger('WARN') });

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
});
afterAll(async () => {
  await env?.teardown();
});

/** A sandbox that discards a deleted collection's key after `discardAfterMs` of real time and never sends webhooks,
 * with a worker of its own for `fn`. */
async function withSandbox<T>(
  discardAfterMs: number,
  fn: (teardown: TeardownClient, sandbox: Sandbox) => Promise<T>,
): Promise<T> {
  const sandbox = await startSandbox({
    seed: discardAfterMs,
    keyCancellationDelayMs: discardAfterMs,
    dropWebhooks: true,
  });
  const taskQueue = `timeouts-${discardAfterMs}`;
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath,
      activities: createActivities({ mono: sandbox.credentials.mono }),
    });
    return await worker.runUntil(fn(new TeardownClient({ client: env.client, taskQueue }), sandbox));
  } finally {
    await sandbox.close();
  }
}

describe('deleteCollection over hours of workflow time', () => {
  it('completes by polling when the webhook never comes, and reports an already discarded collection as such', async () => {
    await withSandbox(100, async (teardown, sandbox) => {
      const { mono } = sandbox.admin.seed({ mono: { count: 1 } });
      const collectionId = mono.collections[0]!.id;
      const target = { kind: 'mono-collection', collectionId } as const;
      const result = await (await teardown.startDelete(target, { pollInterval: '10 minutes' })).result();
      expect(result).toMatchObject({
        outcome: 'deleted',
        observedVia: 'poll',
        discardedAt: sandbox.admin.state().mono.collections.find((c) => c.id === collectionId)!.discardedAt,
      });
      expect(await (await teardown.startDelete(target)).result()).toMatchObject({
        outcome: 'already_gone',
        observedVia: 'already',
      });
      expect(sandbox.admin.state().mono.collections.find((c) => c.id === collectionId)).toMatchObject({
        state: 'discarded',
        deletions: 1,
      });
    });
  });

  it('gives up with discard_timeout when the key is still not discarded 24 hours after the delete, polling hourly', async () => {
    await withSandbox(3_600_000, async (teardown, sandbox) => {
      const { mono } = sandbox.admin.seed({ mono: { count: 1 } });
      const collectionId = mono.collections[0]!.id;
      const error = await (
        await teardown.startDelete({ kind: 'mono-collection', collectionId }, { pollInterval: '1 hour' })
      )
        .result()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowFailedError);
      const cause = (error as WorkflowFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe('discard_timeout');
      // One read before the delete (the payments check), then one poll for each of the 24 hours.
      expect(sandbox.admin.calls()['mono-breb.getCollection']).toBe(1 + 24);
      expect(sandbox.admin.state().mono.collections.find((c) => c.id === collectionId)).toMatchObject({
        state: 'ready',
        state_reason: 'deleted',
        deletions: 1,
      });
    });
  });
});
