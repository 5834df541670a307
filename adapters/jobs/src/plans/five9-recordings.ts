import {
  TeachbackError,
  type Interaction,
  type Job,
  type QuarantineSink,
  type RecordingRef,
  type RecordingTranscriber,
  type Store,
  type UpsertOutcome,
} from '@teachback/core';
import {
  fileRef,
  type RecordingLedger,
  type RecordingLedgerEntry,
  type RecordingSink,
  type TranscriptionQueue,
  type TranscriptionRequest,
} from '@teachback/adapter-five9';
import { Five9CallAliases, RecordingFiles, type SqlDriver } from '@teachback/adapter-store';
import { jobsActor } from '../actor';
import { firstStep } from '../pipeline/next';
import type { StoreSink } from '../pipeline/sink';
import { JobYield, type JobContext } from '../runner';

/*
 * Five9 names a call two ways and delivers its recordings apart from the report: the ports its
 * recordings' ingest needs, over the pipeline's sink and the sync state.
 */

/**
 * The pipeline's sink, remembering each call's session id so a recording named by it finds the
 * call, and attaching recordings to stored calls.
 */
export class Five9CallSink implements RecordingSink {
  private readonly aliases: Five9CallAliases;
  constructor(
    private readonly store: Store,
    driver: SqlDriver,
    private readonly sink: StoreSink,
    /** The sync job's tenant: the ingest attaches recordings by the store's id alone. */
    private readonly tenantId: string,
  ) {
    this.aliases = new Five9CallAliases(driver);
  }

  async upsert(tenantId: string, interaction: Interaction): Promise<UpsertOutcome> {
    const saved = await this.sink.save(tenantId, interaction);
    const { externalId, aliases } = interaction.source;
    await this.aliases.remember(tenantId, externalId, aliases ?? []);
    return saved.outcome;
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
    // The store's id: the ingest hands it back to attach and transcribe.
    return { ...(await this.store.interactions.get(actor, tenantId, s.id)).interaction, id: s.id };
  }

  async attachRecording(interactionId: string, recording: RecordingRef): Promise<void> {
    const tenantId = this.tenantId;
    const { interaction } = await this.store.interactions.get(jobsActor(tenantId), tenantId, interactionId);
    if (interaction.recordings.some((r) => r.id === recording.id)) return;
    await this.store.interactions.save(jobsActor(tenantId), tenantId, {
      interaction: { ...interaction, recordings: [...interaction.recordings, recording] },
    });
  }
}

/** Export files already taken; a long ingest hands its worker back after a file is recorded. */
export class TakenRecordingFiles implements RecordingLedger {
  private readonly files: RecordingFiles;
  constructor(
    driver: SqlDriver,
    private readonly ctx: JobContext,
  ) {
    this.files = new RecordingFiles(driver);
  }
  has(tenantId: string, fileName: string): Promise<boolean> {
    return this.files.has(tenantId, fileRef(fileName));
  }
  async record(tenantId: string, e: RecordingLedgerEntry): Promise<void> {
    await this.files.record(tenantId, { ...e, fileRef: fileRef(e.fileName) });
    if (this.ctx.shouldYield()) throw new JobYield();
  }
}

/**
 * Transcribes a recording in the sync job and stores the transcript and the recording on the call
 * before scheduling its score, so the score step finds the transcript. A replay (crash before the
 * file was recorded) transcribes again and saves the same content: unchanged.
 */
export class InlineTranscription implements TranscriptionQueue {
  constructor(
    private readonly store: Store,
    private readonly job: Job,
    private readonly ctx: JobContext,
    private readonly transcriber: RecordingTranscriber,
    private readonly quarantine: QuarantineSink,
  ) {}

  async submit(r: TranscriptionRequest): Promise<void> {
    const actor = jobsActor(r.tenantId);
    const { interaction } = await this.store.interactions.get(actor, r.tenantId, r.interactionId);
    let transcript;
    try {
      transcript = await this.transcriber.transcribe(r.audio, {
        tenantId: r.tenantId,
        conversationId: interaction.source.externalId,
        recordingId: r.recording.id,
        ...(r.recording.mediaType ? { contentType: r.recording.mediaType } : {}),
      });
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
    const recordings = interaction.recordings.some((x) => x.id === r.recording.id)
      ? interaction.recordings
      : [...interaction.recordings, r.recording];
    await this.store.interactions.save(actor, r.tenantId, {
      interaction: { ...interaction, transcript, recordings },
    });
    await this.ctx.enqueue(firstStep(this.job, interaction.source.externalId, 'score', r.interactionId));
  }
}
