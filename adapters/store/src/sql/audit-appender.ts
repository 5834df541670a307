import {
  AuditEventInput,
  TeachbackError,
  linkAuditRecord,
  type AccessContext,
  type AuditEvent,
  type AuditRecord,
} from '@teachback/core';
import type { SqlDriver, SqlExecutor } from './driver';
import { sha256 } from './hashing';
import { notFound, parse } from './validation';

/** The event an actor's call leaves on its own tenant's chain. */
export function auditEvent(
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

/** Appends to the per-tenant hash chain, inside the caller's transaction or in one of its own. */
export class AuditAppender {
  constructor(
    private readonly driver: SqlDriver,
    private readonly now: () => string,
  ) {}

  append(event: AuditEventInput): Promise<AuditRecord> {
    const e = parse(AuditEventInput, event, 'audit event');
    return this.driver.transaction((tx) => this.appendTx(tx, e));
  }

  async appendTx(tx: SqlExecutor, input: AuditEvent): Promise<AuditRecord> {
    return (await this.appendManyTx(tx, input.tenantId, [input]))[0]!;
  }

  /** Appends events of one tenant in order: one head read and one head write however many there are. */
  async appendManyTx(
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
      await insertAuditRecord(tx, rec);
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
}

async function insertAuditRecord(tx: SqlExecutor, rec: AuditRecord): Promise<void> {
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
}
