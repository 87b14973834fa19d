import { describe, expect, it } from 'vitest';
import type { BatchItemResult } from '@teardown/temporal';
import { driftOf } from './apply-command.js';

const target = { kind: 'mono-collection', collectionId: 'bbcol_5tgliBmzjZ6mpQPRbQjfKj' } as const;

describe('drift: a target planned "delete" that changed before apply', () => {
  it('is already gone, not found, or refused because Mono saw it change (paid, failed, discarded)', () => {
    const item = (fields: Partial<BatchItemResult>): BatchItemResult => ({ target, outcome: 'deleted', ...fields });
    expect(driftOf(item({}))).toBeUndefined();
    expect(driftOf(item({ outcome: 'already_gone' }))).toBe('already_gone');
    expect(driftOf(item({ outcome: 'not_found' }))).toBe('not_found');
    expect(driftOf(item({ outcome: 'failed', code: 'has_payments' }))).toBe('refused has_payments');
    expect(driftOf(item({ outcome: 'failed', code: 'collection_invalid_state' }))).toBe(
      'refused collection_invalid_state',
    );
    // A failure that says nothing about the target (Mono down) is a failure, not drift.
    expect(driftOf(item({ outcome: 'failed', code: 'service_is_unavailable' }))).toBeUndefined();
  });
});
