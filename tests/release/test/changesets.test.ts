// The release flow, as a dry run: `changeset version` in a copy of the repository gives every published package a new
// version and a changelog made of the changesets that name it, and leaves the private apps alone.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PUBLISHED, readJson, root } from './release.js';

const copy = mkdtempSync(join(tmpdir(), 'teardown-changesets-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

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

describe('pnpm changeset version (dry run in a copy)', () => {
  it('versions every published package and writes its changelog from the changesets; private apps stay as they are', () => {
    // The repository as a fresh clone would have it: tracked and new files, nothing ignored (no node_modules, no dist).
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f && existsSync(join(root, f)));
    for (const f of files) cpSync(join(root, f), join(copy, f), { recursive: true });
    const changesets = pending(copy);
    const workspaces = execFileSync('git', ['ls-files', '*/package.json', '*/*/package.json'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean)
      .map((f) => ({
        dir: dirname(f),
        ...readJson<{ name: string; version: string; private?: boolean }>(join(copy, f)),
      }));
    expect(changesets.length).toBeGreaterThan(0);

    execFileSync(process.execPath, [join(root, 'node_modules/@changesets/cli/bin.js'), 'version'], {
      cwd: copy,
      encoding: 'utf8',
    });

    // Every changeset naming a published package is used up; those naming only private apps are left for their notes.
    const names = Object.keys(PUBLISHED);
    expect(pending(copy).filter((c) => c.packages.some((p) => names.includes(p)))).toEqual([]);
    for (const { dir, name, version, private: isPrivate } of workspaces) {
      const after = readJson<{ version: string }>(join(copy, dir, 'package.json')).version;
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
