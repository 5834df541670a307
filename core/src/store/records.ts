import { z } from 'zod';
import { Role, type Actor } from '../access/roles';
import {
  Channel,
  CoachingNote,
  CoachingTask,
  Direction,
  Escalation,
  EscalationAction,
  Interaction,
  Platform,
  RecordingRef,
  Scorecard,
  type ContactIdentity,
} from '../model';
import { normalizeEmail, phoneToE164 } from '../timeline/identity-keys';
import { DEFAULT_RETENTION_DAYS, type DeidentifiedScorecard } from '../retention/policy';

/** Who is calling the store and from where; every PHI access is audited against it. */
export interface AccessContext {
  actor: Actor;
  /** Client IP, `cli`, `worker`: recorded in the audit trail. */
  source?: string;
}

const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, "-" or "_", at most 63');

export const TenantInput = z.strictObject({
  id: Slug,
  name: z.string().min(1).max(200),
  retentionDays: z.number().int().min(1).max(36500).default(DEFAULT_RETENTION_DAYS),
});
export type TenantInput = z.input<typeof TenantInput>;

export interface Tenant {
  id: string;
  name: string;
  retentionDays: number;
  legalHold: boolean;
  createdAt: string;
}

export const RetentionSettings = z.strictObject({
  retentionDays: z.number().int().min(1).max(36500).optional(),
  legalHold: z.boolean().optional(),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

export const TeamInput = z.strictObject({ id: z.string().min(1).max(200), name: z.string().min(1).max(200) });
export type TeamInput = z.input<typeof TeamInput>;
export interface Team {
  tenantId: string;
  id: string;
  name: string;
}

/** Workforce users (agents, supervisors...). Their own details are not patient PHI. */
export const UserInput = z.strictObject({
  id: z.string().min(1).max(200),
  displayName: z.string().min(1).max(200),
  email: z.email().optional(),
  roles: z.array(Role).min(1),
  teamIds: z.array(z.string().min(1)).default([]),
  /** Platform user ids this person works under (Genesys user id, Five9 username). */
  agentIds: z.array(z.string().min(1)).default([]),
});
export type UserInput = z.input<typeof UserInput>;

export interface User {
  tenantId: string;
  id: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  teamIds: string[];
  agentIds: string[];
  active: boolean;
  /** Sessions and tokens issued before this instant are refused. */
  validAfter: string;
  tokenVersion: number;
  createdAt: string;
  deactivatedAt: string | null;
}

export const ConnectionInput = z.strictObject({
  id: z.string().min(1).max(200),
  platform: Platform,
  /** Non-secret settings: region, org id, base URL. */
  settings: z.record(z.string(), z.unknown()).default({}),
  /** Secrets: stored encrypted, returned only to actors allowed to read connections. */
  credentials: z.record(z.string(), z.string()).default({}),
});
export type ConnectionInput = z.input<typeof ConnectionInput>;
export interface PlatformConnection {
  tenantId: string;
  id: string;
  platform: Platform;
  settings: Record<string, unknown>;
  credentials: Record<string, string>;
  updatedAt: string;
}

/** What one ingest, sync or webhook hands the store for one interaction. Written atomically. */
export const InteractionRecord = z.strictObject({
  interaction: Interaction,
  scorecard: Scorecard.optional(),
  escalations: z.array(Escalation).default([]),
  coaching: z.array(CoachingNote).default([]),
  /** The team the interaction counts for; derived from the agent's user when absent. */
  teamId: z.string().optional(),
});
export type InteractionRecord = z.input<typeof InteractionRecord>;

/** How `interactions.save` treats what the stored interaction has and the record leaves out. */
export interface InteractionSaveOptions {
  /**
   * A source that does not resend what other steps added (a transcript, recordings): a record
   * without a transcript keeps the stored one, a record without recordings keeps the stored ones.
   * Merged inside the save's transaction with the row locked, so a transcript another writer
   * committed a moment before is kept; a read before the save would miss it and the save delete it.
   */
  keepStored?: boolean;
}

export interface SaveResult {
  id: string;
  outcome: 'created' | 'updated' | 'unchanged';
  /** Latest scorecard version after the write, null when never scored. */
  scoreVersion: number | null;
  contactId: string | null;
}

/** What list screens show: no PHI, so it can be listed without decrypting anything. */
export interface InteractionSummary {
  id: string;
  tenantId: string;
  platform: Platform;
  externalId: string;
  channel: Channel;
  direction: Direction;
  occurredAt: string;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  agentIds: string[];
  teamId: string | null;
  queueName: string | null;
  contactId: string | null;
  score: number | null;
  compliant: boolean | null;
  needsReview: boolean;
  scoreVersion: number | null;
  playbookId: string | null;
  escalationCount: number;
  legalHold: boolean;
  purgedAt: string | null;
  updatedAt: string;
}

export const InteractionFilter = z.strictObject({
  agentId: z.string().optional(),
  teamId: z.string().optional(),
  channel: Channel.optional(),
  platform: Platform.optional(),
  contactId: z.string().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  compliant: z.boolean().optional(),
  needsReview: z.boolean().optional(),
  hasEscalation: z.boolean().optional(),
});
export type InteractionFilter = z.input<typeof InteractionFilter>;

export const PageRequest = z.strictObject({
  limit: z.number().int().min(1).max(500).default(50),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().optional(),
});
export type PageRequest = z.input<typeof PageRequest>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ScorecardVersion {
  version: number;
  scorecard: Scorecard | null;
  /** Present once retention purged the evidence. */
  deidentified: DeidentifiedScorecard | null;
  contentHash: string;
  createdAt: string;
}

export interface StoredEscalation extends Escalation {
  index: number;
}

export interface InteractionDetail {
  summary: InteractionSummary;
  /** Decrypted; `transcript` present only when the actor may read transcripts. */
  interaction: Interaction;
  scorecard: Scorecard | null;
  deidentifiedScorecard: DeidentifiedScorecard | null;
  escalations: StoredEscalation[];
  coaching: CoachingNote[];
}

/** Find a contact by exactly one identifier; the store looks it up by blind index, never plaintext. */
export type ContactLookup =
  { phone: string } | { email: string } | { memberId: string } | { crmId: string } | { contactId: string };

/**
 * One object with optional fields (not a union) so a bad value is reported at its own field
 * (`contact.phone: not a phone number`) rather than as "no option matched".
 */
export const ContactLookup = z
  .strictObject({
    phone: z
      .string()
      .max(64)
      .refine(
        (v) => phoneToE164(v) !== undefined,
        'not a phone number (E.164, or 10 digits in North America)',
      )
      .optional(),
    email: z
      .string()
      .max(320)
      .refine((v) => normalizeEmail(v) !== undefined, 'not an email address')
      .optional(),
    memberId: z.string().min(1).max(200).optional(),
    crmId: z.string().min(1).max(200).optional(),
    contactId: z.string().min(1).max(200).optional(),
  })
  .superRefine((l, ctx) => {
    if (Object.values(l).filter((v) => v !== undefined).length !== 1)
      ctx.addIssue({
        code: 'custom',
        message: 'give exactly one of phone, email, memberId, crmId, contactId',
      });
  })
  .transform((l) => l as ContactLookup);

export interface StoredContact {
  id: string;
  tenantId: string;
  identity: ContactIdentity;
}

export interface TimelineEntry {
  interactionId: string;
  platform: Platform;
  externalId: string;
  channel: Channel;
  direction: Direction;
  occurredAt: string;
  durationMs: number | null;
  agentIds: string[];
  score: number | null;
  compliant: boolean | null;
  escalationCount: number;
}

export interface Timeline {
  contact: StoredContact;
  entries: TimelineEntry[];
  nextCursor: string | null;
}

export type { RecordingRef, CoachingTask };
export type EscalationActionInput = z.input<typeof EscalationAction>;

export const CoachingTaskFilter = z.strictObject({
  assignee: z.string().optional(),
  status: z.enum(['open', 'scheduled', 'done', 'dismissed']).optional(),
  interactionId: z.string().optional(),
});
export type CoachingTaskFilter = z.input<typeof CoachingTaskFilter>;

export interface SyncCheckpoint {
  tenantId: string;
  platform: Platform;
  stream: string;
  value: unknown;
  updatedAt: string;
}

export const OutboxInput = z.strictObject({
  platform: Platform,
  /** What to push: `genesys.evaluation`, `salesforce.task`, `five9.call-variables`. */
  kind: z.string().min(1),
  /** The same key enqueued twice yields one item. */
  idempotencyKey: z.string().min(1),
  interactionId: z.string().optional(),
  payload: z.unknown(),
});
export type OutboxInput = z.input<typeof OutboxInput>;

export type OutboxStatus = 'pending' | 'in_flight' | 'done' | 'dead';
export interface OutboxItem {
  id: string;
  tenantId: string;
  platform: Platform;
  kind: string;
  idempotencyKey: string;
  interactionId: string | null;
  payload: unknown;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
}

export interface PurgeReport {
  tenantId: string;
  cutoff: string;
  purged: string[];
  heldBack: number;
}

export interface KeyRotationReport {
  tenantId: string;
  keyId: string;
  previousKeyId: string;
  reencrypted: number;
  batches: number;
  /** True when this finished an interrupted rotation instead of making a new key. */
  resumed?: boolean;
}

export interface TenantKeyInfo {
  keyId: string;
  version: number;
  status: 'active' | 'retired';
  kekId: string;
  createdAt: string;
}

export interface MigrationReport {
  applied: number[];
  current: number;
}
