// What can be deleted, as data and as text: `mono-qr:<collectionId>/<qrId>`, `mono-collection:<id>`,
// `cams-qr:<phone>/<qrdlCode>[?custSpaceId=…]`, `epap-receipt:<epapId>?chain=<chainId>&user=<appUserId>`.
// Pure: no Temporal imports, so workflows, clients and the CLI share one parser.
import { ID_FIELDS, TeardownValidationError, optionalId, requireId } from '@teardown/core';

import { OPERATION_OF, PROVIDER_OF, TARGET_KINDS, type Target, type TargetKind } from './kinds.js';

export { OPERATION_OF, PROVIDER_OF, TARGET_KINDS, type Target, type TargetKind };

const invalid = (kind: TargetKind | undefined, field: string, rule: string) =>
  new TeardownValidationError(
    kind ? PROVIDER_OF[kind] : 'mono-breb',
    kind ? OPERATION_OF[kind] : 'parseTarget',
    field,
    rule,
  );

/** Checks a target given as data (e.g. from JSON), throwing a validation error that names the field and the rule. */
export function validateTarget(value: unknown): Target {
  const t = value as Record<string, unknown> | null;
  if (typeof t !== 'object' || t === null)
    throw invalid(undefined, 'target', 'A target must be an object with a kind.');
  const kind = t.kind as TargetKind;
  if (!TARGET_KINDS.includes(kind))
    throw invalid(undefined, 'kind', `A target's kind must be one of ${TARGET_KINDS.join(', ')}.`);
  const op = OPERATION_OF[kind];
  switch (kind) {
    case 'mono-qr':
      return {
        kind,
        collectionId: requireId(ID_FIELDS.monoCollectionId, op, t.collectionId),
        qrCodeId: requireId(ID_FIELDS.monoQrCodeId, op, t.qrCodeId),
      };
    case 'mono-collection':
      return { kind, collectionId: requireId(ID_FIELDS.monoCollectionId, op, t.collectionId) };
    case 'cams-qr': {
      const custSpaceId = optionalId(ID_FIELDS.camsCustSpaceId, op, t.custSpaceId);
      return {
        kind,
        phoneNumber: requireId(ID_FIELDS.camsPhoneNumber, op, t.phoneNumber),
        qrdlCode: requireId(ID_FIELDS.camsQrdlCode, op, t.qrdlCode),
        ...(custSpaceId !== undefined && { custSpaceId }),
      };
    }
    case 'epap-receipt':
      return {
        kind,
        epapId: requireId(ID_FIELDS.epapId, op, t.epapId),
        chainId: requireId(ID_FIELDS.epapChainId, op, t.chainId),
        appUserId: requireId(ID_FIELDS.epapAppUserId, op, t.appUserId),
      };
  }
}

/**
 * Percent-escapes are decoded once (`%25` is a literal `%`); one that does not decode to UTF-8 is refused, naming the
 * field, instead of escaping as a URIError. `+` stays `+`: this is not a form encoding.
 */
function decoded(kind: TargetKind, field: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid(
      kind,
      field,
      `The ${field} holds a percent-escape that is not valid UTF-8 (write a literal % as %25).`,
    );
  }
}

/** Parses the text form of a target. */
export function parseTarget(text: string): Target {
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon) as TargetKind;
  if (colon < 0 || !TARGET_KINDS.includes(kind))
    throw invalid(undefined, 'kind', `A target starts with one of ${TARGET_KINDS.map((k) => `${k}:`).join(', ')}.`);
  const rest = text.slice(colon + 1);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const params = new Map(
    (q < 0 ? '' : rest.slice(q + 1))
      .split('&')
      .filter((pair) => pair !== '')
      .map((pair) => {
        const eq = pair.indexOf('=');
        return eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
      }),
  );
  const param = (name: string, field: string) => {
    const value = params.get(name);
    return value === undefined ? undefined : decoded(kind, field, value);
  };
  const segments = path.split('/');
  const segment = (i: number, field: string) => decoded(kind, field, segments[i] ?? '');
  const expectSegments = (n: number, shape: string) => {
    if (segments.length !== n) throw invalid(kind, 'target', `A ${kind} target looks like ${shape}.`);
  };
  switch (kind) {
    case 'mono-qr':
      expectSegments(2, 'mono-qr:<collectionId>/<qrCodeId>');
      return validateTarget({ kind, collectionId: segment(0, 'collectionId'), qrCodeId: segment(1, 'qrCodeId') });
    case 'mono-collection':
      expectSegments(1, 'mono-collection:<collectionId>');
      return validateTarget({ kind, collectionId: segment(0, 'collectionId') });
    case 'cams-qr':
      expectSegments(2, 'cams-qr:<phoneNumber>/<qrdlCode>[?custSpaceId=<id>]');
      return validateTarget({
        kind,
        phoneNumber: segment(0, 'phoneNumber'),
        qrdlCode: segment(1, 'qrdlCode'),
        custSpaceId: param('custSpaceId', 'custSpaceId'),
      });
    case 'epap-receipt':
      expectSegments(1, 'epap-receipt:<epapId>?chain=<chainId>&user=<appUserId>');
      return validateTarget({
        kind,
        epapId: segment(0, 'epapId'),
        chainId: param('chain', 'chainId'),
        appUserId: param('user', 'appUserId'),
      });
  }
}

/** The text form `parseTarget` reads back: IDs hold no separators (validation refuses them), only `%` needs escaping. */
export function formatTarget(target: Target): string {
  const e = (value: string) => value.replaceAll('%', '%25');
  switch (target.kind) {
    case 'mono-qr':
      return `mono-qr:${target.collectionId}/${target.qrCodeId}`;
    case 'mono-collection':
      return `mono-collection:${target.collectionId}`;
    case 'cams-qr':
      return `cams-qr:${target.phoneNumber}/${e(target.qrdlCode)}${target.custSpaceId ? `?custSpaceId=${e(target.custSpaceId)}` : ''}`;
    case 'epap-receipt':
      return `epap-receipt:${e(target.epapId)}?chain=${e(target.chainId)}&user=${e(target.appUserId)}`;
  }
}

/** One workflow per target: a second start for the same target attaches to the running one instead of deleting twice. */
export function targetWorkflowId(target: Target): string {
  switch (target.kind) {
    case 'mono-qr':
      return `teardown/mono-qr/${target.collectionId}/${target.qrCodeId}`;
    case 'mono-collection':
      return `teardown/mono-collection/${target.collectionId}`;
    case 'cams-qr':
      return `teardown/cams-qr/${target.custSpaceId ?? '-'}/${target.phoneNumber}/${target.qrdlCode}`;
    case 'epap-receipt':
      return `teardown/epap-receipt/${target.chainId}/${target.epapId}`;
  }
}
