import {
  TeachbackError,
  type AccessContext,
  type ExemplaryCall,
  type LibraryEntry,
  type LibraryStatus,
  type MiningStore,
  type MonthlyReview,
  type ResourceType,
  type StoredSuggestion,
  type Suggestion,
  type SuggestionFilter,
} from '@teachback/core';
import { allows } from './access-check';
import { auditEvent } from './audit-appender';
import type { SqlContext } from './context';
import type { Row, SqlValue } from './driver';
import { notFound } from './validation';

/*
 * Playbook mining's three tables (migration 9). The facts the lists filter on (status, playbook,
 * call type, month) are plain columns; everything with words from calls in it is sealed.
 */

interface Decision {
  reason?: string;
}

const address = (tenantId: string, table: string, id: string, field: string) => ({
  tenantId,
  table,
  rowId: id,
  field,
});

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class SqlMining implements MiningStore {
  constructor(private readonly sql: SqlContext) {}

  private async allow(
    ctx: AccessContext,
    tenantId: string,
    type: ResourceType,
    action: 'read' | 'search' | 'write',
    id: string | null,
  ) {
    await this.sql.access.authorize(ctx, action, { type, tenantId }, id);
    await this.sql.crypto.load(tenantId);
  }

  async saveSuggestions(
    ctx: AccessContext,
    tenantId: string,
    suggestions: readonly Suggestion[],
  ): Promise<{ created: number; unchanged: number }> {
    await this.allow(ctx, tenantId, 'mining', 'write', null);
    let created = 0;
    let unchanged = 0;
    await this.sql.driver.transaction(async (tx) => {
      for (const s of suggestions) {
        const exists = await tx.get('SELECT id FROM mining_suggestions WHERE tenant_id = ? AND id = ?', [
          tenantId,
          s.id,
        ]);
        if (exists) {
          unchanged++;
          continue;
        }
        const now = this.sql.now();
        await tx.run(
          'INSERT INTO mining_suggestions (tenant_id, id, kind, playbook_id, call_type, outcome, status, body_enc, decision_enc, decided_by, decided_at, published_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?)',
          [
            tenantId,
            s.id,
            s.kind,
            s.playbookId,
            s.callType,
            s.outcome,
            'pending',
            this.sql.crypto.seal(address(tenantId, 'mining_suggestions', s.id, 'body_enc'), s),
            now,
            now,
          ],
        );
        created++;
      }
      await this.sql.audit.appendTx(
        tx,
        auditEvent(ctx, 'mining.suggest', 'mining', null, { created, unchanged }),
      );
    });
    return { created, unchanged };
  }

  async listSuggestions(
    ctx: AccessContext,
    tenantId: string,
    filter: SuggestionFilter = {},
  ): Promise<StoredSuggestion[]> {
    await this.allow(ctx, tenantId, 'mining', 'search', null);
    const where = ['tenant_id = ?'];
    const params: SqlValue[] = [tenantId];
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.playbookId) {
      where.push('playbook_id = ?');
      params.push(filter.playbookId);
    }
    if (filter.callType) {
      where.push('call_type = ?');
      params.push(filter.callType);
    }
    const rows = await this.sql.driver.all(
      `SELECT * FROM mining_suggestions WHERE ${where.join(' AND ')} ORDER BY created_at, id`,
      params,
    );
    await this.sql.audit.append(auditEvent(ctx, 'mining.search', 'mining', null, { count: rows.length }));
    return rows.map((r) => this.toSuggestion(tenantId, r));
  }

  async getSuggestion(ctx: AccessContext, tenantId: string, id: string): Promise<StoredSuggestion> {
    await this.allow(ctx, tenantId, 'mining', 'read', id);
    const row = await this.sql.driver.get('SELECT * FROM mining_suggestions WHERE tenant_id = ? AND id = ?', [
      tenantId,
      id,
    ]);
    if (!row) throw notFound('suggestion');
    return this.toSuggestion(tenantId, row);
  }

  async decide(
    ctx: AccessContext,
    tenantId: string,
    id: string,
    decision: { status: 'accepted' | 'rejected'; reason?: string },
  ): Promise<StoredSuggestion> {
    await this.allow(ctx, tenantId, 'mining', 'write', id);
    await this.sql.driver.transaction(async (tx) => {
      const row = await tx.get(
        `SELECT status FROM mining_suggestions WHERE tenant_id = ? AND id = ?${this.sql.driver.forUpdate}`,
        [tenantId, id],
      );
      if (!row) throw notFound('suggestion');
      if (row.status !== 'pending')
        throw new TeachbackError(
          'MINING.ALREADY_DECIDED',
          `suggestion ${id} is already ${String(row.status)}`,
          {
            details: { field: 'status' },
          },
        );
      const now = this.sql.now();
      const body: Decision = decision.reason ? { reason: decision.reason } : {};
      await tx.run(
        'UPDATE mining_suggestions SET status = ?, decision_enc = ?, decided_by = ?, decided_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ?',
        [
          decision.status,
          this.sql.crypto.seal(address(tenantId, 'mining_suggestions', id, 'decision_enc'), body),
          `${ctx.actor.kind}:${ctx.actor.id}`,
          now,
          now,
          tenantId,
          id,
        ],
      );
      await this.sql.audit.appendTx(
        tx,
        auditEvent(ctx, `mining.${decision.status === 'accepted' ? 'accept' : 'reject'}`, 'mining', id),
      );
    });
    return this.getSuggestion(ctx, tenantId, id);
  }

  async markPublished(
    ctx: AccessContext,
    tenantId: string,
    ids: readonly string[],
    version: number,
  ): Promise<void> {
    await this.allow(ctx, tenantId, 'mining', 'write', null);
    await this.sql.driver.transaction(async (tx) => {
      for (const id of ids) {
        const row = await tx.get('SELECT status FROM mining_suggestions WHERE tenant_id = ? AND id = ?', [
          tenantId,
          id,
        ]);
        if (!row) throw notFound('suggestion');
        if (row.status !== 'accepted')
          throw new TeachbackError(
            'MINING.NOT_ACCEPTED',
            `suggestion ${id} is ${String(row.status)}, not accepted`,
            {
              details: { field: 'status' },
            },
          );
        await tx.run(
          'UPDATE mining_suggestions SET status = ?, published_version = ?, updated_at = ? WHERE tenant_id = ? AND id = ?',
          ['published', version, this.sql.now(), tenantId, id],
        );
      }
      await this.sql.audit.appendTx(
        tx,
        auditEvent(ctx, 'mining.publish', 'mining', null, { count: ids.length, version }),
      );
    });
  }

  private toSuggestion(tenantId: string, r: Row): StoredSuggestion {
    const id = String(r.id);
    const body = this.sql.crypto.open<Suggestion>(
      address(tenantId, 'mining_suggestions', id, 'body_enc'),
      String(r.body_enc),
    );
    const decision = r.decision_enc
      ? this.sql.crypto.open<Decision>(
          address(tenantId, 'mining_suggestions', id, 'decision_enc'),
          String(r.decision_enc),
        )
      : {};
    return {
      ...body,
      status: r.status as StoredSuggestion['status'],
      createdAt: String(r.created_at),
      ...(r.decided_by ? { decidedBy: String(r.decided_by) } : {}),
      ...(r.decided_at ? { decidedAt: String(r.decided_at) } : {}),
      ...(decision.reason ? { reason: decision.reason } : {}),
      ...(r.published_version !== null && r.published_version !== undefined
        ? { publishedVersion: Number(r.published_version) }
        : {}),
    };
  }

  async proposeLibrary(
    ctx: AccessContext,
    tenantId: string,
    exemplars: readonly ExemplaryCall[],
  ): Promise<number> {
    await this.allow(ctx, tenantId, 'library', 'write', null);
    let created = 0;
    await this.sql.driver.transaction(async (tx) => {
      for (const e of exemplars) {
        const id = `lib-${e.interactionId}`;
        const exists = await tx.get('SELECT id FROM library_entries WHERE tenant_id = ? AND id = ?', [
          tenantId,
          id,
        ]);
        if (exists) continue;
        await tx.run(
          'INSERT INTO library_entries (tenant_id, id, call_type, interaction_id, status, body_enc, reviewed_by, reviewed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)',
          [
            tenantId,
            id,
            e.callType,
            e.interactionId,
            'proposed',
            this.sql.crypto.seal(address(tenantId, 'library_entries', id, 'body_enc'), e),
            this.sql.now(),
          ],
        );
        created++;
      }
      await this.sql.audit.appendTx(tx, auditEvent(ctx, 'library.propose', 'library', null, { created }));
    });
    return created;
  }

  async listLibrary(
    ctx: AccessContext,
    tenantId: string,
    filter: { callType?: string; status?: LibraryStatus } = {},
  ): Promise<LibraryEntry[]> {
    await this.allow(ctx, tenantId, 'library', 'search', null);
    const reviewer = allows(ctx.actor, 'write', { type: 'library', tenantId });
    const where = ['tenant_id = ?'];
    const params: SqlValue[] = [tenantId];
    // Only a reviewer sees what has not been approved yet.
    const status = reviewer ? filter.status : 'approved';
    if (!reviewer && filter.status && filter.status !== 'approved') return [];
    if (status) {
      where.push('status = ?');
      params.push(status);
    }
    if (filter.callType) {
      where.push('call_type = ?');
      params.push(filter.callType);
    }
    const rows = await this.sql.driver.all(
      `SELECT * FROM library_entries WHERE ${where.join(' AND ')} ORDER BY call_type, created_at, id`,
      params,
    );
    await this.sql.audit.append(auditEvent(ctx, 'library.search', 'library', null, { count: rows.length }));
    return rows.map((r) => this.toEntry(tenantId, r));
  }

  async reviewLibrary(
    ctx: AccessContext,
    tenantId: string,
    id: string,
    status: 'approved' | 'rejected',
  ): Promise<LibraryEntry> {
    await this.allow(ctx, tenantId, 'library', 'write', id);
    const now = this.sql.now();
    await this.sql.driver.transaction(async (tx) => {
      const row = await tx.get('SELECT id FROM library_entries WHERE tenant_id = ? AND id = ?', [
        tenantId,
        id,
      ]);
      if (!row) throw notFound('library entry');
      await tx.run(
        'UPDATE library_entries SET status = ?, reviewed_by = ?, reviewed_at = ? WHERE tenant_id = ? AND id = ?',
        [status, `${ctx.actor.kind}:${ctx.actor.id}`, now, tenantId, id],
      );
      await this.sql.audit.appendTx(
        tx,
        auditEvent(ctx, `library.${status === 'approved' ? 'approve' : 'reject'}`, 'library', id),
      );
    });
    const row = await this.sql.driver.get('SELECT * FROM library_entries WHERE tenant_id = ? AND id = ?', [
      tenantId,
      id,
    ]);
    return this.toEntry(tenantId, row!);
  }

  private toEntry(tenantId: string, r: Row): LibraryEntry {
    const id = String(r.id);
    return {
      id,
      callType: r.call_type === null ? null : String(r.call_type),
      interactionId: String(r.interaction_id),
      status: r.status as LibraryStatus,
      exemplar: this.sql.crypto.open<ExemplaryCall>(
        address(tenantId, 'library_entries', id, 'body_enc'),
        String(r.body_enc),
      ),
      createdAt: String(r.created_at),
      ...(r.reviewed_by ? { reviewedBy: String(r.reviewed_by) } : {}),
      ...(r.reviewed_at ? { reviewedAt: String(r.reviewed_at) } : {}),
    };
  }

  async saveReview(ctx: AccessContext, tenantId: string, review: MonthlyReview): Promise<void> {
    if (!MONTH.test(review.month))
      throw new TeachbackError('STORE.INVALID', 'review: month: expected YYYY-MM', {
        details: { field: 'month' },
      });
    await this.allow(ctx, tenantId, 'mining', 'write', review.month);
    await this.sql.driver.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO monthly_reviews (tenant_id, month, body_enc, created_by, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, month) DO UPDATE SET body_enc = excluded.body_enc, created_by = excluded.created_by, created_at = excluded.created_at',
        [
          tenantId,
          review.month,
          this.sql.crypto.seal(address(tenantId, 'monthly_reviews', review.month, 'body_enc'), review),
          `${ctx.actor.kind}:${ctx.actor.id}`,
          this.sql.now(),
        ],
      );
      await this.sql.audit.appendTx(tx, auditEvent(ctx, 'mining.review', 'mining', review.month));
    });
  }

  async getReview(ctx: AccessContext, tenantId: string, month: string): Promise<MonthlyReview | null> {
    await this.allow(ctx, tenantId, 'mining', 'read', month);
    const row = await this.sql.driver.get(
      'SELECT body_enc FROM monthly_reviews WHERE tenant_id = ? AND month = ?',
      [tenantId, month],
    );
    if (!row) return null;
    return this.sql.crypto.open<MonthlyReview>(
      address(tenantId, 'monthly_reviews', month, 'body_enc'),
      String(row.body_enc),
    );
  }
}
