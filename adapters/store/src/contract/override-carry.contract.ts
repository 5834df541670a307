import type { Finding, InteractionRecord, Scorecard } from '@teachback/core';
import type { SqlStore } from '../sql/sql-store';
import { actor, call, system, type ContractScope } from './harness';

/**
 * A supervisor's accepted override survives re-scoring (sql/scorecard-writes.ts
 * `carryAcceptedOverrides`): re-applied when the criterion scores the same way, the dispute
 * reopened when the criterion changed, the call flagged when the criterion is gone; all audited.
 */
export function overrideCarryContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant } = s;
  beforeAll(() => {
    store = s.store();
  });

  const finding = (criterionId: string, status: Finding['status'], weight = 1): Finding => ({
    criterionId,
    title: criterionId,
    category: criterionId === 'verify-identity' ? 'compliance' : 'adherence',
    severity: 'high',
    weight,
    status,
    confidence: 0.9,
    evidence: [],
    explanation: 'machine',
  });
  const scored = (version: string, findings: Finding[]): InteractionRecord => {
    const applicable = findings.filter((f) => f.status !== 'not_applicable');
    const met = applicable.filter((f) => f.status === 'met').reduce((n, f) => n + f.weight, 0);
    const all = applicable.reduce((n, f) => n + f.weight, 0);
    const card: Scorecard = {
      interactionId: 'int-1',
      playbook: { id: 'healthcare-inbound', version },
      score: all === 0 ? 100 : Math.round((1000 * met) / all) / 10,
      compliant: findings.every((f) => f.category !== 'compliance' || f.status !== 'missed'),
      needsReview: false,
      reviewReasons: [],
      findings,
    };
    return { ...call(1, { agent: 'agent-a' }), teamId: 'north', scorecard: card };
  };

  /** Call int-1 scored v1 (identity missed, greeting met), disputed and the dispute accepted. */
  async function overridden() {
    const t = await newTenant();
    await store.interactions.save(
      system(t),
      t,
      scored('2026-01-01', [finding('verify-identity', 'missed'), finding('greeting', 'met')]),
    );
    const agent = actor(t, ['agent'], { id: 'avery', agentIds: ['agent-a'] });
    const sup = actor(t, ['supervisor'], { id: 'sam', teamIds: ['north'] });
    const d = await store.reviews.raiseDispute(agent, t, {
      interactionId: 'int-1',
      criterionId: 'verify-identity',
      requestedStatus: 'met',
      reason: 'identity was confirmed at 0:04',
    });
    await store.reviews.decideDispute(sup, t, d.id, { decision: 'accepted' });
    return { t, sup, disputeId: d.id, cora: actor(t, ['compliance'], { id: 'cora' }) };
  }

  describe('accepted overrides across re-scoring', () => {
    it('re-applies the override to a new machine result, keeps the machine version beside it, and audits it', async () => {
      const { t, sup, disputeId, cora } = await overridden();
      const rescored = scored('2026-01-01', [
        finding('verify-identity', 'missed'),
        finding('greeting', 'missed'),
      ]);
      const saved = await store.interactions.save(system(t), t, rescored);
      expect(saved).toMatchObject({ outcome: 'updated', scoreVersion: 4 });
      const history = await store.scorecards.history(sup, t, 'int-1');
      expect(history.map((h) => h.scorecard?.findings.map((f) => f.status))).toEqual([
        ['missed', 'met'],
        ['met', 'met'],
        ['missed', 'missed'],
        ['met', 'missed'],
      ]);
      const now = (await store.interactions.get(sup, t, 'int-1')).scorecard!;
      expect(now.score).toBe(50);
      expect(now.compliant).toBe(true);
      expect(now.findings[0]!.explanation).toContain('machine: missed');
      const missed = await store.reviews.searchCalls(
        sup,
        t,
        { criterionMissed: 'verify-identity' },
        { limit: 10, offset: 0 },
      );
      expect(missed.items).toEqual([]);
      const [d] = await store.reviews.listDisputes(sup, t, { interactionId: 'int-1' });
      expect(d).toMatchObject({ id: disputeId, status: 'accepted' });
      // The same machine result again is a replay: nothing changes, the override stays.
      expect((await store.interactions.save(system(t), t, rescored)).outcome).toBe('unchanged');
      expect((await store.interactions.get(sup, t, 'int-1')).scorecard?.score).toBe(50);
      const trail = await store.oversight.searchAudit(cora, t, { action: 'scorecard.override', limit: 10 });
      expect(trail.items.map((e) => e.details.reason ?? 'dispute')).toEqual(['rescore', 'dispute']);
      expect(trail.items[0]!.details).toMatchObject({
        dispute: disputeId,
        criterionId: 'verify-identity',
        machineStatus: 'missed',
        status: 'met',
        fromVersion: 3,
        toVersion: 4,
        scoreAfter: 50,
      });
    });

    it('writes no extra version when the new machine result already agrees with the override', async () => {
      const { t, sup } = await overridden();
      const saved = await store.interactions.save(
        system(t),
        t,
        scored('2026-01-01', [finding('verify-identity', 'met'), finding('greeting', 'missed')]),
      );
      expect(saved.scoreVersion).toBe(3);
      const now = (await store.interactions.get(sup, t, 'int-1')).scorecard!;
      expect(now.findings[0]).toMatchObject({ status: 'met', explanation: 'machine' });
      expect(now.needsReview).toBe(false);
    });

    it('re-applies across a playbook version whose criterion scores the same way', async () => {
      const { t, sup } = await overridden();
      await store.interactions.save(
        system(t),
        t,
        scored('2026-06-01', [finding('verify-identity', 'missed'), finding('greeting', 'met', 3)]),
      );
      const now = (await store.interactions.get(sup, t, 'int-1')).scorecard!;
      expect(now.playbook.version).toBe('2026-06-01');
      expect(now.findings[0]!.status).toBe('met');
      expect(now.score).toBe(100);
    });

    it('reopens the dispute when the criterion changed, flags the call, and a new decision applies again', async () => {
      const { t, sup, disputeId, cora } = await overridden();
      const saved = await store.interactions.save(
        system(t),
        t,
        scored('2026-06-01', [finding('verify-identity', 'missed', 2), finding('greeting', 'met')]),
      );
      expect(saved.scoreVersion).toBe(4);
      const now = (await store.interactions.get(sup, t, 'int-1')).scorecard!;
      expect(now.findings[0]!.status).toBe('missed');
      expect(now.needsReview).toBe(true);
      expect(now.reviewReasons).toContain('override-reopened:verify-identity');
      const [d] = await store.reviews.listDisputes(sup, t, { interactionId: 'int-1' });
      expect(d).toMatchObject({ id: disputeId, status: 'open', machineStatus: 'missed' });
      expect(d!.decidedBy ?? null).toBeNull();
      const review = await store.reviews.searchCalls(sup, t, { needsReview: true }, { limit: 10, offset: 0 });
      expect(review.items.map((i) => i.id)).toEqual(['int-1']);
      const trail = await store.oversight.searchAudit(cora, t, {
        action: 'review.dispute.reopen',
        limit: 10,
      });
      expect(trail.items).toHaveLength(1);
      expect(trail.items[0]!.details).toMatchObject({ dispute: disputeId, reason: 'criterion-changed' });
      const again = await store.reviews.decideDispute(sup, t, disputeId, { decision: 'accepted' });
      expect(again.status).toBe('accepted');
      expect((await store.interactions.get(sup, t, 'int-1')).scorecard?.findings[0]?.status).toBe('met');
    });

    it('flags the call when the criterion is no longer scored, and leaves the decision as it was', async () => {
      const { t, sup, disputeId, cora } = await overridden();
      await store.interactions.save(system(t), t, scored('2026-06-01', [finding('greeting', 'missed')]));
      const now = (await store.interactions.get(sup, t, 'int-1')).scorecard!;
      expect(now.findings.map((f) => f.criterionId)).toEqual(['greeting']);
      expect(now).toMatchObject({ score: 0, needsReview: true });
      expect(now.reviewReasons).toContain('override-lapsed:verify-identity');
      const [d] = await store.reviews.listDisputes(sup, t, { interactionId: 'int-1' });
      expect(d).toMatchObject({ id: disputeId, status: 'accepted' });
      const trail = await store.oversight.searchAudit(cora, t, {
        action: 'scorecard.override.lapse',
        limit: 10,
      });
      expect(trail.items.map((e) => e.details.criterionId)).toEqual(['verify-identity']);
    });
  });
}
