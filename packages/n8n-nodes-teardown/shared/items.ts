// What every Teardown node does with its items: run one operation per item with bounded concurrency, keep pairedItem,
// and turn core's errors into n8n's (NodeApiError for provider answers, NodeOperationError for bad input) or, with
// "Continue On Fail", into an output item a human can act on.
import {
  NodeApiError,
  NodeOperationError,
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type JsonObject,
} from 'n8n-workflow';
import { isTeardownError, TeardownValidationError, type DeleteResult } from '@teardown/core';

export const CONCURRENCY = 8;

export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
  const json: IDataObject = isTeardownError(error)
    ? {
        error: error.message,
        code: error.code,
        classification: error.classification,
        ...(error.requestId && { requestId: error.requestId }),
        ...(error.status && { status: error.status }),
        hint: error.hint,
      }
    : { error: error instanceof Error ? error.message : String(error) };
  return { json, pairedItem: { item: itemIndex } };
}

/**
 * Core's error as n8n's: bad input as NodeOperationError, a provider's answer as NodeApiError with its HTTP status.
 * The provider's request ID is in core's message; the description adds what to do, not the ID a second time.
 */
export function toNodeError(context: Pick<IExecuteFunctions, 'getNode'>, error: unknown, itemIndex?: number): Error {
  const item = itemIndex === undefined ? {} : { itemIndex };
  if (error instanceof TeardownValidationError)
    return new NodeOperationError(context.getNode(), error.message, { ...item, description: error.hint });
  if (isTeardownError(error)) {
    const id = error.requestId && !error.message.includes(error.requestId) ? ` (request ${error.requestId})` : '';
    return new NodeApiError(context.getNode(), error.toJSON() as unknown as JsonObject, {
      ...item,
      message: error.message,
      description: `${error.hint}${id}`,
      ...(error.status && { httpCode: String(error.status) }),
    });
  }
  return error instanceof Error
    ? new NodeOperationError(context.getNode(), error, item)
    : new NodeOperationError(context.getNode(), String(error), item);
}

/** A delete's output: whether it was deleted now, already gone or not found, and the provider's evidence. */
export function deleteItem(result: DeleteResult, input: IDataObject): IDataObject {
  return {
    ...input,
    outcome: result.outcome,
    alreadyGone: result.outcome === 'already_gone',
    ...(result.reason && { reason: result.reason }),
    ...(result.requestId && { requestId: result.requestId }),
  };
}

/** Runs `run` for every item, `CONCURRENCY` at a time, results in input order. */
export async function mapItems(
  context: IExecuteFunctions,
  run: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[][]> {
  const items = context.getInputData();
  const outputs: INodeExecutionData[][] = new Array<INodeExecutionData[]>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        const out = await run(i);
        outputs[i] = (Array.isArray(out) ? out : [out]).map((json) => ({ json, pairedItem: { item: i } }));
      } catch (error) {
        if (!context.continueOnFail()) throw toNodeError(context, error, i);
        outputs[i] = [errorItem(error, i)];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, lane));
  return [outputs.flat()];
}
