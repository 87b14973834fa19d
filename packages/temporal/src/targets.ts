// What can be deleted, as data and as text: `mono-qr:<collectionId>/<qrId>`, `mono-collection:<id>`,
// `cams-qr:<phone>/<qrdlCode>[?custSpaceId=…]`, `epap-receipt:<epapId>?chain=<chainId>&user=<appUserId>`.
// Pure: no Temporal imports, so workflows, clients and the CLI share one parser.
import { HEADER_VALUE_RULE, MONO_ID_RULE, TeardownValidationError, isHeaderValue, isMonoId } from '@teardown/core';

import { OPERATION_OF, PROVIDER_OF, TARGET_KINDS, type Target, type TargetKind } from './kinds.js';

export { OPERATION_OF, PROVIDER_OF, TARGET_KINDS, type Target, type TargetKind };

const invalid = (kind: TargetKind | undefined, field: string, rule: string) =>
  new TeardownValidationError(
    kind ? PROVIDER_OF[kind] : 'mono-breb',
    kind ? OPERATION_OF[kind] : 'parseTarget',
    field,
    rule,
  );

const CAMS_VALUE = /^[^\s/?&#]+$/;
const CAMS_RULE = 'must be non-empty, without spaces, "/", "?", "&" or "#"';

/** Checks a target given as data (e.g. from JSON), throwing a validation error that names the field and the rule. */
export function validateTarget(value: unknown): Target {
  const t = value as Record<string, unknown> | null;
  if (typeof t !== 'object' || t === null) throw invalid(undefined, 'target', 'must be an object with a kind');
  const kind = t.kind as TargetKind;
  if (!TARGET_KINDS.includes(kind)) throw invalid(undefined, 'kind', `must be one of ${TARGET_KINDS.join(', ')}`);
  switch (kind) {
    case 'mono-qr':
      if (!isMonoId(t.collectionId)) throw invalid(kind, 'collectionId', MONO_ID_RULE);
      if (!isMonoId(t.qrCodeId)) throw invalid(kind, 'qrCodeId', MONO_ID_RULE);
      return { kind, collectionId: t.collectionId, qrCodeId: t.qrCodeId };
    case 'mono-collection':
      if (!isMonoId(t.collectionId)) throw invalid(kind, 'collectionId', MONO_ID_RULE);
      return { kind, collectionId: t.collectionId };
    case 'cams-qr':
      for (const field of ['phoneNumber', 'qrdlCode'] as const)
        if (typeof t[field] !== 'string' || !CAMS_VALUE.test(t[field])) throw invalid(kind, field, CAMS_RULE);
      if (t.custSpaceId !== undefined && (typeof t.custSpaceId !== 'string' || !CAMS_VALUE.test(t.custSpaceId)))
        throw invalid(kind, 'custSpaceId', CAMS_RULE);
      return {
        kind,
        phoneNumber: t.phoneNumber as string,
        qrdlCode: t.qrdlCode as string,
        ...(t.custSpaceId !== undefined && { custSpaceId: t.custSpaceId }),
      };
    case 'epap-receipt':
      for (const field of ['epapId', 'chainId', 'appUserId'] as const) {
        if (!isHeaderValue(t[field]) || !CAMS_VALUE.test(t[field]))
          throw invalid(kind, field, `${HEADER_VALUE_RULE}, and without spaces, "/", "?", "&" or "#"`);
      }
      return { kind, epapId: t.epapId as string, chainId: t.chainId as string, appUserId: t.appUserId as string };
  }
}

/** Parses the text form of a target. */
export function parseTarget(text: string): Target {
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon) as TargetKind;
  if (colon < 0 || !TARGET_KINDS.includes(kind))
    throw invalid(undefined, 'kind', `must be one of ${TARGET_KINDS.map((k) => `${k}:`).join(', ')}`);
  const rest = text.slice(colon + 1);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : rest.slice(q + 1));
  const segments = path.split('/');
  const segment = (i: number) => decodeURIComponent(segments[i] ?? '');
  const expectSegments = (n: number, shape: string) => {
    if (segments.length !== n) throw invalid(kind, 'target', `must look like ${shape}`);
  };
  switch (kind) {
    case 'mono-qr':
      expectSegments(2, 'mono-qr:<collectionId>/<qrCodeId>');
      return validateTarget({ kind, collectionId: segment(0), qrCodeId: segment(1) });
    case 'mono-collection':
      expectSegments(1, 'mono-collection:<collectionId>');
      return validateTarget({ kind, collectionId: segment(0) });
    case 'cams-qr':
      expectSegments(2, 'cams-qr:<phoneNumber>/<qrdlCode>[?custSpaceId=<id>]');
      return validateTarget({
        kind,
        phoneNumber: segment(0),
        qrdlCode: segment(1),
        ...(params.has('custSpaceId') && { custSpaceId: params.get('custSpaceId') }),
      });
    case 'epap-receipt':
      expectSegments(1, 'epap-receipt:<epapId>?chain=<chainId>&user=<appUserId>');
      return validateTarget({
        kind,
        epapId: segment(0),
        chainId: params.get('chain') ?? undefined,
        appUserId: params.get('user') ?? undefined,
      });
  }
}

export function formatTarget(target: Target): string {
  switch (target.kind) {
    case 'mono-qr':
      return `mono-qr:${target.collectionId}/${target.qrCodeId}`;
    case 'mono-collection':
      return `mono-collection:${target.collectionId}`;
    case 'cams-qr':
      return `cams-qr:${target.phoneNumber}/${target.qrdlCode}${target.custSpaceId ? `?custSpaceId=${target.custSpaceId}` : ''}`;
    case 'epap-receipt':
      return `epap-receipt:${target.epapId}?chain=${target.chainId}&user=${target.appUserId}`;
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
