// What n8n users install: only dist, package.json, README and LICENSE, and code that needs nothing but n8n-workflow
// and Node's built-ins.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: object; peerDependencies?: object; n8n: { nodes: string[]; credentials: string[] } };

describe('the published package', () => {
  it('packs only dist, package.json, README and LICENSE', () => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' })) as [{ files: { path: string }[]; size: number }];
    const tops = new Set(packed.files.map((f) => f.path.split('/')[0]));
    expect([...tops].sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
    for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(packed.files.map((f) => f.path)).toContain(file);
  });

  it('has no runtime dependencies and only n8n-workflow as a peer', () => {
    expect(pkg.dependencies).toBeUndefined();
    expect(Object.keys(pkg.peerDependencies ?? {})).toEqual(['n8n-workflow']);
  });

  it('requires nothing but n8n-workflow and Node built-ins, and ships no global timers', () => {
    const files = (readdirSync(join(dir, 'dist'), { recursive: true }) as string[]).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const code = readFileSync(join(dir, 'dist', file), 'utf8');
      const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
      for (const name of required) expect(name === 'n8n-workflow' || builtinModules.includes(name.replace(/^node:/, ''))).toBe(true);
      expect(code).not.toMatch(/(^|[^.\w])(setTimeout|setInterval|globalThis)\(/m);
    }
  });
});
