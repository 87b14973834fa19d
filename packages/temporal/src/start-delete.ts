// What `TeardownClient.startDelete` starts: each kind's single-target workflow, by reference, and what it gives back.
import type { WorkflowHandle, WorkflowResultType } from '@temporalio/client';
import type { RequestOptions } from '@teardown/core';
import type { TargetKind } from './targets.js';
import type {
  CollectionOptions,
  DeleteCollectionInput,
  DeleteCollectionResult,
  DeleteTargetResult,
  DeleteWorkflowInput,
} from './workflows/definitions.js';

/** The workflow that deletes one target of kind K: its request in, its result out. */
export type DeleteWorkflow<K extends TargetKind> = (
  input: K extends 'mono-collection' ? DeleteCollectionInput : DeleteWorkflowInput<K>,
) => Promise<K extends 'mono-collection' ? DeleteCollectionResult : DeleteTargetResult>;

export interface StartedDelete<W extends DeleteWorkflow<TargetKind>> {
  workflowId: string;
  handle: WorkflowHandle<W>;
  result(): Promise<WorkflowResultType<W>>;
}

/** Options for any target; those about collections apply to `mono-collection` targets only. */
export type StartDeleteOptions = RequestOptions & CollectionOptions;
