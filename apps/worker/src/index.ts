// startWorker(): the workers Teardown needs — workflows and most activities on `teardown`, and one worker per task
// queue a target kind runs its activities on apart (CAMS's `teardown-cams`), whose rate limit holds every worker
// together to the provider's limit.
import { NativeConnection, Worker, type NativeConnectionOptions } from '@temporalio/worker';
import {
  ACTIVITY_QUEUES,
  TASK_QUEUE,
  createActivities,
  workerOptions,
  type ActivitiesConfig,
} from '@teardown/temporal';
import { workflowCode } from './bundle.js';

export { CREDENTIALS_HINT, providersFromEnv } from '@teardown/temporal';
export { WORKFLOW_BUNDLE, writeWorkflowBundle } from './bundle.js';
export { printableEntry, printableLogger } from './logger.js';
export { workerStartError } from './unreachable.js';

export interface WorkerConfig {
  connection: NativeConnection | NativeConnectionOptions;
  namespace?: string;
  providers: ActivitiesConfig;
  taskQueue?: string;
  /** How long in-flight activities get to finish on shutdown. Default '30 seconds'. */
  shutdownGraceTime?: string;
  /**
   * Workflow runs kept in memory between their tasks (Temporal's default when unset). 0 turns the cache off, and with it
   * sticky task queues: every workflow task replays the history. A server that never times out a task waiting on a dead
   * worker's sticky queue — the Java test server — needs 0 to carry on after a worker is killed.
   */
  maxCachedWorkflows?: number;
}

export interface RunningWorkers {
  /** Resolves when both workers have stopped. */
  done: Promise<void>;
  /** Stops polling, lets in-flight activities finish (up to the grace time), then resolves. */
  shutdown(): Promise<void>;
}

export async function startWorker(config: WorkerConfig): Promise<RunningWorkers> {
  const connection =
    config.connection instanceof NativeConnection
      ? config.connection
      : await NativeConnection.connect(config.connection);
  const activities = createActivities(config.providers);
  const common = {
    connection,
    namespace: config.namespace ?? 'default',
    activities,
    shutdownGraceTime: config.shutdownGraceTime ?? '30 seconds',
  };
  const workers = await Promise.all([
    Worker.create({
      ...common,
      taskQueue: config.taskQueue ?? TASK_QUEUE,
      ...workflowCode(),
      ...workerOptions,
      ...(config.maxCachedWorkflows !== undefined && { maxCachedWorkflows: config.maxCachedWorkflows }),
    }),
    ...ACTIVITY_QUEUES.map((queue) =>
      Worker.create({ ...common, taskQueue: queue.name, maxTaskQueueActivitiesPerSecond: queue.activitiesPerSecond }),
    ),
  ]);
  const done = Promise.all(workers.map((w) => w.run())).then(async () => {
    if (!(config.connection instanceof NativeConnection)) await connection.close();
  });
  return {
    done,
    async shutdown() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await done;
    },
  };
}

/** The worker's tuning from the environment: `TEARDOWN_MAX_CACHED_WORKFLOWS` (a whole number ≥ 0) when it is set. */
export function tuningFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<WorkerConfig, 'maxCachedWorkflows'> {
  const raw = env.TEARDOWN_MAX_CACHED_WORKFLOWS;
  if (raw === undefined || raw.trim() === '') return {};
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`TEARDOWN_MAX_CACHED_WORKFLOWS must be a whole number ≥ 0 (got "${raw}")`);
  return { maxCachedWorkflows: n };
}
