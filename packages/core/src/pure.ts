// The parts of @teardown/core without I/O (errors, validation, the provider and kind registry), published as
// `@teardown/core/pure` so that code which may not touch Node's network modules (Temporal workflow code) can use them.
export * from './providers.js';
export * from './kind.js';
export * from './provider.js';
export { MONO_ID_FIELDS, isMonoId } from './providers/mono-breb/provider.js';
export { CAMS_ID_FIELDS } from './providers/alibaba-cams/provider.js';
export { EPAP_ID_FIELDS } from './providers/epap/provider.js';
export * from './errors.js';
export * from './validation.js';
export * from './provider-text.js';
export * from './request.js';
export * from './plan/plan.js';
