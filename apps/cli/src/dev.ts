// `teardown dev`: the embedded stack `teardown demo` runs on, kept running for trying Teardown by hand — the Temporal
// CLI dev server (its state in a file, so workflows survive a restart), the sandbox seeded with a few targets, the webhook
// receiver and a worker for them — on fixed ports, with the lines another terminal needs, until Ctrl-C.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatTarget, targetOfOperation, type Target } from '@teardown/temporal';
import { CliError, EXIT } from './exit.js';
import type { Output } from './output.js';
import { cacheDir, startStack, type Stack } from './stack.js';

export interface DevFlags {
  temporalPort: number;
  uiPort: number;
  sandboxPort: number;
  webhookPort: number;
  dbFilename?: string;
}

/** The export lines for another terminal: the CLI's Temporal, and a worker or receiver of one's own at the sandbox. */
export function devExports(stack: Stack): string[] {
  const { mono, cams, epap } = stack.sandbox.credentials;
  return [
    `export TEMPORAL_ADDRESS=${stack.address}`,
    '# Only to run a worker (`teardown worker`) or receiver (`teardown-webhooks`) of your own against the sandbox:',
    `export TEARDOWN_MONO_CLIENT_ID=${mono.clientId} TEARDOWN_MONO_CLIENT_SECRET=${mono.clientSecret} TEARDOWN_MONO_BASE_URL=${mono.baseUrl}`,
    `export TEARDOWN_CAMS_ACCESS_KEY_ID=${cams.accessKeyId} TEARDOWN_CAMS_ACCESS_KEY_SECRET=${cams.accessKeySecret} TEARDOWN_CAMS_ENDPOINT=${cams.endpoint}`,
    `export TEARDOWN_EPAP_CLIENT_ID=${epap.clientId} TEARDOWN_EPAP_CLIENT_SECRET=${epap.clientSecret} TEARDOWN_EPAP_CHAIN_ID=${epap.chainId} TEARDOWN_EPAP_BASE_URL=${epap.baseUrl}`,
    `export TEARDOWN_MONO_WEBHOOK_SECRET=${mono.webhookSecret}`,
  ];
}

/** A port already taken, as the flag that moves it; anything else unchanged. */
function portInUse(error: unknown, flags: DevFlags): unknown {
  // The dev server only exits (its reason is in its own log): a port in use is the likely one on a fixed port.
  if (error instanceof CliError && error.message.startsWith('The Temporal server exited while starting'))
    return new CliError(
      `The Temporal dev server exited while starting on ports ${flags.temporalPort} and ${flags.uiPort} (Web UI): if one is in use, choose others with --temporal-port and --ui-port.`,
      error.exitCode,
    );
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  if (code !== 'EADDRINUSE') return error;
  const flag = port === flags.sandboxPort ? '--sandbox-port' : '--webhook-port';
  return new CliError(`Port ${port} is already in use: choose another with ${flag}.`, EXIT.invalidInput);
}

async function startDevStack(flags: DevFlags, o: Output): Promise<{ stack: Stack; dbFilename: string }> {
  const dbFilename = flags.dbFilename ?? join(cacheDir(), 'dev', 'temporal.db');
  mkdirSync(dirname(dbFilename), { recursive: true });
  try {
    const stack = await startStack({
      sandbox: {
        port: flags.sandboxPort,
        seed: 1,
        seedData: { mono: { count: 2, qrCodesPerCollection: 2 }, cams: { count: 2 }, epap: { count: 2 } },
      },
      dbFilename,
      ports: { temporal: flags.temporalPort, ui: flags.uiPort, webhooks: flags.webhookPort },
      onFallback: (line) => o.err.write(`  ${line}\n`),
    });
    return { stack, dbFilename };
  } catch (error) {
    throw portInUse(error, flags);
  }
}

/** One target of each kind the sandbox was seeded with, as text, to try the commands on (the last collection: its QR
 * codes are not among them). */
function sampleTargets(stack: Stack): Record<Target['kind'], string> {
  const targets = stack.sandbox.admin.targets().map((r) => targetOfOperation(r.operation, r.fields));
  const first = (kind: Target['kind']) =>
    formatTarget(targets.filter((t) => t.kind === kind).at(kind === 'mono-collection' ? -1 : 0)!);
  return {
    'mono-qr': first('mono-qr'),
    'mono-collection': first('mono-collection'),
    'cams-qr': first('cams-qr'),
    'epap-receipt': first('epap-receipt'),
  };
}

export async function runDev(flags: DevFlags, o: Output): Promise<number> {
  o.err.write('Starting the dev stack: a Temporal server, the sandbox, the webhook receiver, a worker…\n');
  const { stack, dbFilename } = await startDevStack(flags, o);
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      o.err.write('\nStopping the dev stack…\n');
      void stack.close().then(() => resolve());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const sample = sampleTargets(stack);
  o.out.write(
    [
      `Teardown dev stack up. Ctrl-C stops it; Temporal's state stays in ${dbFilename}.`,
      `  Temporal   ${stack.address} (${stack.server})${stack.webUi ? `, Web UI ${stack.webUi}` : ''}`,
      `  sandbox    ${stack.sandbox.url} (seeded; see ${stack.sandbox.url}/__admin/state)`,
      `  webhooks   ${stack.webhookUrl} (the sandbox sends Mono's collection.discarded here)`,
      '  worker     in this process, for Mono Bre-B, Alibaba Cloud CAMS and epap at the sandbox',
      '',
      'In another terminal:',
      ...devExports(stack).map((line) => `  ${line}`),
      // Quoted: an epap target's `?…&…` means something to a shell.
      `  teardown delete '${sample['mono-qr']}' '${sample['cams-qr']}' '${sample['epap-receipt']}' --wait`,
      `  teardown delete '${sample['mono-collection']}' --wait`,
      '',
    ].join('\n'),
  );
  await stopped;
  o.err.write('Stopped the dev stack.\n');
  return EXIT.allDone;
}
