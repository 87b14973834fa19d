// The release flow, as a dry run in a copy of the repository: `changeset version` gives every published package a new
// version and a changelog made of the changesets that name it and leaves the private apps alone; then the release
// workflow's pack step (scripts/release.sh) packs the public packages, dependencies first, and the tarballs install
// with npm and load in a folder outside the workspace.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHED, fileIn, filesOf, npm, readJson, root, type Published } from './release.js';

const work = mkdtempSync(join(tmpdir(), 'teardown-changesets-'));
const copy = join(work, 'repository');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The changesets waiting in .changeset/: which packages each names, and its summary. */
function pending(dir: string): { packages: string[]; summary: string }[] {
  return readdirSync(join(dir, '.changeset'))
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => {
      const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(
        readFileSync(join(dir, '.changeset', f), 'utf8'),
      )!;
      return { packages: [...front.matchAll(/^'([^']+)':/gm)].map((m) => m[1]!), summary: body.trim() };
    });
}

interface Workspace {
  dir: string;
  name: string;
  version: string;
  private?: boolean;
}

let changesets: ReturnType<typeof pending>;
let workspaces: Workspace[];
const versionIn = (dir: string) => readJson<{ version: string }>(join(copy, dir, 'package.json')).version;

beforeAll(() => {
  // The repository as a fresh clone would have it: tracked and new files, nothing ignored (no node_modules, no dist).
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f && existsSync(join(root, f)));
  for (const f of files) cpSync(join(root, f), join(copy, f), { recursive: true });
  changesets = pending(copy);
  workspaces = execFileSync('git', ['ls-files', '*/package.json', '*/*/package.json'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => ({ dir: dirname(f), ...readJson<Omit<Workspace, 'dir'>>(join(copy, f)) }));
  execFileSync(process.execPath, [join(root, 'node_modules/@changesets/cli/bin.js'), 'version'], {
    cwd: copy,
    encoding: 'utf8',
  });
});

describe('pnpm changeset version (dry run in a copy)', () => {
  it('versions every published package and writes its changelog from the changesets; private apps stay as they are', () => {
    expect(changesets.length).toBeGreaterThan(0);
    // Every changeset naming a published package is used up; those naming only private apps are left for their notes.
    const names = Object.keys(PUBLISHED);
    expect(pending(copy).filter((c) => c.packages.some((p) => names.includes(p)))).toEqual([]);
    for (const { dir, name, version, private: isPrivate } of workspaces) {
      const after = versionIn(dir);
      if (isPrivate) {
        expect(after, name).toBe(version);
        continue;
      }
      expect(Object.values(PUBLISHED)).toContain(dir);
      expect(after, name).not.toBe(version);
      const changelog = readFileSync(join(copy, dir, 'CHANGELOG.md'), 'utf8');
      expect(changelog, name).toContain(`## ${after}`);
      for (const c of changesets.filter((c) => c.packages.includes(name)))
        expect(changelog, name).toContain(c.summary.split('\n')[0]);
    }
    const published = workspaces.filter((w) => !w.private).map((w) => w.dir);
    expect(published.sort()).toEqual(Object.values(PUBLISHED).sort());
  });
});

describe("the release workflow's pack step on the versioned copy (scripts/release.sh pack)", () => {
  const tarballs = join(work, 'tarballs');
  const user = join(work, 'user');
  const n8nUser = join(work, 'n8n-user');
  let order: { file: string; manifest: { name: Published; version: string; dependencies?: Record<string, string> } }[];

  beforeAll(() => {
    // What the workflow has before it packs: the lockfile's install and the build (the one already made here).
    execFileSync('pnpm', ['install', '--offline', '--frozen-lockfile', '--ignore-scripts'], { cwd: copy });
    for (const dir of Object.values(PUBLISHED))
      cpSync(join(root, dir, 'dist'), join(copy, dir, 'dist'), { recursive: true });
    execFileSync('bash', [join(copy, 'scripts/release.sh'), 'pack', tarballs], { cwd: copy, encoding: 'utf8' });
    order = readFileSync(join(tarballs, 'order'), 'utf8')
      .trim()
      .split('\n')
      .map((file) => ({
        file,
        manifest: JSON.parse(fileIn(file, 'package.json')) as (typeof order)[number]['manifest'],
      }));
  });

  it('packs every public package once, at its new version, each after the packages it depends on', () => {
    expect(order.map((t) => t.manifest.name).sort()).toEqual(Object.keys(PUBLISHED).sort());
    const packed: string[] = [];
    for (const { file, manifest } of order) {
      const { name, version, dependencies = {} } = manifest;
      expect(version, name).toBe(versionIn(PUBLISHED[name]));
      expect(filesOf(file), name).toContain('CHANGELOG.md');
      for (const [dependency, range] of Object.entries(dependencies).filter(([d]) => d in PUBLISHED)) {
        expect(packed, `${name} after ${dependency}`).toContain(dependency);
        expect(range, `${name}'s ${dependency}`).toBe(versionIn(PUBLISHED[dependency as Published]));
      }
      packed.push(name);
    }
  });

  it('gives tarballs that npm installs in a folder outside the workspace, where each loads', () => {
    const tarballOf = (name: Published) => order.find((t) => t.manifest.name === name)!.file;
    for (const dir of [user, n8nUser]) {
      mkdirSync(dir);
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: 'teardown-user', private: true, type: 'module' }),
      );
    }
    npm(['install', ...(['@teardown/core', '@teardown/temporal', '@teardown/cli'] as const).map(tarballOf)], user);
    // The n8n package with scripts off, as n8n's Community Nodes installs it (n8n-workflow, the peer npm adds, would
    // otherwise build isolated-vm from source).
    npm(['install', '--ignore-scripts', tarballOf('n8n-nodes-teardown')], n8nUser);
    writeFileSync(
      join(user, 'load.mjs'),
      [
        "const core = await import('@teardown/core');",
        "const temporal = await import('@teardown/temporal');",
        'console.log(JSON.stringify([typeof core.TeardownError, typeof temporal.createActivities]));',
      ].join('\n'),
    );
    expect(JSON.parse(execFileSync(process.execPath, ['load.mjs'], { cwd: user, encoding: 'utf8' }))).toEqual([
      'function',
      'function',
    ]);
    const help = execFileSync(join(user, 'node_modules/.bin/teardown'), ['--help'], { cwd: user, encoding: 'utf8' });
    expect(help).toMatch(/^ {2}demo\b/m);
    expect(readJson<{ version: string }>(join(user, 'node_modules/@teardown/cli/package.json')).version).toBe(
      versionIn(PUBLISHED['@teardown/cli']),
    );
    // Each node and credential file n8n loads exports the class named after it.
    const { n8n } = readJson<{ n8n: { nodes: string[]; credentials: string[] } }>(
      join(n8nUser, 'node_modules/n8n-nodes-teardown/package.json'),
    );
    const files = [...n8n.nodes, ...n8n.credentials];
    const load = `console.log(JSON.stringify(${JSON.stringify(files)}.map((f) => Object.keys(require('n8n-nodes-teardown/' + f)))))`;
    const exported = JSON.parse(
      execFileSync(process.execPath, ['-e', load], { cwd: n8nUser, encoding: 'utf8' }),
    ) as unknown;
    expect(exported).toEqual(files.map((f): unknown => expect.arrayContaining([f.split('/').at(-1)!.split('.')[0]])));
  });
});
