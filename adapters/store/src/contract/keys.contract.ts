import type { SqlStore } from '../sql/sql-store';
import { CANARY, actor, system, call, type ContractScope } from './harness';

/** Tenant data keys and their rotation. */
export function keysContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant } = s;
  beforeAll(() => {
    store = s.store();
  });

  describe('key rotation', () => {
    it('re-encrypts everything under the new key in batches; old data stays readable throughout', async () => {
      const t = await newTenant();
      for (let n = 1; n <= 4; n++) await store.interactions.save(system(t), t, call(n));
      await store.sync.enqueuePush(t, {
        platform: 'salesforce',
        kind: 'salesforce.task',
        idempotencyKey: 'k1',
        payload: { note: CANARY.name },
      });
      const admin = actor(t, ['admin']);
      const before = await store.keys.list(admin, t);
      const report = await store.keys.rotate(admin, t, { batchSize: 2 });
      expect(report.previousKeyId).toBe(before[0]!.keyId);
      // Per call: interaction PHI, transcript, recording URI, scorecard, coaching, escalation; plus contact and outbox.
      expect(report.reencrypted).toBe(4 * 6 + 2);
      expect(report.batches).toBeGreaterThanOrEqual(Math.ceil(report.reencrypted / 2));
      const keys = await store.keys.list(admin, t);
      expect(keys.map((k) => [k.version, k.status])).toEqual([
        [1, 'retired'],
        [2, 'active'],
      ]);
      const stale = await store.driver.all(
        'SELECT phi_enc FROM interactions WHERE tenant_id = ? AND phi_enc NOT LIKE ?',
        [t, `tb1.${report.keyId}.%`],
      );
      expect(stale).toEqual([]);
      expect((await store.interactions.get(system(t), t, 'int-3')).interaction.contact?.name).toBe(
        CANARY.name,
      );
      const [item] = await store.sync.claimPushes({ limit: 5, tenantId: t });
      expect(item?.payload).toEqual({ note: CANARY.name });
      const audit = await store.audit.read(actor(t, ['compliance']), t);
      expect(audit.map((e) => e.action)).toEqual(
        expect.arrayContaining(['key.create', 'key.rotate', 'key.reencrypt']),
      );
    });
  });
}
