/*
 * The ports the Genesys sync, push, live and install paths need. Small on purpose: the lead wires
 * them to the real Store (adapters/store) later; memory.ts has in-memory versions for tests.
 */

export type {
  CheckpointStore,
  InteractionSink,
  PushReceipt,
  PushReceipts,
  RecordingMeta,
  RecordingTranscriber,
  UpsertOutcome,
} from '@teachback/core';

/** What the Genesys push records a receipt for. */
export type GenesysPushKind = 'evaluation' | 'coaching' | 'metric' | 'summary';

/**
 * Where synced post-call survey answers go (the store's surveys role, wired by the jobs plan).
 * Saving the same response id twice must replace, not add: a re-sync reads the same survey again.
 */
export interface SurveySink {
  save(tenantId: string, response: import('@teachback/core').SurveyResponse): Promise<void>;
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
  metrics: {
    compliance: string;
    adherence: string;
    /** Optional contact-center metrics, created by `ensureContactCenterMetrics` when a tenant turns them on. */
    fcr?: string;
    csat?: string;
    aht?: string;
  };
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
