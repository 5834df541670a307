import type { Command } from 'commander';
import { openRunner } from '@teachback/adapter-jobs';
import { metricsDefinitionsFor, type Settings } from '@teachback/config';
import type { CliContext } from './context';
import { CliUsageError, run, withStore } from './store-cli';

export function register(program: Command, context: CliContext): void {
  program
    .command('worker')
    .description(
      'Work jobs from the shared PostgreSQL queue (pg-boss) until stopped; run any number of them on any number of machines',
    )
    .option('--concurrency <n>', 'jobs at once in this process', '4')
    .action(async (opts: { concurrency: string }) =>
      run('worker', () => runWorker(context.settings(), opts)),
    );
}

export async function runWorker(settings: Settings, opts: { concurrency: string }): Promise<number> {
  const concurrency = Number(opts.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new CliUsageError('--concurrency must be >= 1');
  return withStore(settings, async (store) => {
    if (store.driver.kind !== 'postgres') {
      throw new CliUsageError(
        'worker needs TEACHBACK_DATABASE_URL=postgres://... (the embedded mode has no workers)',
      );
    }
    const runner = await openRunner(store, {
      kind: 'distributed',
      concurrency,
      databaseUrl: settings.store.databaseUrl,
      bossSchema: settings.store.pgbossSchema,
      transcription: settings.transcription,
      metricsFor: (t) => metricsDefinitionsFor(settings.metrics, t),
    });
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
