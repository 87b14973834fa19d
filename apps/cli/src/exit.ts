// Exit codes scripts can branch on, and the error that carries one to the top.

export const EXIT = {
  /** Every target deleted or already gone. */
  allDone: 0,
  /** At least one target failed (the report says which and why). */
  someFailed: 1,
  /** Bad arguments, a bad line in a file, an unknown batch: nothing was started or deleted. */
  invalidInput: 2,
  /** Temporal could not be reached: nothing is known about the outcome. */
  temporalUnreachable: 3,
  /** The batch was cancelled (some targets never tried) or has not finished yet. */
  notFinished: 4,
  /**
   * None failed, but some targets are unconfirmed: not there now, and an earlier attempt of ours (whose answer was
   * lost, or whose worker crashed) may have deleted them — or they never existed. Check those IDs.
   */
  someUnconfirmed: 5,
  /**
   * Ctrl-C: `status` detached from a batch that keeps running; `batch` closed (or cancelled) its hand-over and said how
   * to go on. SIGTERM and SIGHUP give 143 and 129 (128 + the signal's number), as shells do.
   */
  detached: 130,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
