import type { SqlStore } from '../sql/sql-store';
import { type ContractScope } from './harness';

/** Outbox of push-backs and sync checkpoints. */
export function syncStateContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant } = s;
  beforeAll(() => {
    store = s.store();
  });

  describe('outbox and checkpoints', () => {
    it('enqueues once per idempotency key and leases items to one worker', async () => {
      const t = await newTenant();
      const a = await store.sync.enqueuePush(t, {
        platform: 'genesys',
        kind: 'genesys.evaluation',
        idempotencyKey: 'int-1/v1',
        payload: { score: 90 },
      });
      const b = await store.sync.enqueuePush(t, {
        platform: 'genesys',
        kind: 'genesys.evaluation',
        idempotencyKey: 'int-1/v1',
        payload: { score: 90 },
      });
      expect(b).toEqual({ id: a.id, created: false });
      const now = new Date();
      const claimed = await store.sync.claimPushes({ limit: 10, tenantId: t, now });
      expect(claimed.map((c) => [c.id, c.attempts, c.payload])).toEqual([[a.id, 1, { score: 90 }]]);
      expect(await store.sync.claimPushes({ limit: 10, tenantId: t, now })).toEqual([]);
      await store.sync.failPush(a.id, 'GENESYS.RATE_LIMITED', new Date(now.getTime() + 1000));
      expect(await store.sync.claimPushes({ limit: 10, tenantId: t, now })).toEqual([]);
      const retried = await store.sync.claimPushes({
        limit: 10,
        tenantId: t,
        now: new Date(now.getTime() + 2000),
      });
      expect(retried.map((c) => c.attempts)).toEqual([2]);
      await store.sync.completePush(a.id);
      expect(
        await store.sync.claimPushes({ limit: 10, tenantId: t, now: new Date(now.getTime() + 999_999) }),
      ).toEqual([]);
    });

    it('saves sync checkpoints', async () => {
      const t = await newTenant();
      expect(await store.sync.readCheckpoint(t, 'five9', 'calls')).toBeNull();
      await store.sync.writeCheckpoint(t, 'five9', 'calls', { since: '2026-03-01T00:00:00Z' });
      await store.sync.writeCheckpoint(t, 'five9', 'calls', { since: '2026-03-02T00:00:00Z' });
      expect(await store.sync.readCheckpoint(t, 'five9', 'calls')).toMatchObject({
        value: { since: '2026-03-02T00:00:00Z' },
      });
    });
  });
}
