// The GitHub Actions workflows, checked here since GitHub is not reachable from the tests: parsed, and held to what
// they must do (CI runs `.ci/run` with what it installs cached; a release publishes with provenance, dependencies
// first), and the release's publish step run with npm replaced by a recorder, as the registry cannot be written to.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PUBLISHED, readJson, root } from './release.js';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string | number>;
  env?: Record<string, string>;
}
interface Workflow {
  on: { push?: { branches: string[] }; pull_request?: unknown };
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const workflow = (name: string) => parse(readFileSync(join(root, '.github/workflows', name), 'utf8')) as Workflow;
const stepsOf = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const action = (steps: Step[], name: string) => steps.find((s) => s.uses?.startsWith(`${name}@`));
const work = mkdtempSync(join(tmpdir(), 'teardown-workflows-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('.github/workflows/ci.yml', () => {
  const ci = workflow('ci.yml');
  const steps = stepsOf(ci);

  it('runs `bash .ci/run` on pull requests and pushes to main, with read-only access', () => {
    expect(ci.on.pull_request).toBeDefined();
    expect(ci.on.push?.branches).toEqual(['main']);
    expect(ci.permissions).toEqual({ contents: 'read' });
    expect(steps.at(-1)).toEqual({ run: 'bash .ci/run' });
    expect(action(steps, 'actions/checkout')).toBeDefined();
  });

  it("caches what .ci/run installs: pnpm's store, and the folder scripts/setup.sh downloads the tools into", () => {
    // pnpm/action-setup takes the version from package.json's packageManager, the one scripts/setup.sh accepts.
    expect(action(steps, 'pnpm/action-setup')?.with).toBeUndefined();
    expect(readJson<{ packageManager: string }>(join(root, 'package.json')).packageManager).toMatch(/^pnpm@10\./);
    expect(action(steps, 'actions/setup-node')?.with).toMatchObject({ cache: 'pnpm' });
    const cache = action(steps, 'actions/cache')?.with;
    expect(readFileSync(join(root, 'scripts/setup.sh'), 'utf8')).toContain(
      'TEARDOWN_CACHE="${TEARDOWN_CACHE:-$HOME/.cache/teardown}"',
    );
    expect(cache?.path).toBe('~/.cache/teardown');
    expect(cache?.key).toContain("hashFiles('tools/**/setup.sh')");
  });
});

describe('.github/workflows/release.yml', () => {
  const release = workflow('release.yml');
  const steps = stepsOf(release);

  it('lets the changesets action open "Version packages" and publish with provenance from main', () => {
    expect(release.on).toEqual({ push: { branches: ['main'] } });
    expect(release.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', 'id-token': 'write' });
    const changesets = action(steps, 'changesets/action');
    expect(changesets?.with).toEqual({
      version: 'pnpm changeset version',
      publish: 'bash scripts/release.sh publish release-tarballs',
      title: 'Version packages',
      commit: 'Version packages',
    });
    expect(changesets?.env).toEqual({
      GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}',
      NPM_TOKEN: '${{ secrets.NPM_TOKEN }}',
    });
    // The tarballs are packed from the build, so install and build come first.
    const runs = steps.slice(0, steps.indexOf(changesets!)).map((s) => s.run);
    expect(runs).toEqual(expect.arrayContaining(['pnpm install --frozen-lockfile', 'pnpm build']));
  });

  it('publishes each public package not yet on npm with `npm publish --provenance`, dependencies first', () => {
    // npm replaced by a recorder: `npm view` answers that n8n-nodes-teardown's version is already published.
    const bin = join(work, 'bin');
    const log = join(work, 'npm.log');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'npm'),
      [
        '#!/usr/bin/env bash',
        `echo "$*" >> ${JSON.stringify(log)}`,
        'if [ "$1" = view ]; then case "$2" in n8n-nodes-teardown@*) echo "${2#*@}" ;; esac; fi',
      ].join('\n'),
    );
    chmodSync(join(bin, 'npm'), 0o755);
    const tarballs = join(work, 'tarballs');
    const output = execFileSync('bash', [join(root, 'scripts/release.sh'), 'publish', tarballs], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH!}` },
    });
    const version = (name: keyof typeof PUBLISHED) =>
      readJson<{ version: string }>(join(root, PUBLISHED[name], 'package.json')).version;
    const tarball = (name: keyof typeof PUBLISHED) =>
      join(tarballs, `${name.replace('@', '').replace('/', '-')}-${version(name)}.tgz`);
    const published = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('publish '));
    expect(published).toEqual(
      (['@teardown/core', '@teardown/temporal', '@teardown/cli'] as const).map(
        (name) => `publish ${tarball(name)} --provenance --access public`,
      ),
    );
    expect(output).toContain(`n8n-nodes-teardown@${version('n8n-nodes-teardown')} is already on npm`);
    expect(output.match(/^New tag: .*$/gm)).toEqual(
      (['@teardown/core', '@teardown/temporal', '@teardown/cli'] as const).map((n) => `New tag: ${n}@${version(n)}`),
    );
  });
});
