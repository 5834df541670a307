import * as fs from 'node:fs';
import type { Command } from 'commander';
import { Platform, quarantineSummary, requestsPerThousand } from '@teachback/core';
import {
  JobLedger,
  LedgerQuarantine,
  migrateJobs,
  openRunner,
  progressLine,
  saveFive9Connection,
  saveGenesysConnection,
  saveSalesforceConnection,
  five9TranscriptionFrom,
  syncStatus,
  type JobRunner,
} from '@teachback/adapter-jobs';
import type { Settings } from '@teachback/config';
import type { CliContext } from './context';
import { CliUsageError, requireTenant, run, withStore } from './store-cli';

interface SyncOptions {
  tenant?: string;
  platform: string;
  since?: string;
  until?: string;
  runner?: string;
  concurrency?: string;
  connectionFile?: string;
  wait: boolean;
  deadLetters?: boolean;
  rerun?: string;
  quarantine?: boolean;
  /** False when --platform is its default (the CLI tells); --quarantine then lists all platforms. */
  platformGiven?: boolean;
  limit?: string;
  offset?: string;
}

const day = (flag: string, s: string): Date => {
  const d = new Date(`${s}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime()) || !d.toISOString().startsWith(s)) {
    throw new CliUsageError(`${flag} must be a date YYYY-MM-DD, not "${s}"`);
  }
  return d;
};

export function register(program: Command, context: CliContext): void {
  program
    .command('sync')
    .description(
      'Sync a platform for a tenant as jobs: a backfill from --since, or the incremental sync; shows progress until every interaction is scored and pushed back',
    )
    .option('--tenant <tenant>', 'tenant id')
    .option('--platform <platform>', 'genesys, five9 or salesforce', 'genesys')
    .option(
      '--since <date>',
      'genesys: backfill from this day (YYYY-MM-DD, UTC); without it, the incremental sync (five9 and salesforce sync incrementally from their checkpoints)',
    )
    .option('--until <date>', 'backfill up to this day (default: now, to the hour)')
    .option(
      '--runner <kind>',
      'embedded (in this process) or distributed (pg-boss workers); default by store',
    )
    .option('--concurrency <n>', 'jobs at once in this process (embedded)', '4')
    .option(
      '--connection-file <file>',
      "JSON {settings, credentials}: store it as the tenant's connection first",
    )
    .option('--no-wait', 'distributed: enqueue and return instead of showing progress')
    .option('--dead-letters', "list the tenant's dead-letter jobs (key, attempts, error code) and exit")
    .option('--rerun <key>', 'queue a dead-letter job again (a key from --dead-letters, or "all") and exit')
    .option(
      '--quarantine',
      "list the platform's quarantined records (platform, kind, ref, reason, time; no content) and exit",
    )
    .option('--limit <n>', '--quarantine: rows per page (1-500)', '100')
    .option('--offset <n>', '--quarantine: rows to skip (the "next page" offset it printed)', '0')
    .action(async (opts: SyncOptions, cmd: Command) =>
      run('sync', () =>
        // --quarantine without --platform lists every platform's records.
        runSync(context.settings(), {
          ...opts,
          platformGiven: cmd.getOptionValueSource('platform') !== 'default',
        }),
      ),
    );
}

export async function runSync(settings: Settings, opts: SyncOptions): Promise<number> {
  const tenant = requireTenant(opts.tenant);
  const platform = Platform.safeParse(opts.platform);
  if (!platform.success || platform.data === 'teachback') {
    throw new CliUsageError(`--platform must be genesys, five9 or salesforce, not "${opts.platform}"`);
  }
  const target = platform.data;
  if (target !== 'genesys' && (opts.since !== undefined || opts.until !== undefined)) {
    throw new CliUsageError(
      `--since/--until: ${target} syncs incrementally from its checkpoint (the connection's start for a first sync); backfill intervals are genesys only`,
    );
  }
  if (opts.runner !== undefined && opts.runner !== 'embedded' && opts.runner !== 'distributed') {
    throw new CliUsageError(`--runner must be embedded or distributed, not "${opts.runner}"`);
  }
  const concurrency = Number(opts.concurrency ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new CliUsageError('--concurrency must be >= 1');
  const from = opts.since !== undefined ? day('--since', opts.since) : undefined;
  const hour = new Date();
  hour.setUTCMinutes(0, 0, 0);
  const to = opts.until !== undefined ? day('--until', opts.until) : hour;
  if (from && !(to > from)) throw new CliUsageError('--until must be after --since');

  if (opts.deadLetters || opts.rerun !== undefined) return deadLetters(settings, tenant, opts);
  if (opts.quarantine) return listQuarantine(settings, tenant, target, opts);

  return withStore(settings, async (store) => {
    if (opts.connectionFile) {
      let body: { settings?: unknown; credentials?: unknown };
      try {
        body = JSON.parse(fs.readFileSync(opts.connectionFile, 'utf8')) as typeof body;
      } catch {
        throw new CliUsageError('--connection-file: not a readable JSON file');
      }
      const input = { settings: body.settings, credentials: body.credentials };
      if (target === 'genesys') await saveGenesysConnection(store, tenant, input);
      else if (target === 'five9') await saveFive9Connection(store, tenant, input);
      else await saveSalesforceConnection(store, tenant, input);
    }
    // Five9 calls are scored from their recordings' transcripts: say so when no engine is set.
    const five9Speech = target === 'five9' ? five9TranscriptionFrom(settings.transcription) : undefined;
    if (target === 'five9' && !five9Speech) {
      process.stderr.write(
        'five9: no speech engine configured (TEACHBACK_TRANSCRIBE_ENGINE=http|whisper|sphinx): calls are synced but not transcribed or scored\n',
      );
    }
    const runner: JobRunner = await openRunner(store, {
      ...(opts.runner ? { kind: opts.runner as 'embedded' | 'distributed' } : {}),
      concurrency,
      databaseUrl: settings.store.databaseUrl,
      bossSchema: settings.store.pgbossSchema,
      ...(five9Speech ? { five9: { transcription: five9Speech } } : {}),
    });
    const interval = from ? `${from.toISOString()}/${to.toISOString()}` : undefined;
    const outcome = await runner.enqueue({
      tenantId: tenant,
      platform: target,
      // An incremental sync is keyed by the hour: a second run within it resumes, a later one syncs again.
      externalId: interval ? `backfill:${interval}` : `recent:${hour.toISOString()}`,
      step: 'sync',
      payload: interval
        ? { mode: 'backfill', from: from!.toISOString(), to: to.toISOString() }
        : { mode: 'recent' },
    });
    process.stderr.write(
      `${outcome === 'enqueued' ? 'started' : 'resuming'} ${interval ?? 'incremental'} sync\n`,
    );
    if (runner.kind === 'distributed' && !opts.wait) {
      await runner.stop();
      return 0;
    }
    if (runner.kind === 'embedded') await runner.start();
    const tty = process.stderr.isTTY === true;
    let last = '';
    const show = async () => {
      const line = progressLine(await syncStatus(store.driver, tenant, { platform: target }));
      if (tty) process.stderr.write(`\r${line}\x1b[K`);
      else if (line !== last) process.stderr.write(`${line}\n`);
      last = line;
    };
    const timer = setInterval(() => void show().catch(() => undefined), tty ? 250 : 2_000);
    try {
      await runner.drain({ tenantId: tenant, pollMs: 200 });
    } finally {
      clearInterval(timer);
      await runner.stop();
    }
    const status = await syncStatus(store.driver, tenant, { platform: target });
    // What the org lacks, then the cost, so the final progress line stays the last line of a clean run.
    if (tty) process.stderr.write('\r\x1b[K');
    for (const g of status.skipped) process.stderr.write(`skipped ${g.what}: ${g.why}\n`);
    process.stderr.write(`${requestsLine(status.requests, status.total)}\n`);
    process.stderr.write(`${progressLine(status)}\n`);
    // Nothing is lost silently: records set aside make the run fail, with where to look.
    if (status.quarantined > 0) process.stderr.write(`${quarantineSummary(target, status.quarantined)}\n`);
    return status.errors > 0 || status.quarantined > 0 ? 1 : 0;
  });
}

/** `N requests for M interactions (X per 1,000)`: what a sync costs against the platform's limits. */
export function requestsLine(requests: number, interactions: number): string {
  const perThousand = requestsPerThousand({ requests, interactions });
  return `${requests} request${requests === 1 ? '' : 's'} for ${interactions} interaction${interactions === 1 ? '' : 's'}${perThousand === undefined ? '' : ` (${perThousand} per 1,000)`}`;
}

const count = (flag: string, s: string | undefined, min: number, max: number): number => {
  const n = Number(s);
  if (!/^\d+$/.test(s ?? '') || n < min || n > max)
    throw new CliUsageError(`${flag} must be a whole number from ${min} to ${max}, not "${s}"`);
  return n;
};

/** What the platform returned that could not be taken in: references and reasons, never content. */
async function listQuarantine(
  settings: Settings,
  tenant: string,
  platform: Platform,
  opts: SyncOptions,
): Promise<number> {
  const limit = count('--limit', opts.limit ?? '100', 1, 500);
  const offset = count('--offset', opts.offset ?? '0', 0, Number.MAX_SAFE_INTEGER);
  return withStore(settings, async (store) => {
    await migrateJobs(store.driver);
    const q = new LedgerQuarantine(store.driver);
    const scope = opts.platformGiven === false || platform === 'teachback' ? {} : { platform };
    const page = await q.list(tenant, { ...scope, limit, offset });
    process.stdout.write('platform\tkind\tref\treason\ttime\n');
    for (const e of page.items) {
      process.stdout.write(`${e.platform}\t${e.kind}\t${e.ref}\t${e.reason}\t${e.at}\n`);
    }
    const total = await q.count(tenant, scope);
    process.stderr.write(
      `${total} quarantined record(s)${page.next !== null ? `; next page: --offset ${page.next}` : ''}\n`,
    );
    return 0;
  });
}

/** The admin's view of what failed for good, and the way to try it again. */
async function deadLetters(settings: Settings, tenant: string, opts: SyncOptions): Promise<number> {
  return withStore(settings, async (store) => {
    await migrateJobs(store.driver);
    const ledger = new JobLedger(store.driver);
    const dead = await ledger.deadLetters(tenant, 500);
    if (opts.rerun === undefined) {
      for (const d of dead) {
        process.stdout.write(
          `${d.key}\tattempts ${d.attempts}\t${d.lastError ?? ''}\t${new Date(d.updatedAt).toISOString()}\n`,
        );
      }
      process.stderr.write(`${dead.length} dead-letter job(s)\n`);
      return 0;
    }
    const keys = opts.rerun === 'all' ? dead.map((d) => d.key) : [opts.rerun];
    let queued = 0;
    for (const key of keys) if (await ledger.revive(tenant, key)) queued++;
    if (queued === 0 && opts.rerun !== 'all')
      throw new CliUsageError(`--rerun: ${opts.rerun} is not a dead letter of ${tenant}`);
    // Queued in the ledger: an embedded `teachback sync` or the distributed workers pick it up.
    process.stderr.write(`${queued} job(s) queued again\n`);
    return 0;
  });
}
