import type { PersonProfile } from '@teachback/core';

/*
 * The ports the Salesforce sync and push need. Small on purpose: the lead wires them to the real
 * Store (adapters/store) later; memory.ts has in-memory versions for tests and the demo.
 */

export type {
  CheckpointStore,
  InteractionSink,
  PushReceipt,
  PushReceipts,
  UpsertOutcome,
} from '@teachback/core';
import type { UpsertOutcome } from '@teachback/core';

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

/**
 * Which VoiceCall a call-log Task belongs to (VoiceCall.ActivityId), kept across runs: the Task
 * of a VoiceCall is the same call, so it is linked to it and not scored a second time.
 */
export interface CallLogIndex {
  put(tenantId: string, taskId: string, voiceCallId: string): Promise<void>;
  get(tenantId: string, taskId: string): Promise<string | undefined>;
}

/**
 * Where synced post-call survey answers go (the store's surveys role, wired by the jobs plan).
 * Saving the same response id again must not add a second one: a re-sync reads it again. A save
 * about an interaction the store does not hold throws a TeachbackError `STORE.NOT_FOUND`.
 */
export interface SurveySink {
  save(tenantId: string, response: import('@teachback/core').SurveyResponse): Promise<void>;
}
