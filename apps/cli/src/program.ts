// The `teardown` command line: commander parses, the modules beside this one do the work. Every command resolves to an
// exit code (see exit.ts); errors meant for the user are CliErrors, printed without a stack.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { NOT_FOUND_HANDLING, PROVIDER_LABEL, printableLines, type NotFoundHandling } from '@teardown/core';
import { CREDENTIALS, EXAMPLE_TARGETS, KINDS, TARGET_KINDS, formatTarget, textShape } from '@teardown/temporal';
import { cancelBatch, checkTargetsFile, defaultBatchId, showReport, showStatus } from './batch.js';
import { runBatch, type BatchFlags } from './batch-command.js';
import { connectTemporal, type TemporalFlags } from './connect.js';
import type { DevFlags } from './dev.js';
import { parseTargets, runDeletes } from './delete.js';
import { CliError, EXIT } from './exit.js';
import { FIELD_COLUMNS } from './input.js';
import type { Output } from './output.js';
import { REPORT_FORMATS, type ReportFormat } from './report.js';
import { addPlanCommands } from './plan-program.js';
import { runPlan } from './plan-command.js';

const targetLines = (() => {
  const shapes = KINDS.map(textShape);
  const width = Math.max(...shapes.map((t) => t.length)) + 3;
  return KINDS.map((k, i) => `  ${shapes[i]!.padEnd(width)}${k.summary}`).join('\n');
})();
const examples = EXAMPLE_TARGETS.map((t) => `  ${formatTarget(t)}`).join('\n');
const example = EXAMPLE_TARGETS[EXAMPLE_TARGETS.length - 1]!;
/** Each ID's rule once (two kinds may share a field). */
const idRules = [...new Set(KINDS.flatMap((k) => Object.values(k.fields).map((f) => f.rule)))].join('\n');

export const TARGET_HELP = `
Targets (one per provider operation):
${targetLines}
For example:
${examples}
${idRules}

Files for \`teardown batch\`: CSV with a header (a "target" column in the syntax above, or one column per field:
${FIELD_COLUMNS.join(', ')}), or JSONL (each line a target string like
${JSON.stringify(formatTarget(EXAMPLE_TARGETS[0]!))} or an object like
${JSON.stringify(example)}).

Temporal: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE (Temporal's environment
configuration, also ~/.config/temporalio/temporal.toml); the flags override them. Provider credentials are read by
\`teardown worker\` only, from the environment:
${Object.values(CREDENTIALS)
  .map((c) => `  ${c.variables} (+ ${c.optional})`)
  .join('\n')}

Exit codes: 0 all done (deleted, already gone, or not found with --not-found done) · 1 some failed · 2 invalid input (nothing started) · 3 Temporal
unreachable · 4 cancelled or not finished · 5 some unconfirmed (not there now: our lost or crashed attempt may have deleted
them, or they never existed) · 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP: \`batch\` closed (or with --cancel-on-interrupt
cancelled) its hand-over and printed how to go on; \`status\` detached (the batch keeps running).`;

/** `--not-found error|done`: core's `notFound` option, the same name and values as in code and workflow input. */
const notFoundOption = () =>
  new Option(
    '--not-found <handling>',
    'a target the provider does not have (deleted before, or a mistyped ID): "error" fails it, "done" reports it as not found and counts it as done',
  )
    .choices(NOT_FOUND_HANDLING)
    .default('error');

interface GlobalFlags extends TemporalFlags {
  json?: boolean;
}

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('must be a whole number from 1 to 64');
  return n;
};

/** `teardown dev`'s ports: Temporal's own defaults (7233, 8233), the sandbox's (4010) and the receiver's (8787). */
const DEV_PORTS = { temporalPort: 7233, uiPort: 8233, sandboxPort: 4010, webhookPort: 8787 } as const;

const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('must be a port from 1 to 65535');
  return n;
};

export function createProgram(): Command {
  const program = new Command('teardown')
    .description(
      `Durable deletes at ${Object.values(PROVIDER_LABEL).join(', ')}, run by Temporal: one target or millions, with live progress and a report.`,
    )
    .option('--address <host:port>', 'Temporal frontend address (default: TEMPORAL_ADDRESS or localhost:7233)')
    .option('--namespace <name>', 'Temporal namespace (default: TEMPORAL_NAMESPACE or default)')
    .option('--api-key <key>', 'Temporal Cloud API key (default: TEMPORAL_API_KEY); implies TLS')
    .option('--tls', 'connect with TLS')
    .option('--no-tls', 'connect without TLS')
    .option('--profile <name>', 'profile of the Temporal configuration file')
    .option('--task-queue <name>', 'task queue of the Teardown worker', 'teardown')
    .option('--json', 'machine-readable output on stdout (one JSON document or one per line); no progress display')
    .addHelpText('after', TARGET_HELP)
    .showHelpAfterError('(run teardown --help for usage)')
    .exitOverride();

  const run = async (action: (o: Output, flags: GlobalFlags) => Promise<number>) => {
    const flags = program.opts<GlobalFlags>();
    const o: Output = { out: process.stdout, err: process.stderr, json: flags.json ?? false };
    process.exitCode = await action(o, flags);
  };
  const withTemporal = async <T>(
    flags: GlobalFlags,
    use: (c: Awaited<ReturnType<typeof connectTemporal>>) => Promise<T>,
  ) => {
    const connected = await connectTemporal(flags);
    try {
      return await use(connected);
    } finally {
      await connected.close();
    }
  };

  program
    .command('delete')
    .description('start a durable delete for each target (all are checked before any starts)')
    .argument('<target...>', `targets: ${TARGET_KINDS.map((k) => `${k}:…`).join(', ')}`)
    .option('--wait', 'wait for each result and print it')
    .option('--already-gone-is-error', 'fail a target that was already deleted instead of reporting "already gone"')
    .addOption(notFoundOption())
    .option('--cancel-active-qr-codes', 'for collections: cancel their active dynamic QR codes first')
    .action(
      (
        texts: string[],
        opts: {
          wait?: boolean;
          alreadyGoneIsError?: boolean;
          notFound: NotFoundHandling;
          cancelActiveQrCodes?: boolean;
        },
      ) =>
        run(async (o, flags) => {
          const targets = parseTargets(texts);
          return withTemporal(flags, ({ teardown }) =>
            runDeletes(
              teardown,
              targets,
              {
                wait: opts.wait ?? false,
                treatAlreadyGoneAsSuccess: !opts.alreadyGoneIsError,
                notFound: opts.notFound,
                cancelActiveQrCodes: opts.cancelActiveQrCodes ?? false,
              },
              o,
            ),
          );
        }),
    );

  program
    .command('batch')
    .description(
      'validate a CSV or JSONL file of targets (all of it, streaming), then delete them all in one durable batch with live progress; Ctrl-C closes the hand-over (the batch finishes what it has) and says how to resume',
    )
    .argument('<file>', 'a .csv, .jsonl or .ndjson file')
    .option('--id <batch-id>', 'name of the batch (default: the file name and the time)')
    .addOption(
      new Option('--format <format>', 'file format, when the extension does not say').choices(['csv', 'jsonl']),
    )
    .option('--concurrency <n>', 'deletes in flight per provider (CAMS stays within 5/s whatever this is)', positiveInt)
    .option('--already-gone-is-error', 'fail targets that were already deleted instead of reporting "already gone"')
    .addOption(notFoundOption())
    .option(
      '--max-waiting <n>',
      'targets handed to the batch that no delete has started yet; the rest of the file follows as it makes room (default 5000)',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 500)
          throw new InvalidArgumentError('must be a whole number of at least 500 (one page)');
        return n;
      },
    )
    .option(
      '--resume <batch-id>',
      'hand over only the targets of the file that batch (and the runs resuming it) never received or reported cancelled, as a new batch <batch-id>.resume-<n>; it waits for that batch to finish what it holds first',
    )
    .option(
      '--feeder-lease <duration>',
      'how long the batch waits without a page or a renewal from this command (killed, machine lost) before it closes itself and finishes what it has, e.g. "2 minutes" (default) or "30s"',
    )
    .option(
      '--cancel-on-interrupt',
      'on Ctrl-C, SIGTERM or SIGHUP cancel the batch (what has not started is reported cancelled) instead of closing its hand-over',
    )
    .option('--check', 'only validate the file; start nothing')
    .option(
      '--dry-run',
      'read every target, read-only, and print what would happen by provider and class; delete nothing',
    )
    .option('--detach', 'start the batch and return at once (follow it with teardown status <batch-id>)')
    .action((file: string, opts: Omit<BatchFlags, 'batchId'> & { id?: string; format?: string; check?: boolean }) =>
      run(async (o, flags) => {
        const { format, check } = await checkTargetsFile(file, opts.format, o);
        if (opts.check) {
          if (o.json)
            o.out.write(
              `${JSON.stringify({ file, valid: true, targets: check.targets, byProvider: check.byProvider, seconds: check.seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
            );
          else
            o.out.write(
              `${file} is valid: ${check.targets} targets. Peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB.\n`,
            );
          return EXIT.allDone;
        }
        if (opts.dryRun) return withTemporal(flags, ({ teardown }) => runPlan(teardown, file, format, check, {}, o));
        if (opts.id && opts.resume)
          throw new CliError('--id and --resume name the batch both ways: give one of them.', EXIT.invalidInput);
        const batchFlags: BatchFlags = { ...opts, batchId: opts.id ?? defaultBatchId(file) };
        return withTemporal(flags, ({ teardown }) => runBatch(teardown, file, format, check, batchFlags, o));
      }),
    );

  program
    .command('status')
    .description('re-attach to a batch: live progress until it finishes (with --json: one snapshot)')
    .argument('<batch-id>')
    .action((batchId: string) =>
      run((o, flags) => withTemporal(flags, ({ teardown }) => showStatus(teardown, batchId, o))),
    );

  program
    .command('report')
    .description("every item's outcome and error code (so far, while the batch runs)")
    .argument('<batch-id>')
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('table'))
    .action((batchId: string, opts: { format: ReportFormat }) =>
      run((o, flags) =>
        withTemporal(flags, ({ teardown }) => showReport(teardown, batchId, flags.json ? 'json' : opts.format, o)),
      ),
    );

  program
    .command('cancel')
    .description(
      'stop a batch cleanly: deletes in flight finish and are reported, the rest are reported cancelled and never sent',
    )
    .argument('<batch-id>')
    .option(
      '--terminate-if-stuck',
      'if the batch cannot act on the cancel (its workflow task keeps failing), terminate it: deletes in flight are then not reported',
    )
    .action((batchId: string, opts: { terminateIfStuck?: boolean }) =>
      run((o, flags) =>
        withTemporal(flags, ({ teardown }) =>
          cancelBatch(teardown, batchId, o, { terminateIfStuck: opts.terminateIfStuck ?? false }),
        ),
      ),
    );

  program
    .command('worker')
    .description(
      'run a Teardown worker here: the workflows and the provider activities, credentials from TEARDOWN_* variables',
    )
    .action(() => run(async (o, flags) => (await import('./worker.js')).runWorker(flags, o)));

  program
    .command('demo')
    .description(
      'start an embedded stack (the Temporal CLI dev server, sandbox, worker, webhook receiver) and run a mixed batch against it',
    )
    .action(() => run(async (o) => (await import('./demo.js')).runDemo(o)));

  program
    .command('dev')
    .description(
      'start a local stack to try Teardown on and keep it running until Ctrl-C: the Temporal CLI dev server (state kept in a file), the sandbox, the webhook receiver and a worker; prints what another terminal needs',
    )
    .option('--temporal-port <port>', 'Temporal frontend port', port, DEV_PORTS.temporalPort)
    .option('--ui-port <port>', 'Temporal Web UI port', port, DEV_PORTS.uiPort)
    .option('--sandbox-port <port>', 'sandbox port', port, DEV_PORTS.sandboxPort)
    .option('--webhook-port <port>', 'webhook receiver port', port, DEV_PORTS.webhookPort)
    .option('--db-filename <file>', "the Temporal dev server's state (default: ~/.cache/teardown/dev/temporal.db)")
    .action((flags: DevFlags) => run(async (o) => (await import('./dev.js')).runDev(flags, o)));

  addPlanCommands(program, run, (flags, use) => withTemporal(flags, ({ teardown }) => use(teardown)));
  return program;
}

/** Runs the command line and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.allDone;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.allDone : EXIT.invalidInput;
    if (error instanceof CliError) {
      process.stderr.write(`teardown: ${printableLines(error.message)}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `teardown: ${printableLines(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
    );
    return EXIT.someFailed;
  }
}
