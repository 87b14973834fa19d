// The worker's tuning read from the environment: unset means Temporal's defaults, a bad value is refused by name.
import { describe, expect, it } from 'vitest';
import { tuningFromEnv } from './index.js';

describe('TEARDOWN_MAX_CACHED_WORKFLOWS', () => {
  it('leaves the cache at Temporal’s default when unset or blank, and takes a whole number, 0 included', () => {
    expect(tuningFromEnv({})).toEqual({});
    expect(tuningFromEnv({ TEARDOWN_MAX_CACHED_WORKFLOWS: ' ' })).toEqual({});
    expect(tuningFromEnv({ TEARDOWN_MAX_CACHED_WORKFLOWS: '0' })).toEqual({ maxCachedWorkflows: 0 });
    expect(tuningFromEnv({ TEARDOWN_MAX_CACHED_WORKFLOWS: '250' })).toEqual({ maxCachedWorkflows: 250 });
  });

  it('refuses anything else, naming the variable and the value', () => {
    for (const bad of ['-1', '1.5', 'off', '1e999'])
      expect(() => tuningFromEnv({ TEARDOWN_MAX_CACHED_WORKFLOWS: bad })).toThrow(
        `TEARDOWN_MAX_CACHED_WORKFLOWS must be a whole number ≥ 0 (got "${bad}")`,
      );
  });
});
