// The docs' `npm install` lines against the samples on the same page: a sample that imports a package its page does
// not install fails for a user who copies both (docs/temporal.md's worker once needed @temporalio/envconfig).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installLines, root, samplesOf } from './release.js';

/** The packages a sample imports (`@scope/name` of `@scope/name/sub`), without node: built-ins and relative files. */
const importsOf = (sample: string): string[] =>
  [...sample.matchAll(/(?:from |import\()'([^'.][^']*)'/g)]
    .map((m) => m[1]!)
    .filter((s) => !s.startsWith('node:'))
    .map((s) =>
      s
        .split('/')
        .slice(0, s.startsWith('@') ? 2 : 1)
        .join('/'),
    );

describe("the docs' install lines", () => {
  const lines = installLines();
  const pages = [...new Set(lines.filter((l) => !l.global).map((l) => l.file))];

  it('are found where users read them', () => {
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/temporal.md', 'packages/temporal/README.md']));
    expect(lines.filter((l) => l.global).map((l) => l.packages)).toContainEqual(['@teardown/cli']);
  });

  it.each(pages)('of %s install every package its samples import', (page) => {
    const installed = new Set(lines.filter((l) => l.file === page && !l.global).flatMap((l) => l.packages));
    const imported = samplesOf(readFileSync(join(root, page), 'utf8')).flatMap(importsOf);
    // @teardown/core comes with @teardown/temporal, and @temporalio/workflow with it as a peer npm installs.
    const bundled = installed.has('@teardown/temporal') ? ['@teardown/core', '@temporalio/workflow'] : [];
    expect(imported.filter((p) => !installed.has(p) && !bundled.includes(p))).toEqual([]);
  });
});
