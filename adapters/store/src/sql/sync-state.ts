import { randomUUID } from 'node:crypto';
import {
  OutboxInput,
  type OutboxItem,
  type Platform,
  type SyncCheckpoint,
  type SyncStateStore,
} from '@teachback/core';
import type { SqlContext } from './context';
import type { Row } from './driver';
import { str } from './rows';
import { notFound, parse } from './validation';

export class SqlSyncState implements SyncStateStore {
  constructor(private readonly sql: SqlContext) {}

  async readCheckpoint(tenantId: string, platform: Platform, stream: string): Promise<SyncCheckpoint | null> {
    const r = await this.sql.driver.get(
      'SELECT * FROM sync_checkpoints WHERE tenant_id = ? AND platform = ? AND stream = ?',
      [tenantId, platform, stream],
    );
    if (!r) return null;
    return {
      tenantId,
      platform,
      stream,
      value: JSON.parse(String(r.value)) as unknown,
      updatedAt: String(r.updated_at),
    };
  }

  async writeCheckpoint(tenantId: string, platform: Platform, stream: string, value: unknown): Promise<void> {
    await this.sql.driver.run(
      'INSERT INTO sync_checkpoints (tenant_id, platform, stream, value, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, platform, stream) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      [tenantId, platform, stream, JSON.stringify(value), this.sql.now()],
    );
  }

  async enqueuePush(tenantId: string, input: OutboxInput): Promise<{ id: string; created: boolean }> {
    const o = parse(OutboxInput, input, 'outbox item');
    await this.sql.crypto.load(tenantId);
    const id = randomUUID();
    const now = this.sql.now();
    const n = await this.sql.driver.run(
      "INSERT INTO outbox (tenant_id, id, platform, kind, idempotency_key, interaction_id, payload_enc, status, attempts, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (tenant_id, idempotency_key) DO NOTHING",
      [
        tenantId,
        id,
        o.platform,
        o.kind,
        o.idempotencyKey,
        o.interactionId ?? null,
        this.sql.crypto.seal(
          { tenantId, table: 'outbox', rowId: id, field: 'payload_enc' },
          o.payload ?? null,
        ),
        now,
        now,
        now,
      ],
    );
    if (n > 0) return { id, created: true };
    const r = await this.sql.driver.get<{ id: string }>(
      'SELECT id FROM outbox WHERE tenant_id = ? AND idempotency_key = ?',
      [tenantId, o.idempotencyKey],
    );
    return { id: r!.id, created: false };
  }

  async claimPushes(opts: {
    limit: number;
    now?: Date;
    leaseMs?: number;
    tenantId?: string;
  }): Promise<OutboxItem[]> {
    const now = (opts.now ?? this.sql.clock()).toISOString();
    const leaseUntil = new Date(Date.parse(now) + (opts.leaseMs ?? 60_000)).toISOString();
    const lock = this.sql.driver.kind === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows = await this.sql.driver.transaction(async (tx) => {
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
    // A claimed item is in flight with one more attempt than the row read before the claim.
    for (const r of rows)
      out.push({ ...(await this.toItem(r)), status: 'in_flight', attempts: Number(r.attempts) + 1 });
    return out;
  }

  async findPush(tenantId: string, idempotencyKey: string): Promise<OutboxItem | null> {
    const r = await this.sql.driver.get('SELECT * FROM outbox WHERE tenant_id = ? AND idempotency_key = ?', [
      tenantId,
      idempotencyKey,
    ]);
    return r ? this.toItem(r) : null;
  }

  async recordPush(
    tenantId: string,
    input: OutboxInput,
    status: 'pending' | 'done',
    lastError: string | null = null,
  ): Promise<void> {
    const o = parse(OutboxInput, input, 'outbox item');
    const { id } = await this.enqueuePush(tenantId, o);
    await this.sql.driver.run(
      'UPDATE outbox SET payload_enc = ?, status = ?, last_error = ?, lease_until = NULL, updated_at = ? WHERE tenant_id = ? AND id = ?',
      [
        this.sql.crypto.seal(
          { tenantId, table: 'outbox', rowId: id, field: 'payload_enc' },
          o.payload ?? null,
        ),
        status,
        lastError,
        this.sql.now(),
        tenantId,
        id,
      ],
    );
  }

  private async toItem(r: Row): Promise<OutboxItem> {
    const tenantId = String(r.tenant_id);
    await this.sql.crypto.load(tenantId);
    return {
      id: String(r.id),
      tenantId,
      platform: r.platform as Platform,
      kind: String(r.kind),
      idempotencyKey: String(r.idempotency_key),
      interactionId: str(r.interaction_id),
      payload: this.sql.crypto.open(
        { tenantId, table: 'outbox', rowId: String(r.id), field: 'payload_enc' },
        String(r.payload_enc),
      ),
      status: r.status as OutboxItem['status'],
      attempts: Number(r.attempts),
      nextAttemptAt: String(r.next_attempt_at),
      lastError: str(r.last_error),
    };
  }

  async completePush(id: string): Promise<void> {
    const n = await this.sql.driver.run(
      "UPDATE outbox SET status = 'done', lease_until = NULL, updated_at = ? WHERE id = ?",
      [this.sql.now(), id],
    );
    if (n === 0) throw notFound('outbox item');
  }

  async failPush(id: string, error: string, retryAt: Date | null): Promise<void> {
    const now = this.sql.now();
    const n = await this.sql.driver.run(
      'UPDATE outbox SET status = ?, next_attempt_at = ?, lease_until = NULL, last_error = ?, updated_at = ? WHERE id = ?',
      [retryAt ? 'pending' : 'dead', retryAt ? retryAt.toISOString() : now, error.slice(0, 500), now, id],
    );
    if (n === 0) throw notFound('outbox item');
  }
}
