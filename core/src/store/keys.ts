import type { AccessContext, KeyRotationReport, TenantKeyInfo } from './records';

/** A tenant's data keys: which exist, and rotating to a new one. */
export interface KeyStore {
  list(ctx: AccessContext, tenantId: string): Promise<TenantKeyInfo[]>;
  /**
   * New data key now; existing ciphertexts re-encrypted in batches, each its own transaction.
   * `resume` makes no new key: it finishes re-encrypting under the active one, after a rotation
   * was interrupted (every value stays readable meanwhile: retired keys are kept). `onBatch` is
   * told after each committed batch (progress).
   */
  rotate(
    ctx: AccessContext,
    tenantId: string,
    opts?: { batchSize?: number; resume?: boolean; onBatch?: (reencrypted: number) => void | Promise<void> },
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
