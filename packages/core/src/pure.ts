// The parts of @teardown/core without I/O (errors, validation, the provider list), published as
// `@teardown/core/pure` so that code which may not touch Node's network modules (Temporal workflow code) can use them.
export * from './providers.js';
export * from './errors.js';
export * from './validation.js';
export * from './provider-text.js';
export * from './plan/plan.js';
