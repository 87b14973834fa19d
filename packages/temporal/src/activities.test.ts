import { describe, expect, it } from 'vitest';
import { appliedBefore } from './activities.js';

describe('appliedBefore: the evidence a failed delete attempt leaves for the next', () => {
  it('knows nothing was applied only when the attempt just before said so, for itself and all before it', () => {
    expect(appliedBefore(1, undefined)).toBe(false);
    expect(appliedBefore(2, { attempt: 1, mayHaveBeenApplied: false })).toBe(false);
    expect(appliedBefore(3, { attempt: 2, mayHaveBeenApplied: false })).toBe(false);
  });

  it('assumes an attempt that left no evidence of its own (it crashed, or timed out) may have applied it', () => {
    expect(appliedBefore(2, undefined)).toBe(true);
    // Attempt 2 crashed after attempt 1 was refused: the details still show attempt 1.
    expect(appliedBefore(3, { attempt: 1, mayHaveBeenApplied: false })).toBe(true);
    expect(appliedBefore(2, { attempt: 1, mayHaveBeenApplied: true })).toBe(true);
    expect(appliedBefore(2, 'not evidence')).toBe(true);
  });
});
