import type { Command } from 'commander';
import type { CliContext } from './context';
import { CliUsageError, operator, requireTenant, run, withStore } from './store-cli';

export function register(program: Command, context: CliContext): void {
  const keys = program.command('keys').description('Tenant data keys (envelope encryption)');
  keys
    .command('rotate')
    .description(
      'Make a new tenant data key active and re-encrypt stored PHI under it, in batches, while the store stays online',
    )
    .option('--tenant <tenant>', 'tenant id')
    .option('--batch-size <n>', 'rows re-encrypted per transaction', '500')
    .option(
      '--resume',
      'finish an interrupted rotation: no new key, re-encrypt what is still under a retired one',
    )
    .action(async (opts: { tenant?: string; batchSize: string; resume?: boolean }) =>
      run('keys rotate', async () => {
        const tenant = requireTenant(opts.tenant);
        const batchSize = Number(opts.batchSize);
        if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000)
          throw new CliUsageError('--batch-size must be a whole number from 1 to 100000');
        const r = await withStore(context.settings(), (s) =>
          s.keys.rotate(operator(tenant, ['admin']), tenant, {
            batchSize,
            ...(opts.resume ? { resume: true } : {}),
            // Progress on stderr: an operator (or a test) sees how far a long rotation got.
            onBatch: (n) => void process.stderr.write(`re-encrypted ${n}\n`),
          }),
        );
        process.stdout.write(
          `${r.resumed ? 'resumed' : 'rotated'} ${tenant}: key ${r.previousKeyId} -> ${r.keyId}; re-encrypted ${r.reencrypted} values in ${r.batches} batches\n`,
        );
      }),
    );
}
