// @teardown/core: zero-dependency clients that delete things at Mono Bre-B, Alibaba Cloud CAMS and epap.
export * from './providers.js';
export * from './kind.js';
export * from './provider.js';
export * from './modules.js';
export * from './request.js';
export * from './errors.js';
export * from './error-table.js';
export * from './validation.js';
export * from './printable.js';
export * from './provider-text.js';
export * from './plan/plan.js';
export * from './http/transport.js';
export {
  createNodeTransport,
  defaultSleep,
  defaultTransport,
  type NodeTransport,
  type NodeTransportOptions,
} from '#platform';
export * from './http/retry.js';
export * from './http/rate-limiter.js';
export {
  ProviderHttp,
  NOT_FOUND_HANDLING,
  newCallState,
  type CallState,
  type ClientOptions,
  type DeleteOptions,
  type DeleteOutcome,
  type DeleteResult,
  type NotFoundHandling,
} from './http/provider-http.js';
export * from './auth/token-cache.js';

export { MONO_ID_FIELDS, isMonoId, monoBrebSpec } from './providers/mono-breb/provider.js';
export { monoBreb } from './providers/mono-breb/index.js';
export * from './providers/mono-breb/types.js';
export * from './providers/mono-breb/client.js';
export * from './providers/mono-breb/webhooks.js';
export * from './providers/mono-breb/read.js';
export { monoError, MONO_ERRORS, MONO_ALREADY_DONE_CODES, MONO_NOT_FOUND_CODES } from './providers/mono-breb/errors.js';

export { CAMS_ID_FIELDS, alibabaCamsSpec } from './providers/alibaba-cams/provider.js';
export { alibabaCams } from './providers/alibaba-cams/index.js';
export * from './providers/alibaba-cams/types.js';
export * from './providers/alibaba-cams/client.js';
export * from './providers/alibaba-cams/signing.js';
export * from './providers/alibaba-cams/read.js';
export { camsError, camsErrorKind, camsErrorTable, CAMS_ERRORS } from './providers/alibaba-cams/errors.js';

export { EPAP_ID_FIELDS, epapSpec } from './providers/epap/provider.js';
export { epap } from './providers/epap/index.js';
export * from './providers/epap/types.js';
export * from './providers/epap/client.js';
export * from './providers/epap/read.js';
export { epapError, epapErrorCode, EPAP_ERRORS, type EpapErrorCode } from './providers/epap/errors.js';
