import type { Interaction, Transcript } from '../model';

/*
 * The ports every platform sync and push-back runs over. A platform adapter syncs through these;
 * the jobs package implements them over the store, and memory.ts has the one set of in-memory
 * versions tests use.
 */

/** Sync checkpoints by (tenant, stream). The value is validated by the sync's own zod schema. */
export interface CheckpointStore {
  load(tenantId: string, stream: string): Promise<unknown>;
  save(tenantId: string, stream: string, value: unknown): Promise<void>;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Where normalized interactions land: upsert on (tenant, platform, externalId) with a content hash,
 * so a replay changes nothing. The hash is the adapter's when it has one (what it considers content).
 */
export interface InteractionSink {
  upsert(tenantId: string, interaction: Interaction, contentHash?: string): Promise<UpsertOutcome>;
}

/**
 * Record of one push to a platform, keyed by its idempotency key. A key `done` with the same
 * fingerprint is never pushed again; `failed` keeps the error code for the next attempt.
 */
export interface PushReceipt {
  key: string;
  /** What was pushed, in the platform's words: `evaluation`, `coaching`, `metric`, `score`, `contact`. */
  kind: string;
  status: 'pending' | 'done' | 'failed';
  /** The record the platform created or updated. */
  externalId?: string;
  /** Fingerprint of what was pushed, so a changed value is pushed again. */
  fingerprint?: string;
  attempts: number;
  lastErrorCode?: string;
  updatedAt: string;
}

/** The one record that a push happened: read before pushing, written after. */
export interface PushReceipts {
  get(key: string): Promise<PushReceipt | undefined>;
  put(receipt: PushReceipt): Promise<void>;
}

/** What a recording transcriber is told about the audio it is handed. */
export interface RecordingMeta {
  tenantId: string;
  /** The platform's id of the interaction the recording belongs to. */
  conversationId: string;
  recordingId?: string;
  contentType?: string;
  /** Stereo recordings: the channel the customer is on (Genesys: left). */
  customerChannel?: number;
}

/** Speech to text for one recording; the transcription package implements it over a Transcriber. */
export interface RecordingTranscriber {
  transcribe(audio: Buffer | URL, meta: RecordingMeta): Promise<Transcript>;
}
