// How a Teardown node is put together: resources, each with its operations; every operation (one file under
// nodes/<Provider>/actions/<resource>/) holds its own parameters and what it does with one item. The node file only
// describes; `executeOperation` routes each run to the operation the user picked.
import {
  isResourceLocatorValue,
  NodeOperationError,
  type DisplayCondition,
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from './items';
import type { About, Target } from './failure';

/** One operation of a node: its own parameters, and what it does with one item (given the node's client). */
export interface Operation<Client> {
  value: string;
  name: string;
  action: string;
  description: string;
  /** Deletes or cancels something at the provider (it cannot be undone). */
  deletes?: boolean;
  properties: INodeProperties[];
  /** The one target an item names, when it names one: kept on its error item and named in its error message. */
  target?: (context: IExecuteFunctions, itemIndex: number) => Target;
  execute(this: IExecuteFunctions, client: Client, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

/**
 * A node's resources by parameter value, each with its display name and its operations: the first is the default, and
 * the first that does not delete the default from the version `resourceProperties` is told.
 */
export type Resources<Client> = Record<string, { name: string; operations: Operation<Client>[] }>;

/**
 * The node's parameters: pick a resource, then one of its operations, then that operation's own parameters. A
 * resource's default operation is its first; with `readFirstSince`, from that node version on it is the first that
 * does not delete, so that the node — and the AI-tool variant n8n derives from it, which has no defaults of its own —
 * looks before it deletes.
 */
export function resourceProperties(
  resources: Resources<unknown>,
  { readFirstSince }: { readFirstSince?: number } = {},
): INodeProperties[] {
  const values = Object.keys(resources);
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
  return [
    {
      displayName: 'Resource',
      name: 'resource',
      type: 'options',
      noDataExpression: true,
      // Listed by name; the default stays the first resource, so saved workflows that relied on it keep it.
      options: values.map((value) => ({ name: resources[value]!.name, value })).sort(byName),
      default: values[0]!,
    },
    ...values.flatMap((resource) => {
      const { operations } = resources[resource]!;
      const operation = (defaultOp: string, version?: DisplayCondition): INodeProperties => ({
        displayName: 'Operation',
        name: 'operation',
        type: 'options',
        noDataExpression: true,
        displayOptions: { show: { resource: [resource], ...(version && { '@version': [version] }) } },
        options: operations
          .map(({ name, value, action, description }) => ({ name, value, action, description }))
          .sort(byName),
        default: defaultOp,
      });
      const read = operations.find((op) => !op.deletes);
      const operationChoice =
        readFirstSince !== undefined && read
          ? [
              operation(operations[0]!.value, { _cnd: { lt: readFirstSince } }),
              operation(read.value, { _cnd: { gte: readFirstSince } }),
            ]
          : [operation(operations[0]!.value)];
      return [
        ...operationChoice,
        // Each operation's parameters show only for that resource and operation (and, where a parameter says so, only
        // in some versions of the node).
        ...operations.flatMap((op) =>
          op.properties.map((p) => ({
            ...p,
            displayOptions: {
              ...p.displayOptions,
              show: { ...p.displayOptions?.show, resource: [resource], operation: [op.value] },
            },
          })),
        ),
      ];
    }),
  ];
}

/**
 * The canvas subtitle, "<operation>: <resource>" ("Cancel: QR Code") as n8n's own nodes show it. Not the action
 * ("Cancel a QR code"): n8n names a node added from an action after it, and the canvas would say it twice.
 */
export function subtitle(resources: Resources<unknown>): string {
  const actions = Object.fromEntries(
    Object.entries(resources).flatMap(([resource, { name, operations }]) =>
      operations.map((op) => [`${resource}:${op.value}`, `${op.name}: ${name}`]),
    ),
  );
  return `={{ ${JSON.stringify(actions)}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
}

/**
 * What the AI-tool variant of a node tells an agent (n8n's default "Tool Description"): which operations delete and
 * that they cannot be undone, and to look before deleting. n8n offers a tool variant no parameter defaults of its own:
 * it defaults to a read because the node does (from version 3, see `resourceProperties`).
 */
export function toolDescription(provider: string, resources: Resources<unknown>): string {
  const operations = Object.values(resources).flatMap((r) => r.operations);
  const deletes = operations.filter((op) => op.deletes).map((op) => `"${op.action}"`);
  const reads = operations.filter((op) => !op.deletes).map((op) => `"${op.action}"`);
  const look = reads.length
    ? ` Use ${reads.join(', ')} first to find and check the target, and delete only what the user asked for.`
    : ' Delete only the target the user named, with the IDs the user gave.';
  return `${provider}: ${deletes.join(', ')} ${deletes.length > 1 ? 'delete' : 'deletes'} at ${provider} and cannot be undone.${look}`;
}

/** Runs the picked operation for every item. Resource and operation cannot be expressions (noDataExpression): one per run. */
export function executeOperation<Client>(
  context: IExecuteFunctions,
  resources: Resources<Client>,
  client: Client,
): Promise<INodeExecutionData[][]> {
  const resource = textParam(context, 'resource', 0);
  const name = textParam(context, 'operation', 0);
  const operation = resources[resource]?.operations.find((op) => op.value === name);
  if (!operation) throw new NodeOperationError(context.getNode(), `Unknown operation ${resource}.${name}`);
  const { action, deletes } = operation;
  const about = (i: number): About => ({
    action,
    ...(deletes && { deletes }),
    ...(operation.target && { target: operation.target(context, i) }),
  });
  return mapItems(context, (i) => operation.execute.call(context, client, i), about);
}

/** What n8n writes when a field of the input item is dragged onto a parameter. */
const INPUT_FIELD = /^=\{\{\s*\$json\.([A-Za-z_$][\w$]*)\s*\}\}$/;

export type ParamContext = Pick<IExecuteFunctions, 'getNodeParameter' | 'getInputData'>;
type Read = (itemIndex: number) => unknown;
/** Per run (n8n gives each run its own context): how each parameter is read. */
const plans = new WeakMap<ParamContext, Map<string, Read>>();

/**
 * How to read a parameter for every item, decided once per run from its raw value. Evaluating an expression starts
 * n8n's expression sandbox and costs about a millisecond per item and parameter — most of this node's CPU on large
 * inputs — so: a value without an expression is resolved by n8n once; `{{ $json.field }}`, which can only mean that
 * field of the item's JSON, is read from the item; any other expression is evaluated by n8n for each item. A resource
 * locator ("From list" / "By ID") is read by its value, the same way: n8n's `extractValue` gives the ID it holds.
 */
function plan(context: ParamContext, name: string, fallback: unknown): Read {
  const raw = context.getNodeParameter(name, 0, fallback, { rawExpressions: true });
  const locator = isResourceLocatorValue(raw);
  const options = locator ? { extractValue: true } : undefined;
  const get = (i: number) =>
    fallback === undefined && !locator
      ? context.getNodeParameter(name, i)
      : context.getNodeParameter(name, i, fallback, options);
  const value: unknown = locator ? raw.value : raw;
  if (typeof value === 'string' && value.startsWith('=')) {
    const field = INPUT_FIELD.exec(value)?.[1];
    if (field === undefined) return get;
    const items = context.getInputData();
    return (i) => {
      const json = items[i]?.json;
      return json && Object.hasOwn(json, field) ? json[field] : undefined;
    };
  }
  // Collections and lists may hold expressions inside.
  if (value !== null && typeof value === 'object') return get;
  const once = get(0);
  return () => once;
}

/** How version 1 of a node read `name`: at the top level; later versions keep such settings under "Options". */
export function option(
  context: ParamContext & Pick<IExecuteFunctions, 'getNode'>,
  name: string,
  itemIndex: number,
  fallback: unknown,
): unknown {
  return param(context, context.getNode().typeVersion < 2 ? name : `options.${name}`, itemIndex, fallback);
}

/** A parameter's value for one item (same answer as `getNodeParameter`, without re-resolving what cannot change). */
export function param(context: ParamContext, name: string, itemIndex: number, fallback?: unknown): unknown {
  let byName = plans.get(context);
  if (!byName) plans.set(context, (byName = new Map<string, Read>()));
  let read = byName.get(name);
  if (!read) byName.set(name, (read = plan(context, name, fallback)));
  return read(itemIndex);
}

/** A text parameter, trimmed; anything that is not text is passed on as it is, so core's validation names the field. */
export function textParam(context: ParamContext, name: string, itemIndex: number, fallback?: string): string {
  const value = param(context, name, itemIndex, fallback);
  return (typeof value === 'string' ? value.trim() : value) as string;
}
