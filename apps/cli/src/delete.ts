// `teardown delete <target>...`: one durable workflow per target (a second start for the same target attaches to the
// running one). Every target is parsed before anything starts.
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import {
  TeardownValidationError,
  type DeleteOutcome,
  type NotFoundHandling,
  printable,
  printableJson,
  requestOptionsOf,
} from '@teardown/core';
import {
  FAILURE_TYPES,
  formatTarget,
  parseTarget,
  type DeleteCollectionResult,
  type DeleteTargetResult,
  type TeardownClient,
  type Target,
} from '@teardown/temporal';
import { CliError, EXIT } from './exit.js';
import type { Output } from './output.js';

export function parseTargets(texts: string[]): Target[] {
  return texts.map((text, i) => {
    try {
      return parseTarget(text);
    } catch (error) {
      if (error instanceof TeardownValidationError)
        throw new CliError(
          `target ${i + 1} (${text}), ${error.field}: ${error.rule} Nothing was started.`,
          EXIT.invalidInput,
        );
      throw error;
    }
  });
}

/** The provider's error code and message from a failed workflow, without the wrapping. */
export function failureOf(error: unknown): { code: string; message: string } {
  let e: unknown = error;
  while ((e instanceof WorkflowFailedError || e instanceof ActivityFailure) && e.cause) e = e.cause;
  if (e instanceof ApplicationFailure) return { code: e.type ?? FAILURE_TYPES.unknown, message: e.message };
  return { code: FAILURE_TYPES.unknown, message: e instanceof Error ? e.message : String(e) };
}

/** For a collection, when its discard was seen and how. */
const discardOf = (r: DeleteTargetResult | DeleteCollectionResult) =>
  'discardedAt' in r && r.discardedAt ? `, discarded at ${r.discardedAt} (observed via ${r.observedVia})` : '';

export interface DeleteCommandOptions {
  wait: boolean;
  treatAlreadyGoneAsSuccess: boolean;
  notFound?: NotFoundHandling;
  cancelActiveQrCodes: boolean;
}

const OUTCOME_LABEL: Record<DeleteOutcome, string> = {
  deleted: 'deleted  ',
  already_gone: 'already gone',
  not_found: 'not found',
  unconfirmed: 'unconfirmed',
};

export async function runDeletes(
  teardown: TeardownClient,
  targets: Target[],
  options: DeleteCommandOptions,
  o: Output,
): Promise<number> {
  const started = await Promise.all(
    targets.map((t) =>
      teardown.startDelete(t, {
        ...requestOptionsOf(options),
        ...(t.kind === 'mono-collection' && options.cancelActiveQrCodes && { cancelActiveQrCodes: true }),
      }),
    ),
  );
  if (!options.wait) {
    for (const [i, s] of started.entries()) {
      if (o.json) o.out.write(`${printableJson({ target: formatTarget(targets[i]!), workflowId: s.workflowId })}\n`);
      else o.out.write(`started   ${printable(formatTarget(targets[i]!))}  (workflow ${printable(s.workflowId)})\n`);
    }
    return EXIT.allDone;
  }
  let failed = 0;
  let unconfirmed = 0;
  await Promise.all(
    started.map(async (s, i) => {
      const target = formatTarget(targets[i]!);
      try {
        const r = await s.result();
        const discard = discardOf(r);
        if (r.outcome === 'unconfirmed') unconfirmed++;
        if (o.json) o.out.write(`${printableJson({ ...r, target, workflowId: s.workflowId })}\n`);
        else
          o.out.write(
            `${OUTCOME_LABEL[r.outcome]} ${printable(`${target}${r.reason ? ` (${r.reason})` : ''}${discard}`)}\n`,
          );
      } catch (error) {
        failed++;
        const f = failureOf(error);
        if (o.json) o.out.write(`${printableJson({ target, workflowId: s.workflowId, outcome: 'failed', ...f })}\n`);
        else o.out.write(`failed    ${printable(`${target}: ${f.code}: ${f.message}`)}\n`);
      }
    }),
  );
  return failed > 0 ? EXIT.someFailed : unconfirmed > 0 ? EXIT.someUnconfirmed : EXIT.allDone;
}
