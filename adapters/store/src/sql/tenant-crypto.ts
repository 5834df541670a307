import type { KeyProvider } from '@teachback/core';
import { blindIndex, type IdentifierKind } from '../crypto/blind-index';
import { FieldCipher, type FieldAddress } from '../crypto/envelope';
import type { SqlExecutor } from './driver';
import { notFound } from './validation';

/**
 * The unwrapped data and index keys of the tenants this process has touched, and sealing with
 * them. Keys are unwrapped once per process (see README, Known limits).
 */
export class TenantCrypto {
  readonly cipher = new FieldCipher();
  private readonly indexKeys = new Map<string, Buffer>();

  constructor(
    private readonly db: SqlExecutor,
    readonly provider: KeyProvider,
  ) {}

  async load(tenantId: string, force = false): Promise<void> {
    if (!force && this.cipher.hasTenant(tenantId)) return;
    const t = await this.db.get<{ index_key_wrapped: string }>(
      'SELECT index_key_wrapped FROM tenants WHERE id = ?',
      [tenantId],
    );
    if (!t) throw notFound('tenant');
    if (!this.indexKeys.has(tenantId)) {
      this.indexKeys.set(
        tenantId,
        Buffer.from(await this.provider.unwrap(t.index_key_wrapped, `tenant:${tenantId}:index`)),
      );
    }
    const rows = await this.db.all<{ key_id: string; wrapped_key: string; status: string }>(
      'SELECT key_id, wrapped_key, status FROM tenant_keys WHERE tenant_id = ? ORDER BY version',
      [tenantId],
    );
    for (const r of rows) {
      if (!force && this.cipher.hasKey(tenantId, r.key_id) && r.status !== 'active') continue;
      const key = await this.provider.unwrap(r.wrapped_key, `tenant:${tenantId}:key:${r.key_id}`);
      this.cipher.addKey(tenantId, r.key_id, key, r.status === 'active');
    }
  }

  /** A tenant created by this process: its keys are known without a round trip. */
  remember(tenantId: string, keyId: string, dataKey: Uint8Array, indexKey: Buffer): void {
    this.cipher.addKey(tenantId, keyId, dataKey, true);
    this.indexKeys.set(tenantId, indexKey);
  }

  seal(a: FieldAddress, value: unknown): string {
    return this.cipher.encrypt(a, JSON.stringify(value));
  }

  open<T>(a: FieldAddress, ciphertext: string): T {
    return JSON.parse(this.cipher.decrypt(a, ciphertext)) as T;
  }

  index(tenantId: string, kind: IdentifierKind, value: string): string {
    return blindIndex(this.indexKeys.get(tenantId)!, kind, value);
  }
}
