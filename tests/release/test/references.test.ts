// The repository stands on its own: nothing in it points at notes outside it, and every script it names exists.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(md|ts|js|sh|json|ya?ml)$|^teardown$/.test(f) && !f.endsWith('pnpm-lock.yaml'))
  .filter((f) => !f.startsWith('packages/temporal/test/histories/') && !f.startsWith('tests/release/test/'));
const text = (f: string) => (existsSync(root + f) ? readFileSync(root + f, 'utf8') : '');

describe('the repository stands on its own', () => {
  it('mentions no notes that live outside it', () => {
    const outside = /\b(?:PLATFORM|PROVIDERS|STYLE|COMMON)\.md\b|\bshared\/seeds\b|\/work\/(?:shared|notes)/;
    expect(files.filter((f) => outside.test(text(f)))).toEqual([]);
  });

  it('names only scripts that exist', () => {
    const named = files.flatMap((f) =>
      [...text(f).matchAll(/\b((?:scripts|tools|\.ci)\/[\w./-]+\.sh)\b/g)].map((m) => ({ file: f, script: m[1]! })),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => !existsSync(root + n.script))).toEqual([]);
  });
});
