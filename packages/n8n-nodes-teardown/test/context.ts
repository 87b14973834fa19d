// A stand-in for n8n's execute context (the one part of n8n these unit tests do not run): parameters per item,
// credentials, continueOnFail, the node's version, and `helpers.httpRequest` implemented over fetch so requests really reach the sandbox.
import {
  isResourceLocatorValue,
  NodeHelpers,
  type IDataObject,
  type IExecuteFunctions,
  type IHttpRequestOptions,
  type ILoadOptionsFunctions,
  type INode,
  type INodeParameters,
  type INodeType,
} from 'n8n-workflow';

export interface FakeContextOptions {
  items: IDataObject[];
  /** Parameters shared by every item, or a function of the item index. */
  params: IDataObject | ((i: number) => IDataObject);
  credentials: IDataObject;
  continueOnFail?: boolean;
  /** The node's version, as saved in the workflow. Default 1. */
  typeVersion?: number;
  /** The node's "On Error" setting, as saved in the workflow (continueOnFail is true for both "Continue" ones). */
  onError?: INode['onError'];
}

/** A parameter by n8n's path (`options.custSpaceId`); a resource locator's ID with `extractValue`. */
function lookup(params: IDataObject, path: string, options?: { extractValue?: boolean }): unknown {
  let value: unknown = params;
  for (const key of path.split('.'))
    value = value !== null && typeof value === 'object' ? (value as IDataObject)[key] : undefined;
  return options?.extractValue && isResourceLocatorValue(value) ? value.value : value;
}

export function fakeContext({
  items,
  params,
  credentials,
  continueOnFail = false,
  typeVersion = 1,
  onError,
}: FakeContextOptions) {
  const requests: IHttpRequestOptions[] = [];
  const node = {
    id: 'n1',
    name: 'Teardown',
    type: 'test',
    typeVersion,
    position: [0, 0],
    parameters: {},
    onError,
  } as INode;
  const context = {
    getInputData: () => items.map((json) => ({ json })),
    getNodeParameter: (
      name: string,
      i: number,
      fallback?: unknown,
      options?: { rawExpressions?: boolean; extractValue?: boolean },
    ) => {
      // Parameters given per item stand for expressions n8n evaluates per item.
      if (options?.rawExpressions && typeof params === 'function') return '={{ a per-item expression }}';
      const value = lookup(typeof params === 'function' ? params(i) : params, name, options);
      return value === undefined ? fallback : value;
    },
    getCredentials: () => Promise.resolve(credentials),
    continueOnFail: () => continueOnFail,
    getNode: () => node,
    helpers: {
      httpRequest: async (options: IHttpRequestOptions) => {
        requests.push(options);
        const res = await fetch(options.url, {
          method: options.method,
          headers: options.headers as Record<string, string>,
          ...(options.body !== undefined && { body: options.body as string }),
        });
        return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
      },
    },
  };
  return { context: context as unknown as IExecuteFunctions, requests };
}

/** The same stand-in as n8n's context for list searches in the editor: the node's current parameters, no items. */
export function fakeLoadOptionsContext(params: IDataObject, credentials: IDataObject) {
  const { context, requests } = fakeContext({ items: [], params, credentials });
  const loadOptions = {
    ...context,
    getNodeParameter: (name: string, fallback?: unknown, options?: { extractValue?: boolean }) =>
      context.getNodeParameter(name, 0, fallback, options),
  };
  return { context: loadOptions as unknown as ILoadOptionsFunctions, requests };
}

/** A node as the editor holds it: `parameters` completed with the defaults n8n-workflow gives that version. */
export function editorNode(type: INodeType, parameters: INodeParameters, typeVersion = 2): INode {
  const { description } = type;
  const node = {
    id: 'n1',
    name: 'Node',
    type: description.name,
    typeVersion,
    position: [0, 0],
    parameters: {},
  } as INode;
  node.parameters = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description)!;
  return node;
}

/** The issues n8n's editor shows for a node's parameters (n8n-workflow's own check, as the editor runs it). */
export function parameterIssues(type: INodeType, parameters: INodeParameters, typeVersion = 2): string[] {
  const node = editorNode(type, parameters, typeVersion);
  const found = NodeHelpers.getNodeParametersIssues(type.description.properties, node, type.description);
  return Object.values(found?.parameters ?? {}).flat();
}
