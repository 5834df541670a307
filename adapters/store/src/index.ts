export {
  openStore,
  parseDatabaseUrl,
  openConfiguredStore,
  anchorLogFor,
  type StoreSettingsInput,
  type DatabaseTarget,
  type OpenStoreOptions,
} from './open';
export { SqlStore, sha256, stableStringify, type SqlStoreOptions } from './sql/sql-store';
export { SqliteDriver } from './sql/sqlite-driver';
export { PostgresDriver } from './sql/postgres-driver';
export { MIGRATIONS, migrate } from './sql/migrations';
export { callDailyBackfill, criterionWeeksBackfill } from './sql/call-rollups';
export type { SqlDriver, SqlExecutor, SqlValue } from './sql/driver';
export {
  FieldCipher,
  LocalKeyProvider,
  keyProviderFrom,
  type MasterKeySource,
  parseMasterKey,
  ciphertextKeyId,
} from './crypto/envelope';
export {
  blindIndex,
  normalizeEmail,
  normalizeMemberId,
  normalizePhone,
  type IdentifierKind,
} from './crypto/blind-index';
export * from './sql/jobs';
export { FileAnchorLog } from './anchors/file-anchor-log';
export type { AuditOptions } from './sql/sql-store';
export type { AuditMode } from './sql/audit-appender';
export * from './backup';
