import { describe, expect, it } from 'vitest';
import { FAILURE_TYPES } from './failures.js';

describe('failure types', () => {
  it('keep the values recorded histories and callers compare', () => {
    expect(FAILURE_TYPES).toEqual({
      unexpectedError: 'unexpected_error',
      chunkInterrupted: 'chunk_interrupted',
      notConfigured: 'not_configured',
      hasPayments: 'has_payments',
      discardTimeout: 'discard_timeout',
      validationError: 'validation_error',
      unknown: 'unknown',
    });
  });
});
