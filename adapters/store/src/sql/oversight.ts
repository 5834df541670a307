import { randomBytes } from 'node:crypto';
import {
  AccessAnomalyQuery,
  ApiKeyInput,
  AuditSearch,
  EscalationQueueFilter,
  EscalationReviewInput,
  Role,
  TeachbackError,
  accessAnomalies,
  escalationState,
  grantedScope,
  type AccessAnomalyReport,
  type AccessContext,
  type ApiKeyInfo,
  type ApiKeyMatch,
  type AuditSearchPage,
  type ConnectionCheck,
  type ConnectionSummary,
  type ContactLookup,
  type Escalation,
  type EscalationCounts,
  type EscalationQueuePage,
  type EscalationReview,
  type HeldInteraction,
  type OversightStore,
  type PatientInteractionOwner,
  type PatientReadBucket,
  type Platform,
  type ReaderFacts,
  type User,
} from '@teachback/core';
import { z } from 'zod';
import type { IdentifierKind } from '../crypto/blind-index';
import { auditEvent } from './audit-appender';
import type { SqlContext } from './context';
import type { Row, SqlValue } from './driver';
import { sha256 } from './hashing';
import { auditCallOf } from './migrations';
import { inList } from './paging';
import { iso, str, toAuditRecord, toUser } from './rows';
import { notFound, parse } from './validation';

/**
 * The plain columns an escalation's workflow keeps beside its sealed body (state, where it was
 * routed, who acted last and when), derived from the body's actions so the two never disagree.
 */
export function escalationWorkflowColumns(
  e: Escalation,
): [string, string | null, string | null, string | null, number] {
  const last = [...e.actions].reverse().find((a) => a.action !== 'detected');
  return [escalationState(e.actions), routedToOf(e) ?? null, last?.at ?? null, last?.by ?? null, e.utterance];
}

/** Where it was last routed: the escalation's own field, else the latest routing action. */
export function routedToOf(e: Escalation): string | undefined {
  return e.routedTo ?? [...e.actions].reverse().find((a) => a.action === 'routed' && a.routedTo)?.routedTo;
}

const SEVERITY_ORDER = "CASE e.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 ELSE 2 END";
const STATE_ORDER =
  "CASE e.state WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'routed' THEN 2 ELSE 3 END";
const REVIEW_JOIN =
  'LEFT JOIN escalation_reviews r ON r.tenant_id = e.tenant_id AND r.interaction_id = e.interaction_id AND r.esc_type = e.type AND r.utterance = e.utterance';

/** Reads of a patient's record: the events the anomaly report and patient search look at. */
const PATIENT_READ_TYPES = ['interaction', 'scorecard'];
/**
 * Reads of a part of a patient's call, audited as `phi.read` with `<interaction>/<part>`: a
 * recording played (interactions.recordingUri) and an escalation opened with its review
 * (oversight.escalationReview). The anomaly report counts them as reads of the call's patient.
 */
const PATIENT_PART_READ_TYPES = ['recording', 'escalation'];

function likePrefix(s: string): string {
  return `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`;
}

export class SqlOversight implements OversightStore {
  constructor(private readonly sql: SqlContext) {}

  async escalationQueue(
    ctx: AccessContext,
    tenantId: string,
    filter: EscalationQueueFilter = {},
  ): Promise<EscalationQueuePage> {
    const f = parse(EscalationQueueFilter, filter, 'filter');
    const scope = grantedScope(ctx.actor, 'search', 'escalation');
    if (ctx.actor.tenantId !== tenantId || !scope || !ctx.actor.active)
      await this.sql.access.authorize(ctx, 'search', { type: 'escalation', tenantId }, null);
    await this.backfillWorkflow(tenantId);
    // Counts cover the caller's scope and dates only, so each filter chip shows what choosing it would give.
    const base: string[] = ['e.tenant_id = ?'];
    const baseParams: SqlValue[] = [tenantId];
    if (scope === 'team') inList(base, baseParams, 'i.team_id', ctx.actor.teamIds);
    if (scope === 'own')
      inList(base, baseParams, 'i.primary_agent_id', [...new Set([ctx.actor.id, ...ctx.actor.agentIds])]);
    if (f.from) {
      base.push('i.occurred_at >= ?');
      baseParams.push(iso(f.from));
    }
    if (f.to) {
      base.push('i.occurred_at < ?');
      baseParams.push(iso(f.to));
    }
    const where = [...base];
    const params = [...baseParams];
    for (const [col, v] of [
      ['e.state', f.state],
      ['e.type', f.type],
      ['e.severity', f.severity],
    ] as const) {
      if (v === undefined) continue;
      where.push(`${col} = ?`);
      params.push(v);
    }
    if (f.reviewed !== undefined)
      where.push(f.reviewed ? 'r.reviewed_at IS NOT NULL' : 'r.reviewed_at IS NULL');
    const from = `FROM escalations e JOIN interactions i ON i.tenant_id = e.tenant_id AND i.id = e.interaction_id ${REVIEW_JOIN}`;
    const rows = await this.sql.driver.all(
      `SELECT e.interaction_id, e.idx, e.type, e.severity, e.state, e.routed_to, e.last_action_at, e.last_action_by, i.occurred_at, i.agent_ids, i.team_id, i.queue_name, r.reviewed_at ${from} WHERE ${where.join(' AND ')} ORDER BY ${STATE_ORDER}, ${SEVERITY_ORDER}, i.occurred_at DESC, e.interaction_id, e.idx LIMIT ? OFFSET ?`,
      [...params, f.limit + 1, f.offset],
    );
    const grouped = await this.sql.driver.all(
      `SELECT e.state, e.type, e.severity, CASE WHEN r.reviewed_at IS NULL THEN 0 ELSE 1 END AS reviewed, COUNT(*) AS n ${from} WHERE ${base.join(' AND ')} GROUP BY e.state, e.type, e.severity, CASE WHEN r.reviewed_at IS NULL THEN 0 ELSE 1 END`,
      baseParams,
    );
    const counts: EscalationCounts = { total: 0, byState: {}, byType: {}, bySeverity: {}, unreviewed: 0 };
    for (const g of grouped) {
      const n = Number(g.n);
      counts.total += n;
      counts.byState[String(g.state)] = (counts.byState[String(g.state)] ?? 0) + n;
      counts.byType[String(g.type)] = (counts.byType[String(g.type)] ?? 0) + n;
      counts.bySeverity[String(g.severity)] = (counts.bySeverity[String(g.severity)] ?? 0) + n;
      if (Number(g.reviewed) === 0) counts.unreviewed += n;
    }
    const page = rows.slice(0, f.limit);
    await this.sql.audit.append(
      auditEvent(ctx, 'phi.search', 'escalation', null, { count: page.length, scope: scope ?? 'none' }),
    );
    return {
      items: page.map((r) => ({
        interactionId: String(r.interaction_id),
        index: Number(r.idx),
        type: r.type as Escalation['type'],
        severity: r.severity as Escalation['severity'],
        state: r.state as EscalationQueuePage['items'][number]['state'],
        routedTo: str(r.routed_to),
        lastActionAt: str(r.last_action_at),
        lastActionBy: str(r.last_action_by),
        occurredAt: String(r.occurred_at),
        agentIds: JSON.parse(String(r.agent_ids)) as string[],
        teamId: str(r.team_id),
        queueName: str(r.queue_name),
        reviewed: r.reviewed_at !== null && r.reviewed_at !== undefined,
      })),
      counts,
      nextOffset: rows.length > f.limit ? f.offset + f.limit : null,
    };
  }

  /**
   * Escalations stored before migration 7 have no workflow columns (the migration cannot read
   * sealed bodies): the first queue read of a tenant fills them in from the actions, in batches.
   * Every escalation written since has `utterance` set, so this finds nothing after the first run.
   */
  private async backfillWorkflow(tenantId: string): Promise<void> {
    for (;;) {
      const rows = await this.sql.driver.all<{
        interaction_id: string;
        idx: number;
        body_enc: string | null;
      }>(
        'SELECT interaction_id, idx, body_enc FROM escalations WHERE tenant_id = ? AND utterance IS NULL AND body_enc IS NOT NULL LIMIT 500',
        [tenantId],
      );
      if (rows.length === 0) return;
      await this.sql.crypto.load(tenantId);
      await this.sql.driver.transaction(async (tx) => {
        for (const r of rows) {
          const e = this.sql.crypto.open<Escalation>(
            { tenantId, table: 'escalations', rowId: `${r.interaction_id}/${r.idx}`, field: 'body_enc' },
            r.body_enc!,
          );
          await tx.run(
            'UPDATE escalations SET state = ?, routed_to = ?, last_action_at = ?, last_action_by = ?, utterance = ? WHERE tenant_id = ? AND interaction_id = ? AND idx = ?',
            [...escalationWorkflowColumns(e), tenantId, r.interaction_id, Number(r.idx)],
          );
        }
      });
    }
  }

  /** The detection an escalation index names now: its type and utterance key the review. */
  private async detection(
    tenantId: string,
    interactionId: string,
    index: number,
  ): Promise<{ type: string; utterance: number }> {
    await this.sql.crypto.load(tenantId);
    const r = await this.sql.driver.get<{ body_enc: string | null }>(
      'SELECT body_enc FROM escalations WHERE tenant_id = ? AND interaction_id = ? AND idx = ?',
      [tenantId, interactionId, index],
    );
    if (!r?.body_enc) throw notFound('escalation');
    const e = this.sql.crypto.open<Escalation>(
      { tenantId, table: 'escalations', rowId: `${interactionId}/${index}`, field: 'body_enc' },
      r.body_enc,
    );
    return { type: e.type, utterance: e.utterance };
  }

  async saveEscalationReview(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    index: number,
    review: EscalationReviewInput,
  ): Promise<EscalationReview> {
    const v = parse(EscalationReviewInput, review, 'review');
    await this.sql.access.interactionRow(ctx, tenantId, interactionId, 'escalation', 'write');
    // Agents may record actions on their own calls' escalations; reviewing how one was handled
    // is their supervisor's job, so a grant limited to the caller's own calls is not enough.
    if (grantedScope(ctx.actor, 'write', 'escalation') === 'own') {
      await this.sql.audit.append(
        auditEvent(
          ctx,
          'access.denied',
          'escalation',
          `${interactionId}/${index}`,
          { action: 'review', reason: 'own-scope' },
          'denied',
        ),
      );
      throw new TeachbackError('ACCESS.DENIED', 'not allowed to review escalation', {
        details: { reason: 'own-scope' },
      });
    }
    const d = await this.detection(tenantId, interactionId, index);
    const at = this.sql.now();
    const body = this.sql.crypto.seal(
      {
        tenantId,
        table: 'escalation_reviews',
        rowId: `${interactionId}/${d.type}/${d.utterance}`,
        field: 'body_enc',
      },
      { whatHappened: v.whatHappened, lessons: v.lessons },
    );
    await this.sql.driver.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO escalation_reviews (tenant_id, interaction_id, esc_type, utterance, protocol_followed, body_enc, reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, interaction_id, esc_type, utterance) DO UPDATE SET protocol_followed = excluded.protocol_followed, body_enc = excluded.body_enc, reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at',
        [tenantId, interactionId, d.type, d.utterance, v.protocolFollowed, body, ctx.actor.id, at],
      );
      await this.sql.audit.appendTx(
        tx,
        auditEvent(ctx, 'phi.write', 'escalation', `${interactionId}/${index}`, {
          review: true,
          protocolFollowed: v.protocolFollowed,
        }),
      );
    });
    return { interactionId, index, ...v, reviewedBy: ctx.actor.id, reviewedAt: at };
  }

  async readEscalationReview(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    index: number,
  ): Promise<EscalationReview | null> {
    await this.sql.access.interactionRow(ctx, tenantId, interactionId, 'escalation', 'read');
    const d = await this.detection(tenantId, interactionId, index);
    const r = await this.sql.driver.get(
      'SELECT * FROM escalation_reviews WHERE tenant_id = ? AND interaction_id = ? AND esc_type = ? AND utterance = ?',
      [tenantId, interactionId, d.type, d.utterance],
    );
    await this.sql.audit.append(
      auditEvent(ctx, 'phi.read', 'escalation', `${interactionId}/${index}`, { review: r !== undefined }),
    );
    if (!r) return null;
    const body = this.sql.crypto.open<{ whatHappened: string; lessons: string }>(
      {
        tenantId,
        table: 'escalation_reviews',
        rowId: `${interactionId}/${d.type}/${d.utterance}`,
        field: 'body_enc',
      },
      String(r.body_enc),
    );
    return {
      interactionId,
      index,
      whatHappened: body.whatHappened,
      lessons: body.lessons,
      protocolFollowed: r.protocol_followed as EscalationReview['protocolFollowed'],
      reviewedBy: String(r.reviewed_by),
      reviewedAt: String(r.reviewed_at),
    };
  }

  /** By blind digest, as the timeline does: the identifier itself is never stored or queried. */
  private async contactFor(tenantId: string, l: ContactLookup): Promise<string | null> {
    if ('contactId' in l) {
      const c = await this.sql.driver.get('SELECT id FROM contacts WHERE tenant_id = ? AND id = ?', [
        tenantId,
        l.contactId,
      ]);
      return c ? String(c.id) : null;
    }
    await this.sql.crypto.load(tenantId);
    const [kind, value]: [IdentifierKind, string] =
      'phone' in l
        ? ['phone', l.phone]
        : 'email' in l
          ? ['email', l.email]
          : 'memberId' in l
            ? ['member', l.memberId]
            : ['crm', l.crmId];
    const k = await this.sql.driver.get<{ contact_id: string }>(
      'SELECT contact_id FROM contact_keys WHERE tenant_id = ? AND kind = ? AND digest = ?',
      [tenantId, kind, this.sql.crypto.index(tenantId, kind, value)],
    );
    return k?.contact_id ?? null;
  }

  async searchAudit(
    ctx: AccessContext,
    tenantId: string,
    query: AuditSearch,
    purpose: 'search' | 'export' = 'search',
  ): Promise<AuditSearchPage> {
    const q = parse(AuditSearch, query, 'query');
    await this.sql.access.authorize(ctx, purpose, { type: 'audit-log', tenantId }, null);
    const where = ['tenant_id = ?'];
    const params: SqlValue[] = [tenantId];
    if (q.actorId) {
      where.push('actor_id = ?');
      params.push(q.actorId.includes(':') ? q.actorId : `user:${q.actorId}`);
    }
    for (const [col, v] of [
      ['action', q.action],
      ['resource_type', q.resourceType],
      ['outcome', q.outcome],
    ] as const) {
      if (v === undefined) continue;
      where.push(`${col} = ?`);
      params.push(v);
    }
    if (q.from) {
      where.push('at >= ?');
      params.push(iso(q.from));
    }
    if (q.to) {
      where.push('at < ?');
      params.push(iso(q.to));
    }
    if (q.beforeSeq !== undefined) {
      where.push('seq < ?');
      params.push(q.beforeSeq);
    }
    let contactId: string | null = null;
    let items: Row[] = [];
    const done = async (count: number) =>
      this.sql.audit.append(
        auditEvent(ctx, purpose === 'export' ? 'audit.export' : 'audit.search', 'audit-log', null, {
          count,
          byPatient: q.patient !== undefined,
          contactId,
          byActor: q.actorId !== undefined,
        }),
      );
    if (q.patient) {
      contactId = await this.contactFor(tenantId, q.patient);
      if (!contactId) {
        await done(0);
        return { items: [], contactId: null, nextBeforeSeq: null };
      }
      // A patient's events: the timeline read by contact, and anything about their interactions
      // (`<interaction>` or `<interaction>/<part>` for escalations and recordings).
      const ids = (
        await this.sql.driver.all(
          'SELECT id FROM interactions WHERE tenant_id = ? AND contact_id = ? ORDER BY occurred_at DESC LIMIT 500',
          [tenantId, contactId],
        )
      ).map((r) => String(r.id));
      // By the call each event is about (indexed, migration 13); a call id that itself holds a
      // `/` is matched by prefix instead. The contact's own events (timeline reads) are found in
      // the same index: the call part of their resource id, then the id itself (migration 17).
      const call = auditCallOf(this.sql.driver.kind, 'resource_id');
      const ors = [`(${call} = ? AND resource_id = ?)`];
      params.push(contactId.split('/')[0]!, contactId);
      const plain = ids.filter((id) => !id.includes('/'));
      if (plain.length > 0) {
        ors.push(`${call} IN (${plain.map(() => '?').join(', ')})`);
        params.push(...plain);
      }
      for (const id of ids.filter((x) => x.includes('/'))) {
        ors.push("(resource_id = ? OR resource_id LIKE ? ESCAPE '\\')");
        params.push(id, likePrefix(id));
      }
      where.push(`(${ors.join(' OR ')})`);
    }
    // Staged audit events (PostgreSQL) belong to the log already: link them before searching it.
    await this.sql.audit.seal({ anchor: false });
    items = await this.sql.driver.all(
      `SELECT * FROM audit_events WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`,
      [...params, q.limit + 1],
    );
    const page = items.slice(0, q.limit).map(toAuditRecord);
    await done(page.length);
    return {
      items: page,
      contactId,
      nextBeforeSeq: items.length > q.limit ? page[page.length - 1]!.seq : null,
    };
  }

  async accessAnomalies(
    ctx: AccessContext,
    tenantId: string,
    query: z.input<typeof AccessAnomalyQuery>,
  ): Promise<AccessAnomalyReport> {
    const q = parse(AccessAnomalyQuery, query, 'query');
    await this.sql.access.authorize(ctx, 'read', { type: 'audit-log', tenantId }, null);
    await this.sql.audit.seal({ anchor: false });
    const window = [tenantId, iso(q.from), iso(q.to)];
    const hour = 'substr(a.at, 1, 13)';
    const types = [...PATIENT_READ_TYPES, ...PATIENT_PART_READ_TYPES];
    // The window's reads drive the join (CROSS JOIN keeps SQLite from looping over calls instead),
    // each read finding its call by primary key. The window is a range of the time index: SQLite
    // would otherwise walk every `phi.read` ever audited by the action index (npm run bench:oversight).
    const byTime = this.sql.driver.kind === 'sqlite' ? ' INDEXED BY audit_events_at' : '';
    const rows = await this.sql.driver.all(
      `SELECT a.actor_id, i.contact_id, ${hour} AS hour, COUNT(*) AS n FROM audit_events a${byTime} CROSS JOIN interactions i WHERE a.tenant_id = ? AND a.at >= ? AND a.at < ? AND a.action = 'phi.read' AND a.resource_type IN (${types.map(() => '?').join(', ')}) AND i.tenant_id = a.tenant_id AND i.id = ${auditCallOf(this.sql.driver.kind, 'a.resource_id')} AND i.contact_id IS NOT NULL GROUP BY a.actor_id, i.contact_id, ${hour}
       UNION ALL
       SELECT a.actor_id, a.resource_id AS contact_id, ${hour} AS hour, COUNT(*) AS n FROM audit_events a${byTime} WHERE a.tenant_id = ? AND a.at >= ? AND a.at < ? AND a.action = 'phi.read' AND a.resource_type = 'timeline' AND a.resource_id IS NOT NULL GROUP BY a.actor_id, a.resource_id, ${hour}`,
      [...window, ...types, ...window],
    );
    const reads: PatientReadBucket[] = rows.map((r) => ({
      actorId: String(r.actor_id),
      contactId: String(r.contact_id),
      hour: String(r.hour),
      count: Number(r.n),
    }));
    const readers = new Map<string, ReaderFacts>();
    for (const r of await this.sql.driver.all('SELECT * FROM users WHERE tenant_id = ?', [tenantId])) {
      const u = toUser(r);
      readers.set(`user:${u.id}`, {
        roles: u.roles,
        agentIds: u.agentIds,
        teamIds: u.teamIds,
        displayName: u.displayName,
      });
    }
    const owners = new Map<string, PatientInteractionOwner[]>();
    const contacts = [...new Set(reads.map((r) => r.contactId))];
    for (let i = 0; i < contacts.length; i += 500) {
      const chunk = contacts.slice(i, i + 500);
      const own = await this.sql.driver.all(
        `SELECT contact_id, agent_ids, team_id FROM interactions WHERE tenant_id = ? AND contact_id IN (${chunk.map(() => '?').join(', ')})`,
        [tenantId, ...chunk],
      );
      for (const o of own) {
        const list = owners.get(String(o.contact_id)) ?? [];
        list.push({ agentIds: JSON.parse(String(o.agent_ids)) as string[], teamId: str(o.team_id) });
        owners.set(String(o.contact_id), list);
      }
    }
    const { from: _from, to: _to, ...options } = q;
    const report = accessAnomalies(reads, readers, owners, options);
    await this.sql.audit.append(
      auditEvent(ctx, 'audit.read', 'audit-log', null, {
        report: 'access-anomalies',
        readers: report.readers.length,
        from: q.from,
        to: q.to,
      }),
    );
    return report;
  }

  async legalHolds(ctx: AccessContext, tenantId: string, limit = 500): Promise<HeldInteraction[]> {
    await this.sql.access.authorize(ctx, 'read', { type: 'tenant', tenantId }, tenantId);
    const rows = await this.sql.driver.all(
      'SELECT id, occurred_at, platform, external_id FROM interactions WHERE tenant_id = ? AND legal_hold = 1 ORDER BY occurred_at DESC, id DESC LIMIT ?',
      [tenantId, Math.min(Math.max(1, limit), 5000)],
    );
    return rows.map((r) => ({
      interactionId: String(r.id),
      occurredAt: String(r.occurred_at),
      platform: r.platform as Platform,
      externalId: String(r.external_id),
    }));
  }

  async deactivations(ctx: AccessContext, tenantId: string): Promise<User[]> {
    await this.sql.access.authorize(ctx, 'read', { type: 'user', tenantId }, null);
    const rows = await this.sql.driver.all(
      'SELECT * FROM users WHERE tenant_id = ? AND deactivated_at IS NOT NULL ORDER BY deactivated_at DESC, id',
      [tenantId],
    );
    return rows.map(toUser);
  }

  async updateUser(
    ctx: AccessContext,
    tenantId: string,
    userId: string,
    change: { roles?: Role[]; teamIds?: string[] },
  ): Promise<User> {
    const c = parse(
      z.strictObject({
        roles: z.array(Role).min(1, 'give at least one role').optional(),
        teamIds: z.array(z.string().min(1).max(200)).max(100).optional(),
      }),
      change,
      'user',
    );
    await this.sql.access.authorize(ctx, 'write', { type: 'user', tenantId }, userId);
    // An admin taking their own admin role away could leave the tenant with nobody to undo it.
    if (userId === ctx.actor.id && c.roles && !c.roles.includes('admin') && ctx.actor.roles.includes('admin'))
      throw new TeachbackError('STORE.CONFLICT', 'user.roles: you cannot remove your own admin role', {
        details: { fields: ['roles'] },
      });
    await this.sql.driver.transaction(async (tx) => {
      const r = await tx.get(
        `SELECT roles, team_ids FROM users WHERE tenant_id = ? AND id = ?${this.sql.driver.forUpdate}`,
        [tenantId, userId],
      );
      if (!r) throw notFound('user');
      await tx.run('UPDATE users SET roles = ?, team_ids = ? WHERE tenant_id = ? AND id = ?', [
        c.roles ? JSON.stringify(c.roles) : String(r.roles),
        c.teamIds ? JSON.stringify(c.teamIds) : String(r.team_ids),
        tenantId,
        userId,
      ]);
      await this.sql.audit.appendTx(
        tx,
        auditEvent(ctx, 'user.update', 'user', userId, {
          roles: c.roles ? c.roles.join(',') : null,
          teams: c.teamIds ? c.teamIds.length : null,
        }),
      );
    });
    const r = await this.sql.driver.get('SELECT * FROM users WHERE tenant_id = ? AND id = ?', [
      tenantId,
      userId,
    ]);
    return toUser(r!);
  }

  async createApiKey(
    ctx: AccessContext,
    tenantId: string,
    input: z.input<typeof ApiKeyInput>,
  ): Promise<{ key: string; info: ApiKeyInfo }> {
    const v = parse(ApiKeyInput, input, 'key');
    await this.sql.access.authorize(ctx, 'write', { type: 'api-key', tenantId }, null);
    const key = `tbk_${randomBytes(32).toString('base64url')}`;
    const id = `key_${randomBytes(8).toString('hex')}`;
    const at = this.sql.now();
    const info: ApiKeyInfo = {
      id,
      name: v.name,
      roles: v.roles,
      prefix: key.slice(0, 10),
      createdBy: ctx.actor.id,
      createdAt: at,
      revokedAt: null,
      revokedBy: null,
    };
    await this.sql.driver.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO api_keys (tenant_id, id, name, key_hash, prefix, roles, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [tenantId, id, v.name, sha256(key), info.prefix, JSON.stringify(v.roles), ctx.actor.id, at],
      );
      await this.sql.audit.appendTx(
        tx,
        auditEvent(ctx, 'api-key.create', 'api-key', id, { roles: v.roles.join(',') }),
      );
    });
    return { key, info };
  }

  async listApiKeys(ctx: AccessContext, tenantId: string): Promise<ApiKeyInfo[]> {
    await this.sql.access.authorize(ctx, 'read', { type: 'api-key', tenantId }, null);
    const rows = await this.sql.driver.all(
      'SELECT * FROM api_keys WHERE tenant_id = ? ORDER BY created_at DESC, id',
      [tenantId],
    );
    return rows.map(toApiKey);
  }

  async revokeApiKey(ctx: AccessContext, tenantId: string, id: string): Promise<ApiKeyInfo> {
    await this.sql.access.authorize(ctx, 'write', { type: 'api-key', tenantId }, id);
    const at = this.sql.now();
    await this.sql.driver.transaction(async (tx) => {
      const r = await tx.get('SELECT revoked_at FROM api_keys WHERE tenant_id = ? AND id = ?', [
        tenantId,
        id,
      ]);
      if (!r) throw notFound('api key');
      if (r.revoked_at !== null) return;
      await tx.run('UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE tenant_id = ? AND id = ?', [
        at,
        ctx.actor.id,
        tenantId,
        id,
      ]);
      await this.sql.audit.appendTx(tx, auditEvent(ctx, 'api-key.revoke', 'api-key', id));
    });
    const r = await this.sql.driver.get('SELECT * FROM api_keys WHERE tenant_id = ? AND id = ?', [
      tenantId,
      id,
    ]);
    return toApiKey(r!);
  }

  async findApiKey(sha256Hex: string): Promise<ApiKeyMatch | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256Hex)) return null;
    const r = await this.sql.driver.get(
      'SELECT tenant_id, id, roles FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL',
      [sha256Hex],
    );
    return r
      ? { tenantId: String(r.tenant_id), id: String(r.id), roles: JSON.parse(String(r.roles)) as Role[] }
      : null;
  }

  async listConnections(ctx: AccessContext, tenantId: string): Promise<ConnectionSummary[]> {
    await this.sql.access.authorize(ctx, 'read', { type: 'connection', tenantId }, null);
    const conns = await this.sql.driver.all(
      'SELECT platform, updated_at FROM connections WHERE tenant_id = ? ORDER BY platform',
      [tenantId],
    );
    const checks = await this.sql.driver.all(
      'SELECT * FROM connection_checks WHERE tenant_id = ? ORDER BY checked_at DESC LIMIT 200',
      [tenantId],
    );
    return conns.map((c) => {
      const last = checks.find((k) => k.platform === c.platform);
      return {
        platform: c.platform as Platform,
        updatedAt: String(c.updated_at),
        lastCheck: last ? toCheck(last) : null,
      };
    });
  }

  async recordConnectionCheck(
    ctx: AccessContext,
    tenantId: string,
    check: Omit<ConnectionCheck, 'checkedAt' | 'checkedBy'>,
  ): Promise<ConnectionCheck> {
    await this.sql.access.authorize(ctx, 'write', { type: 'connection', tenantId }, check.platform);
    const out: ConnectionCheck = { ...check, checkedAt: this.sql.now(), checkedBy: ctx.actor.id };
    await this.sql.driver.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO connection_checks (tenant_id, platform, checked_at, checked_by, ok, report) VALUES (?, ?, ?, ?, ?, ?)',
        [tenantId, out.platform, out.checkedAt, out.checkedBy, out.ok ? 1 : 0, JSON.stringify(out.report)],
      );
      await this.sql.audit.appendTx(
        tx,
        auditEvent(
          ctx,
          'connection.test',
          'connection',
          out.platform,
          { ok: out.ok },
          out.ok ? 'success' : 'failure',
        ),
      );
    });
    return out;
  }
}

function toApiKey(r: Row): ApiKeyInfo {
  return {
    id: String(r.id),
    name: String(r.name),
    roles: JSON.parse(String(r.roles)) as Role[],
    prefix: String(r.prefix),
    createdBy: String(r.created_by),
    createdAt: String(r.created_at),
    revokedAt: str(r.revoked_at),
    revokedBy: str(r.revoked_by),
  };
}

function toCheck(r: Row): ConnectionCheck {
  return {
    platform: r.platform as Platform,
    checkedAt: String(r.checked_at),
    checkedBy: String(r.checked_by),
    ok: Number(r.ok) === 1,
    report: JSON.parse(String(r.report)) as Record<string, unknown>,
  };
}
