import { parseDatabaseUrl, type SqlStore } from '@teachback/adapter-store';
import type { TranscriptionSettings } from '@teachback/config';
import { TeachbackError } from '@teachback/core';
import { five9WiringFromStore, genesysWiringFromStore, salesforceWiringFromStore } from './connections';
import { salesforceSteps } from './salesforce';
import { five9Steps, type Five9Transcription } from './five9';
import type { TranscriptSource } from './pipeline';
import { DistributedRunner } from './distributed';
import { five9TranscriptionFrom } from './speech';
import { genesysSteps } from './genesys';
import { platformSteps } from './dispatch';
import { JobLedger, migrateJobs } from './ledger';
import { EmbeddedRunner, type JobRunner, type RunOptions } from './runner';

export interface RuntimeOptions extends RunOptions {
  /** Default: embedded on SQLite, distributed on PostgreSQL. */
  kind?: 'embedded' | 'distributed';
  concurrency?: number;
  /** PostgreSQL URL for pg-boss (the `store.databaseUrl` setting); required by the distributed runner. */
  databaseUrl?: string;
  /** pg-boss's schema (the `store.pgbossSchema` setting); default `pgboss`. */
  bossSchema?: string;
  pollIntervalMs?: number;
  /** Distributed: how often an idle worker asks pg-boss for jobs (seconds; tests use less). */
  pollSeconds?: number;
  /** Five9's report carries no transcripts: where they come from, and the clock its sync uses. */
  five9?: { transcripts?: TranscriptSource; transcription?: Five9Transcription; now?: () => number };
  /** The `transcription` settings: the Five9 recordings' engine, when one is named. */
  transcription?: TranscriptionSettings;
  /** Salesforce activities carry no transcript either. */
  salesforce?: { transcripts?: TranscriptSource };
}

/**
 * The runner the CLI and the server use: the jobs tables migrated beside the store, the platform
 * steps wired from each tenant's stored connections, every job routed by its platform.
 */
export async function openRunner(store: SqlStore, opts: RuntimeOptions = {}): Promise<JobRunner> {
  await migrateJobs(store.driver);
  const five9Transcription = opts.five9?.transcription ?? five9TranscriptionFrom(opts.transcription);
  const ledger = new JobLedger(store.driver);
  const steps = platformSteps({
    genesys: genesysSteps(
      genesysWiringFromStore(
        store,
        opts.pollIntervalMs !== undefined ? { pollIntervalMs: opts.pollIntervalMs } : {},
      ),
    ),
    five9: five9Steps(
      // Workers started without options (`teachback worker`) still transcribe when an engine is set.
      five9WiringFromStore(store, {
        ...opts.five9,
        ...(five9Transcription ? { transcription: five9Transcription } : {}),
      }),
    ),
    salesforce: salesforceSteps(salesforceWiringFromStore(store, opts.salesforce ?? {})),
  });
  const kind = opts.kind ?? (store.driver.kind === 'postgres' ? 'distributed' : 'embedded');
  if (kind === 'embedded') return new EmbeddedRunner(ledger, steps, { ...opts });
  const url = opts.databaseUrl;
  const target = url ? parseDatabaseUrl(url) : undefined;
  if (target?.kind !== 'postgres') {
    throw new TeachbackError(
      'CONFIG.INVALID',
      'TEACHBACK_DATABASE_URL: the distributed runner (pg-boss) needs a postgres:// URL',
    );
  }
  return new DistributedRunner(ledger, steps, {
    ...opts,
    connectionString: target.connectionString,
    schema: opts.bossSchema ?? 'pgboss',
  });
}
