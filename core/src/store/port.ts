import type { SessionClaims } from '../access/session';
import type { TeachbackError } from '../errors';
import type { Actor } from '../access/roles';
import type { AuditEventInput, AuditRecord, AuditVerification } from '../audit/chain';
import type { Platform } from '../model';
import type {
  AccessContext,
  CoachingTask,
  CoachingTaskFilter,
  ConnectionInput,
  ContactLookup,
  EscalationActionInput,
  InteractionDetail,
  InteractionFilter,
  InteractionRecord,
  InteractionSummary,
  KeyRotationReport,
  MigrationReport,
  OutboxInput,
  OutboxItem,
  Page,
  PageRequest,
  PlatformConnection,
  PurgeReport,
  RecordingRef,
  RetentionSettings,
  SaveResult,
  ScorecardVersion,
  SyncCheckpoint,
  Team,
  TeamInput,
  Tenant,
  TenantInput,
  TenantKeyInfo,
  Timeline,
  User,
  UserInput,
} from './records';

export interface AuditQuery {
  from?: string;
  to?: string;
  limit?: number;
  afterSeq?: number;
}

export type AuditVerifyResult = AuditVerification & { tenantId: string };

/**
 * The persistence port. Every method that touches PHI takes an AccessContext, checks the access
 * policy, and writes the audit event in the same transaction as the data it covers. Reads of
 * another tenant's data fail with `STORE.NOT_FOUND`, exactly as a missing record does; a denied
 * request fails with `ACCESS.DENIED` and is audited.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<MigrationReport>;
  close(): Promise<void>;

  /** Operator-level: run by whoever hosts Teachback (CLI `tenants create`), not by a tenant's users. */
  createTenant(input: TenantInput, source?: string): Promise<Tenant>;
  getTenant(ctx: AccessContext, tenantId: string): Promise<Tenant>;
  setRetention(ctx: AccessContext, tenantId: string, settings: RetentionSettings): Promise<Tenant>;

  addTeam(ctx: AccessContext, tenantId: string, input: TeamInput): Promise<Team>;
  addUser(ctx: AccessContext, tenantId: string, input: UserInput): Promise<User>;
  getUser(ctx: AccessContext, tenantId: string, userId: string): Promise<User>;
  listUsers(ctx: AccessContext, tenantId: string): Promise<User[]>;
  /** Takes effect immediately: every session issued before is refused by `authenticate`. */
  deactivateUser(ctx: AccessContext, tenantId: string, userId: string): Promise<User>;
  /** Checks a session against the user's current state; audited either way. */
  authenticate(claims: SessionClaims, source?: string): Promise<Actor>;

  saveConnection(ctx: AccessContext, tenantId: string, input: ConnectionInput): Promise<PlatformConnection>;
  getConnection(ctx: AccessContext, tenantId: string, id: string): Promise<PlatformConnection>;

  /** Upsert on (tenant, platform, externalId) with a content hash; one transaction. */
  saveInteraction(ctx: AccessContext, tenantId: string, record: InteractionRecord): Promise<SaveResult>;
  /** Many records in one transaction, each atomic on its own; a failed record is reported, not thrown. */
  saveInteractions(
    ctx: AccessContext,
    tenantId: string,
    records: readonly InteractionRecord[],
  ): Promise<Array<SaveResult | { error: TeachbackError }>>;
  listInteractions(
    ctx: AccessContext,
    tenantId: string,
    filter?: InteractionFilter,
    page?: PageRequest,
  ): Promise<Page<InteractionSummary>>;
  getInteraction(ctx: AccessContext, tenantId: string, id: string): Promise<InteractionDetail>;
  findInteractionBySource(
    ctx: AccessContext,
    tenantId: string,
    platform: Platform,
    externalId: string,
  ): Promise<InteractionSummary | null>;
  scoreHistory(ctx: AccessContext, tenantId: string, interactionId: string): Promise<ScorecardVersion[]>;
  getRecording(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    recordingId: string,
  ): Promise<RecordingRef>;
  recordEscalationAction(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    index: number,
    action: EscalationActionInput,
  ): Promise<void>;
  setLegalHold(ctx: AccessContext, tenantId: string, interactionId: string, hold: boolean): Promise<void>;
  timeline(
    ctx: AccessContext,
    tenantId: string,
    lookup: ContactLookup,
    page?: PageRequest,
  ): Promise<Timeline>;

  saveCoachingTask(ctx: AccessContext, tenantId: string, task: CoachingTask): Promise<CoachingTask>;
  listCoachingTasks(
    ctx: AccessContext,
    tenantId: string,
    filter?: CoachingTaskFilter,
  ): Promise<CoachingTask[]>;

  getCheckpoint(tenantId: string, platform: Platform, stream: string): Promise<SyncCheckpoint | null>;
  saveCheckpoint(tenantId: string, platform: Platform, stream: string, value: unknown): Promise<void>;

  enqueueOutbox(tenantId: string, input: OutboxInput): Promise<{ id: string; created: boolean }>;
  /** Leases due items so two workers never push the same one. */
  claimOutbox(opts: {
    limit: number;
    now?: Date;
    leaseMs?: number;
    tenantId?: string;
  }): Promise<OutboxItem[]>;
  completeOutbox(id: string): Promise<void>;
  failOutbox(id: string, error: string, retryAt: Date | null): Promise<void>;
  /** The outbox item with this idempotency key, or null. */
  findOutbox(tenantId: string, idempotencyKey: string): Promise<OutboxItem | null>;
  /**
   * Writes the item of `input.idempotencyKey` (adding it when new) with this payload and status:
   * how a push records its receipt, once.
   */
  recordOutbox(
    tenantId: string,
    input: OutboxInput,
    status: 'pending' | 'done',
    lastError?: string | null,
  ): Promise<void>;

  appendAudit(event: AuditEventInput): Promise<AuditRecord>;
  /** Reading the audit log is itself audited (`audit.read` or `audit.export`). */
  readAudit(
    ctx: AccessContext,
    tenantId: string,
    query?: AuditQuery,
    purpose?: 'read' | 'export',
  ): Promise<AuditRecord[]>;
  verifyAudit(ctx: AccessContext, tenantId: string): Promise<AuditVerifyResult>;

  /** The retention job; only a `system` actor may run it. */
  purgeExpired(ctx: AccessContext, tenantId: string, now?: Date): Promise<PurgeReport>;

  listTenantKeys(ctx: AccessContext, tenantId: string): Promise<TenantKeyInfo[]>;
  /** New data key now; existing ciphertexts re-encrypted in batches, each its own transaction. */
  rotateTenantKey(
    ctx: AccessContext,
    tenantId: string,
    opts?: { batchSize?: number },
  ): Promise<KeyRotationReport>;
}

/**
 * Wraps and unwraps per-tenant data keys with a key-encryption key. Local (env/file) today; a KMS
 * or Vault provider implements the same two calls.
 */
export interface KeyProvider {
  /** Identifies the KEK, stored beside each wrapped key so a KEK rotation can find old wraps. */
  readonly kekId: string;
  wrap(dataKey: Uint8Array, context: string): Promise<string>;
  unwrap(wrapped: string, context: string): Promise<Uint8Array>;
}
