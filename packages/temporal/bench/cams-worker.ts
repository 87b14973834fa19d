// One CAMS worker process for the benchmark: argv = Temporal address, sandbox CAMS endpoint, key id, key secret.
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { CAMS_TASK_QUEUE, camsWorkerOptions, createActivities } from '../src/index.js';

Runtime.install({
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
});
const [address, endpoint, accessKeyId, accessKeySecret] = process.argv.slice(2) as [string, string, string, string];
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  taskQueue: CAMS_TASK_QUEUE,
  activities: createActivities({ cams: { endpoint, accessKeyId, accessKeySecret } }),
  ...camsWorkerOptions,
});
process.send?.('ready');
await worker.run();
