import type { Interaction, RecordingRef } from '@teachback/core';

/**
 * What the Five9 adapter needs from the rest of Teachback, as small interfaces. The store
 * (adapters/store) and the job queue implement them for real; memory.ts has in-memory versions
 * for tests and the demo.
 */
export type {
  CheckpointStore,
  InteractionSink,
  QuarantineEntry,
  QuarantineSink,
  UpsertOutcome,
} from '@teachback/core';
import type { InteractionSink } from '@teachback/core';

/** What a call-log sync wrote, by outcome. */
export interface UpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * The interaction sink the recordings' ingest needs: besides upserting, it finds a call by either
 * of its Five9 names and attaches a recording to it.
 */
export interface RecordingSink extends InteractionSink {
  /** Finds an interaction by the platform's id or one of its aliases (Five9 call id or session id). */
  findBySourceId(tenantId: string, platform: 'five9', id: string): Promise<Interaction | undefined>;
  /** Adds a recording to an interaction; adding the same recording id twice is a no-op. */
  attachRecording(interactionId: string, recording: RecordingRef): Promise<void>;
}

/** What Five9 quarantines: a report row, an export file, a Web Connector event. */
export type QuarantineKind = 'report-row' | 'recording-file' | 'web-connector-event';

export interface RecordingLedgerEntry {
  fileName: string;
  interactionId: string;
  bytes: number;
  at: string;
}

/** Remembers which export files were already downloaded, so none is downloaded twice. */
export interface RecordingLedger {
  has(tenantId: string, fileName: string): Promise<boolean>;
  record(tenantId: string, entry: RecordingLedgerEntry): Promise<void>;
}

export interface TranscriptionRequest {
  tenantId: string;
  interactionId: string;
  recording: RecordingRef;
  audio: Buffer;
  /** Idempotency key: (tenant, platform, external id, step). */
  jobKey: string;
}

/** Hands a downloaded recording on to be transcribed onto its call (and the call then scored). */
export interface TranscriptionQueue {
  submit(request: TranscriptionRequest): Promise<void>;
}

export interface PipelineJob {
  /** (tenant, platform, external id, step): scheduling the same key twice runs it once. */
  key: string;
  tenantId: string;
  platform: 'five9';
  externalId: string;
  step: 'interaction-started' | 'post-call';
  trigger: string;
  receivedAt: string;
}

export interface PipelineScheduler {
  /** Returns false when a job with this key was already scheduled. */
  schedule(job: PipelineJob): Promise<boolean>;
}

/**
 * Where post-call survey answers go (the store's surveys role, wired by the jobs plan). Saving the
 * same response id again replaces it.
 */
export interface SurveySink {
  save(tenantId: string, response: import('@teachback/core').SurveyResponse): Promise<void>;
}
