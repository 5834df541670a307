import { createHash } from 'node:crypto';
import type { CompiledPlaybook, Interaction, Store } from '@teachback/core';
import {
  pushScores,
  syncSalesforce,
  type CallLogIndex,
  type CheckpointStore,
  type DirectorySink,
  type InteractionSink,
  type OutboxStore,
  type PushRecord,
  type SalesforceAdapterConfig,
  type SalesforceCase,
  type SalesforcePerson,
  type SyncReport,
  type UpsertOutcome,
} from '@teachback/adapter-salesforce';
import type { SalesforceClient } from '@teachback/connector-salesforce';
import type { SqlDriver } from '@teachback/adapter-store';
import { TeachbackError } from '@teachback/core';
import { LedgerQuarantine } from './quarantine';
import { LedgerSkipped } from './skipped';
import { jobsActor } from './genesys';
import type { Job } from './ledger';
import { playbookOfCall, type PlaybookFor } from './playbook-for';
import { completePushOutbox, escalateStep, loadDetail, scoreStep, type TranscriptSource } from './pipeline';
import { JobYield, type JobContext, type Steps } from './runner';

export const SALESFORCE_OUTBOX_KIND = 'salesforce.score';

export interface SalesforceTenant {
  client: SalesforceClient;
  /** A fixed playbook, for wirings without `playbookFor` (tests). */
  playbook?: CompiledPlaybook;
  config: SalesforceAdapterConfig;
}

export interface SalesforceWiring {
  store: Store;
  /** The catalog's version in force for each call (connections.ts); else the tenant's `playbook`. */
  playbookFor?: PlaybookFor;
  driver: SqlDriver;
  tenant(tenantId: string): Promise<SalesforceTenant>;
  /**
   * Extra transcript source at scoring time (e.g. a recording's transcription). Voice calls and
   * messaging sessions already come with their ConversationEntry transcript where the org has one.
   */
  transcripts?: TranscriptSource;
  /** Told the outcome of each sync run: quarantined count, skipped capabilities, requests made. */
  onSyncReport?: (tenantId: string, report: SyncReport) => void;
}

class SalesforceCheckpoints implements CheckpointStore {
  constructor(
    private readonly store: Store,
    private readonly ctx: JobContext,
  ) {}
  async load(tenantId: string, stream: string): Promise<unknown> {
    return (await this.store.sync.readCheckpoint(tenantId, 'salesforce', stream))?.value;
  }
  async save(tenantId: string, stream: string, value: unknown): Promise<void> {
    await this.store.sync.writeCheckpoint(tenantId, 'salesforce', stream, value);
    if (this.ctx.shouldYield()) throw new JobYield();
  }
}

/** Activities into the store (keeping a transcript added later), each then scheduled for scoring. */
class SalesforceSink implements InteractionSink {
  constructor(
    private readonly store: Store,
    private readonly ctx: JobContext,
    private readonly job: Job,
  ) {}
  async upsert(tenantId: string, incoming: Interaction): Promise<UpsertOutcome> {
    const actor = jobsActor(tenantId);
    const platform = incoming.source.platform;
    const existing = await this.store.interactions.findBySource(
      actor,
      tenantId,
      platform,
      incoming.source.externalId,
    );
    let interaction = incoming;
    if (existing) {
      const stored = (await this.store.interactions.get(actor, tenantId, existing.id)).interaction;
      if (stored.transcript && !incoming.transcript)
        interaction = { ...incoming, transcript: stored.transcript };
    }
    const r = await this.store.interactions.save(actor, tenantId, { interaction });
    // A call log of a call stored as another interaction (its VoiceCall, a Five9 or Genesys call)
    // is that call: scored there, once.
    if (platform === 'salesforce' && !incoming.attributes['callLogOf']) {
      await this.ctx.enqueue({
        tenantId,
        platform: 'salesforce',
        externalId: incoming.source.externalId,
        step: 'score',
        run: this.job.run ?? this.job.key,
      });
    }
    return r.outcome;
  }
}

/**
 * People and cases: the store has no CRM-directory write yet, so the job pipeline keeps only
 * their content hashes (no PHI in the jobs tables) to report what changed. The identity
 * directory is built from the store's contacts, which interactions carry.
 */
export class LedgerDirectory implements DirectorySink {
  constructor(private readonly driver: SqlDriver) {}
  private async upsert(tenantId: string, ref: string, hash: string): Promise<UpsertOutcome> {
    const key = `sfdir|${tenantId}|${createHash('sha256').update(ref).digest('hex')}`;
    const prior = await this.driver.get<{ body: string }>(
      'SELECT body FROM tb_jobs_push WHERE push_key = ?',
      [key],
    );
    if (prior?.body === hash) return 'unchanged';
    await this.driver.run(
      'INSERT INTO tb_jobs_push (push_key, body) VALUES (?, ?) ON CONFLICT (push_key) DO UPDATE SET body = excluded.body',
      [key, hash],
    );
    return prior ? 'updated' : 'created';
  }
  upsertPerson(tenantId: string, person: SalesforcePerson, contentHash: string): Promise<UpsertOutcome> {
    return this.upsert(tenantId, `person:${person.contactId}`, contentHash);
  }
  upsertCase(tenantId: string, record: SalesforceCase, contentHash: string): Promise<UpsertOutcome> {
    return this.upsert(tenantId, `case:${record.id}`, contentHash);
  }
}

/** VoiceCall ↔ call-log Task, beside the ledger so a Task read in a later run is still linked. */
export class LedgerCallLogs implements CallLogIndex {
  constructor(private readonly driver: SqlDriver) {}
  async put(tenantId: string, taskId: string, voiceCallId: string): Promise<void> {
    await this.driver.run(
      'INSERT INTO tb_jobs_push (push_key, body) VALUES (?, ?) ON CONFLICT (push_key) DO UPDATE SET body = excluded.body',
      [`sfcall|${tenantId}|${taskId}`, voiceCallId],
    );
  }
  async get(tenantId: string, taskId: string): Promise<string | undefined> {
    const r = await this.driver.get<{ body: string }>('SELECT body FROM tb_jobs_push WHERE push_key = ?', [
      `sfcall|${tenantId}|${taskId}`,
    ]);
    return r?.body;
  }
}

/** The adapter's push records in the jobs database, so a replayed push is recognised. */
export class LedgerSalesforcePushes implements OutboxStore {
  constructor(private readonly driver: SqlDriver) {}
  async get(key: string): Promise<PushRecord | undefined> {
    const r = await this.driver.get<{ body: string }>('SELECT body FROM tb_jobs_push WHERE push_key = ?', [
      `sf|${key}`,
    ]);
    return r ? (JSON.parse(r.body) as PushRecord) : undefined;
  }
  async put(record: PushRecord): Promise<void> {
    await this.driver.run(
      'INSERT INTO tb_jobs_push (push_key, body) VALUES (?, ?) ON CONFLICT (push_key) DO UPDATE SET body = excluded.body',
      [`sf|${record.key}`, JSON.stringify(record)],
    );
  }
}

/**
 * The Salesforce pipeline as job steps: sync (every stream, incremental by SystemModstamp,
 * checkpointed per page) → score (where a transcript exists) → escalate → push (the score object
 * and a coaching Task, both upserted by external id).
 */
export function salesforceSteps(w: SalesforceWiring): Steps {
  return {
    sync: async (job, ctx) => {
      const t = await w.tenant(job.tenantId);
      if (t.config.tenantId !== job.tenantId) {
        throw new TeachbackError(
          'JOBS.CONNECTION_INVALID',
          'salesforce config.tenantId: not the job’s tenant',
        );
      }
      const report = await syncSalesforce({
        client: t.client,
        checkpoints: new SalesforceCheckpoints(w.store, ctx),
        interactions: new SalesforceSink(w.store, ctx, job),
        directory: new LedgerDirectory(w.driver),
        // Records that cannot be taken in are kept with their reason (never skipped); the
        // checkpoint moves past a record only once it is stored or quarantined.
        quarantine: new LedgerQuarantine(w.driver),
        callLogs: new LedgerCallLogs(w.driver),
        config: t.config,
      });
      await new LedgerSkipped(w.driver).record(job.tenantId, 'salesforce', report.skipped);
      w.onSyncReport?.(job.tenantId, report);
    },

    score: (job, ctx) =>
      scoreStep(w.store, job, ctx, (i) => playbookOfCall(w, job.tenantId, i), w.transcripts),

    escalate: (job, ctx) => escalateStep(w.store, job, ctx, SALESFORCE_OUTBOX_KIND),

    push: async (job) => {
      const detail = await loadDetail(w.store, job.tenantId, 'salesforce', job.externalId);
      const card = detail.scorecard;
      if (!card) return;
      const t = await w.tenant(job.tenantId);
      // Times in the records come from the scorecard, so a replay computes the same fingerprint.
      const at = new Date(card.scoredAt ?? detail.interaction.startedAt ?? 0);
      const report = await pushScores(
        [
          {
            interaction: detail.interaction,
            scorecard: card,
            escalations: detail.escalations,
            coaching: detail.coaching,
          },
        ],
        { client: t.client, outbox: new LedgerSalesforcePushes(w.driver), config: t.config, now: () => at },
      );
      const failed = [...report.scores.failed, ...report.tasks.failed][0];
      if (failed) {
        throw new TeachbackError('JOBS.PUSH_FAILED', `salesforce push failed: ${failed.code}`, {
          details: { code: failed.code },
        });
      }
      await completePushOutbox(w.store, job, detail, SALESFORCE_OUTBOX_KIND);
    },
  };
}

/** Re-exported so the CLI can give the Salesforce library its private home without depending on the connector. */
