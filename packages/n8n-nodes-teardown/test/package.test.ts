// What n8n users install: only dist, package.json, README and LICENSE, code that needs nothing but n8n-workflow and
// Node's built-ins, and a build and package.json that pass n8n's rules for verified community nodes.
import { configs as n8nRules } from '@n8n/eslint-plugin-community-nodes';
import { ESLint, type Linter } from 'eslint';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('..', import.meta.url));
// Typed against the plugin's own copy of ESLint's types, a different version from the one that runs it here.
const verifiedNodeRules = n8nRules.recommended as unknown as Linter.Config;
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
  dependencies?: object;
  peerDependencies?: object;
  n8n: { nodes: string[]; credentials: string[] };
};

describe('the published package', () => {
  it('packs only dist, the example workflows, package.json, README, CHANGELOG and LICENSE', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' }),
    ) as [{ files: { path: string }[]; size: number }];
    // And CHANGELOG.md, once `changeset version` has written it.
    const tops = new Set(packed.files.map((f) => f.path.split('/')[0]).filter((f) => f !== 'CHANGELOG.md'));
    expect([...tops].sort()).toEqual(['LICENSE', 'README.md', 'dist', 'examples', 'package.json']);
    for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
      expect(packed.files.map((f) => f.path)).toContain(file);
  });

  it('has no runtime dependencies and only n8n-workflow as a peer', () => {
    expect(pkg.dependencies).toBeUndefined();
    expect(Object.keys(pkg.peerDependencies ?? {})).toEqual(['n8n-workflow']);
  });

  it('requires nothing but n8n-workflow and Node built-ins', () => {
    const files = (readdirSync(join(dir, 'dist'), { recursive: true }) as string[]).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const code = readFileSync(join(dir, 'dist', file), 'utf8');
      const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
      for (const name of required)
        expect(name === 'n8n-workflow' || builtinModules.includes(name.replace(/^node:/, ''))).toBe(true);
    }
  });

  // `pnpm lint` holds the sources to the same rules; this holds what ships: the bundle (core included: no node:http, no
  // timers, no process) and package.json. Warnings are allowed: `homepage` waits for the public repository.
  it("passes n8n's recommended rules for verified community nodes, built dist and package.json", async () => {
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [
        {
          ...verifiedNodeRules,
          files: ['package.json', 'dist/**/*.js'],
          languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
        },
      ],
    });
    const results = await eslint.lintFiles(['package.json', 'dist']);
    expect(results.map((r) => relative(dir, r.filePath))).toEqual(
      expect.arrayContaining(['package.json', ...pkg.n8n.nodes, ...pkg.n8n.credentials]),
    );
    const errors = results.flatMap((r) =>
      r.messages
        .filter((m) => m.severity === 2)
        .map((m) => `${relative(dir, r.filePath)}:${m.line} ${m.ruleId ?? ''} ${m.message}`),
    );
    expect(errors).toEqual([]);
  });
});
