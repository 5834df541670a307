import type { SqlStore } from '../sql/sql-store';
import { CANARY, actor, system, call, expectCode, type ContractScope } from './harness';

/** Retention purge and legal hold. */
export function retentionContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant } = s;
  beforeAll(() => {
    store = s.store();
  });

  describe('retention', () => {
    it('purges expired PHI, keeps de-identified scores, honours legal hold, and audits it', async () => {
      const t = await newTenant();
      const ctx = system(t);
      await store.interactions.save(ctx, t, call(1, { startedAt: '2015-01-01T00:00:00Z' }));
      await store.interactions.save(
        ctx,
        t,
        call(2, { startedAt: '2015-01-02T00:00:00Z', phone: '+15550001111' }),
      );
      await store.interactions.save(ctx, t, call(3, { startedAt: '2026-01-01T00:00:00Z' }));
      await store.retention.setHold(actor(t, ['admin']), t, 'int-2', true);
      await expectCode(store.retention.purge(actor(t, ['admin']), t), 'ACCESS.DENIED');

      const report = await store.retention.purge(ctx, t, new Date('2026-06-01T00:00:00Z'));
      expect(report).toMatchObject({ purged: ['int-1'], heldBack: 1 });
      const d = await store.interactions.get(ctx, t, 'int-1');
      expect(d.interaction.transcript).toBeUndefined();
      expect(d.interaction.participants).toEqual([]);
      expect(d.interaction.recordings).toEqual([]);
      expect(d.scorecard).toBeNull();
      expect(d.deidentifiedScorecard).toMatchObject({
        score: 90,
        findings: [{ criterionId: 'verify-identity', status: 'met' }],
      });
      expect(JSON.stringify(d)).not.toContain(CANARY.dob);
      expect(d.summary.purgedAt).not.toBeNull();
      expect((await store.interactions.get(ctx, t, 'int-2')).interaction.transcript).toBeDefined();
      expect((await store.interactions.get(ctx, t, 'int-3')).interaction.transcript).toBeDefined();
      const log = await store.audit.read(ctx, t);
      expect(log.find((e) => e.action === 'retention.purge')).toMatchObject({
        resourceId: 'int-1',
        details: { transcripts: 1, recordings: 1 },
      });

      await store.retention.configure(actor(t, ['admin']), t, { legalHold: true });
      await store.retention.setHold(actor(t, ['admin']), t, 'int-2', false);
      expect((await store.retention.purge(ctx, t, new Date('2026-06-01T00:00:00Z'))).purged).toEqual([]);
    });
  });
}
