import { randomBytes } from 'node:crypto';
import {
  AuditEventInput,
  TeachbackError,
  linkAuditRecord,
  type AccessContext,
  type AuditAnchorLog,
  type AuditEvent,
  type AuditRecord,
} from '@teachback/core';
import type { Row, SqlDriver, SqlExecutor } from './driver';
import { insertRows } from './bulk-insert';
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

/**
 * How hot-path events reach the chain.
 * - `inline`: linked inside the writer's transaction under the tenant's head row lock. Cheapest
 *   when writes are serialized anyway (SQLite has one writer).
 * - `staged`: the writer's transaction only inserts the event into `audit_pending` (no lock, so
 *   concurrent writers of one tenant never queue on its head); a sealer links pending events
 *   into the chain in batches, every `sealEveryMs` and before any read or verify. The chain and
 *   its verification are the same; what changes is that an event is tamper-evident from its
 *   sealing (at most `sealEveryMs` later, or at the next start after a crash) rather than its commit.
 */
export type AuditMode = 'inline' | 'staged';

export interface AuditAppenderOptions {
  mode: AuditMode;
  /** Checkpoints write the heads here too; none means checkpoints are not anchored. */
  anchors?: AuditAnchorLog | undefined;
}

const SEAL_BATCH = 1000;
const INSERT_ROWS = 100;

/** Appends to the per-tenant hash chain, inside the caller's transaction or in one of its own. */
export class AuditAppender {
  private sealing: Promise<void> = Promise.resolve();

  constructor(
    private readonly driver: SqlDriver,
    private readonly now: () => string,
    readonly options: AuditAppenderOptions = { mode: 'inline' },
  ) {}

  get mode(): AuditMode {
    return this.options.mode;
  }

  /**
   * An event outside any transaction (reads, searches, denials): staged when the mode says so,
   * so readers of one tenant do not queue on its head either.
   */
  async append(event: AuditEventInput): Promise<void> {
    const e = parse(AuditEventInput, event, 'audit event');
    if (this.options.mode === 'staged') await insertPending(this.driver, [e], this.now());
    else await this.driver.transaction((tx) => this.appendTx(tx, e));
  }

  /** Linked now, in a transaction of its own: the caller gets the record (seq and hash). */
  appendNow(event: AuditEventInput): Promise<AuditRecord> {
    const e = parse(AuditEventInput, event, 'audit event');
    return this.driver.transaction((tx) => this.appendTx(tx, e));
  }

  async appendTx(tx: SqlExecutor, input: AuditEvent): Promise<AuditRecord> {
    return (await this.appendManyTx(tx, input.tenantId, [input]))[0]!;
  }

  /** The hot write path's form: inside the caller's transaction, linked or staged per the mode. */
  async recordTx(tx: SqlExecutor, tenantId: string, events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (this.options.mode === 'inline') {
      await this.appendManyTx(tx, tenantId, events);
      return;
    }
    for (const e of events) if (e.tenantId !== tenantId) throw mismatch();
    await insertPending(tx, events, this.now());
  }

  /** Appends events of one tenant in order: one head read and one head write however many there are. */
  async appendManyTx(
    tx: SqlExecutor,
    tenantId: string,
    events: readonly AuditEvent[],
  ): Promise<AuditRecord[]> {
    if (events.length === 0) return [];
    const at = this.now();
    return this.linkTx(
      tx,
      tenantId,
      events.map((e) => ({ e, at })),
    );
  }

  private async linkTx(
    tx: SqlExecutor,
    tenantId: string,
    events: ReadonlyArray<{ e: AuditEvent; at: string }>,
  ): Promise<AuditRecord[]> {
    // The head row lock serializes appends per tenant, so the chain never forks under concurrency.
    const head = await tx.get<{ seq: number; hash: string }>(
      `SELECT seq, hash FROM audit_heads WHERE tenant_id = ?${this.driver.forUpdate}`,
      [tenantId],
    );
    if (!head) throw notFound('tenant');
    let prev = Number(head.seq) === 0 ? undefined : { seq: Number(head.seq), hash: head.hash };
    const out: AuditRecord[] = [];
    for (const { e, at } of events) {
      if (e.tenantId !== tenantId) throw mismatch();
      const rec = linkAuditRecord(prev, e, at, sha256);
      out.push(rec);
      prev = rec;
    }
    await insertAuditRecords(tx, out);
    const last = out[out.length - 1]!;
    await tx.run('UPDATE audit_heads SET seq = ?, hash = ? WHERE tenant_id = ?', [
      last.seq,
      last.hash,
      tenantId,
    ]);
    return out;
  }

  /**
   * Links every staged event into its tenant's chain (in `at` order, then id), then anchors the
   * heads that moved. One run at a time per process; several processes serialize per tenant on
   * the head row lock, and each sees the others' deletions once it holds it.
   */
  seal(opts: { anchor?: boolean } = {}): Promise<void> {
    const run = this.sealing.then(async () => {
      if (this.options.mode === 'staged') {
        const tenants = await this.driver.all<{ tenant_id: string }>(
          'SELECT DISTINCT tenant_id FROM audit_pending',
        );
        for (const { tenant_id } of tenants) while (await this.sealBatch(tenant_id)) {}
      }
      if (opts.anchor !== false) await this.checkpoint();
    });
    this.sealing = run.catch(() => undefined);
    return run;
  }

  /** True when a full batch was sealed (there may be more). */
  private async sealBatch(tenantId: string): Promise<boolean> {
    return this.driver.transaction(async (tx) => {
      const head = await tx.get(`SELECT seq FROM audit_heads WHERE tenant_id = ?${this.driver.forUpdate}`, [
        tenantId,
      ]);
      if (!head) return false;
      const rows = await tx.all('SELECT * FROM audit_pending WHERE tenant_id = ? ORDER BY at, id LIMIT ?', [
        tenantId,
        SEAL_BATCH,
      ]);
      if (rows.length === 0) return false;
      await this.linkTx(
        tx,
        tenantId,
        rows.map((r) => ({ e: pendingEvent(r), at: String(r.at) })),
      );
      const ids = rows.map((r) => String(r.id));
      for (let i = 0; i < ids.length; i += INSERT_ROWS) {
        const part = ids.slice(i, i + INSERT_ROWS);
        await tx.run(
          `DELETE FROM audit_pending WHERE tenant_id = ? AND id IN (${part.map(() => '?').join(', ')})`,
          [tenantId, ...part],
        );
      }
      return rows.length === SEAL_BATCH;
    });
  }

  /**
   * A checkpoint: every head that moved since its last anchor is written to the anchor log, and
   * only once that write is durable is `anchored_seq` advanced (an anchor must never name a head
   * that a rolled-back transaction could still change).
   */
  private async checkpoint(): Promise<void> {
    const log = this.options.anchors;
    if (!log) return;
    const heads = await this.driver.all<{ tenant_id: string; seq: number; hash: string }>(
      'SELECT tenant_id, seq, hash FROM audit_heads WHERE seq > anchored_seq',
    );
    if (heads.length === 0) return;
    const at = this.now();
    await log.append(heads.map((h) => ({ tenantId: h.tenant_id, seq: Number(h.seq), hash: h.hash, at })));
    for (const h of heads)
      await this.driver.run(
        'UPDATE audit_heads SET anchored_seq = ? WHERE tenant_id = ? AND anchored_seq < ?',
        [Number(h.seq), h.tenant_id, Number(h.seq)],
      );
  }
}

function mismatch(): TeachbackError {
  return new TeachbackError('STORE.INVALID', 'audit event: tenantId: must match the chain');
}

function pendingEvent(r: Row): AuditEvent {
  return {
    tenantId: String(r.tenant_id),
    actorId: String(r.actor_id),
    action: String(r.action),
    resourceType: String(r.resource_type),
    resourceId: r.resource_id === null ? null : String(r.resource_id),
    outcome: r.outcome as AuditEvent['outcome'],
    source: r.source === null ? null : String(r.source),
    details: JSON.parse(String(r.details)) as AuditEvent['details'],
  };
}

const PENDING_COLUMNS = [
  'tenant_id',
  'id',
  'at',
  'actor_id',
  'action',
  'resource_type',
  'resource_id',
  'outcome',
  'source',
  'details',
];

async function insertPending(q: SqlExecutor, events: readonly AuditEvent[], at: string): Promise<void> {
  // insertRows sends them in statements of at most 500 rows (or one COPY), so a batch of 200
  // saves stages its events in one.
  await insertRows(
    q,
    'audit_pending',
    PENDING_COLUMNS,
    events.map((e) => [
      e.tenantId,
      randomBytes(12).toString('hex'),
      at,
      e.actorId,
      e.action,
      e.resourceType,
      e.resourceId,
      e.outcome,
      e.source,
      JSON.stringify(e.details),
    ]),
  );
}

const AUDIT_COLUMNS = [
  'tenant_id',
  'seq',
  'at',
  'actor_id',
  'action',
  'resource_type',
  'resource_id',
  'outcome',
  'source',
  'details',
  'prev_hash',
  'hash',
];

async function insertAuditRecords(tx: SqlExecutor, recs: readonly AuditRecord[]): Promise<void> {
  await insertRows(
    tx,
    'audit_events',
    AUDIT_COLUMNS,
    recs.map((rec) => [
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
    ]),
  );
}
