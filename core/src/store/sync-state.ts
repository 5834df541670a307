import type { Platform } from '../model';
import type { OutboxInput, OutboxItem, SyncCheckpoint } from './records';

/**
 * What sync keeps between runs: checkpoints per (tenant, platform, stream) and the outbox of
 * push-backs to the platforms. Run by jobs, not by people, so no AccessContext.
 */
export interface SyncStateStore {
  readCheckpoint(tenantId: string, platform: Platform, stream: string): Promise<SyncCheckpoint | null>;
  writeCheckpoint(tenantId: string, platform: Platform, stream: string, value: unknown): Promise<void>;

  /** Once per idempotency key: a second enqueue returns the first item's id with `created: false`. */
  enqueuePush(tenantId: string, input: OutboxInput): Promise<{ id: string; created: boolean }>;
  /** Leases due items so two workers never push the same one. */
  claimPushes(opts: {
    limit: number;
    now?: Date;
    leaseMs?: number;
    tenantId?: string;
  }): Promise<OutboxItem[]>;
  completePush(id: string): Promise<void>;
  /** `retryAt` null gives up on the item (dead). */
  failPush(id: string, error: string, retryAt: Date | null): Promise<void>;

  /** The outbox item with this idempotency key, or null. */
  findPush(tenantId: string, idempotencyKey: string): Promise<OutboxItem | null>;
  /**
   * Writes the item of `input.idempotencyKey` (adding it when new) with this payload and status:
   * how a push records its receipt, once.
   */
  recordPush(
    tenantId: string,
    input: OutboxInput,
    status: 'pending' | 'done',
    lastError?: string | null,
  ): Promise<void>;
}
