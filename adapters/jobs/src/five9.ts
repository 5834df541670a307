import { TeachbackError, type CompiledPlaybook, type Interaction, type Store } from '@teachback/core';
import {
  complianceStatus,
  pushScoreToContact,
  syncCallLogs,
  type CallLogSyncConfigInput,
  type CheckpointStore,
  type ContactPushConfig,
  type InteractionSink,
  type QuarantineEntry,
  type QuarantineSink,
  type UpsertResult,
} from '@teachback/adapter-five9';
import type { Five9AdminClient } from '@teachback/connector-five9';
import type { SqlDriver } from '@teachback/adapter-store';
import type { RecordingRef } from '@teachback/core';
import { jobsActor } from './genesys';
import type { Job } from './ledger';
import {
  PushLedger,
  completePushOutbox,
  escalateStep,
  loadDetail,
  outboxKey,
  scoreStep,
  type TranscriptSource,
} from './pipeline';
import { JobYield, type JobContext, type Steps } from './runner';

export const FIVE9_OUTBOX_KIND = 'five9.contact';

/** What the Five9 steps need for one tenant. */
export interface Five9Tenant {
  client: Five9AdminClient;
  playbook: CompiledPlaybook;
  /** The call-log report sync's settings without the tenant (the job supplies it). */
  sync: Omit<CallLogSyncConfigInput, 'tenantId'>;
  push: ContactPushConfig;
}

export interface Five9Wiring {
  store: Store;
  driver: SqlDriver;
  tenant(tenantId: string): Promise<Five9Tenant>;
  /**
   * Transcripts for calls: Five9's report carries none. In production this is the recordings'
   * transcription (SFTP export → speech engine); without it Five9 interactions are stored unscored.
   */
  transcripts?: TranscriptSource;
  now?: () => number;
}

/** Checkpoints of the report sync in the store; after each save a long sync may hand back its worker. */
class Five9Checkpoints implements CheckpointStore {
  constructor(
    private readonly store: Store,
    private readonly ctx: JobContext,
    private readonly tenantId: string,
  ) {}
  async load(key: string): Promise<unknown> {
    return (await this.store.getCheckpoint(this.tenantId, 'five9', key))?.value;
  }
  async save(key: string, value: unknown): Promise<void> {
    await this.store.saveCheckpoint(this.tenantId, 'five9', key, value);
    if (this.ctx.shouldYield()) throw new JobYield();
  }
}

/**
 * Writes each report row's interaction to the store and schedules its scoring. What the report
 * does not carry (a transcript or recordings added later) is kept, so re-reading a report window
 * leaves a scored interaction as it is.
 */
class Five9Sink implements InteractionSink {
  constructor(
    private readonly store: Store,
    private readonly ctx: JobContext,
    private readonly job: Job,
  ) {}
  async upsert(interactions: readonly Interaction[]): Promise<UpsertResult> {
    const out: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    const tenantId = this.job.tenantId;
    const actor = jobsActor(tenantId);
    for (const incoming of interactions) {
      const existing = await this.store.findInteractionBySource(
        actor,
        tenantId,
        'five9',
        incoming.source.externalId,
      );
      let interaction = incoming;
      if (existing) {
        const stored = (await this.store.getInteraction(actor, tenantId, existing.id)).interaction;
        interaction = {
          ...incoming,
          ...(stored.transcript && !incoming.transcript ? { transcript: stored.transcript } : {}),
          recordings: incoming.recordings.length > 0 ? incoming.recordings : stored.recordings,
        };
      }
      const r = await this.store.saveInteraction(actor, tenantId, { interaction });
      if (r.outcome === 'created') out.inserted++;
      else if (r.outcome === 'updated') out.updated++;
      else out.unchanged++;
      // Enqueued even when unchanged: a crash between the write and this line must not lose the score.
      await this.ctx.enqueue({
        tenantId,
        platform: 'five9',
        externalId: incoming.source.externalId,
        step: 'score',
        run: this.job.run ?? this.job.key,
      });
    }
    return out;
  }
  async findBySourceId(tenantId: string, _platform: 'five9', id: string): Promise<Interaction | undefined> {
    const s = await this.store.findInteractionBySource(jobsActor(tenantId), tenantId, 'five9', id);
    return s ? (await this.store.getInteraction(jobsActor(tenantId), tenantId, s.id)).interaction : undefined;
  }
  async attachRecording(_interactionId: string, _recording: RecordingRef): Promise<void> {
    // The report sync never attaches recordings; the SFTP ingest is not a job step yet.
    throw new TeachbackError('JOBS.UNSUPPORTED', 'five9 recordings are not ingested by the job pipeline');
  }
}

/** Malformed report rows, kept beside the ledger: reference and reason only (no row content). */
export class LedgerQuarantine implements QuarantineSink {
  constructor(private readonly driver: SqlDriver) {}
  async add(e: QuarantineEntry): Promise<void> {
    await this.driver.run(
      'INSERT INTO tb_jobs_quarantine (tenant_id, platform, kind, ref, reason, at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, platform, kind, ref) DO UPDATE SET reason = excluded.reason, at = excluded.at',
      [e.tenantId, e.platform, e.kind, e.ref, e.reason, e.at],
    );
  }
}

/** The caller's number as Five9 keys contacts (10 digits for NANP), or undefined. */
export function contactKeyOf(interaction: Interaction): string | undefined {
  const phone = interaction.contact?.phones[0] ?? interaction.participants.find((p) => p.phone)?.phone;
  if (!phone) return undefined;
  const digits = phone.replace(/[^0-9]/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits || undefined;
}

/**
 * The Five9 pipeline as job steps: sync (call-log report windows into the store, checkpointed per
 * window) → score → escalate → push (`updateCrmRecord` with score, compliance and time; no PHI).
 */
export function five9Steps(w: Five9Wiring): Steps {
  const pushes = new PushLedger(w.driver);
  return {
    sync: async (job, ctx) => {
      const t = await w.tenant(job.tenantId);
      await syncCallLogs(
        { ...t.sync, tenantId: job.tenantId },
        {
          client: t.client,
          checkpoints: new Five9Checkpoints(w.store, ctx, job.tenantId),
          sink: new Five9Sink(w.store, ctx, job),
          quarantine: new LedgerQuarantine(w.driver),
          ...(w.now ? { now: w.now } : {}),
        },
      );
    },

    score: (job, ctx) =>
      scoreStep(w.store, job, ctx, async () => (await w.tenant(job.tenantId)).playbook, w.transcripts),

    escalate: (job, ctx) => escalateStep(w.store, job, ctx, FIVE9_OUTBOX_KIND),

    push: async (job) => {
      const detail = await loadDetail(w.store, job.tenantId, 'five9', job.externalId);
      const card = detail.scorecard;
      if (!card) return;
      const key = outboxKey(job, detail.summary.scoreVersion ?? 0);
      if (!(await pushes.has(key))) {
        const contactKey = contactKeyOf(detail.interaction);
        // Chats and emails without a number have no contact to update; nothing to push.
        if (contactKey) {
          const t = await w.tenant(job.tenantId);
          const r = await pushScoreToContact(t.client, t.push, { contactKey, scorecard: card });
          await pushes.record(key, {
            score: Math.round(card.score),
            compliance: complianceStatus(card),
            updated: r.updated,
          });
        } else await pushes.record(key, { skipped: 'no_contact_key' });
      }
      await completePushOutbox(w.store, job, detail, FIVE9_OUTBOX_KIND);
    },
  };
}
