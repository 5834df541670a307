import type { Command } from 'commander';
import type { CliContext } from './context';
import { CliUsageError, operator, requireTenant, run, withStore } from './store-cli';

function onOff(flag: string, v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === 'on' || v === 'off') return v === 'on';
  throw new CliUsageError(`${flag} must be on or off`);
}

export function register(program: Command, context: CliContext): void {
  const retention = program
    .command('retention')
    .description('How long PHI is kept, legal holds, and the purge job');
  retention
    .command('set')
    .description("Change a tenant's retention period or tenant-wide legal hold")
    .option('--tenant <tenant>', 'tenant id')
    .option('--days <days>', 'retention period in days (HIPAA documentation: at least 2192, six years)')
    .option('--legal-hold <on|off>', 'a tenant-wide legal hold stops every purge')
    .action(async (opts: { tenant?: string; days?: string; legalHold?: string }) =>
      run('retention set', async () => {
        const tenant = requireTenant(opts.tenant);
        const legalHold = onOff('--legal-hold', opts.legalHold);
        let retentionDays: number | undefined;
        if (opts.days !== undefined) {
          retentionDays = Number(opts.days);
          if (!Number.isInteger(retentionDays) || retentionDays < 1)
            throw new CliUsageError('--days must be a whole number of days');
        }
        if (retentionDays === undefined && legalHold === undefined)
          throw new CliUsageError('give --days and/or --legal-hold');
        const t = await withStore(context.settings(), (s) =>
          s.retention.configure(operator(tenant, ['admin']), tenant, {
            ...(retentionDays === undefined ? {} : { retentionDays }),
            ...(legalHold === undefined ? {} : { legalHold }),
          }),
        );
        process.stdout.write(
          `${tenant}: retention ${t.retentionDays} days, legal hold ${t.legalHold ? 'on' : 'off'}\n`,
        );
      }),
    );
  retention
    .command('purge')
    .description(
      'Remove transcripts, recordings and PHI past the retention period; keeps de-identified scores; audited',
    )
    .option('--tenant <tenant>', 'tenant id')
    .action(async (opts: { tenant?: string }) =>
      run('retention purge', async () => {
        const tenant = requireTenant(opts.tenant);
        const r = await withStore(context.settings(), (s) => s.retention.purge(operator(tenant, []), tenant));
        process.stdout.write(
          `${tenant}: purged ${r.purged.length} interactions older than ${r.cutoff}; ${r.heldBack} held back by legal hold\n`,
        );
      }),
    );
}
