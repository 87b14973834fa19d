// startWorker(): the two workers Teardown needs — workflows with Mono/epap activities on `teardown`, and CAMS
// activities on `teardown-cams`, whose task-queue rate limit holds every worker together to CAMS's 5 requests/s.
import { createRequire } from 'node:module';
import { NativeConnection, Worker, type NativeConnectionOptions } from '@temporalio/worker';
import {
  CAMS_TASK_QUEUE,
  TASK_QUEUE,
  camsWorkerOptions,
  createActivities,
  workerOptions,
  type ActivitiesConfig,
} from '@teardown/temporal';

export interface WorkerConfig {
  connection: NativeConnection | NativeConnectionOptions;
  namespace?: string;
  providers: ActivitiesConfig;
  taskQueue?: string;
  camsTaskQueue?: string;
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

const require = createRequire(import.meta.url);

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
      workflowsPath: require.resolve('@teardown/temporal/workflows'),
      ...workerOptions,
      ...(config.maxCachedWorkflows !== undefined && { maxCachedWorkflows: config.maxCachedWorkflows }),
    }),
    Worker.create({ ...common, taskQueue: config.camsTaskQueue ?? CAMS_TASK_QUEUE, ...camsWorkerOptions }),
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

/** Provider credentials from the environment; a provider without credentials is simply not configured. */
export function providersFromEnv(env: NodeJS.ProcessEnv = process.env): ActivitiesConfig {
  const config: ActivitiesConfig = {};
  if (env.TEARDOWN_MONO_CLIENT_ID && env.TEARDOWN_MONO_CLIENT_SECRET) {
    config.mono = {
      clientId: env.TEARDOWN_MONO_CLIENT_ID,
      clientSecret: env.TEARDOWN_MONO_CLIENT_SECRET,
      ...(env.TEARDOWN_MONO_BASE_URL
        ? { baseUrl: env.TEARDOWN_MONO_BASE_URL }
        : { environment: env.TEARDOWN_MONO_ENVIRONMENT === 'certification' ? 'certification' : 'sandbox' }),
    };
  }
  if (env.TEARDOWN_CAMS_ACCESS_KEY_ID && env.TEARDOWN_CAMS_ACCESS_KEY_SECRET) {
    config.cams = {
      accessKeyId: env.TEARDOWN_CAMS_ACCESS_KEY_ID,
      accessKeySecret: env.TEARDOWN_CAMS_ACCESS_KEY_SECRET,
      ...(env.TEARDOWN_CAMS_SECURITY_TOKEN && { securityToken: env.TEARDOWN_CAMS_SECURITY_TOKEN }),
      ...(env.TEARDOWN_CAMS_ENDPOINT && { endpoint: env.TEARDOWN_CAMS_ENDPOINT }),
    };
  }
  if (env.TEARDOWN_EPAP_CLIENT_ID && env.TEARDOWN_EPAP_CLIENT_SECRET) {
    config.epap = {
      clientId: env.TEARDOWN_EPAP_CLIENT_ID,
      clientSecret: env.TEARDOWN_EPAP_CLIENT_SECRET,
      ...(env.TEARDOWN_EPAP_CHAIN_ID && { chainId: env.TEARDOWN_EPAP_CHAIN_ID }),
      ...(env.TEARDOWN_EPAP_BASE_URL && { baseUrl: env.TEARDOWN_EPAP_BASE_URL }),
    };
  }
  return config;
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
