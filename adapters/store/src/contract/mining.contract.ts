import type { ExemplaryCall, MonthlyReview, Suggestion } from '@teachback/core';
import type { SqlStore } from '../sql/sql-store';
import { actor, expectCode, type ContractScope } from './harness';

const suggestion = (id: string): Suggestion => ({
  id,
  kind: 'add-criterion',
  callType: 'medicare-sales',
  outcome: 'conversion',
  playbookId: 'medicare-sales',
  title: 'New criterion: Says "lock in that rate"',
  note: 'mined from 412 calls, effect OR 2.31 (95 % CI 1.80–2.96) on conversion',
  calls: 412,
  criterion: {
    id: 'mined-lock-in-that-rate',
    title: 'Says "lock in that rate"',
    category: 'adherence',
    severity: 'low',
    weight: 1,
    tip: 'Offer to lock in the rate.',
    rule: { require: [{ speaker: 'agent', phrases: ['lock in that rate'], negation: 'exclude' }] },
  },
});

const exemplar = (n: number): ExemplaryCall => ({
  interactionId: `int-${n}`,
  callType: 'medicare-sales',
  score: 96,
  transcript: [{ speaker: 'agent', text: 'Thanks for calling, [NAME].' }],
  moments: [
    {
      utterance: 0,
      speaker: 'agent',
      quote: 'Thanks for calling, [NAME].',
      shows: 'phrase:agent:thanks',
      label: 'greets',
    },
  ],
});

const review = (month: string): MonthlyReview => ({
  month,
  previousMonth: '2026-10',
  calls: { month: 120, previous: 110 },
  criteria: [],
  trendingPhrases: [{ phrase: 'part d cap', z: 4.2, count: 30, previousCount: 2 }],
  objections: [],
  prompts: [],
  upcomingRules: [],
});

/** Mining: suggestions are decided once, the library shows agents approved entries only, reviews per month. */
export function miningContract(s: ContractScope): void {
  let store: SqlStore;
  beforeAll(() => {
    store = s.store();
  });

  describe('mining', () => {
    it('keeps a suggestion once, decides it once, and records the published version', async () => {
      const t = await s.newTenant();
      const sup = actor(t, ['supervisor']);
      expect(await store.mining.saveSuggestions(sup, t, [suggestion('sug-1'), suggestion('sug-2')])).toEqual({
        created: 2,
        unchanged: 0,
      });
      // A re-run of the miner proposes the same ids: they keep their place and status.
      expect(await store.mining.saveSuggestions(sup, t, [suggestion('sug-1')])).toEqual({
        created: 0,
        unchanged: 1,
      });
      const accepted = await store.mining.decide(sup, t, 'sug-1', {
        status: 'accepted',
        reason: 'matches our coaching',
      });
      expect(accepted).toMatchObject({
        status: 'accepted',
        reason: 'matches our coaching',
        decidedBy: 'user:supervisor-user',
      });
      await expectCode(
        store.mining.decide(sup, t, 'sug-1', { status: 'rejected' }),
        'MINING.ALREADY_DECIDED',
      );
      await store.mining.decide(sup, t, 'sug-2', { status: 'rejected' });
      await expectCode(store.mining.markPublished(sup, t, ['sug-2'], 2), 'MINING.NOT_ACCEPTED');
      await store.mining.markPublished(sup, t, ['sug-1'], 2);
      const all = await store.mining.listSuggestions(sup, t);
      expect(all.map((x) => [x.id, x.status, x.publishedVersion ?? null])).toEqual([
        ['sug-1', 'published', 2],
        ['sug-2', 'rejected', null],
      ]);
      expect(all[0]!.criterion?.id).toBe('mined-lock-in-that-rate');
      expect((await store.mining.listSuggestions(sup, t, { status: 'rejected' })).map((x) => x.id)).toEqual([
        'sug-2',
      ]);
      const trail = await store.audit.read(actor(t, ['compliance']), t);
      const actions = trail.map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining(['mining.suggest', 'mining.accept', 'mining.reject', 'mining.publish']),
      );
    });

    it('lets agents see approved library entries only, and not decide suggestions', async () => {
      const t = await s.newTenant();
      const sup = actor(t, ['supervisor']);
      const agent = actor(t, ['agent'], { id: 'ramp-agent', agentIds: ['agent-r'] });
      expect(await store.mining.proposeLibrary(sup, t, [exemplar(1), exemplar(2)])).toBe(2);
      expect(await store.mining.proposeLibrary(sup, t, [exemplar(1)])).toBe(0);
      expect(await store.mining.listLibrary(agent, t)).toEqual([]);
      await store.mining.reviewLibrary(sup, t, 'lib-int-2', 'approved');
      await store.mining.reviewLibrary(sup, t, 'lib-int-1', 'rejected');
      const seen = await store.mining.listLibrary(agent, t);
      expect(seen.map((e) => [e.id, e.status, e.exemplar.moments[0]?.label])).toEqual([
        ['lib-int-2', 'approved', 'greets'],
      ]);
      expect(await store.mining.listLibrary(agent, t, { status: 'rejected' })).toEqual([]);
      expect((await store.mining.listLibrary(sup, t)).map((e) => e.status).sort()).toEqual([
        'approved',
        'rejected',
      ]);
      await expectCode(store.mining.reviewLibrary(agent, t, 'lib-int-1', 'approved'), 'ACCESS.DENIED');
      await expectCode(store.mining.saveSuggestions(agent, t, [suggestion('x')]), 'ACCESS.DENIED');
      await expectCode(store.mining.listSuggestions(agent, t), 'ACCESS.DENIED');
    });

    it('keeps one monthly review per month and hides it from other tenants', async () => {
      const t = await s.newTenant();
      const other = await s.newTenant();
      const sup = actor(t, ['supervisor']);
      expect(await store.mining.getReview(sup, t, '2026-11')).toBeNull();
      await store.mining.saveReview(sup, t, review('2026-11'));
      await store.mining.saveReview(sup, t, { ...review('2026-11'), calls: { month: 121, previous: 110 } });
      expect((await store.mining.getReview(sup, t, '2026-11'))?.calls.month).toBe(121);
      await expectCode(store.mining.getReview(actor(other, ['supervisor']), t, '2026-11'), 'STORE.NOT_FOUND');
      await expectCode(store.mining.saveReview(sup, t, review('2026-13')), 'STORE.INVALID');
    });

    it('seals what it stores', async () => {
      const t = await s.newTenant();
      const sup = actor(t, ['supervisor']);
      await store.mining.saveSuggestions(sup, t, [
        { ...suggestion('sug-seal'), title: 'Quillfeather-mining-marker' },
      ]);
      await store.mining.proposeLibrary(sup, t, [
        { ...exemplar(9), transcript: [{ speaker: 'customer', text: 'Quillfeather-library-marker' }] },
      ]);
      const dump = await s.harness.dump();
      expect(dump).not.toContain('Quillfeather-mining-marker');
      expect(dump).not.toContain('Quillfeather-library-marker');
    });
  });
}
