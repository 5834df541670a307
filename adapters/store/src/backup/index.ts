export {
  backupStore,
  readManifest,
  restoreBackup,
  verifyBackup,
  BackupManifest,
  type BackupCheck,
  type BackupOptions,
  type RestoreReport,
} from './backup';
