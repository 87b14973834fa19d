// A batchDelete whose every workflow task fails (a plain Error fails the task, not the workflow): what a batch looks
// like to its client when its code cannot run, for cancel-batch.test.ts.
export function batchDelete(): Promise<never> {
  throw new Error('this workflow task always fails');
}
