// The `type` of every ApplicationFailure Teardown raises itself. A failure from a provider carries the provider's code
// instead (`toApplicationFailure`). These values are in recorded workflow histories and in what callers compare
// (`failure.type === FAILURE_TYPES.hasPayments`): they never change, whatever the keys are called.
export const FAILURE_TYPES = {
  /** An error core did not raise: a defect or an input core did not foresee. Never retried. */
  unexpectedError: 'unexpected_error',
  /** A chunk attempt stopped by its worker (shutdown, or its attempt timed out): the workflow retries it. */
  chunkInterrupted: 'chunk_interrupted',
  /** The worker holds no credentials for the target's provider. */
  notConfigured: 'not_configured',
  /** `deleteCollection` refused a collection with successful payments, before any delete. */
  hasPayments: 'has_payments',
  /** A deleted collection was not discarded within `discardTimeout`. */
  discardTimeout: 'discard_timeout',
  /** A workflow's input broke a rule (e.g. a duration it cannot read). */
  validationError: 'validation_error',
  /** The code reported for a failure that carries no type (not an ApplicationFailure). */
  unknown: 'unknown',
} as const;

export type FailureType = (typeof FAILURE_TYPES)[keyof typeof FAILURE_TYPES];
