import type { Command } from 'commander';
import { openRunner } from '@teachback/adapter-jobs';
import { CliUsageError, run, withStore } from './store-cli';

export function register(program: Command): void {
  program
    .command('worker')
    .description(
      'Work jobs from the shared PostgreSQL queue (pg-boss) until stopped; run any number of them on any number of machines',
    )
    .option('--concurrency <n>', 'jobs at once in this process', '4')
    .action(async (opts: { concurrency: string }) => run('worker', () => runWorker(opts)));
}

export async function runWorker(opts: { concurrency: string }): Promise<number> {
  const concurrency = Number(opts.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new CliUsageError('--concurrency must be >= 1');
  return withStore(async (store) => {
    if (store.driver.kind !== 'postgres') {
      throw new CliUsageError(
        'worker needs TEACHBACK_DATABASE_URL=postgres://... (the embedded mode has no workers)',
      );
    }
    const runner = await openRunner(store, { kind: 'distributed', concurrency });
    await runner.start();
    process.stderr.write(`worker started (concurrency ${concurrency})\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    // Running jobs finish; a job cut short by a harder stop is handed to another worker after its lease.
    await runner.stop();
    return 0;
  });
}
