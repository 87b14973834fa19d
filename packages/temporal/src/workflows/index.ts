// Every Teardown workflow, as the worker registers them (Temporal registers every function this module exports, so it
// only re-exports: the workflows, and the definitions their callers share).
export * from './definitions.js';
export { cancelQrCode, deletePhoneMessageQrdl, deleteReceipt } from './delete.js';
export { deleteCollection } from './collection.js';
export { batchDelete, batchPage } from './batch.js';
export { planTargets } from './plan.js';
