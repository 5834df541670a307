import { JobLedger, migrateJobs, parseDatabaseUrl, type SqlStore } from '@teachback/adapter-store';
import type { MetricsDefinitions, TranscriptionSettings } from '@teachback/config';
import { TeachbackError, type RecordingTranscriber } from '@teachback/core';
import type { SyncReport } from '@teachback/adapter-salesforce';
import type { RecentSyncOptions } from '@teachback/adapter-genesys';
import {
  five9Connections,
  genesysConnections,
  playbookFromCatalog,
  salesforceConnections,
} from './connections';
import { jobsActor } from './actor';
import { DistributedRunner } from './distributed';
import type { PlatformPlan } from './pipeline/plan';
import { pipelineSteps, type PlaybookFor, type TranscriptSource } from './pipeline/steps';
import { offlineSummary } from './pipeline/call-facts';
import { five9Plan } from './plans/five9';
import { genesysPlan } from './plans/genesys';
import { salesforcePlan } from './plans/salesforce';
import { lateCallLogSummaries, withSalesforceSummary } from './plans/salesforce-summary';
import type { SummaryFor, SurveySaver } from './plans/summary';
import { five9TranscriptionFrom, wavTranscriber, type Five9Transcription } from './speech';
import { EmbeddedRunner, type JobRunner, type RunOptions } from './runner';

export interface RuntimeOptions extends RunOptions {
  /** Default: embedded on SQLite, distributed on PostgreSQL. */
  kind?: 'embedded' | 'distributed';
  concurrency?: number;
  /** PostgreSQL URL for pg-boss; default TEACHBACK_DATABASE_URL. */
  databaseUrl?: string;
  /** pg-boss's schema; default TEACHBACK_PGBOSS_SCHEMA or `pgboss`. */
  bossSchema?: string;
  pollIntervalMs?: number;
  /** Distributed: how often an idle worker asks pg-boss for jobs (seconds; tests use less). */
  pollSeconds?: number;
  /** The playbook each interaction is scored with; default the one its connection names. */
  playbookFor?: PlaybookFor;
  /** Genesys conversations held only as audio: the speech engine that transcribes them in the sync. */
  genesys?: { transcriber?: RecordingTranscriber; recent?: Omit<RecentSyncOptions, 'tenantId'> };
  /** Five9's report carries no transcripts: where they come from, and the clock its sync uses. */
  five9?: { transcripts?: TranscriptSource; transcription?: Five9Transcription; now?: () => number };
  /** The `transcription` settings: the Five9 recordings' engine, when one is named. */
  transcription?: TranscriptionSettings;
  /** Salesforce activities carry no transcript either. */
  salesforce?: {
    transcripts?: TranscriptSource;
    onSyncReport?: (tenantId: string, report: SyncReport) => void;
  };
  /** Post-call summaries each platform's push writes back (issue 18); none → no summary push. */
  summaryFor?: SummaryFor;
  /**
   * Where synced post-call survey answers go (Genesys Quality surveys, Five9 IVR survey columns,
   * Salesforce Feedback Management). Default: the store's surveys role (`storeSurveySaver`).
   */
  surveys?: SurveySaver;
  /**
   * The tenant's metric definitions (`metrics` settings): call-type mappings and the call type →
   * playbook mapping the score step uses. Default: nothing mapped, the built-in classifier.
   */
  metricsFor?: (tenantId: string) => MetricsDefinitions;
}

/** The offline post-call summary (core/src/summary) each platform's push writes back by default. */
export const offlineSummaryFor: SummaryFor = async (_tenantId, detail) => offlineSummary(detail);

/**
 * The store's surveys role as the plans' survey saver: what `teachback worker` / `sync` / the demo
 * use unless told otherwise, so synced survey answers (all three platforms) land in the store.
 */
export function storeSurveySaver(store: SqlStore): SurveySaver {
  return { save: (tenantId, response) => store.surveys.save(jobsActor(tenantId), tenantId, response) };
}

/** One plan per platform, each reading its tenants' stored connections. */
export function platformPlans(store: SqlStore, given: RuntimeOptions = {}): PlatformPlan[] {
  const opts = {
    ...given,
    summaryFor: given.summaryFor ?? offlineSummaryFor,
    surveys: given.surveys ?? storeSurveySaver(store),
  };
  // Workers started without options (`teachback worker`) still transcribe when an engine is set.
  const five9Speech = opts.five9?.transcription ?? five9TranscriptionFrom(opts.transcription);
  const sfConnection = salesforceConnections(store);
  const plans = [
    genesysPlan({
      store,
      connection: genesysConnections(store),
      ...(opts.genesys?.transcriber ? { transcriber: opts.genesys.transcriber } : {}),
      ...(opts.genesys?.recent ? { recent: opts.genesys.recent } : {}),
      ...(opts.pollIntervalMs !== undefined ? { pollIntervalMs: opts.pollIntervalMs } : {}),
      ...(opts.summaryFor ? { summaryFor: opts.summaryFor } : {}),
      ...(opts.surveys ? { surveys: opts.surveys } : {}),
    }),
    five9Plan({
      store,
      driver: store.driver,
      connection: five9Connections(store),
      ...(five9Speech ? { transcriber: wavTranscriber(five9Speech) } : {}),
      ...(opts.five9?.now ? { now: opts.five9.now } : {}),
      ...(opts.summaryFor ? { summaryFor: opts.summaryFor } : {}),
      ...(opts.surveys ? { surveys: opts.surveys } : {}),
    }),
    salesforcePlan({
      driver: store.driver,
      connection: sfConnection,
      ...(opts.salesforce?.onSyncReport ? { onSyncReport: opts.salesforce.onSyncReport } : {}),
      ...(opts.summaryFor ? { summaryFor: opts.summaryFor } : {}),
      // A Genesys/Five9 call whose Task was logged after its push gets its summary when the Task syncs.
      ...(opts.summaryFor ? { onCallLog: lateCallLogSummaries({ store, summaryFor: opts.summaryFor }) } : {}),
      ...(opts.surveys ? { surveys: opts.surveys } : {}),
    }),
  ];
  // Genesys / Five9 summaries also go to the call's Salesforce call-log Task, where the tenant has Salesforce.
  return plans.map((p) =>
    withSalesforceSummary(p, { connection: sfConnection, summaryFor: opts.summaryFor }),
  );
}

/**
 * The runner the CLI, the server and the demo use: the sync state migrated beside the store, the
 * one pipeline over every platform's plan, every job routed by its platform.
 */
export async function openRunner(store: SqlStore, opts: RuntimeOptions = {}): Promise<JobRunner> {
  await migrateJobs(store.driver);
  const ledger = new JobLedger(store.driver);
  const transcripts = {
    ...(opts.five9?.transcripts ? { five9: opts.five9.transcripts } : {}),
    ...(opts.salesforce?.transcripts ? { salesforce: opts.salesforce.transcripts } : {}),
  };
  const steps = pipelineSteps({
    store,
    driver: store.driver,
    plans: platformPlans(store, opts),
    playbookFor: opts.playbookFor ?? playbookFromCatalog(store, opts.metricsFor),
    transcripts,
    ...(opts.metricsFor ? { callFacts: { definitionsFor: opts.metricsFor } } : {}),
    // The runner's clock also settles follow-ups after each sync.
    ...(opts.now ? { now: () => new Date(opts.now!()) } : {}),
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
