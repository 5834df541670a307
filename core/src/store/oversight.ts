import { z } from 'zod';
import { Role } from '../access/roles';
import type { AccessAnomalyReport } from '../audit/anomalies';
import type { AuditRecord } from '../audit/chain';
import type { EscalationState } from '../escalation/workflow';
import { EscalationSeverity, EscalationType } from '../model/escalation';
import type { Platform } from '../model';
import { ContactLookup, type AccessContext, type User } from './records';

/*
 * What supervisors, compliance officers and admins work from: the escalation queue and its
 * reviews, the audit trail searched by reader or patient, the access-anomaly report, API keys and
 * the saved results of connection tests.
 */

export const EscalationStateParam = z.enum(['open', 'acknowledged', 'routed', 'resolved', 'dismissed']);

export const EscalationQueueFilter = z.strictObject({
  state: EscalationStateParam.optional(),
  type: EscalationType.optional(),
  severity: EscalationSeverity.optional(),
  /** Reviewed (true) or still waiting for its after-the-fact review (false). */
  reviewed: z.boolean().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
});
export type EscalationQueueFilter = z.input<typeof EscalationQueueFilter>;

/** One row of the queue: no quote, no patient; the call's detail has those for who may see them. */
export interface EscalationQueueItem {
  interactionId: string;
  index: number;
  type: EscalationType;
  severity: EscalationSeverity;
  state: EscalationState;
  routedTo: string | null;
  /** Who moved it last and when (null while untouched). */
  lastActionAt: string | null;
  lastActionBy: string | null;
  occurredAt: string;
  agentIds: string[];
  teamId: string | null;
  queueName: string | null;
  reviewed: boolean;
}

export interface EscalationCounts {
  total: number;
  byState: Record<string, number>;
  byType: Record<string, number>;
  bySeverity: Record<string, number>;
  unreviewed: number;
}

export interface EscalationQueuePage {
  items: EscalationQueueItem[];
  /** Counts over the whole filter, not just this page (the page's limit and offset aside). */
  counts: EscalationCounts;
  nextOffset: number | null;
}

export const ProtocolFollowed = z.enum(['yes', 'partly', 'no']);
export const EscalationReviewInput = z.strictObject({
  whatHappened: z.string().trim().min(1, 'say what happened').max(5000, 'at most 5,000 characters'),
  protocolFollowed: ProtocolFollowed,
  lessons: z.string().trim().max(5000, 'at most 5,000 characters').default(''),
});
export type EscalationReviewInput = z.input<typeof EscalationReviewInput>;

export interface EscalationReview {
  interactionId: string;
  index: number;
  whatHappened: string;
  protocolFollowed: z.infer<typeof ProtocolFollowed>;
  lessons: string;
  reviewedBy: string;
  reviewedAt: string;
}

export const AuditSearch = z.strictObject({
  /** `user:<id>`, `system:<id>`, or a bare user id. */
  actorId: z.string().min(1).max(300).optional(),
  /** The patient, looked up by blind index; never stored or logged as given. */
  patient: ContactLookup.optional(),
  action: z.string().min(1).max(100).optional(),
  resourceType: z.string().min(1).max(100).optional(),
  outcome: z.enum(['success', 'failure', 'denied', 'not_found']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Newest first; the next page starts below this sequence number. */
  beforeSeq: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(5000).default(100),
});
export type AuditSearch = z.input<typeof AuditSearch>;

export interface AuditSearchPage {
  items: AuditRecord[];
  /** The contact the patient lookup matched (an opaque id), null when none was asked or found. */
  contactId: string | null;
  nextBeforeSeq: number | null;
}

export const AccessAnomalyQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  businessHours: z
    .strictObject({ start: z.number().int().min(0).max(23), end: z.number().int().min(1).max(24) })
    .refine((h) => h.end > h.start, { message: 'end must be after start', path: ['end'] })
    .optional(),
  tzOffsetMinutes: z.number().int().min(-840).max(840).optional(),
  weekendsOff: z.boolean().optional(),
  bulkThreshold: z.number().int().min(1).max(100000).optional(),
  zThreshold: z.number().min(1).max(100).optional(),
});
export type AccessAnomalyQuery = z.input<typeof AccessAnomalyQuery>;

export const ApiKeyInput = z.strictObject({
  name: z.string().trim().min(1, 'name the key (what uses it)').max(200),
  roles: z.array(Role).min(1, 'give at least one role').default(['integration']),
});
export type ApiKeyInput = z.input<typeof ApiKeyInput>;

/** An API key as listed: never the key, never its hash. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  roles: Role[];
  /** The first characters of the key, so an admin can tell keys apart. */
  prefix: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** What the authenticator needs for a presented key: only active keys are found. */
export interface ApiKeyMatch {
  id: string;
  tenantId: string;
  roles: Role[];
}

export interface ConnectionSummary {
  platform: Platform;
  updatedAt: string;
  lastCheck: ConnectionCheck | null;
}

export interface ConnectionCheck {
  platform: Platform;
  checkedAt: string;
  checkedBy: string;
  ok: boolean;
  /** The connect report (no secrets), or the error code and message of a failed test. */
  report: Record<string, unknown>;
}

export interface HeldInteraction {
  interactionId: string;
  occurredAt: string;
  platform: Platform;
  externalId: string;
}

export interface OversightStore {
  escalationQueue(
    ctx: AccessContext,
    tenantId: string,
    filter?: EscalationQueueFilter,
  ): Promise<EscalationQueuePage>;
  /** Creates or replaces the review of one escalation; audited. */
  saveEscalationReview(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    index: number,
    review: EscalationReviewInput,
  ): Promise<EscalationReview>;
  readEscalationReview(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    index: number,
  ): Promise<EscalationReview | null>;

  /** Audit events, newest first; the search itself is audited (`audit.search` / `audit.export`). */
  searchAudit(
    ctx: AccessContext,
    tenantId: string,
    query: AuditSearch,
    purpose?: 'search' | 'export',
  ): Promise<AuditSearchPage>;
  accessAnomalies(
    ctx: AccessContext,
    tenantId: string,
    query: AccessAnomalyQuery,
  ): Promise<AccessAnomalyReport>;
  /** Interactions under a legal hold of their own (the tenant-wide hold is on the tenant). */
  legalHolds(ctx: AccessContext, tenantId: string, limit?: number): Promise<HeldInteraction[]>;
  /** Deactivated users with when their access ended, newest first. */
  deactivations(ctx: AccessContext, tenantId: string): Promise<User[]>;

  /** Replaces a user's roles (and teams); takes effect on their next request. */
  updateUser(
    ctx: AccessContext,
    tenantId: string,
    userId: string,
    change: { roles?: Role[]; teamIds?: string[] },
  ): Promise<User>;

  /** Returns the key once; only its SHA-256 is kept. */
  createApiKey(
    ctx: AccessContext,
    tenantId: string,
    input: ApiKeyInput,
  ): Promise<{ key: string; info: ApiKeyInfo }>;
  listApiKeys(ctx: AccessContext, tenantId: string): Promise<ApiKeyInfo[]>;
  revokeApiKey(ctx: AccessContext, tenantId: string, id: string): Promise<ApiKeyInfo>;
  /** Authentication: the active key with this SHA-256 (hex), in any tenant, or null. */
  findApiKey(sha256Hex: string): Promise<ApiKeyMatch | null>;

  listConnections(ctx: AccessContext, tenantId: string): Promise<ConnectionSummary[]>;
  recordConnectionCheck(
    ctx: AccessContext,
    tenantId: string,
    check: Omit<ConnectionCheck, 'checkedAt' | 'checkedBy'>,
  ): Promise<ConnectionCheck>;
}
