// The platform core is bundled with for hosts that do their own I/O (the n8n package): nothing is built in, and what
// is missing is named as the option to pass.
import { describe, expect, it } from 'vitest';
import { createNodeTransport, defaultSleep, defaultTransport } from './host.js';

describe('the host-io platform', () => {
  it('has no transport of its own and says to pass `transport`', () => {
    expect(() => defaultTransport()).toThrow(/pass `transport`/);
    expect(() => createNodeTransport()).toThrow(/node:http transport is not part of this build.*pass `transport`/);
  });

  it('has no timer of its own and says to pass `sleep`', () => {
    expect(() => defaultSleep()).toThrow(/pass `sleep`/);
  });
});
