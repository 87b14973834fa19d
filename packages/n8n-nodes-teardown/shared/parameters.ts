// Parameter shapes every Teardown node uses: which version of a node shows a parameter, the "Options" collection, the
// resource locators (pick from a list, or paste an ID checked as you type against core's rule), and the delete notice.
//
// Version 2 of each action node turned typed IDs into resource locators and moved settings under "Options". Both
// change how a parameter is stored, so, as n8n does for its own nodes, they came as a new node version: a workflow
// saved with version 1 opens and runs exactly as before (its nodes keep version 1 and its parameters), new nodes get
// version 2. The operations read both (`param` reads a locator by its value, `option` knows where each version keeps
// a setting). Version 3 of the nodes that can read (Mono Bre-B, CAMS) defaults to a read operation, lists with Return
// All / Limit, and checks CAMS's phone number as you type: n8n leaves a parameter at its default out of the saved
// workflow, so a new default, too, needs a new version.
import type { DisplayCondition, INodeListSearchItems, INodeListSearchResult, INodeProperties } from 'n8n-workflow';
import type { DeleteOptions, IdField } from '@teardown/core';
import { option, param } from './operation';
import { ALREADY_DELETED_LABEL, NOT_FOUND_LABEL } from './failure';

function showIn(version: number | DisplayCondition, p: INodeProperties): INodeProperties {
  return { ...p, displayOptions: { ...p.displayOptions, show: { ...p.displayOptions?.show, '@version': [version] } } };
}

/** A parameter as version 1 of the node had it. */
export const inVersion1 = (p: INodeProperties) => showIn(1, p);
/** A parameter as version 2 of the node and later have it. */
export const sinceVersion2 = (p: INodeProperties) => showIn({ _cnd: { gte: 2 } }, p);
/** A parameter as versions 1 and 2 of the node had it. */
export const beforeVersion3 = (p: INodeProperties) => showIn({ _cnd: { lt: 3 } }, p);
/** A parameter as version 3 of the node and later have it. */
export const sinceVersion3 = (p: INodeProperties) => showIn({ _cnd: { gte: 3 } }, p);

/** Settings with good defaults: at the top level in version 1, under "Options" from version 2 on. */
export function options(...settings: INodeProperties[]): INodeProperties[] {
  return [
    ...settings.map(inVersion1),
    sinceVersion2({
      displayName: 'Options',
      name: 'options',
      type: 'collection',
      placeholder: 'Add option',
      default: {},
      options: settings.map(({ required: _, ...s }) => s),
    }),
  ];
}

/**
 * A target the user picks: "From List" (when the provider can list them) or "By ID", checked as it is typed against
 * the ID's rule in core, with core's sentence as the message (n8n anchors the pattern itself; core's is anchored too,
 * which matches the same values). n8n checks a value as it is typed only in a resource locator's mode, so a value with
 * nothing to pick from (a phone number) is a locator with one typed mode, `typedAs` naming it.
 */
export function idLocator(
  id: IdField,
  p: Pick<INodeProperties, 'displayName' | 'name' | 'description' | 'hint'> & {
    searchListMethod?: string;
    typedAs?: string;
  },
): INodeProperties {
  const { searchListMethod, typedAs = 'By ID', ...rest } = p;
  return {
    ...rest,
    type: 'resourceLocator',
    required: true,
    default: { mode: searchListMethod ? 'list' : 'id', value: '' },
    modes: [
      ...(searchListMethod
        ? [
            {
              displayName: 'From List',
              name: 'list',
              type: 'list' as const,
              placeholder: `Select a ${rest.displayName}…`,
              typeOptions: { searchListMethod, searchable: true },
            },
          ]
        : []),
      {
        displayName: typedAs,
        name: 'id',
        type: 'string',
        placeholder: `e.g. ${id.example}`,
        validation: [{ type: 'regex', properties: { regex: id.pattern.source, errorMessage: id.rule } }],
      },
    ],
  };
}

/**
 * One page of a listSearch answer, keeping what matches the user's search text (case-insensitive) in any of the
 * entry's `searchable` fields. The providers' list APIs take no search text, so the filter runs here.
 */
export function searchPage<T>(
  entries: T[],
  filter: string | undefined,
  item: (entry: T) => INodeListSearchItems & { searchable: unknown[] },
  nextPage?: string,
): INodeListSearchResult {
  const needle = filter?.trim().toLowerCase() ?? '';
  const results = entries
    .map(item)
    .filter(({ searchable }) => searchable.some((s) => typeof s === 'string' && s.toLowerCase().includes(needle)))
    .map(({ searchable: _, ...result }) => result);
  return { results, ...(nextPage !== undefined && { paginationToken: nextPage }) };
}

/** Shown on every delete: it cannot be undone, and how not to delete for real while building the workflow. */
export const deleteNotice = (what: string): INodeProperties => ({
  displayName: `${what} cannot be undone. n8n's "Execute step" also re-runs earlier nodes whose parameters changed, deletes included: while you build, pin the output of the nodes before this one (the list nodes first), or work with a sandbox credential.`,
  name: 'deleteNotice',
  type: 'notice',
  default: '',
});

/** The settings every delete has, as the user sees them (under "Options" from version 2 on). */
export const deleteSettings: INodeProperties[] = [
  {
    // Shorter than its first label ("Treat Already Deleted as Success"), which the options list cut off.
    displayName: ALREADY_DELETED_LABEL,
    name: 'treatAlreadyGoneAsSuccess',
    type: 'boolean',
    default: true,
    description:
      'Whether a target the provider shows as already deleted (for example by an earlier run) counts as success. The output says which: "outcome" is "deleted" or "already_gone".',
  },
  {
    displayName: NOT_FOUND_LABEL,
    name: 'countNotFoundAsDone',
    type: 'boolean',
    default: false,
    description:
      'Whether a target the provider does not know at all counts as done, with "outcome": "not_found". Off, it fails the item: the provider cannot tell a target deleted long ago from a mistyped ID.',
  },
];

/** What the user chose for this item's delete, as core takes it. */
export function deleteOptions(context: Parameters<typeof option>[0], itemIndex: number): DeleteOptions {
  return {
    treatAlreadyGoneAsSuccess: option(context, 'treatAlreadyGoneAsSuccess', itemIndex, true) as boolean,
    notFound: option(context, 'countNotFoundAsDone', itemIndex, false) === true ? 'done' : 'error',
  };
}

/** Return All / Limit, as n8n's own list operations have them (from version 3 on). */
export const returnAllOrLimit: INodeProperties[] = [
  {
    displayName: 'Return All',
    name: 'returnAll',
    type: 'boolean',
    default: false,
    description: 'Whether to return all results or only up to a given limit',
  },
  {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    typeOptions: { minValue: 1 },
    displayOptions: { show: { returnAll: [false] } },
    default: 50,
    description: 'Max number of results to return',
  },
];

/** How many results the user asked for: a number, or `undefined` for all of them. */
export function limitOf(context: Parameters<typeof option>[0], itemIndex: number): number | undefined {
  if (param(context, 'returnAll', itemIndex, false) === true) return undefined;
  const limit = param(context, 'limit', itemIndex, 50);
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)
    throw new Error(
      `Limit must be a whole number of 1 or more, or turn on "Return All" (got ${JSON.stringify(limit)}).`,
    );
  return limit;
}
