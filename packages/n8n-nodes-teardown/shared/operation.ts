// How a Teardown node is put together: resources, each with its operations; every operation (one file under
// nodes/<Provider>/actions/<resource>/) holds its own parameters and what it does with one item. The node file only
// describes; `executeOperation` routes each run to the operation the user picked.
import {
  NodeOperationError,
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from './items';

/** One operation of a node: its own parameters, and what it does with one item (given the node's client). */
export interface Operation<Client> {
  value: string;
  name: string;
  action: string;
  description: string;
  properties: INodeProperties[];
  execute(this: IExecuteFunctions, client: Client, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

/** A node's resources by parameter value, each with its display name and its operations (the first is the default). */
export type Resources<Client> = Record<string, { name: string; operations: Operation<Client>[] }>;

/** The node's parameters: pick a resource, then one of its operations, then that operation's own parameters. */
export function resourceProperties(resources: Resources<unknown>): INodeProperties[] {
  const values = Object.keys(resources);
  return [
    {
      displayName: 'Resource',
      name: 'resource',
      type: 'options',
      noDataExpression: true,
      options: values.map((value) => ({ name: resources[value]!.name, value })),
      default: values[0]!,
    },
    ...values.flatMap((resource) => {
      const { operations } = resources[resource]!;
      return [
        {
          displayName: 'Operation',
          name: 'operation',
          type: 'options' as const,
          noDataExpression: true,
          displayOptions: { show: { resource: [resource] } },
          options: operations.map(({ name, value, action, description }) => ({ name, value, action, description })),
          default: operations[0]!.value,
        },
        // Each operation's parameters show only for that resource and operation.
        ...operations.flatMap((op) =>
          op.properties.map((p) => ({
            ...p,
            displayOptions: { show: { resource: [resource], operation: [op.value] } },
          })),
        ),
      ];
    }),
  ];
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
  return mapItems(context, (i) => operation.execute.call(context, client, i));
}

/** What n8n writes when a field of the input item is dragged onto a parameter. */
const INPUT_FIELD = /^=\{\{\s*\$json\.([A-Za-z_$][\w$]*)\s*\}\}$/;

type ParamContext = Pick<IExecuteFunctions, 'getNodeParameter' | 'getInputData'>;
type Read = (itemIndex: number) => unknown;
/** Per run (n8n gives each run its own context): how each parameter is read. */
const plans = new WeakMap<ParamContext, Map<string, Read>>();

/**
 * How to read a parameter for every item, decided once per run from its raw value. Evaluating an expression starts
 * n8n's expression sandbox and costs about a millisecond per item and parameter — most of this node's CPU on large
 * inputs — so: a value without an expression is resolved by n8n once; `{{ $json.field }}`, which can only mean that
 * field of the item's JSON, is read from the item; any other expression is evaluated by n8n for each item.
 */
function plan(context: ParamContext, name: string, fallback: unknown): Read {
  const get = (i: number) =>
    fallback === undefined ? context.getNodeParameter(name, i) : context.getNodeParameter(name, i, fallback);
  const raw = context.getNodeParameter(name, 0, fallback, { rawExpressions: true });
  if (typeof raw === 'string' && raw.startsWith('=')) {
    const field = INPUT_FIELD.exec(raw)?.[1];
    if (field === undefined) return get;
    const items = context.getInputData();
    return (i) => {
      const json = items[i]?.json;
      return json && Object.hasOwn(json, field) ? json[field] : undefined;
    };
  }
  // Collections and lists may hold expressions inside.
  if (raw !== null && typeof raw === 'object') return get;
  const value = get(0);
  return () => value;
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
