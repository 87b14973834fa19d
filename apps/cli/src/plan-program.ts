// The commands that look before they delete: `teardown plan` and `teardown apply` (createProgram adds them).
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { NOT_FOUND_HANDLING, type NotFoundHandling } from '@teardown/core';
import type { TeardownClient } from '@teardown/temporal';
import { checkTargetsFile, defaultBatchId } from './batch.js';
import { runApply } from './apply-command.js';
import { CliError, EXIT } from './exit.js';
import type { Output } from './output.js';
import { runPlan } from './plan-command.js';
import { parseDuration } from './plan-file.js';

type Run = (action: (o: Output, flags: object) => Promise<number>) => Promise<void>;
type WithTeardown = <T>(flags: object, use: (teardown: TeardownClient) => Promise<T>) => Promise<T>;

const duration = (value: string) => {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError('must be a number and a unit: 90s, 30m, 24h or 7d');
  return ms;
};

export function addPlanCommands(program: Command, run: Run, withTeardown: WithTeardown): void {
  program
    .command('plan')
    .description(
      'read every target of a file, read-only, and write a plan: one line per target with what would happen (delete, already_gone, not_found, blocked, protected, unverified), why, and what the provider showed; sends no delete',
    )
    .argument('<file>', 'a .csv, .jsonl or .ndjson file of targets')
    .requiredOption('--out <plan>', 'where to write the plan (JSONL, pinned by a digest of its lines)')
    .option('--protect <file>', 'targets or ID prefixes, one a line, that are never read nor sent anything')
    .addOption(
      new Option('--format <format>', 'file format, when the extension does not say').choices(['csv', 'jsonl']),
    )
    .action((file: string, opts: { out: string; protect?: string; format?: string }) =>
      run(async (o, flags) => {
        // The plan is written while the file is read: writing over it would lose the targets.
        if (resolve(opts.out) === resolve(file))
          throw new CliError(
            `--out ${opts.out} is the targets file: write the plan to a file of its own.`,
            EXIT.invalidInput,
          );
        const { format, check } = await checkTargetsFile(file, opts.format, o);
        return withTeardown(flags, (teardown) => runPlan(teardown, file, format, check, opts, o));
      }),
    );

  program
    .command('apply')
    .description(
      'check a plan is whole, unedited and younger than --max-age, then delete exactly its "delete" lines in one durable batch (like teardown batch); no other line is sent anything',
    )
    .argument('<plan>', 'a plan written by teardown plan')
    .option('--include-unverified', 'also send the "unverified" lines (epap receipts, failed reads)')
    .addOption(
      new Option('--max-age <duration>', 'refuse a plan older than this: 90s, 30m, 24h, 7d')
        .argParser(duration)
        .default(24 * 3_600_000, '24h'),
    )
    .option('--id <batch-id>', 'name of the batch (default: the plan file name and the time)')
    .option('--resume <batch-id>', 'as for teardown batch: send only what that batch never received')
    .option('--detach', 'start the batch and return at once (follow it with teardown status <batch-id>)')
    .addOption(
      new Option('--not-found <handling>', 'as for teardown batch').choices(NOT_FOUND_HANDLING).default('error'),
    )
    .action(
      (
        plan: string,
        opts: {
          includeUnverified?: boolean;
          maxAge: number;
          id?: string;
          resume?: string;
          detach?: boolean;
          notFound: NotFoundHandling;
        },
      ) =>
        run(async (o, flags) => {
          if (opts.id && opts.resume)
            throw new CliError('--id and --resume name the batch both ways: give one of them.', EXIT.invalidInput);
          const { maxAge, id, ...rest } = opts;
          return runApply(
            (use) => withTeardown(flags, use),
            plan,
            { ...rest, maxAgeMs: maxAge, batchId: id ?? defaultBatchId(plan) },
            o,
          );
        }),
    );
}
