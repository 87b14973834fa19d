// What the release tests share: the published packages packed as `pnpm publish` packs them, an empty npm project
// outside the repository, and running a file or command there as a user would.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Every package published to npm, by its folder in the repository. */
export const PUBLISHED = {
  '@teardown/core': 'packages/core',
  '@teardown/temporal': 'packages/temporal',
  '@teardown/cli': 'apps/cli',
  'n8n-nodes-teardown': 'packages/n8n-nodes-teardown',
} as const;
export type Published = keyof typeof PUBLISHED;

export interface Tarball {
  name: Published;
  file: string;
  bytes: number;
}

/**
 * Packs a package as `changeset publish` (through `pnpm publish`) would: `workspace:` ranges become the versions they
 * point at. (`npm pack` would ship them as they are, and no npm install could resolve them.)
 */
export function pack(name: Published, destination: string): Tarball {
  const out = execFileSync('pnpm', ['pack', '--pack-destination', destination], {
    cwd: join(root, PUBLISHED[name]),
    encoding: 'utf8',
  });
  const file = out.trim().split('\n').at(-1)!.trim();
  return { name, file, bytes: statSync(file).size };
}

/** The files a tarball holds, without the `package/` prefix. */
export const filesOf = (tarball: string): string[] =>
  execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));

export const fileIn = (tarball: string, path: string): string =>
  execFileSync('tar', ['-xOzf', tarball, `package/${path}`], { encoding: 'utf8' });

export function npm(args: string[], cwd: string): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

/** The TypeScript code blocks of a README, in order. */
export const samplesOf = (readme: string): string[] =>
  [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href;

export interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** Runs a TypeScript file (with tsx, as `npx tsx file.ts` would) or a command in `cwd`, output collected. */
export function start(command: string, args: string[], cwd: string, env: Record<string, string>): Run {
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('close', resolve));
  return { child, output: () => output, exit };
}

export const startTs = (file: string, cwd: string, env: Record<string, string>): Run =>
  start(process.execPath, ['--import', tsx, file], cwd, env);

export async function run(r: Run): Promise<string> {
  const code = await r.exit;
  if (code !== 0) throw new Error(`exited with ${String(code)}:\n${r.output()}`);
  return r.output();
}

export async function until(check: () => boolean, what: string, r?: Run, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (r && r.child.exitCode !== null) throw new Error(`exited before ${what}:\n${r.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${r ? `:\n${r.output()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** An `npm install` line of the docs a user reads, and the packages it names. */
export interface InstallLine {
  file: string;
  line: string;
  global: boolean;
  packages: string[];
}

/** Where users read install lines: the README, docs/, and every package's and app's README. */
const docFiles = (): string[] => [
  'README.md',
  ...['docs', 'packages', 'apps'].flatMap((dir) =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
      dir === 'docs'
        ? entry.name.endsWith('.md')
          ? [`docs/${entry.name}`]
          : []
        : existsSync(join(root, dir, entry.name, 'README.md'))
          ? [`${dir}/${entry.name}/README.md`]
          : [],
    ),
  ),
];

/**
 * Every `npm install` line of the docs, but n8n's (`n8n-nodes-teardown` goes where n8n's Community Nodes installs it,
 * which its own test does the same way).
 */
export function installLines(): InstallLine[] {
  return docFiles().flatMap((file) =>
    [...readFileSync(join(root, file), 'utf8').matchAll(/npm install((?: --?[\w-]+)*)((?: @?[\w./-]+)+)/g)]
      .map((m) => ({
        file,
        line: m[0],
        global: /--global\b|-g\b/.test(m[1]!),
        packages: m[2]!.trim().split(/\s+/),
      }))
      .filter((l) => !l.packages.includes('n8n-nodes-teardown')),
  );
}
