export { migrateJobs } from './schema';
export { JobLedger, parseJobSpec, uuidFor } from './ledger';
export { requestSyncNow, type SyncNowResult } from './sync-now';
export { DatabaseTokenBucket, DatabaseWindowCounter, type BucketOptions, type CountedWindow } from './bucket';
export {
  LedgerQuarantine,
  type QuarantineCountQuery,
  type QuarantineQuery,
  type StoredQuarantineEntry,
} from './quarantine';
export { LedgerSkipped } from './skipped';
export { RequestCounts } from './requests';
export { Five9CallAliases } from './five9-aliases';
export { RecordingFiles } from './recording-files';
export { CrmDirectoryHashes } from './crm-directory';
export { CallLogLinks } from './call-logs';
export { SyncRuns, type SyncRunStart, type SyncRunStepCount } from './sync-runs';
export { OutboxPushReceipts } from './push-receipts';
export type { RunOf } from './run';
