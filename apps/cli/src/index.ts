// @teardown/cli as a library: the pieces `teardown` is made of, for scripts and tests.
export { createProgram, main, TARGET_HELP } from './program.js';
export { EXIT, CliError } from './exit.js';
export {
  checkFile,
  formatOf,
  pagesOf,
  readLines,
  targetOf,
  targetOfRecord,
  type FileCheck,
  type InputFormat,
  type InputLine,
  type InputProblem,
} from './input.js';
export { RateWindow, ratesOf, renderProgress, renderProgressLine, formatDuration, type Sample } from './progress.js';
export { formatReport, summaryOf, exitCodeOf, type ReportFormat } from './report.js';
export { startStack, temporalCliPath, testServerPath, type Stack, type StackOptions } from './stack.js';
export { connectTemporal, type TemporalFlags } from './connect.js';
