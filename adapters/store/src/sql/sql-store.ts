import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  AUDIT_GENESIS_HASH,
  AuditChainVerifier,
  CoachingNote,
  CoachingTask,
  CoachingTaskFilter,
  ConnectionInput,
  ContactLookup,
  EscalationAction,
  InteractionFilter,
  InteractionRecord,
  PageRequest,
  RetentionSettings,
  TeachbackError,
  TeamInput,
  TenantInput,
  UserInput,
  checkSession,
  decideAccess,
  decideRetention,
  deidentifyScorecard,
  fieldPath,
  grantedScope,
  linkAuditRecord,
  AuditEventInput,
  retentionCutoff,
  OutboxInput,
  type AccessContext,
  type Action,
  type Actor,
  type AuditEvent,
  type AuditQuery,
  type AuditRecord,
  type AuditVerifyResult,
  type ContactIdentity,
  type DeidentifiedScorecard,
  type Escalation,
  type EscalationActionInput,
  type Interaction,
  type InteractionDetail,
  type InteractionSummary,
  type KeyProvider,
  type KeyRotationReport,
  type MigrationReport,
  type OutboxItem,
  type Page,
  type Platform,
  type PlatformConnection,
  type PurgeReport,
  type RecordingRef,
  type ResourceRef,
  type ResourceType,
  type Role,
  type SaveResult,
  type Scorecard,
  type ScorecardVersion,
  type SessionClaims,
  type Store,
  type StoredEscalation,
  type SyncCheckpoint,
  type Team,
  type Tenant,
  type TenantKeyInfo,
  type Timeline,
  type TimelineEntry,
  type User,
} from '@teachback/core';
import { blindIndex, normalizeIdentifier, type IdentifierKind } from '../crypto/blind-index';
import { FieldCipher, newDataKey, newKeyId, type FieldAddress } from '../crypto/envelope';
import type { Row, SqlDriver, SqlExecutor, SqlValue } from './driver';
import { migrate } from './migrations';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with sorted keys, so equal content always hashes the same. Undefined members are dropped, as JSON does. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const o = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(o).sort()) {
    const v = o[k];
    if (v === undefined || typeof v === 'function') continue;
    parts.push(`${JSON.stringify(k)}:${stableStringify(v)}`);
  }
  return `{${parts.join(',')}}`;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new TeachbackError('STORE.INVALID', `${what}: ${fieldPath(issue.path)}: ${issue.message}`, {
    details: { field: fieldPath(issue.path) },
  });
}

/** A record that names a tenant must name the one it is written to: no cross-tenant writes by mistake. */
function parseRecord(record: unknown, tenantId: string, what: string): z.output<typeof InteractionRecord> {
  const rec = parse(InteractionRecord, record, what);
  if (rec.interaction.tenantId !== undefined && rec.interaction.tenantId !== tenantId) {
    throw new TeachbackError(
      'STORE.INVALID',
      `${what}: interaction.tenantId: does not match the tenant being written`,
      {
        details: { field: 'interaction.tenantId' },
      },
    );
  }
  return rec;
}

function notFound(what: string): TeachbackError {
  return new TeachbackError('STORE.NOT_FOUND', `${what} not found`);
}

const b = (v: boolean): number => (v ? 1 : 0);
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const iso = (v: string): string => new Date(v).toISOString();

/** Every encrypted column, so key rotation can find and re-seal all of them. */
const SEALED: ReadonlyArray<{ table: string; keys: readonly string[]; columns: readonly string[] }> = [
  { table: 'interactions', keys: ['id'], columns: ['phi_enc'] },
  { table: 'transcripts', keys: ['interaction_id'], columns: ['body_enc'] },
  { table: 'recordings', keys: ['interaction_id', 'id'], columns: ['uri_enc'] },
  { table: 'scorecards', keys: ['interaction_id', 'version'], columns: ['body_enc', 'coaching_enc'] },
  { table: 'escalations', keys: ['interaction_id', 'idx'], columns: ['body_enc'] },
  { table: 'coaching_tasks', keys: ['id'], columns: ['body_enc'] },
  { table: 'contacts', keys: ['id'], columns: ['identity_enc'] },
  { table: 'connections', keys: ['id'], columns: ['credentials_enc'] },
  { table: 'outbox', keys: ['id'], columns: ['payload_enc'] },
];

interface InteractionRow extends Row {
  tenant_id: string;
  id: string;
  platform: string;
  external_id: string;
  channel: string;
  direction: string;
  occurred_at: string;
  started_at: string | null;
  ended_at: string | null;
  duration_ms: number | null;
  agent_ids: string;
  primary_agent_id: string | null;
  team_id: string | null;
  queue_name: string | null;
  contact_id: string | null;
  content_hash: string;
  body: string;
  phi_enc: string | null;
  score: number | null;
  compliant: number | null;
  needs_review: number;
  score_version: number | null;
  playbook_id: string | null;
  escalation_count: number;
  legal_hold: number;
  purged_at: string | null;
  created_at: string;
  updated_at: string;
}

const SUMMARY_COLUMNS =
  'tenant_id, id, platform, external_id, channel, direction, occurred_at, started_at, ended_at, duration_ms, agent_ids, primary_agent_id, team_id, queue_name, contact_id, score, compliant, needs_review, score_version, playbook_id, escalation_count, legal_hold, purged_at, updated_at';

function toSummary(r: Row): InteractionSummary {
  return {
    id: String(r.id),
    tenantId: String(r.tenant_id),
    platform: r.platform as Platform,
    externalId: String(r.external_id),
    channel: r.channel as InteractionSummary['channel'],
    direction: r.direction as InteractionSummary['direction'],
    occurredAt: String(r.occurred_at),
    startedAt: str(r.started_at),
    endedAt: str(r.ended_at),
    durationMs: num(r.duration_ms),
    agentIds: JSON.parse(String(r.agent_ids)) as string[],
    teamId: str(r.team_id),
    queueName: str(r.queue_name),
    contactId: str(r.contact_id),
    score: num(r.score),
    compliant: r.compliant === null || r.compliant === undefined ? null : Number(r.compliant) === 1,
    needsReview: Number(r.needs_review) === 1,
    scoreVersion: num(r.score_version),
    playbookId: str(r.playbook_id),
    escalationCount: Number(r.escalation_count),
    legalHold: Number(r.legal_hold) === 1,
    purgedAt: str(r.purged_at),
    updatedAt: String(r.updated_at),
  };
}

function toUser(r: Row): User {
  return {
    tenantId: String(r.tenant_id),
    id: String(r.id),
    displayName: String(r.display_name),
    email: str(r.email),
    roles: JSON.parse(String(r.roles)) as Role[],
    teamIds: JSON.parse(String(r.team_ids)) as string[],
    agentIds: JSON.parse(String(r.agent_ids)) as string[],
    active: Number(r.active) === 1,
    validAfter: String(r.valid_after),
    tokenVersion: Number(r.token_version),
    createdAt: String(r.created_at),
    deactivatedAt: str(r.deactivated_at),
  };
}

function toTenant(r: Row): Tenant {
  return {
    id: String(r.id),
    name: String(r.name),
    retentionDays: Number(r.retention_days),
    legalHold: Number(r.legal_hold) === 1,
    createdAt: String(r.created_at),
  };
}

function toAuditRecord(r: Row): AuditRecord {
  return {
    tenantId: String(r.tenant_id),
    seq: Number(r.seq),
    at: String(r.at),
    actorId: String(r.actor_id),
    action: String(r.action),
    resourceType: String(r.resource_type),
    resourceId: str(r.resource_id),
    outcome: r.outcome as AuditRecord['outcome'],
    source: str(r.source),
    details: JSON.parse(String(r.details)) as AuditRecord['details'],
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  };
}

function encodeCursor(occurredAt: string, id: string): string {
  return Buffer.from(JSON.stringify([occurredAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return [v[0], v[1]];
  } catch {
    // fall through to the coded error
  }
  throw new TeachbackError('STORE.INVALID', 'page.cursor: not a cursor this store issued', {
    details: { field: 'cursor' },
  });
}

/** The PHI half of an interaction, sealed as one value. */
interface InteractionPhi {
  participants: Interaction['participants'];
  wrapUp?: Interaction['wrapUp'];
  contact?: Interaction['contact'];
}

export interface SqlStoreOptions {
  /** Injected clock for retention tests; defaults to the wall clock. */
  clock?: () => Date;
}

/** Both stores: one implementation over a small driver seam, so they pass the same contract. */
export class SqlStore implements Store {
  readonly kind: 'sqlite' | 'postgres';
  private readonly cipher = new FieldCipher();
  private readonly indexKeys = new Map<string, Buffer>();
  private readonly clock: () => Date;

  constructor(
    readonly driver: SqlDriver,
    private readonly keys: KeyProvider,
    opts: SqlStoreOptions = {},
  ) {
    this.kind = driver.kind;
    this.clock = opts.clock ?? (() => new Date());
  }

  private now(): string {
    return this.clock().toISOString();
  }

  migrate(): Promise<MigrationReport> {
    return migrate(this.driver);
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  // ---------------------------------------------------------------- keys

  private async loadTenantKeys(tenantId: string, force = false): Promise<void> {
    if (!force && this.cipher.hasTenant(tenantId)) return;
    const t = await this.driver.get<{ index_key_wrapped: string }>(
      'SELECT index_key_wrapped FROM tenants WHERE id = ?',
      [tenantId],
    );
    if (!t) throw notFound('tenant');
    if (!this.indexKeys.has(tenantId)) {
      this.indexKeys.set(
        tenantId,
        Buffer.from(await this.keys.unwrap(t.index_key_wrapped, `tenant:${tenantId}:index`)),
      );
    }
    const rows = await this.driver.all<{ key_id: string; wrapped_key: string; status: string }>(
      'SELECT key_id, wrapped_key, status FROM tenant_keys WHERE tenant_id = ? ORDER BY version',
      [tenantId],
    );
    for (const r of rows) {
      if (!force && this.cipher.hasKey(tenantId, r.key_id) && r.status !== 'active') continue;
      const key = await this.keys.unwrap(r.wrapped_key, `tenant:${tenantId}:key:${r.key_id}`);
      this.cipher.addKey(tenantId, r.key_id, key, r.status === 'active');
    }
  }

  private seal(a: FieldAddress, value: unknown): string {
    return this.cipher.encrypt(a, JSON.stringify(value));
  }

  private open<T>(a: FieldAddress, ciphertext: string): T {
    return JSON.parse(this.cipher.decrypt(a, ciphertext)) as T;
  }

  private index(tenantId: string, kind: IdentifierKind, value: string): string {
    return blindIndex(this.indexKeys.get(tenantId)!, kind, value);
  }

  // ---------------------------------------------------------------- audit

  private async appendAuditTx(tx: SqlExecutor, input: AuditEvent): Promise<AuditRecord> {
    return (await this.appendAuditEventsTx(tx, input.tenantId, [input]))[0]!;
  }

  /** Appends events of one tenant in order: one head read and one head write however many there are. */
  private async appendAuditEventsTx(
    tx: SqlExecutor,
    tenantId: string,
    events: readonly AuditEvent[],
  ): Promise<AuditRecord[]> {
    if (events.length === 0) return [];
    // The head row lock serializes appends per tenant, so the chain never forks under concurrency.
    const head = await tx.get<{ seq: number; hash: string }>(
      `SELECT seq, hash FROM audit_heads WHERE tenant_id = ?${this.driver.forUpdate}`,
      [tenantId],
    );
    if (!head) throw notFound('tenant');
    let prev = Number(head.seq) === 0 ? undefined : { seq: Number(head.seq), hash: head.hash };
    const out: AuditRecord[] = [];
    const at = this.now();
    for (const e of events) {
      if (e.tenantId !== tenantId)
        throw new TeachbackError('STORE.INVALID', 'audit event: tenantId: must match the chain');
      const rec = linkAuditRecord(prev, e, at, sha256);
      await tx.run(
        'INSERT INTO audit_events (tenant_id, seq, at, actor_id, action, resource_type, resource_id, outcome, source, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          rec.tenantId,
          rec.seq,
          rec.at,
          rec.actorId,
          rec.action,
          rec.resourceType,
          rec.resourceId,
          rec.outcome,
          rec.source,
          JSON.stringify(rec.details),
          rec.prevHash,
          rec.hash,
        ],
      );
      out.push(rec);
      prev = rec;
    }
    const last = out[out.length - 1]!;
    await tx.run('UPDATE audit_heads SET seq = ?, hash = ? WHERE tenant_id = ?', [
      last.seq,
      last.hash,
      tenantId,
    ]);
    return out;
  }

  appendAudit(event: AuditEventInput): Promise<AuditRecord> {
    const e = parse(AuditEventInput, event, 'audit event');
    return this.driver.transaction((tx) => this.appendAuditTx(tx, e));
  }

  private event(
    ctx: AccessContext,
    action: string,
    resourceType: string,
    resourceId: string | null,
    details: AuditEvent['details'] = {},
    outcome: AuditEvent['outcome'] = 'success',
  ): AuditEvent {
    return {
      tenantId: ctx.actor.tenantId,
      actorId: `${ctx.actor.kind}:${ctx.actor.id}`,
      action,
      resourceType,
      resourceId,
      outcome,
      source: ctx.source ?? null,
      details,
    };
  }

  /**
   * Applies the access policy and, on refusal, writes the denied attempt to the actor's own
   * tenant chain before throwing. Another tenant's data fails exactly like a missing record.
   */
  private async authorize(
    ctx: AccessContext,
    action: Action,
    resource: ResourceRef,
    resourceId: string | null,
  ): Promise<void> {
    const d = decideAccess(ctx.actor, action, resource);
    if (d.allowed) return;
    await this.appendAudit(
      this.event(
        ctx,
        'access.denied',
        resource.type,
        resourceId,
        { action, reason: d.reason },
        d.outcome === 'not_found' ? 'not_found' : 'denied',
      ),
    ).catch(() => undefined);
    if (d.outcome === 'not_found') throw notFound(resource.type);
    throw new TeachbackError('ACCESS.DENIED', `not allowed to ${action} ${resource.type}`, {
      details: { reason: d.reason },
    });
  }

  private allows(actor: Actor, action: Action, resource: ResourceRef): boolean {
    return decideAccess(actor, action, resource).allowed;
  }

  private interactionResource(
    type: ResourceType,
    r: { tenant_id: string; agent_ids: string; team_id: string | null },
  ): ResourceRef {
    return {
      type,
      tenantId: r.tenant_id,
      ownerAgentIds: JSON.parse(r.agent_ids) as string[],
      teamId: r.team_id,
    };
  }

  private async loadInteractionRow(
    ctx: AccessContext,
    tenantId: string,
    id: string,
    type: ResourceType,
    action: Action,
  ): Promise<InteractionRow> {
    if (ctx.actor.tenantId !== tenantId) await this.authorize(ctx, action, { type, tenantId }, id);
    const row = await this.driver.get<InteractionRow>(
      'SELECT * FROM interactions WHERE tenant_id = ? AND id = ?',
      [tenantId, id],
    );
    if (!row) throw notFound('interaction');
    await this.authorize(ctx, action, this.interactionResource(type, row), id);
    return row;
  }

  // ---------------------------------------------------------------- tenants

  async createTenant(input: TenantInput, source?: string): Promise<Tenant> {
    const t = parse(TenantInput, input, 'tenant');
    const keyId = newKeyId();
    const dataKey = newDataKey();
    const indexKey = newDataKey();
    const wrappedKey = await this.keys.wrap(dataKey, `tenant:${t.id}:key:${keyId}`);
    const wrappedIndex = await this.keys.wrap(indexKey, `tenant:${t.id}:index`);
    const now = this.now();
    await this.driver.transaction(async (tx) => {
      if (await tx.get('SELECT id FROM tenants WHERE id = ?', [t.id])) {
        throw new TeachbackError('STORE.CONFLICT', `tenant ${t.id} already exists`);
      }
      await tx.run(
        'INSERT INTO tenants (id, name, retention_days, legal_hold, index_key_wrapped, kek_id, created_at) VALUES (?, ?, ?, 0, ?, ?, ?)',
        [t.id, t.name, t.retentionDays, wrappedIndex, this.keys.kekId, now],
      );
      await tx.run(
        "INSERT INTO tenant_keys (tenant_id, key_id, version, wrapped_key, kek_id, status, created_at) VALUES (?, ?, 1, ?, ?, 'active', ?)",
        [t.id, keyId, wrappedKey, this.keys.kekId, now],
      );
      await tx.run('INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (?, 0, ?)', [
        t.id,
        AUDIT_GENESIS_HASH,
      ]);
      const base = { tenantId: t.id, actorId: 'system:operator', source: source ?? null };
      await this.appendAuditTx(tx, {
        ...base,
        action: 'tenant.create',
        resourceType: 'tenant',
        resourceId: t.id,
        outcome: 'success',
        details: {},
      });
      await this.appendAuditTx(tx, {
        ...base,
        action: 'key.create',
        resourceType: 'key',
        resourceId: keyId,
        outcome: 'success',
        details: { version: 1 },
      });
    });
    this.cipher.addKey(t.id, keyId, dataKey, true);
    this.indexKeys.set(t.id, indexKey);
    return { id: t.id, name: t.name, retentionDays: t.retentionDays, legalHold: false, createdAt: now };
  }

  async getTenant(ctx: AccessContext, tenantId: string): Promise<Tenant> {
    await this.authorize(ctx, 'read', { type: 'tenant', tenantId }, tenantId);
    const r = await this.driver.get('SELECT * FROM tenants WHERE id = ?', [tenantId]);
    if (!r) throw notFound('tenant');
    return toTenant(r);
  }

  async setRetention(ctx: AccessContext, tenantId: string, settings: RetentionSettings): Promise<Tenant> {
    const s = parse(RetentionSettings, settings, 'retention');
    await this.authorize(ctx, 'write', { type: 'tenant', tenantId }, tenantId);
    await this.driver.transaction(async (tx) => {
      if (s.retentionDays !== undefined)
        await tx.run('UPDATE tenants SET retention_days = ? WHERE id = ?', [s.retentionDays, tenantId]);
      if (s.legalHold !== undefined)
        await tx.run('UPDATE tenants SET legal_hold = ? WHERE id = ?', [b(s.legalHold), tenantId]);
      const details: AuditEvent['details'] = {};
      if (s.retentionDays !== undefined) details.retentionDays = s.retentionDays;
      if (s.legalHold !== undefined) details.legalHold = s.legalHold;
      await this.appendAuditTx(tx, this.event(ctx, 'retention.update', 'tenant', tenantId, details));
    });
    return this.getTenant(ctx, tenantId);
  }

  // ---------------------------------------------------------------- users

  async addTeam(ctx: AccessContext, tenantId: string, input: TeamInput): Promise<Team> {
    const t = parse(TeamInput, input, 'team');
    await this.authorize(ctx, 'write', { type: 'user', tenantId }, t.id);
    await this.driver.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO teams (tenant_id, id, name) VALUES (?, ?, ?) ON CONFLICT (tenant_id, id) DO UPDATE SET name = excluded.name',
        [tenantId, t.id, t.name],
      );
      await this.appendAuditTx(tx, this.event(ctx, 'team.save', 'team', t.id));
    });
    return { tenantId, id: t.id, name: t.name };
  }

  async addUser(ctx: AccessContext, tenantId: string, input: UserInput): Promise<User> {
    const u = parse(UserInput, input, 'user');
    await this.authorize(ctx, 'write', { type: 'user', tenantId }, u.id);
    const now = this.now();
    await this.driver.transaction(async (tx) => {
      if (await tx.get('SELECT id FROM users WHERE tenant_id = ? AND id = ?', [tenantId, u.id])) {
        throw new TeachbackError('STORE.CONFLICT', `user ${u.id} already exists`);
      }
      await tx.run(
        'INSERT INTO users (tenant_id, id, display_name, email, roles, team_ids, agent_ids, active, valid_after, token_version, created_at, deactivated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, 1, ?, NULL)',
        [
          tenantId,
          u.id,
          u.displayName,
          u.email ?? null,
          JSON.stringify(u.roles),
          JSON.stringify(u.teamIds),
          JSON.stringify(u.agentIds),
          now,
          now,
        ],
      );
      for (const agentId of u.agentIds) {
        const taken = await tx.get(
          'SELECT user_id FROM user_agent_ids WHERE tenant_id = ? AND agent_id = ?',
          [tenantId, agentId],
        );
        if (taken)
          throw new TeachbackError('STORE.CONFLICT', `agent id ${agentId} already belongs to another user`);
        await tx.run('INSERT INTO user_agent_ids (tenant_id, agent_id, user_id) VALUES (?, ?, ?)', [
          tenantId,
          agentId,
          u.id,
        ]);
      }
      await this.appendAuditTx(tx, this.event(ctx, 'user.add', 'user', u.id, { roles: u.roles.join(',') }));
    });
    return this.getUser(ctx, tenantId, u.id);
  }

  async getUser(ctx: AccessContext, tenantId: string, userId: string): Promise<User> {
    await this.authorize(ctx, 'read', { type: 'user', tenantId }, userId);
    const r = await this.driver.get('SELECT * FROM users WHERE tenant_id = ? AND id = ?', [tenantId, userId]);
    if (!r) throw notFound('user');
    return toUser(r);
  }

  async listUsers(ctx: AccessContext, tenantId: string): Promise<User[]> {
    await this.authorize(ctx, 'search', { type: 'user', tenantId }, null);
    return (await this.driver.all('SELECT * FROM users WHERE tenant_id = ? ORDER BY id', [tenantId])).map(
      toUser,
    );
  }

  async deactivateUser(ctx: AccessContext, tenantId: string, userId: string): Promise<User> {
    await this.authorize(ctx, 'write', { type: 'user', tenantId }, userId);
    const now = this.now();
    await this.driver.transaction(async (tx) => {
      const n = await tx.run(
        'UPDATE users SET active = 0, valid_after = ?, token_version = token_version + 1, deactivated_at = COALESCE(deactivated_at, ?) WHERE tenant_id = ? AND id = ?',
        [now, now, tenantId, userId],
      );
      if (n === 0) throw notFound('user');
      await this.appendAuditTx(tx, this.event(ctx, 'user.deactivate', 'user', userId));
    });
    return this.getUser(ctx, tenantId, userId);
  }

  async authenticate(claims: SessionClaims, source?: string): Promise<Actor> {
    const r = await this.driver.get('SELECT * FROM users WHERE tenant_id = ? AND id = ?', [
      claims.tenantId,
      claims.userId,
    ]);
    const user = r ? toUser(r) : undefined;
    const check = checkSession(claims, user, Date.now());
    const tenantKnown = await this.driver.get('SELECT id FROM tenants WHERE id = ?', [claims.tenantId]);
    if (tenantKnown) {
      await this.appendAudit({
        tenantId: claims.tenantId,
        actorId: `user:${claims.userId}`,
        action: check.ok ? 'auth.login' : 'auth.refused',
        resourceType: 'session',
        resourceId: null,
        outcome: check.ok ? 'success' : 'denied',
        source: source ?? null,
        details: check.ok ? {} : { reason: check.reason },
      });
    }
    if (!check.ok || !user) {
      throw new TeachbackError('AUTH.REFUSED', 'session refused', {
        details: { reason: check.ok ? 'unknown-user' : check.reason },
      });
    }
    return {
      kind: 'user',
      id: user.id,
      tenantId: user.tenantId,
      roles: user.roles,
      teamIds: user.teamIds,
      agentIds: user.agentIds,
      active: user.active,
    };
  }

  // ---------------------------------------------------------------- connections

  async saveConnection(
    ctx: AccessContext,
    tenantId: string,
    input: ConnectionInput,
  ): Promise<PlatformConnection> {
    const c = parse(ConnectionInput, input, 'connection');
    await this.authorize(ctx, 'write', { type: 'connection', tenantId }, c.id);
    await this.loadTenantKeys(tenantId);
    const now = this.now();
    const creds = this.seal(
      { tenantId, table: 'connections', rowId: c.id, field: 'credentials_enc' },
      c.credentials,
    );
    await this.driver.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO connections (tenant_id, id, platform, settings, credentials_enc, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, id) DO UPDATE SET platform = excluded.platform, settings = excluded.settings, credentials_enc = excluded.credentials_enc, updated_at = excluded.updated_at',
        [tenantId, c.id, c.platform, JSON.stringify(c.settings), creds, now],
      );
      await this.appendAuditTx(
        tx,
        this.event(ctx, 'secret.write', 'connection', c.id, { platform: c.platform }),
      );
    });
    return {
      tenantId,
      id: c.id,
      platform: c.platform,
      settings: c.settings,
      credentials: c.credentials,
      updatedAt: now,
    };
  }

  async getConnection(ctx: AccessContext, tenantId: string, id: string): Promise<PlatformConnection> {
    await this.authorize(ctx, 'read', { type: 'connection', tenantId }, id);
    await this.loadTenantKeys(tenantId);
    const r = await this.driver.get('SELECT * FROM connections WHERE tenant_id = ? AND id = ?', [
      tenantId,
      id,
    ]);
    if (!r) throw notFound('connection');
    await this.appendAudit(this.event(ctx, 'secret.read', 'connection', id));
    return {
      tenantId,
      id,
      platform: r.platform as Platform,
      settings: JSON.parse(String(r.settings)) as Record<string, unknown>,
      credentials: this.open(
        { tenantId, table: 'connections', rowId: id, field: 'credentials_enc' },
        String(r.credentials_enc),
      ),
      updatedAt: String(r.updated_at),
    };
  }

  // ---------------------------------------------------------------- interactions

  private contactIdentifiers(i: Interaction): {
    identity: ContactIdentity;
    keys: Array<{ kind: IdentifierKind; value: string }>;
  } {
    const c = i.contact;
    const customers = i.participants.filter((p) => p.role === 'customer');
    const phones = [
      ...new Set([...(c?.phones ?? []), ...customers.flatMap((p) => (p.phone ? [p.phone] : []))]),
    ];
    const emails = [
      ...new Set([...(c?.emails ?? []), ...customers.flatMap((p) => (p.email ? [p.email] : []))]),
    ];
    const name = c?.name ?? customers.find((p) => p.name)?.name;
    const identity: ContactIdentity = {
      ...(c ?? {}),
      ...(name ? { name } : {}),
      phones,
      emails,
    };
    const keys: Array<{ kind: IdentifierKind; value: string }> = [];
    if (c?.memberId) keys.push({ kind: 'member', value: c.memberId });
    if (c?.crmId) keys.push({ kind: 'crm', value: c.crmId });
    for (const p of phones) keys.push({ kind: 'phone', value: p });
    for (const e of emails) keys.push({ kind: 'email', value: e });
    return { identity, keys: keys.filter((k) => normalizeIdentifier(k.kind, k.value) !== undefined) };
  }

  /** Finds the contact any identifier already points to, or creates one; merges what is new. */
  private async resolveContact(tx: SqlExecutor, tenantId: string, i: Interaction): Promise<string | null> {
    const { identity, keys } = this.contactIdentifiers(i);
    if (keys.length === 0) return null;
    const digests = keys.map((k) => ({ kind: k.kind, digest: this.index(tenantId, k.kind, k.value) }));
    // Sorted here, not in SQL: an ORDER BY would steer the planner off the digest index.
    const found = (
      await tx.all<{ contact_id: string }>(
        `SELECT contact_id FROM contact_keys WHERE tenant_id = ? AND digest IN (${digests.map(() => '?').join(', ')})`,
        [tenantId, ...digests.map((d) => d.digest)],
      )
    ).sort((a, b) => (a.contact_id < b.contact_id ? -1 : a.contact_id > b.contact_id ? 1 : 0));
    const now = this.now();
    let contactId = found[0]?.contact_id;
    if (!contactId) {
      contactId = randomUUID();
      await tx.run(
        'INSERT INTO contacts (tenant_id, id, identity_enc, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
        [
          tenantId,
          contactId,
          this.seal({ tenantId, table: 'contacts', rowId: contactId, field: 'identity_enc' }, identity),
          now,
          now,
        ],
      );
    } else {
      const addr = { tenantId, table: 'contacts', rowId: contactId, field: 'identity_enc' };
      const row = await tx.get<{ identity_enc: string }>(
        'SELECT identity_enc FROM contacts WHERE tenant_id = ? AND id = ?',
        [tenantId, contactId],
      );
      const old = this.open<ContactIdentity>(addr, row!.identity_enc);
      const merged: ContactIdentity = {
        ...identity,
        ...old,
        phones: [...new Set([...old.phones, ...identity.phones])],
        emails: [...new Set([...old.emails, ...identity.emails])],
      };
      if (stableStringify(merged) !== stableStringify(old)) {
        await tx.run('UPDATE contacts SET identity_enc = ?, updated_at = ? WHERE tenant_id = ? AND id = ?', [
          this.seal(addr, merged),
          now,
          tenantId,
          contactId,
        ]);
      }
    }
    await tx.run(
      `INSERT INTO contact_keys (tenant_id, kind, digest, contact_id) VALUES ${digests.map(() => '(?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
      digests.flatMap((d) => [tenantId, d.kind, d.digest, contactId!]),
    );
    // SQLite has one writer at a time, so only PostgreSQL can lose this race.
    if (found.length === 0 && this.driver.kind === 'postgres') {
      // A concurrent writer (PostgreSQL) may have created the same person first: join theirs.
      const owner = await tx.get<{ contact_id: string }>(
        'SELECT contact_id FROM contact_keys WHERE tenant_id = ? AND kind = ? AND digest = ?',
        [tenantId, digests[0]!.kind, digests[0]!.digest],
      );
      if (owner && owner.contact_id !== contactId) {
        await tx.run('UPDATE contact_keys SET contact_id = ? WHERE tenant_id = ? AND contact_id = ?', [
          owner.contact_id,
          tenantId,
          contactId,
        ]);
        await tx.run('DELETE FROM contacts WHERE tenant_id = ? AND id = ?', [tenantId, contactId]);
        contactId = owner.contact_id;
      }
    }
    return contactId;
  }

  async saveInteraction(
    ctx: AccessContext,
    tenantId: string,
    record: InteractionRecord,
  ): Promise<SaveResult> {
    const rec = parseRecord(record, tenantId, 'interaction record');
    await this.authorize(ctx, 'write', { type: 'interaction', tenantId }, rec.interaction.id);
    await this.loadTenantKeys(tenantId);
    // A unique-key race with a concurrent writer of the same record is resolved by re-reading.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.driver.transaction((tx) => this.saveInteractionTx(tx, ctx, tenantId, rec));
      } catch (e) {
        if (attempt < 2 && isUniqueViolation(e)) continue;
        throw e;
      }
    }
  }

  /**
   * Bulk form for sync pages and imports: one transaction, but each record inside its own savepoint,
   * so a bad record is rolled back alone and reported, and no record is ever half-written.
   */
  async saveInteractions(
    ctx: AccessContext,
    tenantId: string,
    records: readonly InteractionRecord[],
  ): Promise<Array<SaveResult | { error: TeachbackError }>> {
    await this.authorize(ctx, 'write', { type: 'interaction', tenantId }, null);
    await this.loadTenantKeys(tenantId);
    const parsed = records.map((r, i) => {
      try {
        return parseRecord(r, tenantId, `interaction record ${i}`);
      } catch (e) {
        return e as TeachbackError;
      }
    });
    return this.driver.transaction(async (tx) => {
      const out: Array<SaveResult | { error: TeachbackError }> = [];
      // Audit events go on the chain at the end, so the tenant's chain head is locked only for the
      // last moment of the batch and concurrent batches (PostgreSQL) overlap their real work.
      const audit: AuditEvent[] = [];
      for (const rec of parsed) {
        if (rec instanceof TeachbackError) {
          out.push({ error: rec });
          continue;
        }
        await tx.run('SAVEPOINT interaction_record');
        const events: AuditEvent[] = [];
        try {
          out.push(await this.saveInteractionTx(tx, ctx, tenantId, rec, events));
          await tx.run('RELEASE SAVEPOINT interaction_record');
          audit.push(...events);
        } catch (e) {
          await tx.run('ROLLBACK TO SAVEPOINT interaction_record');
          await tx.run('RELEASE SAVEPOINT interaction_record');
          out.push({
            error:
              e instanceof TeachbackError
                ? e
                : new TeachbackError('STORE.WRITE_FAILED', 'interaction record could not be stored', {
                    cause: e,
                  }),
          });
        }
      }
      await this.appendAuditEventsTx(tx, ctx.actor.tenantId, audit);
      return out;
    });
  }

  private async saveInteractionTx(
    tx: SqlExecutor,
    ctx: AccessContext,
    tenantId: string,
    rec: z.output<typeof InteractionRecord>,
    deferredAudit?: AuditEvent[],
  ): Promise<SaveResult> {
    const i = rec.interaction;
    const { id: _ignored, transcript: _t, ...identityOfContent } = i;
    // zod rebuilds parsed objects in schema order, so plain JSON is canonical except for the one
    // free-form record (attributes), which is sorted; this is the hot path of every ingest.
    // The transcript is the bulk of a record: serialize it once for both the hash and the seal.
    const transcriptJson = i.transcript ? JSON.stringify(i.transcript) : 'null';
    const interactionHash = sha256(
      `${JSON.stringify([identityOfContent, stableStringify(i.attributes), rec.teamId ?? null])}${transcriptJson}`,
    );
    const scoreHash = rec.scorecard
      ? sha256(JSON.stringify([{ ...rec.scorecard, scoredAt: null }, rec.escalations, rec.coaching]))
      : null;

    const existing = await tx.get<{
      id: string;
      content_hash: string;
      score_version: number | null;
      contact_id: string | null;
      team_id: string | null;
    }>(
      `SELECT id, content_hash, score_version, contact_id, team_id FROM interactions WHERE tenant_id = ? AND platform = ? AND external_id = ?${this.driver.forUpdate}`,
      [tenantId, i.source.platform, i.source.externalId],
    );
    const id = existing?.id ?? i.id;
    let latestScoreHash: string | null = null;
    if (existing?.score_version) {
      const s = await tx.get<{ content_hash: string }>(
        'SELECT content_hash FROM scorecards WHERE tenant_id = ? AND interaction_id = ? AND version = ?',
        [tenantId, id, existing.score_version],
      );
      latestScoreHash = s?.content_hash ?? null;
    }
    const interactionChanged = !existing || existing.content_hash !== interactionHash;
    const scoreChanged = scoreHash !== null && scoreHash !== latestScoreHash;
    if (!interactionChanged && !scoreChanged) {
      return {
        id,
        outcome: 'unchanged',
        scoreVersion: num(existing?.score_version),
        contactId: existing?.contact_id ?? null,
      };
    }
    if (
      !existing &&
      (await tx.get('SELECT id FROM interactions WHERE tenant_id = ? AND id = ?', [tenantId, id]))
    ) {
      throw new TeachbackError(
        'STORE.CONFLICT',
        `interaction id ${id} is already used by another source record`,
      );
    }

    const now = this.now();
    const agentIds = [
      ...new Set(i.participants.filter((p) => p.role === 'agent' && p.userId).map((p) => p.userId!)),
    ];
    const primaryAgent = agentIds[0] ?? null;
    let teamId = rec.teamId ?? null;
    if (!teamId && primaryAgent) {
      const u = await tx.get<{ team_ids: string }>(
        'SELECT u.team_ids FROM user_agent_ids a JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id WHERE a.tenant_id = ? AND a.agent_id = ?',
        [tenantId, primaryAgent],
      );
      teamId = u ? ((JSON.parse(u.team_ids) as string[])[0] ?? null) : null;
    }
    let contactId = existing?.contact_id ?? null;

    if (interactionChanged) {
      contactId = (await this.resolveContact(tx, tenantId, i)) ?? contactId;
      const body = {
        id,
        source: i.source,
        links: i.links,
        channel: i.channel,
        direction: i.direction,
        startedAt: i.startedAt,
        endedAt: i.endedAt,
        durationMs: i.durationMs,
        queue: i.queue,
        disposition: i.disposition,
        attributes: i.attributes,
      };
      const phi: InteractionPhi = { participants: i.participants, wrapUp: i.wrapUp, contact: i.contact };
      const phiEnc = this.seal({ tenantId, table: 'interactions', rowId: id, field: 'phi_enc' }, phi);
      const occurredAt = i.startedAt ? iso(i.startedAt) : now;
      const cols: SqlValue[] = [
        i.channel,
        i.direction,
        occurredAt,
        i.startedAt ? iso(i.startedAt) : null,
        i.endedAt ? iso(i.endedAt) : null,
        i.durationMs ?? null,
        JSON.stringify(agentIds),
        primaryAgent,
        teamId,
        i.queue?.name ?? null,
        contactId,
        interactionHash,
        JSON.stringify(body),
        phiEnc,
        now,
      ];
      if (existing) {
        await tx.run(
          'UPDATE interactions SET channel = ?, direction = ?, occurred_at = ?, started_at = ?, ended_at = ?, duration_ms = ?, agent_ids = ?, primary_agent_id = ?, team_id = ?, queue_name = ?, contact_id = ?, content_hash = ?, body = ?, phi_enc = ?, updated_at = ?, purged_at = NULL WHERE tenant_id = ? AND id = ?',
          [...cols, tenantId, id],
        );
      } else {
        // A new row carries its score summary from the start: one statement fewer per ingest.
        const sc = scoreChanged ? rec.scorecard : undefined;
        await tx.run(
          'INSERT INTO interactions (channel, direction, occurred_at, started_at, ended_at, duration_ms, agent_ids, primary_agent_id, team_id, queue_name, contact_id, content_hash, body, phi_enc, updated_at, tenant_id, id, platform, external_id, created_at, score, compliant, needs_review, score_version, playbook_id, escalation_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [
            ...cols,
            tenantId,
            id,
            i.source.platform,
            i.source.externalId,
            now,
            sc ? sc.score : null,
            sc ? b(sc.compliant) : null,
            sc ? b(sc.needsReview) : 0,
            sc ? 1 : null,
            sc ? sc.playbook.id : null,
            sc ? rec.escalations.length : 0,
          ],
        );
      }
      if (existing)
        await tx.run('DELETE FROM transcripts WHERE tenant_id = ? AND interaction_id = ?', [tenantId, id]);
      if (i.transcript) {
        await tx.run('INSERT INTO transcripts (tenant_id, interaction_id, body_enc) VALUES (?, ?, ?)', [
          tenantId,
          id,
          this.cipher.encrypt(
            { tenantId, table: 'transcripts', rowId: id, field: 'body_enc' },
            transcriptJson,
          ),
        ]);
      }
      if (existing)
        await tx.run('DELETE FROM recordings WHERE tenant_id = ? AND interaction_id = ?', [tenantId, id]);
      for (const r of i.recordings) {
        await tx.run(
          'INSERT INTO recordings (tenant_id, interaction_id, id, media_type, duration_ms, channels, customer_channel, uri_enc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [
            tenantId,
            id,
            r.id,
            r.mediaType ?? null,
            r.durationMs ?? null,
            r.channels ?? null,
            r.customerChannel ?? null,
            r.uri === undefined
              ? null
              : this.seal({ tenantId, table: 'recordings', rowId: `${id}/${r.id}`, field: 'uri_enc' }, r.uri),
          ],
        );
      }
    }

    let scoreVersion = num(existing?.score_version);
    if (scoreChanged && rec.scorecard) {
      scoreVersion = (scoreVersion ?? 0) + 1;
      const sc: Scorecard = { ...rec.scorecard, interactionId: id };
      const rowId = `${id}/${scoreVersion}`;
      await tx.run(
        'INSERT INTO scorecards (tenant_id, interaction_id, version, playbook_id, playbook_version, score, compliant, body_enc, coaching_enc, deidentified, content_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)',
        [
          tenantId,
          id,
          scoreVersion,
          sc.playbook.id,
          sc.playbook.version,
          sc.score,
          b(sc.compliant),
          this.seal({ tenantId, table: 'scorecards', rowId, field: 'body_enc' }, sc),
          this.seal({ tenantId, table: 'scorecards', rowId, field: 'coaching_enc' }, rec.coaching),
          scoreHash,
          now,
        ],
      );
      await this.replaceEscalations(tx, tenantId, id, rec.escalations, Boolean(existing));
      if (existing)
        await tx.run(
          'UPDATE interactions SET score = ?, compliant = ?, needs_review = ?, score_version = ?, playbook_id = ?, escalation_count = ?, updated_at = ? WHERE tenant_id = ? AND id = ?',
          [
            sc.score,
            b(sc.compliant),
            b(sc.needsReview),
            scoreVersion,
            sc.playbook.id,
            rec.escalations.length,
            now,
            tenantId,
            id,
          ],
        );
    }

    const outcome = existing ? 'updated' : 'created';
    const written = this.event(ctx, 'phi.write', 'interaction', id, {
      outcome,
      interactionChanged,
      scoreVersion: scoreChanged ? scoreVersion : null,
    });
    if (deferredAudit) deferredAudit.push(written);
    else await this.appendAuditTx(tx, written);
    return { id, outcome, scoreVersion, contactId };
  }

  /** Re-scoring replaces detections but keeps what people already did about the same detection. */
  private async replaceEscalations(
    tx: SqlExecutor,
    tenantId: string,
    interactionId: string,
    escalations: Escalation[],
    existed: boolean,
  ): Promise<void> {
    const old = existed
      ? await tx.all<{ idx: number; body_enc: string | null }>(
          'SELECT idx, body_enc FROM escalations WHERE tenant_id = ? AND interaction_id = ?',
          [tenantId, interactionId],
        )
      : [];
    const oldActions = new Map<string, Escalation['actions']>();
    for (const o of old) {
      if (!o.body_enc) continue;
      const e = this.open<Escalation>(
        { tenantId, table: 'escalations', rowId: `${interactionId}/${o.idx}`, field: 'body_enc' },
        o.body_enc,
      );
      oldActions.set(`${e.type}/${e.utterance}`, e.actions);
    }
    if (existed) {
      await tx.run('DELETE FROM escalations WHERE tenant_id = ? AND interaction_id = ?', [
        tenantId,
        interactionId,
      ]);
    }
    for (const [idx, e] of escalations.entries()) {
      const kept = oldActions.get(`${e.type}/${e.utterance}`);
      const merged: Escalation = kept && kept.length > e.actions.length ? { ...e, actions: kept } : e;
      await tx.run(
        'INSERT INTO escalations (tenant_id, interaction_id, idx, type, severity, body_enc) VALUES (?, ?, ?, ?, ?, ?)',
        [
          tenantId,
          interactionId,
          idx,
          e.type,
          e.severity,
          this.seal(
            { tenantId, table: 'escalations', rowId: `${interactionId}/${idx}`, field: 'body_enc' },
            merged,
          ),
        ],
      );
    }
  }

  async listInteractions(
    ctx: AccessContext,
    tenantId: string,
    filter: InteractionFilter = {},
    page: PageRequest = {},
  ): Promise<Page<InteractionSummary>> {
    const f = parse(InteractionFilter, filter, 'filter');
    const p = parse(PageRequest, page, 'page');
    const scope = grantedScope(ctx.actor, 'search', 'interaction');
    if (ctx.actor.tenantId !== tenantId || !scope || !ctx.actor.active) {
      await this.authorize(ctx, 'search', { type: 'interaction', tenantId }, null);
    }
    const where: string[] = ['tenant_id = ?'];
    const params: SqlValue[] = [tenantId];
    const inList = (col: string, values: readonly string[]): void => {
      where.push(values.length ? `${col} IN (${values.map(() => '?').join(', ')})` : '1 = 0');
      params.push(...values);
    };
    if (scope === 'team') inList('team_id', ctx.actor.teamIds);
    if (scope === 'own') inList('primary_agent_id', [...new Set([ctx.actor.id, ...ctx.actor.agentIds])]);
    const eq = (col: string, v: SqlValue | undefined): void => {
      if (v === undefined) return;
      where.push(`${col} = ?`);
      params.push(v);
    };
    eq('primary_agent_id', f.agentId);
    eq('team_id', f.teamId);
    eq('channel', f.channel);
    eq('platform', f.platform);
    eq('contact_id', f.contactId);
    eq('compliant', f.compliant === undefined ? undefined : b(f.compliant));
    eq('needs_review', f.needsReview === undefined ? undefined : b(f.needsReview));
    if (f.hasEscalation !== undefined)
      where.push(f.hasEscalation ? 'escalation_count > 0' : 'escalation_count = 0');
    if (f.from) {
      where.push('occurred_at >= ?');
      params.push(iso(f.from));
    }
    if (f.to) {
      where.push('occurred_at < ?');
      params.push(iso(f.to));
    }
    const items = await this.pageQuery(`SELECT ${SUMMARY_COLUMNS} FROM interactions`, where, params, p);
    await this.appendAudit(
      this.event(ctx, 'phi.search', 'interaction', null, {
        count: items.items.length,
        scope: scope ?? 'none',
      }),
    );
    return { items: items.items.map(toSummary), nextCursor: items.nextCursor };
  }

  private async pageQuery(
    select: string,
    where: string[],
    params: SqlValue[],
    p: z.output<typeof PageRequest>,
  ): Promise<Page<Row>> {
    const w = [...where];
    const ps = [...params];
    if (p.cursor) {
      const [at, id] = decodeCursor(p.cursor);
      w.push('(occurred_at < ? OR (occurred_at = ? AND id < ?))');
      ps.push(at, at, id);
    }
    const rows = await this.driver.all(
      `${select} WHERE ${w.join(' AND ')} ORDER BY occurred_at DESC, id DESC LIMIT ?`,
      [...ps, p.limit + 1],
    );
    const more = rows.length > p.limit;
    const items = more ? rows.slice(0, p.limit) : rows;
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: more && last ? encodeCursor(String(last.occurred_at), String(last.id)) : null,
    };
  }

  async findInteractionBySource(
    ctx: AccessContext,
    tenantId: string,
    platform: Platform,
    externalId: string,
  ): Promise<InteractionSummary | null> {
    if (ctx.actor.tenantId !== tenantId)
      await this.authorize(ctx, 'read', { type: 'interaction', tenantId }, null);
    const r = await this.driver.get<InteractionRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM interactions WHERE tenant_id = ? AND platform = ? AND external_id = ?`,
      [tenantId, platform, externalId],
    );
    if (!r) return null;
    await this.authorize(ctx, 'read', this.interactionResource('interaction', r), r.id);
    return toSummary(r);
  }

  async getInteraction(ctx: AccessContext, tenantId: string, id: string): Promise<InteractionDetail> {
    const row = await this.loadInteractionRow(ctx, tenantId, id, 'interaction', 'read');
    await this.loadTenantKeys(tenantId);
    const can = (type: ResourceType): boolean =>
      this.allows(ctx.actor, 'read', this.interactionResource(type, row));
    const body = JSON.parse(row.body) as Omit<Interaction, 'participants' | 'recordings'>;
    const phi: InteractionPhi | null = row.phi_enc
      ? this.open({ tenantId, table: 'interactions', rowId: id, field: 'phi_enc' }, row.phi_enc)
      : null;
    const canRecording = can('recording');
    const recordings: RecordingRef[] = (
      await this.driver.all(
        'SELECT * FROM recordings WHERE tenant_id = ? AND interaction_id = ? ORDER BY id',
        [tenantId, id],
      )
    ).map((r) => this.toRecording(tenantId, id, r, canRecording));
    let transcript: Interaction['transcript'];
    const canTranscript = can('transcript');
    if (canTranscript) {
      const t = await this.driver.get<{ body_enc: string }>(
        'SELECT body_enc FROM transcripts WHERE tenant_id = ? AND interaction_id = ?',
        [tenantId, id],
      );
      if (t)
        transcript = this.open({ tenantId, table: 'transcripts', rowId: id, field: 'body_enc' }, t.body_enc);
    }
    let scorecard: Scorecard | null = null;
    let deidentified: DeidentifiedScorecard | null = null;
    let coaching: CoachingNote[] = [];
    if (row.score_version && can('scorecard')) {
      const s = await this.driver.get<{
        body_enc: string | null;
        coaching_enc: string | null;
        deidentified: string | null;
      }>(
        'SELECT body_enc, coaching_enc, deidentified FROM scorecards WHERE tenant_id = ? AND interaction_id = ? AND version = ?',
        [tenantId, id, row.score_version],
      );
      const rowId = `${id}/${row.score_version}`;
      if (s?.body_enc)
        scorecard = this.open({ tenantId, table: 'scorecards', rowId, field: 'body_enc' }, s.body_enc);
      if (s?.deidentified) deidentified = JSON.parse(s.deidentified) as DeidentifiedScorecard;
      if (s?.coaching_enc && can('coaching'))
        coaching = this.open({ tenantId, table: 'scorecards', rowId, field: 'coaching_enc' }, s.coaching_enc);
    }
    if (scorecard && !canTranscript) {
      // Evidence quotes are transcript excerpts: who may not read the transcript gets the judgement only.
      deidentified = deidentifyScorecard(scorecard);
      scorecard = null;
    }
    const escalations = can('escalation') ? await this.loadEscalations(tenantId, id) : [];
    // Who the caller was is for those who may read the call itself or the contact (minimum
    // necessary): an admin browsing scores sees the agents, not the patient.
    const canIdentity = canTranscript || can('contact');
    let wrapUp = phi?.wrapUp;
    if (wrapUp && !canIdentity) {
      const { notes: _notes, ...codes } = wrapUp;
      wrapUp = codes;
    }
    const interaction: Interaction = {
      ...body,
      tenantId,
      participants: (phi?.participants ?? []).filter((p) => canIdentity || p.role !== 'customer'),
      ...(wrapUp ? { wrapUp } : {}),
      ...(phi?.contact && canIdentity ? { contact: phi.contact } : {}),
      recordings,
      ...(transcript ? { transcript } : {}),
    };
    await this.appendAudit(
      this.event(ctx, canIdentity ? 'phi.read' : 'record.read', 'interaction', id, {
        transcript: transcript !== undefined,
        recordings: canRecording,
      }),
    );
    return {
      summary: toSummary(row),
      interaction,
      scorecard,
      deidentifiedScorecard: deidentified,
      escalations,
      coaching,
    };
  }

  private toRecording(tenantId: string, interactionId: string, r: Row, withUri: boolean): RecordingRef {
    const rec: RecordingRef = { id: String(r.id) };
    if (r.media_type !== null) rec.mediaType = String(r.media_type);
    if (r.duration_ms !== null) rec.durationMs = Number(r.duration_ms);
    if (r.channels !== null) rec.channels = Number(r.channels);
    if (r.customer_channel !== null) rec.customerChannel = Number(r.customer_channel);
    if (withUri && r.uri_enc) {
      rec.uri = this.open(
        { tenantId, table: 'recordings', rowId: `${interactionId}/${String(r.id)}`, field: 'uri_enc' },
        String(r.uri_enc),
      );
    }
    return rec;
  }

  private async loadEscalations(tenantId: string, interactionId: string): Promise<StoredEscalation[]> {
    const rows = await this.driver.all<{ idx: number; body_enc: string | null }>(
      'SELECT idx, body_enc FROM escalations WHERE tenant_id = ? AND interaction_id = ? ORDER BY idx',
      [tenantId, interactionId],
    );
    return rows.flatMap((r) =>
      r.body_enc
        ? [
            {
              index: Number(r.idx),
              ...this.open<Escalation>(
                { tenantId, table: 'escalations', rowId: `${interactionId}/${r.idx}`, field: 'body_enc' },
                r.body_enc,
              ),
            },
          ]
        : [],
    );
  }

  async scoreHistory(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
  ): Promise<ScorecardVersion[]> {
    const row = await this.loadInteractionRow(ctx, tenantId, interactionId, 'scorecard', 'read');
    const withEvidence = this.allows(ctx.actor, 'read', this.interactionResource('transcript', row));
    await this.loadTenantKeys(tenantId);
    const rows = await this.driver.all(
      'SELECT * FROM scorecards WHERE tenant_id = ? AND interaction_id = ? ORDER BY version',
      [tenantId, interactionId],
    );
    await this.appendAudit(
      this.event(ctx, 'phi.read', 'scorecard', interactionId, { versions: rows.length }),
    );
    return rows.map((r) => {
      const full = r.body_enc
        ? this.open<Scorecard>(
            {
              tenantId,
              table: 'scorecards',
              rowId: `${interactionId}/${Number(r.version)}`,
              field: 'body_enc',
            },
            String(r.body_enc),
          )
        : null;
      const stored = r.deidentified ? (JSON.parse(String(r.deidentified)) as DeidentifiedScorecard) : null;
      return {
        version: Number(r.version),
        scorecard: withEvidence ? full : null,
        deidentified: stored ?? (full && !withEvidence ? deidentifyScorecard(full) : null),
        contentHash: String(r.content_hash),
        createdAt: String(r.created_at),
      };
    });
  }

  async getRecording(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    recordingId: string,
  ): Promise<RecordingRef> {
    await this.loadInteractionRow(ctx, tenantId, interactionId, 'recording', 'read');
    await this.loadTenantKeys(tenantId);
    const r = await this.driver.get(
      'SELECT * FROM recordings WHERE tenant_id = ? AND interaction_id = ? AND id = ?',
      [tenantId, interactionId, recordingId],
    );
    if (!r) throw notFound('recording');
    await this.appendAudit(this.event(ctx, 'phi.read', 'recording', `${interactionId}/${recordingId}`));
    return this.toRecording(tenantId, interactionId, r, true);
  }

  async recordEscalationAction(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    index: number,
    action: EscalationActionInput,
  ): Promise<void> {
    const a = parse(EscalationAction, action, 'escalation action');
    await this.loadInteractionRow(ctx, tenantId, interactionId, 'escalation', 'write');
    await this.loadTenantKeys(tenantId);
    await this.driver.transaction(async (tx) => {
      const addr = { tenantId, table: 'escalations', rowId: `${interactionId}/${index}`, field: 'body_enc' };
      const r = await tx.get<{ body_enc: string | null }>(
        `SELECT body_enc FROM escalations WHERE tenant_id = ? AND interaction_id = ? AND idx = ?${this.driver.forUpdate}`,
        [tenantId, interactionId, index],
      );
      if (!r?.body_enc) throw notFound('escalation');
      const e = this.open<Escalation>(addr, r.body_enc);
      e.actions.push(a);
      if (a.routedTo !== undefined) e.routedTo = a.routedTo;
      await tx.run(
        'UPDATE escalations SET body_enc = ? WHERE tenant_id = ? AND interaction_id = ? AND idx = ?',
        [this.seal(addr, e), tenantId, interactionId, index],
      );
      await this.appendAuditTx(
        tx,
        this.event(ctx, 'phi.write', 'escalation', `${interactionId}/${index}`, { action: a.action }),
      );
    });
  }

  async setLegalHold(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    hold: boolean,
  ): Promise<void> {
    await this.authorize(ctx, 'write', { type: 'tenant', tenantId }, interactionId);
    await this.driver.transaction(async (tx) => {
      const n = await tx.run('UPDATE interactions SET legal_hold = ? WHERE tenant_id = ? AND id = ?', [
        b(hold),
        tenantId,
        interactionId,
      ]);
      if (n === 0) throw notFound('interaction');
      await this.appendAuditTx(
        tx,
        this.event(ctx, hold ? 'retention.hold' : 'retention.release', 'interaction', interactionId),
      );
    });
  }

  async timeline(
    ctx: AccessContext,
    tenantId: string,
    lookup: ContactLookup,
    page: PageRequest = {},
  ): Promise<Timeline> {
    const l = parse(ContactLookup, lookup, 'lookup');
    const p = parse(PageRequest, page, 'page');
    await this.authorize(ctx, 'read', { type: 'timeline', tenantId }, null);
    await this.loadTenantKeys(tenantId);
    let contactId: string | undefined;
    if ('contactId' in l) {
      contactId = l.contactId;
    } else {
      const [kind, value]: [IdentifierKind, string] =
        'phone' in l
          ? ['phone', l.phone]
          : 'email' in l
            ? ['email', l.email]
            : 'memberId' in l
              ? ['member', l.memberId]
              : ['crm', l.crmId];
      const k = await this.driver.get<{ contact_id: string }>(
        'SELECT contact_id FROM contact_keys WHERE tenant_id = ? AND kind = ? AND digest = ?',
        [tenantId, kind, this.index(tenantId, kind, value)],
      );
      contactId = k?.contact_id;
    }
    const c = contactId
      ? await this.driver.get<{ identity_enc: string }>(
          'SELECT identity_enc FROM contacts WHERE tenant_id = ? AND id = ?',
          [tenantId, contactId],
        )
      : undefined;
    if (!contactId || !c) {
      await this.appendAudit(this.event(ctx, 'phi.search', 'timeline', null, { found: false }));
      throw notFound('contact');
    }
    const page_ = await this.pageQuery(
      'SELECT id, platform, external_id, channel, direction, occurred_at, duration_ms, agent_ids, score, compliant, escalation_count FROM interactions',
      ['tenant_id = ?', 'contact_id = ?'],
      [tenantId, contactId],
      p,
    );
    const entries: TimelineEntry[] = page_.items.map((r) => ({
      interactionId: String(r.id),
      platform: r.platform as Platform,
      externalId: String(r.external_id),
      channel: r.channel as TimelineEntry['channel'],
      direction: r.direction as TimelineEntry['direction'],
      occurredAt: String(r.occurred_at),
      durationMs: num(r.duration_ms),
      agentIds: JSON.parse(String(r.agent_ids)) as string[],
      score: num(r.score),
      compliant: r.compliant === null ? null : Number(r.compliant) === 1,
      escalationCount: Number(r.escalation_count),
    }));
    const identity: ContactIdentity = this.allows(ctx.actor, 'read', { type: 'contact', tenantId })
      ? this.open({ tenantId, table: 'contacts', rowId: contactId, field: 'identity_enc' }, c.identity_enc)
      : { phones: [], emails: [] };
    await this.appendAudit(this.event(ctx, 'phi.read', 'timeline', contactId, { entries: entries.length }));
    return { contact: { id: contactId, tenantId, identity }, entries, nextCursor: page_.nextCursor };
  }

  // ---------------------------------------------------------------- coaching tasks

  async saveCoachingTask(ctx: AccessContext, tenantId: string, task: CoachingTask): Promise<CoachingTask> {
    const t = parse(CoachingTask, task, 'coaching task');
    const row = await this.loadInteractionRow(ctx, tenantId, t.interactionId, 'coaching', 'write');
    await this.loadTenantKeys(tenantId);
    const existing = await this.driver.get<{
      interaction_id: string;
      assignee: string;
      due: string | null;
      body_enc: string | null;
    }>('SELECT interaction_id, assignee, due, body_enc FROM coaching_tasks WHERE tenant_id = ? AND id = ?', [
      tenantId,
      t.id,
    ]);
    if (existing && existing.interaction_id !== t.interactionId) {
      throw new TeachbackError(
        'STORE.CONFLICT',
        'coaching task: interactionId: a task stays on the call it was made for',
      );
    }
    const body = { facilitator: t.facilitator, source: t.source, notes: t.notes };
    // Creating, reassigning, dismissing or rewriting a task is the assigner's (supervisor's) act;
    // the assignee may only move their own task along (open, scheduled, done).
    if (!this.allows(ctx.actor, 'write', this.interactionResource('coaching-assignment', row))) {
      const ownProgress =
        existing !== undefined &&
        existing.assignee === t.assignee &&
        (existing.due ?? undefined) === t.due &&
        (t.assignee === ctx.actor.id || ctx.actor.agentIds.includes(t.assignee)) &&
        t.status !== 'dismissed' &&
        existing.body_enc !== null &&
        JSON.stringify(
          this.open({ tenantId, table: 'coaching_tasks', rowId: t.id, field: 'body_enc' }, existing.body_enc),
        ) === JSON.stringify(body);
      if (!ownProgress)
        await this.authorize(ctx, 'write', this.interactionResource('coaching-assignment', row), t.id);
    }
    await this.requireAssignee(tenantId, t.assignee, JSON.parse(row.agent_ids) as string[]);
    await this.driver.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO coaching_tasks (tenant_id, id, interaction_id, assignee, status, due, body_enc, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, id) DO UPDATE SET interaction_id = excluded.interaction_id, assignee = excluded.assignee, status = excluded.status, due = excluded.due, body_enc = excluded.body_enc, updated_at = excluded.updated_at',
        [
          tenantId,
          t.id,
          t.interactionId,
          t.assignee,
          t.status,
          t.due ?? null,
          this.seal({ tenantId, table: 'coaching_tasks', rowId: t.id, field: 'body_enc' }, body),
          this.now(),
        ],
      );
      await this.appendAuditTx(tx, this.event(ctx, 'phi.write', 'coaching', t.id, { status: t.status }));
    });
    return t;
  }

  /** The assignee is a user of the tenant, an agent id of one, or an agent on the call itself. */
  private async requireAssignee(
    tenantId: string,
    assignee: string,
    callAgents: readonly string[],
  ): Promise<void> {
    if (callAgents.includes(assignee)) return;
    const known =
      (await this.driver.get('SELECT id FROM users WHERE tenant_id = ? AND id = ?', [tenantId, assignee])) ??
      (await this.driver.get('SELECT user_id FROM user_agent_ids WHERE tenant_id = ? AND agent_id = ?', [
        tenantId,
        assignee,
      ]));
    if (!known) throw new TeachbackError('STORE.INVALID', 'coaching task: assignee: no such user or agent');
  }

  async listCoachingTasks(
    ctx: AccessContext,
    tenantId: string,
    filter: CoachingTaskFilter = {},
  ): Promise<CoachingTask[]> {
    const f = parse(CoachingTaskFilter, filter, 'filter');
    const scope = grantedScope(ctx.actor, 'search', 'coaching');
    if (ctx.actor.tenantId !== tenantId || !scope || !ctx.actor.active) {
      await this.authorize(ctx, 'search', { type: 'coaching', tenantId }, null);
    }
    await this.loadTenantKeys(tenantId);
    const where = ['t.tenant_id = ?'];
    const params: SqlValue[] = [tenantId];
    const inList = (col: string, values: readonly string[]): void => {
      where.push(values.length ? `${col} IN (${values.map(() => '?').join(', ')})` : '1 = 0');
      params.push(...values);
    };
    if (scope === 'team') inList('i.team_id', ctx.actor.teamIds);
    if (scope === 'own') inList('t.assignee', [...new Set([ctx.actor.id, ...ctx.actor.agentIds])]);
    if (f.assignee !== undefined) inList('t.assignee', [f.assignee]);
    if (f.status !== undefined) inList('t.status', [f.status]);
    if (f.interactionId !== undefined) inList('t.interaction_id', [f.interactionId]);
    const rows = await this.driver.all(
      `SELECT t.* FROM coaching_tasks t JOIN interactions i ON i.tenant_id = t.tenant_id AND i.id = t.interaction_id WHERE ${where.join(' AND ')} ORDER BY t.id`,
      params,
    );
    await this.appendAudit(this.event(ctx, 'phi.search', 'coaching', null, { count: rows.length }));
    return rows.map((r) => {
      const body = r.body_enc
        ? this.open<Pick<CoachingTask, 'facilitator' | 'source' | 'notes'>>(
            { tenantId, table: 'coaching_tasks', rowId: String(r.id), field: 'body_enc' },
            String(r.body_enc),
          )
        : { source: {}, notes: [] };
      return {
        id: String(r.id),
        interactionId: String(r.interaction_id),
        assignee: String(r.assignee),
        status: r.status as CoachingTask['status'],
        ...(r.due === null ? {} : { due: String(r.due) }),
        ...(body.facilitator === undefined ? {} : { facilitator: body.facilitator }),
        source: body.source,
        notes: body.notes,
      };
    });
  }

  // ---------------------------------------------------------------- sync checkpoints

  async getCheckpoint(tenantId: string, platform: Platform, stream: string): Promise<SyncCheckpoint | null> {
    const r = await this.driver.get(
      'SELECT * FROM sync_checkpoints WHERE tenant_id = ? AND platform = ? AND stream = ?',
      [tenantId, platform, stream],
    );
    return r
      ? {
          tenantId,
          platform,
          stream,
          value: JSON.parse(String(r.value)) as unknown,
          updatedAt: String(r.updated_at),
        }
      : null;
  }

  async saveCheckpoint(tenantId: string, platform: Platform, stream: string, value: unknown): Promise<void> {
    await this.driver.run(
      'INSERT INTO sync_checkpoints (tenant_id, platform, stream, value, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, platform, stream) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      [tenantId, platform, stream, JSON.stringify(value), this.now()],
    );
  }

  // ---------------------------------------------------------------- outbox

  async enqueueOutbox(tenantId: string, input: OutboxInput): Promise<{ id: string; created: boolean }> {
    const o = parse(OutboxInput, input, 'outbox item');
    await this.loadTenantKeys(tenantId);
    const id = randomUUID();
    const now = this.now();
    const n = await this.driver.run(
      "INSERT INTO outbox (tenant_id, id, platform, kind, idempotency_key, interaction_id, payload_enc, status, attempts, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (tenant_id, idempotency_key) DO NOTHING",
      [
        tenantId,
        id,
        o.platform,
        o.kind,
        o.idempotencyKey,
        o.interactionId ?? null,
        this.seal({ tenantId, table: 'outbox', rowId: id, field: 'payload_enc' }, o.payload ?? null),
        now,
        now,
        now,
      ],
    );
    if (n > 0) return { id, created: true };
    const r = await this.driver.get<{ id: string }>(
      'SELECT id FROM outbox WHERE tenant_id = ? AND idempotency_key = ?',
      [tenantId, o.idempotencyKey],
    );
    return { id: r!.id, created: false };
  }

  async claimOutbox(opts: {
    limit: number;
    now?: Date;
    leaseMs?: number;
    tenantId?: string;
  }): Promise<OutboxItem[]> {
    const now = (opts.now ?? this.clock()).toISOString();
    const leaseUntil = new Date(Date.parse(now) + (opts.leaseMs ?? 60_000)).toISOString();
    const lock = this.driver.kind === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows = await this.driver.transaction(async (tx) => {
      const due = await tx.all(
        `SELECT * FROM outbox WHERE ((status = 'pending' AND next_attempt_at <= ?) OR (status = 'in_flight' AND lease_until < ?))${opts.tenantId ? ' AND tenant_id = ?' : ''} ORDER BY next_attempt_at, id LIMIT ?${lock}`,
        [now, now, ...(opts.tenantId ? [opts.tenantId] : []), opts.limit],
      );
      for (const r of due) {
        await tx.run(
          "UPDATE outbox SET status = 'in_flight', lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE tenant_id = ? AND id = ?",
          [leaseUntil, now, String(r.tenant_id), String(r.id)],
        );
      }
      return due;
    });
    const out: OutboxItem[] = [];
    for (const r of rows) {
      const tenantId = String(r.tenant_id);
      await this.loadTenantKeys(tenantId);
      out.push({
        id: String(r.id),
        tenantId,
        platform: r.platform as Platform,
        kind: String(r.kind),
        idempotencyKey: String(r.idempotency_key),
        interactionId: str(r.interaction_id),
        payload: this.open(
          { tenantId, table: 'outbox', rowId: String(r.id), field: 'payload_enc' },
          String(r.payload_enc),
        ),
        status: 'in_flight',
        attempts: Number(r.attempts) + 1,
        nextAttemptAt: String(r.next_attempt_at),
        lastError: str(r.last_error),
      });
    }
    return out;
  }

  async completeOutbox(id: string): Promise<void> {
    const n = await this.driver.run(
      "UPDATE outbox SET status = 'done', lease_until = NULL, updated_at = ? WHERE id = ?",
      [this.now(), id],
    );
    if (n === 0) throw notFound('outbox item');
  }

  async failOutbox(id: string, error: string, retryAt: Date | null): Promise<void> {
    const now = this.now();
    const n = await this.driver.run(
      'UPDATE outbox SET status = ?, next_attempt_at = ?, lease_until = NULL, last_error = ?, updated_at = ? WHERE id = ?',
      [retryAt ? 'pending' : 'dead', retryAt ? retryAt.toISOString() : now, error.slice(0, 500), now, id],
    );
    if (n === 0) throw notFound('outbox item');
  }
  async findOutbox(tenantId: string, idempotencyKey: string): Promise<OutboxItem | null> {
    const r = await this.driver.get('SELECT * FROM outbox WHERE tenant_id = ? AND idempotency_key = ?', [
      tenantId,
      idempotencyKey,
    ]);
    if (!r) return null;
    await this.loadTenantKeys(tenantId);
    return {
      id: String(r.id),
      tenantId,
      platform: r.platform as Platform,
      kind: String(r.kind),
      idempotencyKey: String(r.idempotency_key),
      interactionId: str(r.interaction_id),
      payload: this.open(
        { tenantId, table: 'outbox', rowId: String(r.id), field: 'payload_enc' },
        String(r.payload_enc),
      ),
      status: r.status as OutboxItem['status'],
      attempts: Number(r.attempts),
      nextAttemptAt: String(r.next_attempt_at),
      lastError: str(r.last_error),
    };
  }

  async recordOutbox(
    tenantId: string,
    input: OutboxInput,
    status: 'pending' | 'done',
    lastError: string | null = null,
  ): Promise<void> {
    const o = parse(OutboxInput, input, 'outbox item');
    const { id } = await this.enqueueOutbox(tenantId, o);
    await this.driver.run(
      'UPDATE outbox SET payload_enc = ?, status = ?, last_error = ?, lease_until = NULL, updated_at = ? WHERE tenant_id = ? AND id = ?',
      [
        this.seal({ tenantId, table: 'outbox', rowId: id, field: 'payload_enc' }, o.payload ?? null),
        status,
        lastError,
        this.now(),
        tenantId,
        id,
      ],
    );
  }

  // ---------------------------------------------------------------- audit reading

  async readAudit(
    ctx: AccessContext,
    tenantId: string,
    query: AuditQuery = {},
    purpose: 'read' | 'export' = 'read',
  ): Promise<AuditRecord[]> {
    await this.authorize(ctx, purpose, { type: 'audit-log', tenantId }, null);
    const where = ['tenant_id = ?'];
    const params: SqlValue[] = [tenantId];
    if (query.from) {
      where.push('at >= ?');
      params.push(iso(query.from));
    }
    if (query.to) {
      where.push('at < ?');
      params.push(iso(query.to));
    }
    if (query.afterSeq !== undefined) {
      where.push('seq > ?');
      params.push(query.afterSeq);
    }
    const limit = query.limit ?? 100_000;
    const rows = await this.driver.all(
      `SELECT * FROM audit_events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`,
      [...params, limit],
    );
    await this.appendAudit(
      this.event(ctx, purpose === 'export' ? 'audit.export' : 'audit.read', 'audit-log', null, {
        count: rows.length,
        from: query.from ?? null,
        to: query.to ?? null,
      }),
    );
    return rows.map(toAuditRecord);
  }

  async verifyAudit(ctx: AccessContext, tenantId: string): Promise<AuditVerifyResult> {
    await this.authorize(ctx, 'read', { type: 'audit-log', tenantId }, null);
    const head = await this.driver.get<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_heads WHERE tenant_id = ?',
      [tenantId],
    );
    if (!head) throw notFound('tenant');
    const verifier = new AuditChainVerifier(tenantId, sha256);
    let after = 0;
    const headSeq = Number(head.seq);
    // Streams in pages so a multi-million-row chain never sits in memory at once.
    for (;;) {
      const rows = await this.driver.all(
        'SELECT * FROM audit_events WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT 5000',
        [tenantId, after],
      );
      if (rows.length === 0) break;
      let ok = true;
      for (const r of rows) {
        if (!verifier.push(toAuditRecord(r))) {
          ok = false;
          break;
        }
      }
      if (!ok) break;
      after = Number(rows[rows.length - 1]!.seq);
    }
    let result = verifier.result();
    if (result.ok && (result.count !== headSeq || (headSeq > 0 && result.lastHash !== head.hash))) {
      // Rows cut from the end, rows slipped in after the head, or a rewritten head: the chain
      // itself links up, but it is not the chain the store last wrote.
      result = {
        ok: false,
        count: Math.min(result.count, headSeq),
        brokenSeq: Math.min(result.count, headSeq) + 1,
        reason: 'sequence-gap',
      };
    }
    await this.appendAudit(
      this.event(
        ctx,
        'audit.verify',
        'audit-log',
        null,
        { ok: result.ok, checked: result.count, brokenSeq: result.ok ? null : result.brokenSeq },
        result.ok ? 'success' : 'failure',
      ),
    );
    return { tenantId, ...result };
  }

  // ---------------------------------------------------------------- retention

  async purgeExpired(ctx: AccessContext, tenantId: string, now: Date = this.clock()): Promise<PurgeReport> {
    if (ctx.actor.kind !== 'system' || ctx.actor.tenantId !== tenantId) {
      await this.authorize(ctx, 'delete', { type: 'interaction', tenantId }, null);
      throw new TeachbackError('ACCESS.DENIED', 'only the retention job may purge');
    }
    await this.loadTenantKeys(tenantId);
    const t = await this.driver.get('SELECT * FROM tenants WHERE id = ?', [tenantId]);
    if (!t) throw notFound('tenant');
    const policy = { retentionDays: Number(t.retention_days), legalHold: Number(t.legal_hold) === 1 };
    const cutoff = retentionCutoff(policy, now);
    const held = await this.driver.get<{ n: number }>(
      'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM interactions WHERE tenant_id = ? AND purged_at IS NULL AND occurred_at < ? AND (legal_hold = 1 OR ? = 1)',
      [tenantId, cutoff, b(policy.legalHold)],
    );
    const purged: string[] = [];
    if (!policy.legalHold) {
      for (;;) {
        const batch = await this.driver.all<{
          id: string;
          occurred_at: string;
          legal_hold: number;
          purged_at: string | null;
        }>(
          'SELECT id, occurred_at, legal_hold, purged_at FROM interactions WHERE tenant_id = ? AND purged_at IS NULL AND legal_hold = 0 AND occurred_at < ? ORDER BY occurred_at LIMIT 200',
          [tenantId, cutoff],
        );
        if (batch.length === 0) break;
        for (const r of batch) {
          const decision = decideRetention(
            policy,
            { occurredAt: r.occurred_at, legalHold: r.legal_hold === 1, purgedAt: r.purged_at },
            now,
          );
          if (!decision.purge) continue;
          await this.driver.transaction((tx) => this.purgeOne(tx, ctx, tenantId, r.id, now.toISOString()));
          purged.push(r.id);
        }
      }
    }
    return { tenantId, cutoff, purged, heldBack: Number(held?.n ?? 0) };
  }

  private async purgeOne(
    tx: SqlExecutor,
    ctx: AccessContext,
    tenantId: string,
    id: string,
    at: string,
  ): Promise<void> {
    const transcripts = await tx.run('DELETE FROM transcripts WHERE tenant_id = ? AND interaction_id = ?', [
      tenantId,
      id,
    ]);
    const recordings = await tx.run('DELETE FROM recordings WHERE tenant_id = ? AND interaction_id = ?', [
      tenantId,
      id,
    ]);
    const cards = await tx.all<{ version: number; body_enc: string | null }>(
      'SELECT version, body_enc FROM scorecards WHERE tenant_id = ? AND interaction_id = ?',
      [tenantId, id],
    );
    for (const c of cards) {
      const deid = c.body_enc
        ? JSON.stringify(
            deidentifyScorecard(
              this.open<Scorecard>(
                { tenantId, table: 'scorecards', rowId: `${id}/${c.version}`, field: 'body_enc' },
                c.body_enc,
              ),
            ),
          )
        : null;
      await tx.run(
        'UPDATE scorecards SET body_enc = NULL, coaching_enc = NULL, deidentified = COALESCE(?, deidentified) WHERE tenant_id = ? AND interaction_id = ? AND version = ?',
        [deid, tenantId, id, c.version],
      );
    }
    const escalations = await tx.run(
      'UPDATE escalations SET body_enc = NULL WHERE tenant_id = ? AND interaction_id = ?',
      [tenantId, id],
    );
    const tasks = await tx.run(
      'UPDATE coaching_tasks SET body_enc = NULL WHERE tenant_id = ? AND interaction_id = ?',
      [tenantId, id],
    );
    const row = await tx.get<{ contact_id: string | null }>(
      'SELECT contact_id FROM interactions WHERE tenant_id = ? AND id = ?',
      [tenantId, id],
    );
    await tx.run(
      'UPDATE interactions SET phi_enc = NULL, contact_id = NULL, purged_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ?',
      [at, at, tenantId, id],
    );
    let contactRemoved = false;
    if (row?.contact_id) {
      const still = await tx.get(
        'SELECT id FROM interactions WHERE tenant_id = ? AND contact_id = ? LIMIT 1',
        [tenantId, row.contact_id],
      );
      if (!still) {
        await tx.run('DELETE FROM contacts WHERE tenant_id = ? AND id = ?', [tenantId, row.contact_id]);
        contactRemoved = true;
      }
    }
    await this.appendAuditTx(
      tx,
      this.event(ctx, 'retention.purge', 'interaction', id, {
        transcripts,
        recordings,
        scorecardsDeidentified: cards.length,
        escalations,
        coachingTasks: tasks,
        contactRemoved,
      }),
    );
  }

  // ---------------------------------------------------------------- key rotation

  async listTenantKeys(ctx: AccessContext, tenantId: string): Promise<TenantKeyInfo[]> {
    await this.authorize(ctx, 'read', { type: 'key', tenantId }, null);
    const rows = await this.driver.all(
      'SELECT key_id, version, status, kek_id, created_at FROM tenant_keys WHERE tenant_id = ? ORDER BY version',
      [tenantId],
    );
    return rows.map((r) => ({
      keyId: String(r.key_id),
      version: Number(r.version),
      status: r.status as TenantKeyInfo['status'],
      kekId: String(r.kek_id),
      createdAt: String(r.created_at),
    }));
  }

  async rotateTenantKey(
    ctx: AccessContext,
    tenantId: string,
    opts: { batchSize?: number } = {},
  ): Promise<KeyRotationReport> {
    await this.authorize(ctx, 'write', { type: 'key', tenantId }, null);
    await this.loadTenantKeys(tenantId);
    const batchSize = opts.batchSize ?? 500;
    const previousKeyId = this.cipher.activeKeyId(tenantId);
    const keyId = newKeyId();
    const dataKey = newDataKey();
    const wrapped = await this.keys.wrap(dataKey, `tenant:${tenantId}:key:${keyId}`);
    // Step 1: the new key becomes active at once; the old one stays readable.
    await this.driver.transaction(async (tx) => {
      const v = await tx.get<{ v: number }>(`SELECT MAX(version) AS v FROM tenant_keys WHERE tenant_id = ?`, [
        tenantId,
      ]);
      await tx.run("UPDATE tenant_keys SET status = 'retired' WHERE tenant_id = ? AND status = 'active'", [
        tenantId,
      ]);
      await tx.run(
        "INSERT INTO tenant_keys (tenant_id, key_id, version, wrapped_key, kek_id, status, created_at) VALUES (?, ?, ?, ?, ?, 'active', ?)",
        [tenantId, keyId, Number(v?.v ?? 0) + 1, wrapped, this.keys.kekId, this.now()],
      );
      await this.appendAuditTx(tx, this.event(ctx, 'key.rotate', 'key', keyId, { previousKeyId }));
    });
    this.cipher.addKey(tenantId, keyId, dataKey, true);
    // Step 2: re-seal everything under the new key, a batch per transaction, while reads go on.
    let reencrypted = 0;
    let batches = 0;
    const prefix = `tb1.${keyId}.%`;
    for (const s of SEALED) {
      for (const col of s.columns) {
        for (;;) {
          const n = await this.driver.transaction(async (tx) => {
            const rows = await tx.all(
              `SELECT ${s.keys.join(', ')}, ${col} AS sealed FROM ${s.table} WHERE tenant_id = ? AND ${col} IS NOT NULL AND ${col} NOT LIKE ? LIMIT ?${this.driver.forUpdate}`,
              [tenantId, prefix, batchSize],
            );
            for (const r of rows) {
              const addr = {
                tenantId,
                table: s.table,
                rowId: s.keys.map((k) => String(r[k])).join('/'),
                field: col,
              };
              const plain = this.cipher.decrypt(addr, String(r.sealed));
              await tx.run(
                `UPDATE ${s.table} SET ${col} = ? WHERE tenant_id = ? AND ${s.keys.map((k) => `${k} = ?`).join(' AND ')}`,
                [this.cipher.encrypt(addr, plain), tenantId, ...s.keys.map((k) => r[k] as SqlValue)],
              );
            }
            return rows.length;
          });
          if (n === 0) break;
          reencrypted += n;
          batches++;
        }
      }
    }
    await this.appendAudit(
      this.event(ctx, 'key.reencrypt', 'key', keyId, { previousKeyId, reencrypted, batches }),
    );
    return { tenantId, keyId, previousKeyId, reencrypted, batches };
  }
}

function isUniqueViolation(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const code = (e as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
