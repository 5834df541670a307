import type { SqlStore } from '../sql/sql-store';
import { CANARY, actor, call, expectCode, system, type ContractScope } from './harness';
import { reviewRollupsContract } from './reviews-rollups.contract';

/**
 * The web app's review role: call search with its filters and scopes, disputes and overrides,
 * blind calibration, saved views, dashboards; the same on both dialects.
 */
export function reviewsContract(s: ContractScope): void {
  let store: SqlStore;
  const { newTenant } = s;
  beforeAll(() => {
    store = s.store();
  });

  async function seeded() {
    const t = await newTenant();
    await store.interactions.save(system(t), t, {
      ...call(1, { agent: 'agent-a', score: 50 }),
      teamId: 'north',
    });
    await store.interactions.save(system(t), t, {
      ...call(2, { agent: 'agent-a', score: 95 }),
      teamId: 'north',
    });
    await store.interactions.save(system(t), t, {
      ...call(3, { agent: 'agent-b', score: 40 }),
      teamId: 'south',
    });
    return t;
  }

  describe('reviews', () => {
    it('searches calls within the caller’s scope, with criterion, score and sort', async () => {
      const t = await seeded();
      const sup = actor(t, ['supervisor'], { teamIds: ['north'] });
      const worst = await store.reviews.searchCalls(
        sup,
        t,
        {},
        { limit: 10, offset: 0, sort: { by: 'score', dir: 'asc' } },
      );
      expect(worst.items.map((i) => [i.id, i.score])).toEqual([
        ['int-1', 50],
        ['int-2', 95],
      ]);
      const missed = await store.reviews.searchCalls(
        sup,
        t,
        { criterionMissed: 'verify-identity' },
        { limit: 10, offset: 0 },
      );
      expect(missed.items.map((i) => i.id)).toEqual(['int-1']);
      const agent = actor(t, ['agent'], { id: 'avery', agentIds: ['agent-b'] });
      const own = await store.reviews.searchCalls(agent, t, { agentId: 'agent-a' }, { limit: 10, offset: 0 });
      expect(own.items).toEqual([]);
      const paged = await store.reviews.searchCalls(system(t), t, { scoreMax: 96 }, { limit: 2, offset: 0 });
      expect(paged.items).toHaveLength(2);
      expect(paged.next).toBe(2);
      const other = await newTenant();
      await expectCode(
        store.reviews.searchCalls(sup, other, {}, { limit: 10, offset: 0 }),
        'STORE.NOT_FOUND',
      );
    });

    it('keeps the override beside the machine result, seals the reason, and a re-sync does not undo it', async () => {
      const t = await seeded();
      const agent = actor(t, ['agent'], { id: 'avery', agentIds: ['agent-a'] });
      const d = await store.reviews.raiseDispute(agent, t, {
        interactionId: 'int-1',
        criterionId: 'verify-identity',
        requestedStatus: 'met',
        reason: `Confirmed ${CANARY.name} at 0:04`,
      });
      expect(d).toMatchObject({ status: 'open', machineStatus: 'missed', scoreBefore: 50 });
      const outsider = actor(t, ['supervisor'], { teamIds: ['south'] });
      await expectCode(
        store.reviews.decideDispute(outsider, t, d.id, { decision: 'accepted' }),
        'ACCESS.DENIED',
      );
      const sup = actor(t, ['supervisor'], { id: 'sam', teamIds: ['north'] });
      const decided = await store.reviews.decideDispute(sup, t, d.id, { decision: 'accepted' });
      expect(decided).toMatchObject({ status: 'accepted', decidedBy: 'sam', scoreAfter: 100 });
      const history = await store.scorecards.history(sup, t, 'int-1');
      expect(history.map((h) => h.scorecard?.findings[0]?.status)).toEqual(['missed', 'met']);
      const again = await store.interactions.save(system(t), t, {
        ...call(1, { agent: 'agent-a', score: 50 }),
        teamId: 'north',
      });
      expect(again.outcome).toBe('unchanged');
      expect((await store.interactions.get(sup, t, 'int-1')).scorecard?.score).toBe(100);
      const flagged = await store.reviews.searchCalls(
        sup,
        t,
        { criterionMissed: 'verify-identity' },
        { limit: 10, offset: 0 },
      );
      expect(flagged.items).toEqual([]);
      expect(await s.harness.dump()).not.toContain(CANARY.name);
    });

    it('keeps calibration blind until the reviewer submits', async () => {
      const t = await seeded();
      const sam = actor(t, ['supervisor'], { id: 'sam', teamIds: ['north'] });
      const quinn = actor(t, ['supervisor'], { id: 'quinn', teamIds: ['north'] });
      await store.reviews.submitCalibration(sam, t, 'int-1', {
        marks: [{ criterionId: 'verify-identity', status: 'met' }],
      });
      expect(await store.reviews.readCalibration(quinn, t, 'int-1')).toEqual({
        state: 'blind',
        submitted: false,
        reviewers: 1,
      });
      const v = await store.reviews.submitCalibration(quinn, t, 'int-1', {
        marks: [{ criterionId: 'verify-identity', status: 'missed' }],
      });
      expect(v).toMatchObject({ state: 'open', betweenReviewers: 0, withMachine: 0.5 });
      const dash = await store.reviews.dashboard(sam, t, {
        from: '2026-01-01T00:00:00Z',
        to: '2027-01-01T00:00:00Z',
      });
      expect(dash.machineHumanAgreement).toBe(0.5);
      expect(dash.trend.reduce((n, p) => n + p.calls, 0)).toBe(2);
      expect(dash.criteria).toEqual([
        { criterionId: 'verify-identity', category: 'compliance', applicable: 2, missed: 1, missRate: 0.5 },
      ]);
    });

    it('keeps saved views per owner', async () => {
      const t = await seeded();
      const sam = actor(t, ['supervisor'], { id: 'sam', teamIds: ['north'] });
      await store.reviews.saveView(sam, t, { name: 'Low scores', filter: { scoreMax: 60 } });
      expect((await store.reviews.listViews(sam, t)).map((v) => [v.name, v.filter])).toEqual([
        ['Low scores', { scoreMax: 60 }],
      ]);
      expect(await store.reviews.listViews(actor(t, ['supervisor'], { id: 'quinn' }), t)).toEqual([]);
    });
  });

  reviewRollupsContract(s);
}
