// n8n's own gate for community packages, `npx @n8n/scan-community-package n8n-nodes-teardown`, run before a release
// meets it: its exported analyzer, with the rule sets it builds itself, over the two things it lints — the package
// tarball (compiled .js and package.json) and the source the npm provenance points at (package.json, nodes/ and
// credentials/). The registry download and provenance check it does first are the release workflow's part.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'teardown-n8n-scan-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The package as npm serves it: packed as `pnpm publish` packs it, unpacked as the scanner unpacks it. */
function unpackedTarball(): string {
  const out = execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: dir, encoding: 'utf8' });
  const tarball = out.trim().split('\n').at(-1)!.trim();
  const unpacked = join(work, 'package');
  mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
  return unpacked;
}

/**
 * Not in vitest's process nor with its NODE_ENV=test: eslint-plugin-n8n-nodes-base then takes every file for one of its
 * own test fixtures ("Rename file to Epap.node.ts" for Epap.node.ts).
 */
function scan(packageDir: string, leg: 'source' | 'tarball'): unknown {
  const { NODE_ENV: _test, ...env } = process.env;
  const script = join(dir, 'test/n8n-scanner.mjs');
  return JSON.parse(execFileSync(process.execPath, [script, packageDir, leg], { cwd: dir, env, encoding: 'utf8' }));
}

describe("n8n's community package scanner", () => {
  it('passes the source and the packed tarball', () => {
    // Both legs in one assertion, as the scanner passes a package only when both pass; `details` lists any finding.
    expect({ source: scan(dir, 'source'), tarball: scan(unpackedTarball(), 'tarball') }).toEqual({
      source: { passed: true },
      tarball: { passed: true },
    });
  });
});
