import type { Command } from 'commander';
import type { CliContext } from './context';
import { CliUsageError, run, withStore } from './store-cli';

export function register(program: Command, context: CliContext): void {
  const tenants = program.command('tenants').description('Manage tenants (one per contact-center customer)');
  tenants
    .command('create')
    .description('Create a tenant with its own data key, blind-index key and audit chain')
    .argument('<id>', 'tenant id: lower-case letters, digits, - or _')
    .option('--name <name>', 'display name (default: the id)')
    .option('--retention-days <days>', 'how long PHI is kept (default 2192, six years)')
    .action(async (id: string, opts: { name?: string; retentionDays?: string }) =>
      run('tenants create', async () => {
        let retentionDays: number | undefined;
        if (opts.retentionDays !== undefined) {
          retentionDays = Number(opts.retentionDays);
          if (!Number.isInteger(retentionDays) || retentionDays < 1)
            throw new CliUsageError('--retention-days must be a whole number of days');
        }
        const t = await withStore(context.settings(), (s) =>
          s.tenants.create({ id, name: opts.name ?? id, ...(retentionDays ? { retentionDays } : {}) }, 'cli'),
        );
        process.stdout.write(`created tenant ${t.id} (retention ${t.retentionDays} days)\n`);
      }),
    );
}
