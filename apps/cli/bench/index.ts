// pnpm bench: how long `./teardown --help` takes on a warm clone (the repo-root wrapper's freshness check, then the CLI),
// beside `node apps/cli/dist/bin.js --help` (the CLI alone), each run a whole process. The wrapper is run once first so
// the clone is up to date. Prints the minimum, median and maximum and whether the wrapper printed anything of its own
// (it should not: its stderr is empty when nothing changed). Asserts nothing.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function time(command: string, args: string[]) {
  const walls: number[] = [];
  let stderrBytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const run = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
    walls.push(performance.now() - start);
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    stderrBytes += run.stderr.length;
  }
  walls.sort((a, b) => a - b);
  const median = walls[Math.floor(walls.length / 2)]!;
  return { line: `min ${seconds(walls[0]!)} · median ${seconds(median)} · max ${seconds(walls.at(-1)!)}`, stderrBytes };
}

spawnSync('./teardown', ['--help'], { cwd: root, stdio: 'ignore' });
const wrapper = time('./teardown', ['--help']);
const cli = time(process.execPath, ['apps/cli/dist/bin.js', '--help']);
console.log(`./teardown --help, warm clone (${RUNS} runs): ${wrapper.line}; ${wrapper.stderrBytes} bytes on stderr`);
console.log(`node apps/cli/dist/bin.js --help (${RUNS} runs): ${cli.line}`);
