// What every Teardown node does with its items: run one operation per item with bounded concurrency, keep pairedItem,
// and turn core's errors into n8n's (NodeApiError for provider answers, NodeOperationError for bad input) or, when the
// node's "On Error" setting continues, into an output item a human can act on.
import {
  NodeApiError,
  NodeOperationError,
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type JsonObject,
} from 'n8n-workflow';
import { isTeardownError, PROVIDER_LABEL, TeardownValidationError, type DeleteResult } from '@teardown/core';
import { describeFailure, ItemFailure, type About, type Target } from './failure';

export const CONCURRENCY = 8;

/**
 * A failed item. Under "Continue (using error output)" n8n moves an item to the error output only when its JSON holds
 * no key but `error`, `message` and `details` (n8n-core 2.41, `WorkflowExecute.handleNodeErrorOutput`; it then adds the input item's fields) — so every other field goes
 * under `details` there; under plain "Continue" the fields stay at the top level, as they always were.
 */
export function errorItem(error: unknown, itemIndex: number, about: About, toErrorOutput: boolean): INodeExecutionData {
  const { message, fields } = describeFailure(error, about);
  const json: IDataObject = toErrorOutput ? { error: message, details: fields } : { error: message, ...fields };
  return { json, pairedItem: { item: itemIndex } };
}

/** Core's error as n8n's: bad input as NodeOperationError, a provider's answer as NodeApiError with its HTTP status. */
export function toNodeError(
  context: Pick<IExecuteFunctions, 'getNode'>,
  error: unknown,
  itemIndex?: number,
  about: About = { action: '' },
): Error {
  const item = itemIndex === undefined ? {} : { itemIndex };
  const { message, hint } = describeFailure(error, about);
  if (error instanceof TeardownValidationError) return new NodeOperationError(context.getNode(), message, item);
  if (error instanceof ItemFailure)
    return new NodeOperationError(context.getNode(), message, { ...item, ...(hint && { description: hint }) });
  if (isTeardownError(error)) {
    return new NodeApiError(context.getNode(), error.toJSON() as unknown as JsonObject, {
      ...item,
      message,
      ...(hint && { description: hint }),
      ...(error.status && { httpCode: String(error.status) }),
    });
  }
  return error instanceof Error
    ? new NodeOperationError(context.getNode(), error, item)
    : new NodeOperationError(context.getNode(), String(error), item);
}

/**
 * A delete's output, the same fields for every provider and outcome: the target's IDs, `outcome`, `alreadyGone`, and
 * the provider's evidence, `requestId` and `reason` (null when the provider gave none).
 *
 * An `unconfirmed` delete fails the item instead: "not there now" after an attempt whose answer was lost may be our
 * delete or a mistyped ID, and a workflow must not count a mistyped ID as deleted.
 */
export function deleteItem(result: DeleteResult, target: Target): IDataObject {
  const evidence = { requestId: result.requestId ?? null, reason: result.reason ?? null };
  if (result.outcome === 'unconfirmed') throw unconfirmed(result, target, evidence);
  return { ...target.ids, outcome: result.outcome, alreadyGone: result.outcome === 'already_gone', ...evidence };
}

function unconfirmed(result: DeleteResult, target: Target, evidence: IDataObject): ItemFailure {
  const who = PROVIDER_LABEL[result.provider];
  const attempts = `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`;
  return new ItemFailure(
    `${who} has no ${target.name} now, and cannot say why: an earlier try of this delete whose answer was lost may have deleted it, or the ID never existed (${attempts}).`,
    `Check the ID. If it is right, the delete went through: ${who} has no record of what it deleted to confirm it. Running the delete again cannot tell either.`,
    { outcome: result.outcome, ...evidence, attempts: result.attempts },
  );
}

/** Runs `run` for every item, `CONCURRENCY` at a time, results in input order; `about` names an item's failure. */
export async function mapItems(
  context: IExecuteFunctions,
  run: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
  about: (itemIndex: number) => About,
): Promise<INodeExecutionData[][]> {
  const items = context.getInputData();
  const outputs: INodeExecutionData[][] = new Array<INodeExecutionData[]>(items.length);
  const toErrorOutput = context.getNode().onError === 'continueErrorOutput';
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        const out = await run(i);
        outputs[i] = (Array.isArray(out) ? out : [out]).map((json) => ({ json, pairedItem: { item: i } }));
      } catch (error) {
        if (!context.continueOnFail()) throw toNodeError(context, error, i, about(i));
        outputs[i] = [errorItem(error, i, about(i), toErrorOutput)];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, lane));
  return [outputs.flat()];
}
