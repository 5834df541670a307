export * from './actor';
export * from './runner';
export * from './distributed';
export * from './throttle';
export * from './progress';
export * from './connections';
export * from './runtime';
export * from './pipeline/plan';
export * from './pipeline/steps';
export * from './plans/genesys';
export * from './plans/five9';
export * from './plans/salesforce';
export * from './plans/salesforce-summary';
export * from './plans/summary';
export * from './five9-limiter';
export * from './speech';
export * from './requests';
export * from './connect';
/** The sync state lives in the store; re-exported for the CLI and server that read it through jobs. */
export {
  JobLedger,
  requestSyncNow,
  type SyncNowResult,
  LedgerQuarantine,
  LedgerSkipped,
  DatabaseTokenBucket,
  migrateJobs,
  uuidFor,
  type StoredQuarantineEntry,
  type QuarantineQuery,
  type QuarantineCountQuery,
} from '@teachback/adapter-store';
export { JOB_STEPS, JobSpec, JobStep, jobKey, type Job, type JobState } from '@teachback/core';
