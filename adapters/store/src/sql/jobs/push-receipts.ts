import type { Platform, PushReceipt, PushReceipts, Store } from '@teachback/core';

/**
 * Push receipts as outbox items: the item of a receipt's key carries the receipt and is `done` once
 * the platform took the push. The outbox is the one record that a push happened; a replay reads the
 * receipt and sends nothing.
 */
export class OutboxPushReceipts implements PushReceipts {
  constructor(
    private readonly store: Pick<Store, 'sync'>,
    private readonly tenantId: string,
    private readonly platform: Platform,
    /** The interaction the pushes are about (none for agent-day metrics). */
    private readonly interactionId?: string,
  ) {}

  async get(key: string): Promise<PushReceipt | undefined> {
    const item = await this.store.sync.findPush(this.tenantId, key);
    return item ? (item.payload as PushReceipt) : undefined;
  }

  async put(receipt: PushReceipt): Promise<void> {
    await this.store.sync.recordPush(
      this.tenantId,
      {
        platform: this.platform,
        kind: `${this.platform}.${receipt.kind}`,
        idempotencyKey: receipt.key,
        ...(this.interactionId ? { interactionId: this.interactionId } : {}),
        payload: receipt,
      },
      receipt.status === 'done' ? 'done' : 'pending',
      receipt.lastErrorCode ?? null,
    );
  }
}
