import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startSandbox } from '@teardown/sandbox';
import { startDevServer } from '../test/server.js';
import { batchDeleteRate, plainLoopRate, seedMonoAndEpap } from './chunks.js';
Runtime.install({ logger: new DefaultLogger('ERROR') });
const server = await startDevServer();
const sandbox = await startSandbox({ seed: 77 });
const N = Number(process.env.N ?? 4000);
const plain = await plainLoopRate(sandbox, seedMonoAndEpap(sandbox, N), 16);
console.log('plain', plain.toFixed(0));
for (const chunkSize of (process.env.SIZES ?? '100,250,500').split(',').map(Number)) {
  const row = await batchDeleteRate(server.address, sandbox, seedMonoAndEpap(sandbox, N), {
    batchId: `b-${chunkSize}`,
    concurrency: 8,
    chunkSize,
  });
  console.log(chunkSize, row.rate.toFixed(0), (row.rate / plain).toFixed(2), row.eventsPer1000.toFixed(0), row.chunks);
}
console.log('plain again', (await plainLoopRate(sandbox, seedMonoAndEpap(sandbox, N), 16)).toFixed(0));
await sandbox.close();
await server.stop();
