// The published packages as a user outside this repository gets them: packed as they are published, installed with npm
// into an empty project in the system's temp folder (no workspace, no links), and used there — the READMEs' TypeScript
// samples run verbatim (and typechecked against the installed types) against the sandbox, a worker and
// `teardown delete` against the sandbox and a real Temporal server, and the n8n package installed where and as n8n's
// Community Nodes installs it, then one of its shipped examples run by the real n8n.
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SeedResult } from '@teardown/sandbox';
import { startDevServer, type DevServer } from '../../../packages/temporal/test/server.js';
import {
  PUBLISHED,
  installLines,
  fileIn,
  filesOf,
  npm,
  pack,
  readJson,
  root,
  run,
  samplesOf,
  start,
  startTs,
  until,
  type Published,
  type Tarball,
} from './release.js';

const work = mkdtempSync(join(tmpdir(), 'teardown-release-'));
const app = join(work, 'app');
/** Where the docs' `npm install --global` packages go: a tree of their own, as a global install has. */
const globalDir = join(work, 'global');
/** The `teardown` command `npm install --global @teardown/cli` puts on the user's PATH. */
const teardownBin = join(globalDir, 'node_modules/.bin/teardown');
const tarballs = {} as Record<Published, Tarball>;
let sandbox: Sandbox;
let temporal: DevServer;

/** What npm installs for a package a doc names: ours from its tarball, the Temporal SDK in our peers' range. */
function specOf(name: string): string {
  if (name in tarballs) return tarballs[name as Published].file;
  const peers = readJson<{ peerDependencies: Record<string, string> }>(
    join(root, PUBLISHED['@teardown/temporal'], 'package.json'),
  ).peerDependencies;
  if (name.startsWith('@temporalio/')) return `${name}@${peers['@temporalio/client']}`;
  throw new Error(`The docs install ${name}, which the release test does not know how to install`);
}

beforeAll(async () => {
  for (const name of Object.keys(PUBLISHED) as Published[]) tarballs[name] = pack(name, join(work, 'tarballs'));
  // What a user outside the repository does: an empty project, then the docs' `npm install` lines — the packages they
  // name, ours from their tarballs — and their `npm install --global` ones in a tree of their own. (Not `--global`
  // itself: the CLI's dependencies on core and temporal would be looked up on the registry, where this version is not
  // yet; so their tarballs go beside it.)
  const lines = installLines();
  const specs = (global: boolean) => [
    ...new Set(lines.filter((l) => l.global === global).flatMap((l) => l.packages.map(specOf))),
  ];
  for (const dir of [app, globalDir]) {
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'teardown-user', private: true, type: 'module' }));
  }
  npm(['install', ...specs(false)], app);
  npm(['install', ...specs(true), tarballs['@teardown/core'].file, tarballs['@teardown/temporal'].file], globalDir);
  [sandbox, temporal] = await Promise.all([startSandbox({ seed: 16 }), startDevServer()]);
});

afterAll(async () => {
  await Promise.all([sandbox?.close(), temporal?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

/** The sandbox's credentials and a fresh set of targets, as the environment variables the samples read. */
function sampleEnv(seeded: SeedResult): Record<string, string> {
  const { mono, cams, epap } = sandbox.credentials;
  const collection = seeded.mono.collections[0]!;
  return {
    MONO_CLIENT_ID: mono.clientId,
    MONO_CLIENT_SECRET: mono.clientSecret,
    MONO_BASE_URL: mono.baseUrl,
    MONO_COLLECTION_ID: collection.id,
    CAMS_ACCESS_KEY_ID: cams.accessKeyId,
    CAMS_ACCESS_KEY_SECRET: cams.accessKeySecret,
    CAMS_ENDPOINT: cams.endpoint,
    CAMS_PHONE_NUMBER: seeded.cams.qrCodes[0]!.phoneNumber,
    CAMS_QRDL_CODE: seeded.cams.qrCodes[0]!.qrdlCode,
    EPAP_CLIENT_ID: epap.clientId,
    EPAP_CLIENT_SECRET: epap.clientSecret,
    EPAP_CHAIN_ID: epap.chainId,
    EPAP_BASE_URL: epap.baseUrl,
    EPAP_ID: seeded.epap.receipts[0]!.epapId,
    EPAP_APP_USER_ID: seeded.epap.receipts[0]!.appUserId,
    TEMPORAL_ADDRESS: temporal.address,
  };
}

/** The README's TypeScript samples, as shipped in the installed package, written into the user's project. */
function samples(pkg: '@teardown/core' | '@teardown/temporal', names: string[]): string[] {
  const blocks = samplesOf(readFileSync(join(app, 'node_modules', pkg, 'README.md'), 'utf8'));
  expect(blocks).toHaveLength(names.length);
  return names.map((name, i) => {
    writeFileSync(join(app, name), blocks[i]!);
    return name;
  });
}

const record = () => sandbox.admin.state();
const deletionsOfReceipt = (epapId: string) => record().epap.receipts.find((r) => r.epapId === epapId)!.deletions;

describe('the tarballs', () => {
  it('hold the build, README, the repository’s LICENSE, repository and homepage, and no workspace ranges', () => {
    const license = readFileSync(join(root, 'LICENSE'), 'utf8');
    for (const { name, file } of Object.values(tarballs)) {
      const files = filesOf(file);
      expect(files, name).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
      expect(files.filter((f) => f.startsWith('dist/')).length, name).toBeGreaterThan(0);
      expect(
        files.filter((f) => /(^|\/)(src|test)\//.test(f)),
        name,
      ).toEqual([]);
      expect(fileIn(file, 'LICENSE'), name).toBe(license);
      const manifest = JSON.parse(fileIn(file, 'package.json')) as Record<string, unknown>;
      expect(manifest, name).toMatchObject({
        name,
        license: 'MIT',
        repository: { type: 'git', directory: PUBLISHED[name] },
        homepage: expect.stringContaining(PUBLISHED[name]),
      });
      expect(manifest.private, name).toBeUndefined();
      expect(JSON.stringify(manifest), name).not.toContain('workspace:');
    }
  });

  it('have READMEs that render on npm: every link and image is a URL or a file the tarball holds', () => {
    let links = 0;
    for (const { name, file } of Object.values(tarballs)) {
      const readme = fileIn(file, 'README.md');
      const targets = [...readme.matchAll(/\]\(([^)\s]+)\)|src="([^"]+)"/g)].map((m) => (m[1] ?? m[2])!.split('#')[0]!);
      links += targets.length;
      const files = filesOf(file);
      expect(
        targets.filter((t) => t !== '' && !/^https:\/\//.test(t) && !files.includes(t.replace(/^\.\//, ''))),
        name,
      ).toEqual([]);
    }
    expect(links).toBeGreaterThan(0);
  });

  it('make @temporalio/* peers of @teardown/temporal (the worker optional) in one range, and give the CLI its bin', () => {
    const temporal = JSON.parse(fileIn(tarballs['@teardown/temporal'].file, 'package.json')) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    expect(Object.keys(temporal.dependencies)).toEqual(['@teardown/core']);
    expect(temporal.peerDependencies).toEqual(
      Object.fromEntries(
        ['activity', 'client', 'common', 'worker', 'workflow'].map((p) => [`@temporalio/${p}`, '^1.24.0']),
      ),
    );
    expect(temporal.peerDependenciesMeta).toEqual({ '@temporalio/worker': { optional: true } });
    const cli = JSON.parse(fileIn(tarballs['@teardown/cli'].file, 'package.json')) as {
      bin: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(cli.bin).toEqual({ teardown: './dist/bin.js' });
    // Sorted: pnpm pack writes the resolved workspace dependencies in either order (a clean-clone CI run saw both).
    expect(
      Object.keys(cli.dependencies)
        .filter((d) => d.startsWith('@teardown/'))
        .sort(),
    ).toEqual(['@teardown/core', '@teardown/temporal']);
  });

  it('ship the n8n examples with the node types of the installed community package', () => {
    const { file } = tarballs['n8n-nodes-teardown'];
    const examples = filesOf(file).filter((f) => f.startsWith('examples/'));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const example of examples) {
      const types = [...fileIn(file, example).matchAll(/"type": "([\w-]+)\.\w+"/g)].map((m) => m[1]);
      expect(
        types.filter((t) => t !== 'n8n-nodes-base'),
        example,
      ).not.toContain('CUSTOM');
      expect(types, example).toContain('n8n-nodes-teardown');
    }
  });

  it('install with npm as real folders, each at the version that was packed, with a Temporal SDK in the peers’ range', () => {
    for (const name of ['@teardown/core', '@teardown/temporal', '@teardown/cli'] as const) {
      const dir = name === '@teardown/cli' ? join(globalDir, 'node_modules', name) : join(app, 'node_modules', name);
      expect(lstatSync(dir).isSymbolicLink(), name).toBe(false);
      expect(readJson<{ version: string }>(join(dir, 'package.json')).version).toBe(
        readJson<{ version: string }>(join(root, PUBLISHED[name], 'package.json')).version,
      );
    }
    const sdk = readJson<{ version: string }>(join(app, 'node_modules/@temporalio/worker/package.json')).version;
    expect(sdk).toMatch(/^1\.(2[4-9]|[3-9]\d)\.\d+$/);
    npm(['ls', '--all'], app); // fails on a missing or invalid dependency or peer
  });
});

describe('the README samples, verbatim, from the installed packages', () => {
  it('typecheck against the installed packages’ types', () => {
    samples('@teardown/core', ['core-sample.ts', 'id-problem-sample.ts']);
    samples('@teardown/temporal', ['worker-sample.ts', 'start-sample.ts']);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
        },
        include: ['*.ts'],
      }),
    );
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', app], { encoding: 'utf8' });
  });

  it('@teardown/core: cancels a collection’s QR codes and deletes it, a CAMS message QR code and an epap receipt', async () => {
    const seeded = sandbox.admin.seed({
      mono: { count: 1, qrCodesPerCollection: 2 },
      cams: { count: 1 },
      epap: { count: 1 },
    });
    const [file] = samples('@teardown/core', ['core-sample.ts', 'id-problem-sample.ts']);
    const output = await run(startTs(file!, app, sampleEnv(seeded)));
    expect(output).toBe('Mono collection deleted\nCAMS message QR code deleted\nepap receipt deleted\n');
    const state = record();
    const collection = seeded.mono.collections[0]!;
    expect(state.mono.collections.find((c) => c.id === collection.id)).toMatchObject({ deletions: 1 });
    expect(state.mono.qrCodes.filter((q) => collection.qrCodes.includes(q.id)).map((q) => q.deletions)).toEqual([1, 1]);
    expect(state.cams.qrCodes.find((q) => q.qrdlCode === seeded.cams.qrCodes[0]!.qrdlCode)).toMatchObject({
      exists: false,
      deletions: 1,
    });
    expect(deletionsOfReceipt(seeded.epap.receipts[0]!.epapId)).toBe(1);
  });

  it('@teardown/core: names the rule a bad ID breaks, as the README says it does', async () => {
    const [, file] = samples('@teardown/core', ['core-sample.ts', 'id-problem-sample.ts']);
    const said = /^\/\/ '(.*)'$/m.exec(readFileSync(join(app, file!), 'utf8'))![1]!;
    expect(await run(startTs(file!, app, {}))).toBe(`${said}\n`);
  });

  it('@teardown/temporal: the worker sample runs the deletes the start sample starts, on a real Temporal server', async () => {
    const seeded = sandbox.admin.seed({
      mono: { count: 2, qrCodesPerCollection: 1 },
      cams: { count: 1 },
      epap: { count: 3 },
    });
    const [workerFile, startFile] = samples('@teardown/temporal', ['worker-sample.ts', 'start-sample.ts']);
    const qr = seeded.mono.collections[1]!;
    const receipts = seeded.epap.receipts.map((r) => `epap-receipt:${r.epapId}?chain=${r.chainId}&user=${r.appUserId}`);
    const env = {
      ...sampleEnv(seeded),
      QR_CODE_TARGET: `mono-qr:${qr.id}/${qr.qrCodes[0]!}`,
      BATCH_ID: 'readme-sample',
      BATCH_TARGETS: [
        ...receipts,
        `cams-qr:${seeded.cams.qrCodes[0]!.phoneNumber}/${seeded.cams.qrCodes[0]!.qrdlCode}`,
      ].join(' '),
    };
    const worker = startTs(workerFile!, app, env);
    try {
      const output = await run(startTs(startFile!, app, env));
      expect(output).toContain(`outcome: 'deleted'`);
      expect(output).toContain(`observedVia: 'poll'`);
      expect(output).toContain(`[ 'deleted', 'deleted', 'deleted', 'deleted' ]`);
      expect(output).toContain('already_finished');
    } finally {
      worker.child.kill('SIGINT');
    }
    expect(await worker.exit, worker.output()).toBe(0);
    const state = record();
    expect(state.mono.qrCodes.find((q) => q.id === qr.qrCodes[0])).toMatchObject({ canceled: true, deletions: 1 });
    expect(state.mono.collections.find((c) => c.id === seeded.mono.collections[0]!.id)).toMatchObject({
      state: 'discarded',
      deletions: 1,
    });
    for (const r of seeded.epap.receipts) expect(deletionsOfReceipt(r.epapId)).toBe(1);
    expect(state.cams.qrCodes.find((q) => q.qrdlCode === seeded.cams.qrCodes[0]!.qrdlCode)).toMatchObject({
      deletions: 1,
    });
  });
});

describe('docs/temporal.md, against the installed packages', () => {
  const doc = readFileSync(join(root, 'docs/temporal.md'), 'utf8');

  it('lists exactly the workflows, activities, signals and queries Teardown registers', async () => {
    writeFileSync(
      join(app, 'names.mjs'),
      [
        "import * as workflows from '@teardown/temporal/workflows';",
        "import { createActivities } from '@teardown/temporal';",
        'const defined = (type) => Object.values(workflows).filter((v) => v?.type === type).map((v) => v.name);',
        'console.log(JSON.stringify({',
        "  workflows: Object.keys(workflows).filter((k) => typeof workflows[k] === 'function'),",
        '  activities: Object.keys(createActivities({})),',
        "  signals: defined('signal'),",
        "  queries: defined('query'),",
        '}));',
      ].join('\n'),
    );
    const output = await run(start(process.execPath, ['names.mjs'], app, {}));
    const registered = JSON.parse(output) as Record<string, string[]>;
    for (const kind of ['workflows', 'activities', 'signals', 'queries']) {
      const row = doc.split('\n').find((line) => line.startsWith(`| ${kind} `)) ?? '';
      const listed = [...row.matchAll(/`(\w+)`/g)].map((m) => m[1]);
      expect(listed.sort(), kind).toEqual(registered[kind]!.sort());
    }
  });

  it('runs Teardown beside your own worker with clashing names: each workflow gets its own activity', async () => {
    const [sample] = samplesOf(doc);
    writeFileSync(join(app, 'existing-worker.ts'), sample!);
    // The user's own worker: a workflow and an activity named like Teardown's.
    writeFileSync(
      join(app, 'workflows.ts'),
      [
        "import { proxyActivities } from '@temporalio/workflow';",
        'const { deleteReceipt } = proxyActivities<{ deleteReceipt(order: string): Promise<string> }>({',
        "  startToCloseTimeout: '1 minute',",
        '});',
        'export async function deleteCollection(order: string): Promise<string> {',
        '  return `order ${order}: ${await deleteReceipt(order)}`;',
        '}',
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'activities.ts'),
      'export async function deleteReceipt(order: string): Promise<string> { return `receipt of ${order} archived`; }',
    );
    writeFileSync(
      join(app, 'start-order.ts'),
      [
        "import { Client, Connection } from '@temporalio/client';",
        'const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });',
        'const client = new Client({ connection });',
        "const options = { taskQueue: 'orders', workflowId: 'order-A-1', args: ['A-1'] };",
        "console.log(await client.workflow.execute('deleteCollection', options));",
        'await connection.close();',
      ].join('\n'),
    );
    const seeded = sandbox.admin.seed({ mono: { count: 1 }, cams: { count: 1 }, epap: { count: 1 } });
    const receipt = seeded.epap.receipts[0]!;
    const env = sampleEnv(seeded);
    const worker = startTs('existing-worker.ts', app, env);
    try {
      const target = `epap-receipt:${receipt.epapId}?chain=${receipt.chainId}&user=${receipt.appUserId}`;
      const teardown = teardownBin;
      const [ours, theirs] = await Promise.all([
        run(start(teardown, ['--json', 'delete', target, '--wait'], app, env)),
        run(startTs('start-order.ts', app, env)),
      ]);
      expect(JSON.parse(ours)).toMatchObject({ outcome: 'deleted' });
      expect(theirs).toBe('order A-1: receipt of A-1 archived\n');
      expect(deletionsOfReceipt(receipt.epapId)).toBe(1);
    } finally {
      worker.child.kill('SIGINT');
    }
    expect(await worker.exit, worker.output()).toBe(0);
  });
});

describe('the teardown CLI installed from npm', () => {
  it('`npx @teardown/cli demo` runs the demo from an empty folder, its report matching the sandbox', async () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    // `npx @teardown/cli demo`, but with the packed tarballs: this version of core and temporal is not on npm yet, so
    // they are named beside the CLI. The Temporal CLI is found as the README says (TEMPORAL_CLI, PATH or the cache).
    const packages = (['@teardown/core', '@teardown/temporal', '@teardown/cli'] as const).flatMap((name) => [
      '--package',
      tarballs[name].file,
    ]);
    const temporalCli: Record<string, string> = process.env.TEMPORAL_CLI
      ? { TEMPORAL_CLI: process.env.TEMPORAL_CLI }
      : {};
    const output = await run(start('npx', ['--yes', ...packages, '--', 'teardown', 'demo'], empty, temporalCli));
    expect(output).toMatch(/^ {2}Temporal 127\.0\.0\.1:\d+ \(the Temporal CLI dev server\) · sandbox /m);
    expect(output).toContain(
      "Sandbox's own record: 320 of these targets deleted once, 0 twice; the report matches it item by item.",
    );
    expect(output).toContain('Stopped the demo stack.');
    expect(readdirSync(empty)).toEqual([]);
  });

  it('runs a worker and deletes through it: `teardown worker`, then `teardown delete --wait`', async () => {
    const seeded = sandbox.admin.seed({ mono: { count: 1, qrCodesPerCollection: 1 }, epap: { count: 1 } });
    const { mono, epap } = sandbox.credentials;
    const teardown = teardownBin;
    const temporalEnv = { TEMPORAL_ADDRESS: temporal.address };
    const worker = start(teardown, ['--task-queue', 'teardown-cli', 'worker'], app, {
      ...temporalEnv,
      TEARDOWN_MONO_CLIENT_ID: mono.clientId,
      TEARDOWN_MONO_CLIENT_SECRET: mono.clientSecret,
      TEARDOWN_MONO_BASE_URL: mono.baseUrl,
      TEARDOWN_EPAP_CLIENT_ID: epap.clientId,
      TEARDOWN_EPAP_CLIENT_SECRET: epap.clientSecret,
      TEARDOWN_EPAP_CHAIN_ID: epap.chainId,
      TEARDOWN_EPAP_BASE_URL: epap.baseUrl,
    });
    try {
      await until(() => worker.output().includes('Teardown worker polling'), 'the worker to poll', worker);
      const collection = seeded.mono.collections[0]!;
      const receipt = seeded.epap.receipts[0]!;
      const targets = [
        `mono-qr:${collection.id}/${collection.qrCodes[0]!}`,
        `epap-receipt:${receipt.epapId}?chain=${receipt.chainId}&user=${receipt.appUserId}`,
      ];
      const args = ['--json', '--task-queue', 'teardown-cli', 'delete', ...targets, '--wait'];
      const lines = (await run(start(teardown, args, app, temporalEnv))).trim().split('\n');
      const results = lines.map((l) => JSON.parse(l) as { outcome: string; target: unknown });
      expect(results.map((r) => r.outcome)).toEqual(['deleted', 'deleted']);
      expect(record().mono.qrCodes.find((q) => q.id === collection.qrCodes[0])).toMatchObject({ deletions: 1 });
      expect(deletionsOfReceipt(receipt.epapId)).toBe(1);
    } finally {
      worker.child.kill('SIGINT');
    }
    expect(await worker.exit, worker.output()).toBe(0);
  });
});

describe('n8n-nodes-teardown installed as n8n’s Community Nodes installs it', () => {
  const n8nDir =
    process.env.TEARDOWN_N8N_DIR ??
    execFileSync('bash', [join(root, 'tools/n8n/setup.sh')], { encoding: 'utf8' }).trim();
  const user = join(work, 'n8n-user');
  const n8nEnv = {
    N8N_USER_FOLDER: user,
    N8N_ENCRYPTION_KEY: 'teardown-release',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_RUNNERS_ENABLED: 'false',
    NODE_ENV: 'production',
  };
  /**
   * The n8n CLI, its output into a file: it exits right after printing, and a pipe can lose what was buffered. `execute`
   * sometimes ends by a signal after printing its result, so for it the printed result is the evidence, not the status.
   */
  async function n8n(...args: string[]): Promise<string> {
    const file = join(work, 'n8n-output.txt');
    const fd = openSync(file, 'w');
    const child = spawn(join(n8nDir, 'bin/n8n'), args, {
      env: { ...process.env, ...n8nEnv },
      stdio: ['ignore', fd, fd],
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    closeSync(fd);
    const output = readFileSync(file, 'utf8');
    if (code !== 0 && args[0] !== 'execute')
      throw new Error(`n8n ${args.join(' ')} exited with ${String(code)}:\n${output.slice(-3000)}`);
    return output;
  }

  /**
   * n8n 2.41's CommunityPackagesService.downloadPackage: the tarball unpacked into ~/.n8n/nodes/node_modules/<name>, its
   * package.json without dev, peer and optional dependencies, `npm install` there with scripts off, and the package
   * recorded in ~/.n8n/nodes/package.json. Only the `npm pack <name>@<version>` from the registry is replaced by our
   * tarball (n8n accepts no other registry without an enterprise licence).
   */
  function installCommunityPackage(tarball: string): string {
    const nodes = join(user, '.n8n/nodes');
    const dir = join(nodes, 'node_modules/n8n-nodes-teardown');
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
    const {
      devDependencies: _d,
      peerDependencies: _p,
      optionalDependencies: _o,
      ...manifest
    } = readJson<Record<string, unknown>>(join(dir, 'package.json'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
    npm(
      ['install', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
      dir,
    );
    writeFileSync(
      join(nodes, 'package.json'),
      JSON.stringify({
        name: 'installed-nodes',
        private: true,
        dependencies: { 'n8n-nodes-teardown': manifest.version },
      }),
    );
    return dir;
  }

  it('loads its nodes as n8n-nodes-teardown.* and runs a shipped example workflow against the sandbox', async () => {
    const dir = installCommunityPackage(tarballs['n8n-nodes-teardown'].file);
    const { epap } = sandbox.credentials;
    const seeded = sandbox.admin.seed({ epap: { count: 1 } });
    const receipt = seeded.epap.receipts[0]!;
    writeFileSync(
      join(work, 'credentials.json'),
      JSON.stringify([
        {
          id: 'releaseEpap',
          name: 'epap',
          type: 'epapApi',
          data: {
            clientId: epap.clientId,
            clientSecret: epap.clientSecret,
            chainId: epap.chainId,
            baseUrl: epap.baseUrl,
          },
        },
      ]),
    );
    await n8n('import:credentials', `--input=${join(work, 'credentials.json')}`);
    // The example as shipped, its placeholders filled in as its README says; its types left as they are.
    const example = readFileSync(join(dir, 'examples/delete-a-returned-receipt.json'), 'utf8')
      .replaceAll('{{CREDENTIAL_ID}}', 'releaseEpap')
      .replaceAll('{{EPAP_ID}}', receipt.epapId)
      .replaceAll('{{APP_USER_ID}}', receipt.appUserId);
    expect(example).toContain('"type": "n8n-nodes-teardown.epap"');
    writeFileSync(join(work, 'example.json'), example);
    await n8n('import:workflow', `--input=${join(work, 'example.json')}`);
    const { id } = JSON.parse(example) as { id: string };
    const output = await n8n('execute', `--id=${id}`, '--rawOutput');
    expect(output).toContain('"status": "success"');
    expect(output).toContain('"outcome": "deleted"');
    expect(deletionsOfReceipt(receipt.epapId)).toBe(1);
  });
});
