import type { Interaction, PersonProfile } from '@teachback/core';

/*
 * The ports the Salesforce sync and push need. Small on purpose: the lead wires them to the real
 * Store (adapters/store) later; memory.ts has in-memory versions for tests and the demo.
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

/** A CRM person (Contact or Person Account) as identity evidence for the timeline. All PHI. */
export interface SalesforcePerson {
  profile: PersonProfile;
  kind: 'contact' | 'person-account';
  contactId: string;
  accountId?: string;
}

/** A Case, kept so scores and timeline entries can link to it. No subject or description (PHI). */
export interface SalesforceCase {
  id: string;
  caseNumber?: string;
  status?: string;
  origin?: string;
  contactId?: string;
  accountId?: string;
}

export interface DirectorySink {
  upsertPerson(tenantId: string, person: SalesforcePerson, contentHash: string): Promise<UpsertOutcome>;
  upsertCase(tenantId: string, record: SalesforceCase, contentHash: string): Promise<UpsertOutcome>;
}

/** Record of one push, keyed by its idempotency key. A key `done` with the same fingerprint is never pushed again. */
export interface PushRecord {
  key: string;
  kind: 'score' | 'coaching';
  status: 'pending' | 'done' | 'failed';
  /** The Salesforce record id. */
  externalId?: string;
  fingerprint?: string;
  attempts: number;
  lastErrorCode?: string;
  updatedAt: string;
}

export interface OutboxStore {
  get(key: string): Promise<PushRecord | undefined>;
  put(record: PushRecord): Promise<void>;
}

/**
 * Which VoiceCall a call-log Task belongs to (VoiceCall.ActivityId), kept across runs: the Task
 * of a VoiceCall is the same call, so it is linked to it and not scored a second time.
 */
export interface CallLogIndex {
  put(tenantId: string, taskId: string, voiceCallId: string): Promise<void>;
  get(tenantId: string, taskId: string): Promise<string | undefined>;
}
