import type { Command } from 'commander';
import type { CliContext } from './context';
import { CliUsageError, operator, requireTenant, run, withStore } from './store-cli';

/**
 * Operator reads, as the tenant's compliance role: every one is audited like any other PHI read.
 * Output is JSON for piping into review tools, never into logs.
 */
export function register(program: Command, context: CliContext): void {
  const interactions = program.command('interactions').description('Read stored interactions (audited)');
  interactions
    .command('list')
    .description('List interactions, newest first (no PHI: ids, times, scores)')
    .option('--tenant <tenant>', 'tenant id')
    .option('--limit <n>', 'how many', '50')
    .option('--cursor <cursor>', 'next page, from the previous output')
    .action(async (opts: { tenant?: string; limit: string; cursor?: string }) =>
      run('interactions list', async () => {
        const tenant = requireTenant(opts.tenant);
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500)
          throw new CliUsageError('--limit must be a whole number from 1 to 500');
        const page = await withStore(context.settings(), (s) =>
          s.interactions.list(
            operator(tenant, ['compliance']),
            tenant,
            {},
            { limit, ...(opts.cursor ? { cursor: opts.cursor } : {}) },
          ),
        );
        process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
      }),
    );
  interactions
    .command('show')
    .description('Show one interaction with transcript, scorecard, escalations and coaching, decrypted')
    .argument('<id>', 'interaction id')
    .option('--tenant <tenant>', 'tenant id')
    .action(async (id: string, opts: { tenant?: string }) =>
      run('interactions show', async () => {
        const tenant = requireTenant(opts.tenant);
        const detail = await withStore(context.settings(), (s) =>
          s.interactions.get(operator(tenant, ['compliance']), tenant, id),
        );
        process.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
      }),
    );
}
