import { TeachbackError, type CompiledPlaybook, type Interaction, type Store } from '@teachback/core';
import {
  complianceStatus,
  fileRef,
  ingestRecordings,
  pushScoreToContact,
  syncCallLogs,
  type CallLogSyncConfigInput,
  type CheckpointStore,
  type ContactPushConfig,
  type InteractionSink,
  type QuarantineSink,
  type RecordingLedger,
  type RecordingLedgerEntry,
  type RecordingSource,
  type TranscriptionPort,
  type TranscriptionRequest,
  type UpsertResult,
} from '@teachback/adapter-five9';
import type { Transcriber } from '@teachback/core';
import { decodeWav, transcribeDecoded, type ChannelLayoutName } from '@teachback/adapter-transcription';
import type { Five9AdminClient } from '@teachback/connector-five9';
import type { SqlDriver } from '@teachback/adapter-store';
import type { RecordingRef } from '@teachback/core';
import { Five9CallAliases } from './five9-aliases';
import { jobsActor } from './genesys';
import { LedgerQuarantine } from './quarantine';
import { LedgerSkipped } from './skipped';
import type { Job } from './ledger';
import { playbookOfCall, type PlaybookFor } from './playbook-for';
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
  /** A fixed playbook, for wirings without `playbookFor` (tests). */
  playbook?: CompiledPlaybook;
  /** The call-log report sync's settings without the tenant (the job supplies it). */
  sync: Omit<CallLogSyncConfigInput, 'tenantId'>;
  push: ContactPushConfig;
  /** The customer's SFTP recording export, when the connection names one. */
  recordings?: {
    /** A fresh connection per sync; closed when the ingest ends. */
    open(): RecordingSource & { close(): Promise<void> };
    pattern?: string;
  };
}

/** Speech to text for the recordings (a Transcriber from @teachback/adapter-transcription's config). */
export interface Five9Transcription {
  transcriber: Transcriber;
  /** Stereo layout of the tenant's exports (TEACHBACK_FIVE9_CHANNELS). */
  channels: ChannelLayoutName;
  language?: string;
}

export interface Five9Wiring {
  store: Store;
  /** The catalog's version in force for each call (connections.ts); else the tenant's `playbook`. */
  playbookFor?: PlaybookFor;
  driver: SqlDriver;
  tenant(tenantId: string): Promise<Five9Tenant>;
  /**
   * Transcripts for calls: Five9's report carries none. In production this is the recordings'
   * transcription (SFTP export → speech engine); without it Five9 interactions are stored unscored.
   */
  transcripts?: TranscriptSource;
  /**
   * With a transcriber, each sync also takes the tenant's new SFTP recordings, transcribes them onto
   * their calls, and only then schedules the calls' scoring (a call is scored once, so it waits for
   * its transcript). Without one, calls are stored and scored only through `transcripts`.
   */
  transcription?: Five9Transcription;
  now?: () => number;
}

/** Checkpoints of the report sync in the store. */
class Five9Checkpoints implements CheckpointStore {
  constructor(
    private readonly store: Store,
    private readonly tenantId: string,
  ) {}
  async load(key: string): Promise<unknown> {
    return (await this.store.sync.readCheckpoint(this.tenantId, 'five9', key))?.value;
  }
  async save(key: string, value: unknown): Promise<void> {
    await this.store.sync.writeCheckpoint(this.tenantId, 'five9', key, value);
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
    private readonly aliases: Five9CallAliases,
    /** False when the recordings' ingest schedules scoring (once a call has its transcript). */
    private readonly scheduleScore = true,
  ) {}
  async upsert(interactions: readonly Interaction[]): Promise<UpsertResult> {
    const out: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    const tenantId = this.job.tenantId;
    const actor = jobsActor(tenantId);
    for (const incoming of interactions) {
      const existing = await this.store.interactions.findBySource(
        actor,
        tenantId,
        'five9',
        incoming.source.externalId,
      );
      let interaction = incoming;
      if (existing) {
        const stored = (await this.store.interactions.get(actor, tenantId, existing.id)).interaction;
        interaction = {
          ...incoming,
          ...(stored.transcript && !incoming.transcript ? { transcript: stored.transcript } : {}),
          recordings: incoming.recordings.length > 0 ? incoming.recordings : stored.recordings,
        };
      }
      const r = await this.store.interactions.save(actor, tenantId, { interaction });
      await this.aliases.remember(tenantId, incoming.source.externalId, incoming.source.aliases ?? []);
      if (r.outcome === 'created') out.inserted++;
      else if (r.outcome === 'updated') out.updated++;
      else out.unchanged++;
      // Enqueued even when unchanged: a crash between the write and this line must not lose the score.
      if (this.scheduleScore)
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
    const actor = jobsActor(tenantId);
    let s = await this.store.interactions.findBySource(actor, tenantId, 'five9', id);
    if (!s) {
      // Not a call id: perhaps the session id of a call the report brought in.
      const callId = await this.aliases.callIdOf(tenantId, id);
      if (callId) s = await this.store.interactions.findBySource(actor, tenantId, 'five9', callId);
    }
    if (!s) return undefined;
    // The store's id: the recordings' ingest hands it back to attach and transcribe.
    return {
      ...(await this.store.interactions.get(jobsActor(tenantId), tenantId, s.id)).interaction,
      id: s.id,
    };
  }
  async attachRecording(interactionId: string, recording: RecordingRef): Promise<void> {
    const tenantId = this.job.tenantId;
    const { interaction } = await this.store.interactions.get(jobsActor(tenantId), tenantId, interactionId);
    if (interaction.recordings.some((r) => r.id === recording.id)) return;
    await this.store.interactions.save(jobsActor(tenantId), tenantId, {
      interaction: { ...interaction, recordings: [...interaction.recordings, recording] },
    });
  }
}

/**
 * Export files already taken, by a hash of the name (names carry the caller's number). A long
 * ingest hands its worker back after a file is recorded; the next run skips what is recorded.
 */
class LedgerRecordingFiles implements RecordingLedger {
  constructor(
    private readonly driver: SqlDriver,
    private readonly ctx: JobContext,
  ) {}
  async has(tenantId: string, fileName: string): Promise<boolean> {
    const row = await this.driver.get(
      'SELECT 1 AS one FROM tb_jobs_recording_files WHERE tenant_id = ? AND file_ref = ?',
      [tenantId, fileRef(fileName)],
    );
    return row !== undefined;
  }
  async record(tenantId: string, e: RecordingLedgerEntry): Promise<void> {
    await this.driver.run(
      'INSERT INTO tb_jobs_recording_files (tenant_id, file_ref, interaction_id, bytes, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, file_ref) DO NOTHING',
      [tenantId, fileRef(e.fileName), e.interactionId, e.bytes, e.at],
    );
    if (this.ctx.shouldYield()) throw new JobYield();
  }
}

/**
 * Transcribes a recording in the sync job and stores the transcript and the recording on the call
 * before scheduling its score, so the score step finds the transcript. A replay (crash before the
 * file was recorded) transcribes again and saves the same content: unchanged.
 */
class RecordingTranscription implements TranscriptionPort {
  constructor(
    private readonly store: Store,
    private readonly ctx: JobContext,
    private readonly job: Job,
    private readonly speech: Five9Transcription,
    private readonly quarantine: QuarantineSink,
  ) {}
  async submit(r: TranscriptionRequest): Promise<void> {
    const actor = jobsActor(r.tenantId);
    let audio: ReturnType<typeof decodeWav>;
    try {
      audio = decodeWav(r.audio);
    } catch (err) {
      // A file that is not audio we can read would fail every sync: set it aside once, call unscored.
      if (!(err instanceof TeachbackError) || err.code !== 'TRANSCRIBE.AUDIO_INVALID') throw err;
      await this.quarantine.add({
        tenantId: r.tenantId,
        platform: 'five9',
        kind: 'recording-file',
        ref: r.recording.uri ?? r.recording.id,
        reason: err.message,
        at: new Date().toISOString(),
      });
      return;
    }
    const { transcript } = await transcribeDecoded(audio, this.speech.transcriber, {
      channels: this.speech.channels,
      ...(this.speech.language ? { language: this.speech.language } : {}),
    });
    const { interaction } = await this.store.interactions.get(actor, r.tenantId, r.interactionId);
    const recordings = interaction.recordings.some((x) => x.id === r.recording.id)
      ? interaction.recordings
      : [...interaction.recordings, r.recording];
    await this.store.interactions.save(actor, r.tenantId, {
      interaction: { ...interaction, transcript, recordings },
    });
    await this.ctx.enqueue({
      tenantId: r.tenantId,
      platform: 'five9',
      externalId: interaction.source.externalId,
      step: 'score',
      run: this.job.run ?? this.job.key,
    });
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
      const speech = t.recordings ? w.transcription : undefined;
      const sink = new Five9Sink(w.store, ctx, job, new Five9CallAliases(w.driver), !speech);
      const quarantine = new LedgerQuarantine(w.driver);
      const report = await syncCallLogs(
        { ...t.sync, tenantId: job.tenantId },
        {
          client: t.client,
          checkpoints: new Five9Checkpoints(w.store, job.tenantId),
          sink,
          quarantine,
          // A report outlives a time slice: the sync hands back the worker with the report's
          // identifier in the checkpoint, and this job resumes it rather than running it again.
          shouldPause: ctx.shouldYield,
          runId: job.key,
          ...(w.now ? { now: w.now } : {}),
        },
      );
      await new LedgerSkipped(w.driver).record(job.tenantId, 'five9', report.skipped);
      if (report.paused) throw new JobYield();
      if (!speech || !t.recordings) return;
      // After the report: a recording is matched to a call the report has already brought in.
      const source = t.recordings.open();
      try {
        await ingestRecordings(job.tenantId, t.recordings.pattern ? { pattern: t.recordings.pattern } : {}, {
          source,
          ledger: new LedgerRecordingFiles(w.driver, ctx),
          sink,
          transcription: new RecordingTranscription(w.store, ctx, job, speech, quarantine),
          quarantine,
          ...(w.now ? { now: w.now } : {}),
        });
      } finally {
        await source.close();
      }
    },

    score: (job, ctx) =>
      scoreStep(w.store, job, ctx, (i) => playbookOfCall(w, job.tenantId, i), w.transcripts),

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
