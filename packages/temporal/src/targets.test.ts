import { ID_FIELDS, PROVIDERS, TeardownValidationError } from '@teardown/core';
import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_QUEUES,
  CAMS_TASK_QUEUE,
  EXAMPLE_TARGETS,
  KINDS,
  formatTarget,
  TARGET_KINDS,
  parseTarget,
  targetOfOperation,
  targetWorkflowId,
  textShape,
  validateTarget,
  type Target,
} from './targets.js';

const COL = 'bbcol_5tgliBmzjZ6mpQPRbQjfKj';
const QR = 'bbqr_2mFpe3qkS8zXAwlTuVF4Ee';

const rejection = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof TeardownValidationError)
      return { provider: error.provider, operation: error.operation, field: error.field, rule: error.rule };
    throw error;
  }
  throw new Error('expected a validation error');
};

describe('the target-kind registry', () => {
  it('gives every kind an example that validates and survives the text form unchanged', () => {
    expect(EXAMPLE_TARGETS.map((t) => t.kind)).toEqual(KINDS.map((k) => k.kind));
    for (const target of EXAMPLE_TARGETS) {
      expect(validateTarget(target)).toEqual(target);
      expect(parseTarget(formatTarget(target))).toEqual(target);
    }
  });

  it('covers every provider, and only known ones', () => {
    expect(new Set(KINDS.map((k) => k.provider))).toEqual(new Set(PROVIDERS));
  });

  it("runs CAMS deletes on CAMS's own task queue, held 2% under its 5 requests per second", () => {
    expect(ACTIVITY_QUEUES).toEqual([{ name: CAMS_TASK_QUEUE, activitiesPerSecond: 4.9 }]);
  });

  it('states the text form of a kind: its path, its query, optional parameters in brackets', () => {
    expect(Object.fromEntries(KINDS.map((k) => [k.kind, textShape(k)]))).toMatchObject({
      'mono-qr': 'mono-qr:<collectionId>/<qrCodeId>',
      'mono-collection': 'mono-collection:<collectionId>',
      'cams-qr': 'cams-qr:<phoneNumber>/<qrdlCode>[?custSpaceId=<custSpaceId>]',
      'epap-receipt': 'epap-receipt:<epapId>?chain=<chainId>&user=<appUserId>',
    });
  });

  it('names a target by the operation that deletes it, as the sandbox lists its records', () => {
    expect(targetOfOperation('cancelQrCode', { collectionId: COL, qrCodeId: QR })).toEqual({
      kind: 'mono-qr',
      collectionId: COL,
      qrCodeId: QR,
    });
    expect(rejection(() => targetOfOperation('refundCharge', { id: 'x' }))).toMatchObject({ field: 'kind' });
  });
});

describe('targets as text and as data', () => {
  const targets: [string, Target][] = [
    [`mono-qr:${COL}/${QR}`, { kind: 'mono-qr', collectionId: COL, qrCodeId: QR }],
    [`mono-collection:${COL}`, { kind: 'mono-collection', collectionId: COL }],
    ['cams-qr:8613800000000/Qr1', { kind: 'cams-qr', phoneNumber: '8613800000000', qrdlCode: 'Qr1' }],
    [
      'cams-qr:8613800000000/Qr1?custSpaceId=cs-1',
      { kind: 'cams-qr', phoneNumber: '8613800000000', qrdlCode: 'Qr1', custSpaceId: 'cs-1' },
    ],
    ['epap-receipt:r1?chain=c1&user=u1', { kind: 'epap-receipt', epapId: 'r1', chainId: 'c1', appUserId: 'u1' }],
  ];

  it.each(targets)('reads %s and writes it back the same', (text, target) => {
    expect(parseTarget(text)).toEqual(target);
    expect(formatTarget(target)).toBe(text);
  });

  it('keeps the workflow IDs running workflows already have (a second start attaches instead of deleting twice)', () => {
    expect(targets.map(([, t]) => targetWorkflowId(t))).toEqual([
      `teardown/mono-qr/${COL}/${QR}`,
      `teardown/mono-collection/${COL}`,
      'teardown/cams-qr/-/8613800000000/Qr1',
      'teardown/cams-qr/cs-1/8613800000000/Qr1',
      'teardown/epap-receipt/c1/r1',
    ]);
  });

  it('keeps only the fields of the kind, in its order', () => {
    expect(validateTarget({ appUserId: 'u1', kind: 'epap-receipt', chainId: 'c1', epapId: 'r1', extra: 'x' })).toEqual({
      kind: 'epap-receipt',
      epapId: 'r1',
      chainId: 'c1',
      appUserId: 'u1',
    });
  });

  it('names the field and the rule of a bad target, and its provider', () => {
    expect(rejection(() => parseTarget(`mono-qr:${COL}/../x`))).toEqual({
      provider: 'mono-breb',
      operation: 'cancelQrCode',
      field: 'target',
      rule: 'A mono-qr target looks like mono-qr:<collectionId>/<qrCodeId>.',
    });
    expect(rejection(() => parseTarget('epap-receipt:r1?chain=c1'))).toMatchObject({
      provider: 'epap',
      field: 'appUserId',
    });
    expect(rejection(() => validateTarget({ kind: 'cams-qr', phoneNumber: '8613800000000', qrdlCode: 'Q r' }))).toEqual(
      {
        provider: 'alibaba-cams',
        operation: 'deletePhoneMessageQrdl',
        field: 'qrdlCode',
        rule: ID_FIELDS.camsQrdlCode.rule,
      },
    );
  });

  it('blames no provider when the target names no known kind', () => {
    const unknown = rejection(() => parseTarget('stripe-charge:ch_1'));
    expect(unknown).toEqual({
      provider: undefined,
      operation: 'parseTarget',
      field: 'kind',
      rule: `A target starts with one of ${TARGET_KINDS.map((k) => `${k}:`).join(', ')}.`,
    });
    expect(rejection(() => validateTarget(null))).toMatchObject({ provider: undefined, field: 'target' });
    expect(
      new TeardownValidationError(undefined, 'parseTarget', 'kind', 'A kind is known.').toJSON(),
    ).not.toHaveProperty('provider');
  });
});
