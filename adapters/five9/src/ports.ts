import type { Interaction, RecordingRef } from '@teachback/core';

/**
 * What the Five9 adapter needs from the rest of Teachback, as small interfaces. The store
 * (adapters/store) and the job queue implement them for real; memory.ts has in-memory versions
 * for tests and the demo.
 */
export interface CheckpointStore {
  load(key: string): Promise<unknown>;
  save(key: string, value: unknown): Promise<void>;
}

export interface UpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface InteractionSink {
  /** Upsert on (tenant, platform, externalId) with a content hash: a replay changes nothing. */
  upsert(interactions: readonly Interaction[]): Promise<UpsertResult>;
  /** Finds an interaction by the platform's id or one of its aliases (Five9 call id or session id). */
  findBySourceId(tenantId: string, platform: 'five9', id: string): Promise<Interaction | undefined>;
  /** Adds a recording to an interaction; adding the same recording id twice is a no-op. */
  attachRecording(interactionId: string, recording: RecordingRef): Promise<void>;
}

export type QuarantineKind = 'report-row' | 'recording-file' | 'web-connector-event';

export interface QuarantineEntry {
  tenantId: string;
  platform: 'five9';
  kind: QuarantineKind;
  /** Where it came from, without PHI: report line number and chunk, or a file name hash. */
  ref: string;
  reason: string;
  at: string;
}

export interface QuarantineSink {
  add(entry: QuarantineEntry): Promise<void>;
}

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

export interface TranscriptionPort {
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
