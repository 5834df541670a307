import type { AccessContext, KeyRotationReport, KeyStore, TenantKeyInfo } from '@teachback/core';
import { newDataKey, newKeyId } from '../crypto/envelope';
import { auditEvent } from './audit-appender';
import type { SqlContext } from './context';
import type { SqlValue } from './driver';

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

type SealedTable = (typeof SEALED)[number];

export class SqlKeys implements KeyStore {
  constructor(private readonly sql: SqlContext) {}

  async list(ctx: AccessContext, tenantId: string): Promise<TenantKeyInfo[]> {
    await this.sql.access.authorize(ctx, 'read', { type: 'key', tenantId }, null);
    const rows = await this.sql.driver.all(
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

  async rotate(
    ctx: AccessContext,
    tenantId: string,
    opts: {
      batchSize?: number;
      resume?: boolean;
      onBatch?: (reencrypted: number) => void | Promise<void>;
    } = {},
  ): Promise<KeyRotationReport> {
    await this.sql.access.authorize(ctx, 'write', { type: 'key', tenantId }, null);
    await this.sql.crypto.load(tenantId);
    const activeKeyId = this.sql.crypto.cipher.activeKeyId(tenantId);
    // Resuming: the key a killed rotation activated is already active, and every value not yet
    // under it is still under a retired key, which stays loaded: carry on re-sealing under it.
    const previousKeyId = opts.resume ? await this.previousKeyOf(tenantId, activeKeyId) : activeKeyId;
    const keyId = opts.resume ? activeKeyId : await this.activateNewKey(ctx, tenantId, previousKeyId);
    // Step 2: re-seal everything under the new key, a batch per transaction, while reads go on.
    let reencrypted = 0;
    let batches = 0;
    for (const s of SEALED) {
      for (const col of s.columns) {
        for (;;) {
          const n = await this.resealBatch(tenantId, keyId, s, col, opts.batchSize ?? 500);
          if (n === 0) break;
          reencrypted += n;
          batches++;
          await opts.onBatch?.(reencrypted);
        }
      }
    }
    const details = { previousKeyId, reencrypted, batches, ...(opts.resume ? { resumed: true } : {}) };
    await this.sql.audit.append(auditEvent(ctx, 'key.reencrypt', 'key', keyId, details));
    return {
      tenantId,
      keyId,
      previousKeyId,
      reencrypted,
      batches,
      ...(opts.resume ? { resumed: true } : {}),
    };
  }

  /** The key retired most recently before `keyId` (itself when it is the only one). */
  private async previousKeyOf(tenantId: string, keyId: string): Promise<string> {
    const row = await this.sql.driver.get<{ key_id: string }>(
      "SELECT key_id FROM tenant_keys WHERE tenant_id = ? AND status = 'retired' ORDER BY version DESC LIMIT 1",
      [tenantId],
    );
    return row ? String(row.key_id) : keyId;
  }

  /** Step 1: the new key becomes active at once; the old one stays readable. */
  private async activateNewKey(ctx: AccessContext, tenantId: string, previousKeyId: string): Promise<string> {
    const keyId = newKeyId();
    const dataKey = newDataKey();
    const { provider } = this.sql.crypto;
    const wrapped = await provider.wrap(dataKey, `tenant:${tenantId}:key:${keyId}`);
    await this.sql.driver.transaction(async (tx) => {
      const v = await tx.get<{ v: number }>(`SELECT MAX(version) AS v FROM tenant_keys WHERE tenant_id = ?`, [
        tenantId,
      ]);
      await tx.run("UPDATE tenant_keys SET status = 'retired' WHERE tenant_id = ? AND status = 'active'", [
        tenantId,
      ]);
      await tx.run(
        "INSERT INTO tenant_keys (tenant_id, key_id, version, wrapped_key, kek_id, status, created_at) VALUES (?, ?, ?, ?, ?, 'active', ?)",
        [tenantId, keyId, Number(v?.v ?? 0) + 1, wrapped, provider.kekId, this.sql.now()],
      );
      await this.sql.audit.appendTx(tx, auditEvent(ctx, 'key.rotate', 'key', keyId, { previousKeyId }));
    });
    this.sql.crypto.cipher.addKey(tenantId, keyId, dataKey, true);
    return keyId;
  }

  /** Re-seals up to `batchSize` values of one column not yet under `keyId`; how many it did. */
  private resealBatch(
    tenantId: string,
    keyId: string,
    s: SealedTable,
    col: string,
    batchSize: number,
  ): Promise<number> {
    const { driver, crypto } = this.sql;
    return driver.transaction(async (tx) => {
      const rows = await tx.all(
        `SELECT ${s.keys.join(', ')}, ${col} AS sealed FROM ${s.table} WHERE tenant_id = ? AND ${col} IS NOT NULL AND ${col} NOT LIKE ? LIMIT ?${driver.forUpdate}`,
        [tenantId, `tb1.${keyId}.%`, batchSize],
      );
      for (const r of rows) {
        const addr = {
          tenantId,
          table: s.table,
          rowId: s.keys.map((k) => String(r[k])).join('/'),
          field: col,
        };
        const plain = crypto.cipher.decrypt(addr, String(r.sealed));
        await tx.run(
          `UPDATE ${s.table} SET ${col} = ? WHERE tenant_id = ? AND ${s.keys.map((k) => `${k} = ?`).join(' AND ')}`,
          [crypto.cipher.encrypt(addr, plain), tenantId, ...s.keys.map((k) => r[k] as SqlValue)],
        );
      }
      return rows.length;
    });
  }
}
