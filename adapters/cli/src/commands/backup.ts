import type { Command } from 'commander';
import {
  backupStore,
  keyProviderFrom,
  openConfiguredStore,
  restoreBackup,
  verifyBackup,
} from '@teachback/adapter-store';
import type { CliContext } from './context';
import { CliUsageError, run, withStore } from './store-cli';

/**
 * `teachback backup` / `teachback restore`: the HIPAA contingency plan's data backup and restore.
 * The backup key is wrapped by the master key (KEK), which is never written into a backup: keep
 * the backups and the KEK in different places, and test restores (README, "Backup and restore").
 */
export function register(program: Command, context: CliContext): void {
  program
    .command('backup')
    .description('Write a consistent, encrypted, verifiable backup of the store or of one tenant')
    .option('--out <dir>', 'a new or empty directory for the backup')
    .option('--tenant <tenant>', 'back up this tenant only (default: the whole store)')
    .action(async (opts: { out?: string; tenant?: string }) =>
      run('backup', async () => {
        if (!opts.out) throw new CliUsageError('--out is required');
        const settings = context.settings();
        const keys = keyProviderFrom(settings.keys);
        const m = await withStore(settings, (s) =>
          backupStore(s, { out: opts.out!, keys, ...(opts.tenant ? { tenantId: opts.tenant } : {}) }),
        );
        const rows = m.tables.reduce((n, t) => n + t.rows, 0);
        process.stdout.write(
          `backup ${m.id} of ${m.tenantId ?? 'the whole store'} (${m.source}, ${m.snapshot}): ${m.tables.length} tables, ${rows} rows, written to ${opts.out}\n`,
        );
      }),
    );
  program
    .command('restore')
    .description('Restore a backup into an empty store (the store the settings name), or --check it only')
    .option('--from <dir>', 'the backup directory')
    .option('--check', 'only check the files against the manifest hashes (no key, no store needed)')
    .action(async (opts: { from?: string; check?: boolean }) =>
      run('restore', async () => {
        if (!opts.from) throw new CliUsageError('--from is required');
        if (opts.check) {
          const c = await verifyBackup(opts.from);
          if (!c.ok) {
            process.stdout.write(`backup in ${opts.from} is NOT intact: ${c.problem}\n`);
            return 1;
          }
          process.stdout.write(
            `backup ${c.manifest.id} is intact: ${c.manifest.tables.length} table files match the manifest\n`,
          );
          return 0;
        }
        const settings = context.settings();
        const keys = keyProviderFrom(settings.keys);
        const store = await openConfiguredStore(settings);
        try {
          const r = await restoreBackup(store, opts.from, keys);
          process.stdout.write(
            `restored backup ${r.backupId} (${r.tenantId ?? 'the whole store'}): ${r.tables} tables, ${r.rows} rows; run \`teachback audit verify\` per tenant next\n`,
          );
          return 0;
        } finally {
          await store.close();
        }
      }),
    );
}
