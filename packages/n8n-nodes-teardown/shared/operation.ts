import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** One operation of a node: its own parameters, and what it does with one item (given the node's client). */
export interface Operation<Client> {
  value: string;
  name: string;
  action: string;
  description: string;
  properties: INodeProperties[];
  execute(this: IExecuteFunctions, client: Client, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

/** Shows each operation's parameters only for that resource and operation. */
export function scoped(resource: string, operation: Operation<unknown>): INodeProperties[] {
  return operation.properties.map((p) => ({ ...p, displayOptions: { show: { resource: [resource], operation: [operation.value] } } }));
}

export function operationSelector(resource: string, operations: Operation<unknown>[]): INodeProperties {
  return {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: [resource] } },
    options: operations.map(({ name, value, action, description }) => ({ name, value, action, description })),
    default: operations[0]!.value,
  };
}

/** A text parameter, trimmed; anything that is not text is passed on as it is, so core's validation names the field. */
export function textParam(context: Pick<IExecuteFunctions, 'getNodeParameter'>, name: string, itemIndex: number, fallback?: string): string {
  const value = fallback === undefined ? context.getNodeParameter(name, itemIndex) : context.getNodeParameter(name, itemIndex, fallback);
  return (typeof value === 'string' ? value.trim() : value) as string;
}
