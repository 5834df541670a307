import {
  AuditChainVerifier,
  type AccessContext,
  type AuditAnchor,
  type AuditEventInput,
  type AuditQuery,
  type AuditRecord,
  type AuditStore,
  type AuditVerification,
  type AuditVerifyResult,
} from '@teachback/core';
import { auditEvent } from './audit-appender';
import type { SqlContext } from './context';
import type { SqlValue } from './driver';
import { sha256 } from './hashing';
import { iso, toAuditRecord } from './rows';
import { notFound } from './validation';

export class SqlAudit implements AuditStore {
  constructor(private readonly sql: SqlContext) {}

  append(event: AuditEventInput): Promise<AuditRecord> {
    return this.sql.audit.appendNow(event);
  }

  async read(
    ctx: AccessContext,
    tenantId: string,
    query: AuditQuery = {},
    purpose: 'read' | 'export' = 'read',
  ): Promise<AuditRecord[]> {
    await this.sql.access.authorize(ctx, purpose, { type: 'audit-log', tenantId }, null);
    // Staged events belong to the log already: link them first so a reader sees every event.
    await this.sql.audit.seal({ anchor: false });
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
    const rows = await this.sql.driver.all(
      `SELECT * FROM audit_events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`,
      [...params, limit],
    );
    const details = { count: rows.length, from: query.from ?? null, to: query.to ?? null };
    // Linked at once (not staged), so the reader's own event is the next record of the chain.
    await this.sql.audit.appendNow(
      auditEvent(ctx, purpose === 'export' ? 'audit.export' : 'audit.read', 'audit-log', null, details),
    );
    return rows.map(toAuditRecord);
  }

  async verify(ctx: AccessContext, tenantId: string): Promise<AuditVerifyResult> {
    await this.sql.access.authorize(ctx, 'read', { type: 'audit-log', tenantId }, null);
    // Seal and checkpoint first: what this process staged is then part of what is verified.
    await this.sql.audit.seal();
    const anchorLog = this.sql.audit.options.anchors;
    const anchors = anchorLog ? await anchorLog.read(tenantId) : undefined;
    const head = await this.sql.driver.get<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_heads WHERE tenant_id = ?',
      [tenantId],
    );
    if (!head) throw notFound('tenant');
    const headSeq = Number(head.seq);
    let result = await this.walkChain(tenantId, anchors);
    if (result.ok && (result.count !== headSeq || (headSeq > 0 && result.lastHash !== head.hash))) {
      // Rows cut from the end, rows slipped in after the head, or a rewritten head: the chain
      // itself links up, but it is not the chain the store last wrote.
      const count = Math.min(result.count, headSeq);
      result = {
        ok: false,
        count,
        brokenSeq: count + 1,
        reason: 'sequence-gap',
        ...(result.anchors !== undefined ? { anchors: result.anchors } : {}),
      };
    }
    const details = {
      ok: result.ok,
      checked: result.count,
      brokenSeq: result.ok ? null : result.brokenSeq,
      anchors: result.anchors ?? null,
    };
    await this.sql.audit.appendNow(
      auditEvent(ctx, 'audit.verify', 'audit-log', null, details, result.ok ? 'success' : 'failure'),
    );
    return { tenantId, ...result };
  }

  /** Streams in pages so a multi-million-row chain never sits in memory at once. */
  private async walkChain(tenantId: string, anchors?: AuditAnchor[]): Promise<AuditVerification> {
    const verifier = new AuditChainVerifier(tenantId, sha256, anchors);
    let after = 0;
    for (;;) {
      const rows = await this.sql.driver.all(
        'SELECT * FROM audit_events WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT 5000',
        [tenantId, after],
      );
      if (rows.length === 0) break;
      for (const r of rows) if (!verifier.push(toAuditRecord(r))) return verifier.result();
      after = Number(rows[rows.length - 1]!.seq);
    }
    return verifier.result();
  }
}
