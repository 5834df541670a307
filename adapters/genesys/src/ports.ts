import type { Interaction, Transcript } from '@teachback/core';

/*
 * The ports the Genesys sync, push, live and install paths need. Small on purpose: the lead wires
 * them to the real Store (adapters/store) later; memory.ts has in-memory versions for tests.
 */

/** Sync checkpoints by (tenant, stream). The value is validated by the sync's own zod schema. */
export interface CheckpointStore {
  load(tenantId: string, stream: string): Promise<unknown>;
  save(tenantId: string, stream: string, value: unknown): Promise<void>;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** Where normalized interactions land: upsert on (tenant, platform, externalId) with a content hash. */
export interface InteractionSink {
  upsert(tenantId: string, interaction: Interaction, contentHash: string): Promise<UpsertOutcome>;
}

/** Record of one push, keyed by its idempotency key. A key with `done` is never pushed again. */
export interface PushRecord {
  key: string;
  kind: 'evaluation' | 'coaching' | 'metric';
  status: 'pending' | 'done' | 'failed';
  externalId?: string;
  /** Fingerprint of what was pushed (metrics: the value) so a changed value is pushed again. */
  fingerprint?: string;
  attempts: number;
  lastErrorCode?: string;
  updatedAt: string;
}

export interface OutboxStore {
  get(key: string): Promise<PushRecord | undefined>;
  put(record: PushRecord): Promise<void>;
}

export interface GenesysCredentialsRecord {
  orgId: string;
  region: string;
  clientId: string;
  clientSecret: string;
}

/** Encrypts at rest; the adapter never sees ciphertext or keys. */
export interface CredentialVault {
  put(tenantId: string, platform: 'genesys', secret: GenesysCredentialsRecord): Promise<void>;
  get(tenantId: string, platform: 'genesys'): Promise<GenesysCredentialsRecord | undefined>;
}

/** What install created in the org, needed by push. */
export interface GenesysInstallation {
  tenantId: string;
  orgId: string;
  region: string;
  form: EvaluationFormRef;
  metrics: { compliance: string; adherence: string };
  installedAt: string;
}

export interface EvaluationFormRef {
  formId: string;
  name: string;
  playbook: { id: string; version: string };
  questionGroupId: string;
  /** criterionId → question and its answer option ids. */
  questions: Record<string, { questionId: string; yes: string; no: string }>;
}

export interface InstallationStore {
  get(tenantId: string): Promise<GenesysInstallation | undefined>;
  put(installation: GenesysInstallation): Promise<void>;
}

export interface TranscriptionMeta {
  tenantId: string;
  conversationId: string;
  recordingId?: string;
  contentType?: string;
  /** Genesys stereo recordings: customer on the left channel. */
  customerChannel?: number;
}

/**
 * Hands recorded audio to a speech engine. Another package implements it over core's
 * Transcriber; tests use a fake.
 */
export interface TranscriptionPort {
  transcribe(audio: Buffer | URL, meta: TranscriptionMeta): Promise<Transcript>;
}

/** A post-call pipeline job, keyed so a replay changes nothing. */
export interface PipelineJob {
  key: string;
  tenantId: string;
  platform: 'genesys';
  conversationId: string;
  step: 'post-call';
  reason: string;
}

export interface PipelineScheduler {
  schedule(job: PipelineJob): Promise<'scheduled' | 'duplicate'>;
}

/** Remembers webhook ids for the replay window. Returns false if the id was already seen. */
export interface ReplayGuard {
  remember(id: string, expiresAtMs: number): Promise<boolean>;
}
