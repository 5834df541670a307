import {
  contactCenterMetrics,
  finishMetrics,
  type ContactCenterFacts,
  type InteractionRecord,
  type MetricFact,
  type SurveyResponse,
} from '@teachback/core';
import { markDirty } from '../sql/metric-rollups';
import type { SqlStore } from '../sql/sql-store';
import { actor, call, expectCode, system, type ContractScope } from './harness';

type SurveyAnswer = SurveyResponse['answers'][number];

interface CallSpec {
  n: number;
  agent: string;
  at: string;
  member: string | null;
  callType?: string;
  cc?: ContactCenterFacts;
  score?: number;
}

function record(c: CallSpec): InteractionRecord {
  const base = call(c.n, { agent: c.agent, startedAt: c.at, score: c.score ?? 90 });
  const { contact: _c, ...rest } = base.interaction;
  const interaction = {
    ...rest,
    participants: [{ role: 'agent' as const, userId: c.agent }],
    ...(c.member ? { contact: { memberId: c.member, phones: [], emails: [] } } : {}),
    ...(c.callType ? { callType: c.callType } : {}),
    ...(c.cc ? { contactCenter: c.cc } : {}),
  };
  const out: InteractionRecord = { ...base, interaction };
  if (c.score === undefined) {
    delete out.scorecard;
    out.escalations = [];
    out.coaching = [];
  }
  return out;
}

const CALLS: CallSpec[] = [
  {
    n: 1,
    agent: 'agent-a',
    at: '2026-03-02T10:00:00.000Z',
    member: 'M1',
    callType: 'billing',
    cc: { answered: true, waitMs: 20000, handleMs: 200000, holdMs: 0, transfers: 0 },
    score: 90,
  },
  {
    n: 2,
    agent: 'agent-a',
    at: '2026-03-04T09:00:00.000Z',
    member: 'M1',
    callType: 'billing',
    cc: { answered: true, waitMs: 40000, handleMs: 100000, holdMs: 30000, holdCount: 1, transfers: 1 },
    score: 50,
  },
  {
    n: 3,
    agent: 'agent-b',
    at: '2026-03-03T11:00:00.000Z',
    member: 'M2',
    callType: 'scheduling',
    cc: { abandoned: true, waitMs: 90000 },
  },
  { n: 4, agent: 'agent-b', at: '2026-03-03T12:00:00.000Z', member: null },
];

/** Metrics aggregated in SQL, survey answers and single-use links, promised follow-ups. */
export function metricsContract(s: ContractScope): void {
  let store: SqlStore;
  beforeAll(() => {
    store = s.store();
  });

  async function seeded(): Promise<string> {
    const t = await s.newTenant();
    for (const c of CALLS) await store.interactions.save(system(t), t, record(c));
    await store.surveys.save(system(t), t, {
      id: 'sv-1',
      interaction: { platform: 'genesys', externalId: 'conv-1' },
      source: 'genesys',
      submittedAt: '2026-03-02T11:00:00.000Z',
      answers: [
        { questionId: 'answered', kind: 'yes_no', value: 1 },
        { questionId: 'recommend', kind: 'nps', value: 9 },
      ],
    });
    return t;
  }
  const query = {
    from: '2026-03-01T00:00:00.000Z',
    to: '2026-03-08T00:00:00.000Z',
    by: 'agent' as const,
    period: 'all' as const,
    asOf: '2026-03-20T00:00:00.000Z',
  };

  describe('metrics', () => {
    it('aggregates hand-counted facts per agent, missing kept apart from zero', async () => {
      const t = await seeded();
      const rows = await store.metrics.sums(actor(t, ['supervisor']), t, query);
      const a = finishMetrics(rows.find((r) => r.key === 'agent-a')!.sums, []);
      // int-1 is followed by int-2 (same member, same call type, 47 h later): a repeat; int-2 resolved.
      expect(a.fcr).toEqual({ value: 50, numerator: 1, denominator: 2, missing: 0 });
      expect(a.csat).toEqual({ value: 100, numerator: 1, denominator: 1, missing: 1 });
      expect(a.nps).toMatchObject({ value: 100, promoters: 1, responses: 1, missing: 1 });
      expect(a.compliance).toEqual({ value: 50, numerator: 1, denominator: 2, missing: 0 });
      expect(a.aht).toEqual({ value: 150000, sum: 300000, count: 2, missing: 0 });
      expect(a.asa).toEqual({ value: 30000, sum: 60000, count: 2, missing: 0 });
      expect(a.hold).toEqual({ value: 15000, sum: 30000, count: 2, missing: 0 });
      expect(a.transfers).toEqual({ value: 50, numerator: 1, denominator: 2, missing: 0 });
      const b = finishMetrics(rows.find((r) => r.key === 'agent-b')!.sums, []);
      expect(b.abandonment).toEqual({ value: 100, numerator: 1, denominator: 1, missing: 1 });
      expect(b.fcr).toEqual({ value: null, numerator: 0, denominator: 0, missing: 2 });
      expect(b.aht).toEqual({ value: null, sum: 0, count: 0, missing: 1 });
    });

    it('agrees with the in-memory formulas on the same facts, by day', async () => {
      const t = await seeded();
      const q = { ...query, by: 'call-type' as const, period: 'day' as const };
      const sql = (await store.metrics.sums(actor(t, ['admin']), t, q)).map((r) => ({
        key: r.key,
        period: r.period,
        metrics: finishMetrics(r.sums, []),
      }));
      const facts: MetricFact[] = CALLS.map((c) => ({
        interactionId: `int-${c.n}`,
        startedAt: c.at,
        channel: 'voice',
        agentId: c.agent,
        contactId: c.member ?? undefined,
        callType: c.callType,
        contactCenter: c.cc,
        ...(c.score !== undefined
          ? { score: c.score, compliant: c.score >= 80, adherence: { met: 0, applicable: 0 } }
          : {}),
        surveys:
          c.n === 1
            ? [
                {
                  answers: [
                    { questionId: 'answered', kind: 'yes_no' as const, value: 1 },
                    { questionId: 'recommend', kind: 'nps' as const, value: 9 },
                  ],
                },
              ]
            : [],
      }));
      expect(sql).toEqual(contactCenterMetrics(facts, q, { asOf: query.asOf }));
      // A range off whole days is answered by scanning the facts instead of the day rollups: same numbers.
      const scanned = await store.metrics.sums(actor(t, ['admin']), t, {
        ...q,
        to: '2026-03-07T23:59:59.999Z',
      });
      const rolled = await store.metrics.sums(actor(t, ['admin']), t, {
        ...q,
        to: '2026-03-08T00:00:00.000Z',
      });
      expect(scanned).toEqual(rolled);
    });

    it('judges FCR against asOf to the hour, and rebuilds a day after a late write', async () => {
      const t = await seeded();
      const sup = actor(t, ['supervisor']);
      const fcr = async (asOf: string) =>
        finishMetrics((await store.metrics.sums(sup, t, { ...query, by: 'all', asOf }))[0]!.sums, []).fcr;
      // int-2 (Mar 4 09:00, no later billing call from M1) is judged once Mar 11 09:00 has passed.
      expect(await fcr('2026-03-11T08:59:59.999Z')).toMatchObject({ numerator: 0, denominator: 1 });
      expect(await fcr('2026-03-11T09:00:00.000Z')).toMatchObject({ numerator: 1, denominator: 2 });
      // A repeat on Mar 6 turns int-2 into a repeat; the Mar 4 rollup is rebuilt on the next read.
      await store.interactions.save(
        system(t),
        t,
        record({ ...CALLS[1]!, n: 9, at: '2026-03-06T09:00:00.000Z' }),
      );
      expect(await fcr('2026-03-20T00:00:00.000Z')).toMatchObject({ numerator: 1, denominator: 3 });
    });

    it('relinks the FCR thread when a later call changes call type', async () => {
      const t = await seeded();
      await store.interactions.save(system(t), t, record({ ...CALLS[1]!, callType: 'clinical' }));
      const rows = await store.metrics.sums(actor(t, ['supervisor']), t, query);
      const a = finishMetrics(rows.find((r) => r.key === 'agent-a')!.sums, []);
      expect(a.fcr).toMatchObject({ numerator: 2, denominator: 2 });
    });

    it('keeps the day cells equal to the plain scan and to plain loops after random writes', async () => {
      // A seeded mix of single saves, saveMany batches, re-saves that move a call (agent, call
      // type, person, start, queue facts), late survey answers and calls that turn an earlier
      // day's call into a repeat. Expected values: core's formulas over the test's own model.
      const t = await s.newTenant();
      let seed = 20261207;
      const rnd = (k: number) => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return Math.floor((seed / 2147483648) * k);
      };
      const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
      const agents = ['agent-a', 'agent-b', 'agent-c'];
      const members = ['M1', 'M2', 'M3', null];
      const types = ['billing', 'scheduling', undefined];
      const ccs: Array<ContactCenterFacts | undefined> = [
        { answered: true, waitMs: 20000, handleMs: 200000, holdMs: 0, transfers: 0 },
        { answered: true, waitMs: 5000, handleMs: 90000, holdMs: 30000, holdCount: 1, transfers: 2 },
        { abandoned: true, waitMs: 70000 },
        undefined,
      ];
      const model = new Map<number, CallSpec>();
      const surveys = new Map<number, SurveyAnswer[][]>();
      const spec = (n: number): CallSpec => {
        const at = new Date(Date.parse('2026-03-02T00:00:00.000Z') + rnd(7 * 24 * 60) * 60_000).toISOString();
        const score = rnd(3) === 0 ? undefined : 40 + rnd(60);
        const member = pick(members);
        return {
          n,
          agent: pick(agents),
          at,
          member,
          // A call without a member id has no call type here: whether the store resolves a person
          // for it from the phone alone is the timeline's business, not this test's.
          ...(member !== null && pick([true, false]) ? { callType: pick(types) } : {}),
          cc: pick(ccs),
          ...(score === undefined ? {} : { score }),
        };
      };
      // Re-saving without a scorecard keeps the score the call had (as the store does).
      const remember = (c: CallSpec) =>
        model.set(c.n, { ...c, ...(c.score === undefined ? { score: model.get(c.n)?.score } : {}) });
      const sys = system(t);
      const steps = async (count: number) => {
        for (let step = 0; step < count; step++) {
          const op = rnd(10);
          if (op < 3 || model.size < 4) {
            const c = spec(model.size + 1);
            await store.interactions.save(sys, t, record(c));
            remember(c);
          } else if (op < 5) {
            const batch = [spec(model.size + 1), spec(model.size + 2), spec(model.size + 3)];
            const out = await store.interactions.saveMany(sys, t, batch.map(record));
            expect(out.every((o) => !('error' in o))).toBe(true);
            batch.forEach(remember);
          } else if (op < 8) {
            const c = { ...spec(1 + rnd(model.size)) };
            await store.interactions.save(sys, t, record(c));
            remember(c);
          } else {
            const n = 1 + rnd(model.size);
            const answers: SurveyAnswer[] =
              rnd(2) === 0
                ? [{ questionId: 'answered', kind: 'yes_no', value: rnd(2) }]
                : [
                    { questionId: 'answered', kind: 'yes_no', value: rnd(2) },
                    { questionId: 'recommend', kind: 'nps', value: rnd(11) },
                  ];
            const id = `sv-${step}-${n}-${rnd(1000)}`;
            await store.surveys.save(sys, t, {
              id,
              interaction: { platform: 'genesys', externalId: `conv-${n}` },
              source: 'genesys',
              submittedAt: '2026-03-10T00:00:00.000Z',
              answers,
            });
            surveys.set(n, [...(surveys.get(n) ?? []), answers]);
          }
        }
      };
      const facts = (): MetricFact[] =>
        [...model.values()].map((c) => ({
          interactionId: `int-${c.n}`,
          startedAt: c.at,
          channel: 'voice',
          agentId: c.agent,
          contactId: c.member ?? undefined,
          callType: c.callType,
          contactCenter: c.cc,
          disposition: 'billing',
          ...(c.score !== undefined
            ? { score: c.score, compliant: c.score >= 80, adherence: { met: 0, applicable: 0 } }
            : {}),
          surveys: (surveys.get(c.n) ?? []).map((answers) => ({ answers })),
        }));
      const check = async () => {
        for (const by of ['agent', 'call-type', 'all'] as const)
          for (const period of ['day', 'week', 'all'] as const)
            for (const asOf of ['2026-03-12T05:30:00.000Z', '2026-03-30T00:00:00.000Z']) {
              const q = {
                from: '2026-03-02T00:00:00.000Z',
                to: '2026-03-09T00:00:00.000Z',
                by,
                period,
                asOf,
              };
              const rolled = await store.metrics.sums(actor(t, ['admin']), t, q);
              const scanned = await store.metrics.sums(actor(t, ['admin']), t, {
                ...q,
                to: '2026-03-08T23:59:59.999Z',
              });
              expect(rolled).toEqual(scanned);
              const mine = rolled.map((r) => ({
                key: r.key,
                period: r.period,
                metrics: finishMetrics(r.sums, []),
              }));
              expect({ by, period, asOf, rows: mine }).toEqual({
                by,
                period,
                asOf,
                rows: contactCenterMetrics(facts(), q, { asOf }),
              });
            }
      };
      await steps(40);
      await check();
      await steps(40);
      await check();
      // The rebuild of days marked dirty (migration 12, bulk loads) lands on the same cells.
      await store.driver.run('DELETE FROM metric_cells WHERE tenant_id = ?', [t]);
      for (let d = 2; d <= 8; d++) await markDirty(store.driver, t, [`2026-03-0${d}`]);
      await check();
    });

    it('drops a purged call from FCR in the day cells as in the scan', async () => {
      const t = await seeded();
      const sup = actor(t, ['supervisor']);
      const before = await store.metrics.sums(sup, t, query);
      expect(finishMetrics(before.find((r) => r.key === 'agent-a')!.sums, []).fcr).toMatchObject({
        numerator: 1,
        denominator: 2,
      });
      // Retention removes the person from every call: none is FCR-eligible any more.
      const report = await store.retention.purge(system(t), t, new Date('2040-01-01T00:00:00Z'));
      expect(report.purged.length).toBe(CALLS.length);
      const rolled = await store.metrics.sums(sup, t, query);
      expect(finishMetrics(rolled.find((r) => r.key === 'agent-a')!.sums, []).fcr).toEqual({
        value: null,
        numerator: 0,
        denominator: 0,
        missing: 2,
      });
      expect(rolled).toEqual(await store.metrics.sums(sup, t, { ...query, to: '2026-03-07T23:59:59.999Z' }));
    });

    it('refuses agents and other tenants', async () => {
      const t = await seeded();
      await expectCode(store.metrics.sums(actor(t, ['agent']), t, query), 'ACCESS.DENIED');
      const other = await s.newTenant();
      await expectCode(store.metrics.sums(actor(other, ['admin']), t, query), 'STORE.NOT_FOUND');
    });
  });

  describe('surveys', () => {
    it('ties answers to the interaction and refuses an unknown one', async () => {
      const t = await seeded();
      const list = await store.surveys.listForInteraction(actor(t, ['supervisor']), t, 'int-1');
      expect(list.map((r) => r.id)).toEqual(['sv-1']);
      await expectCode(
        store.surveys.save(system(t), t, {
          id: 'sv-x',
          interaction: { platform: 'five9', externalId: 'nope' },
          source: 'five9',
          submittedAt: '2026-03-02T11:00:00.000Z',
          answers: [{ questionId: 'q', kind: 'csat', value: 5 }],
        }),
        'STORE.NOT_FOUND',
      );
    });

    it('uses a link once', async () => {
      const t = await seeded();
      await store.surveys.recordLink(actor(t, ['admin']), t, {
        nonce: 'n-1',
        interactionId: 'int-2',
        expiresAt: '2026-03-10T00:00:00.000Z',
      });
      const answer = (id: string) => ({
        id,
        interaction: { platform: 'teachback' as const, externalId: 'int-2' },
        source: 'teachback' as const,
        submittedAt: '2026-03-04T10:00:00.000Z',
        answers: [{ questionId: 'recommend', kind: 'nps' as const, value: 3 }],
      });
      expect(await store.surveys.linkState(t, 'n-1')).toBe('ok');
      expect(await store.surveys.redeemLink(t, 'n-1', answer('a1'))).toBe('ok');
      expect(await store.surveys.redeemLink(t, 'n-1', answer('a2'))).toBe('used');
      expect(await store.surveys.redeemLink(t, 'n-2', answer('a3'))).toBe('unknown');
      const list = await store.surveys.listForInteraction(actor(t, ['supervisor']), t, 'int-2');
      expect(list.map((r) => r.id)).toEqual(['a1']);
    });
  });

  describe('follow-ups', () => {
    it('settles promises: kept by a later contact in time, missed otherwise, done by hand', async () => {
      const t = await seeded();
      const promise = (id: string, dueAt: string) => ({
        id,
        interactionId: 'int-1',
        owner: 'agent' as const,
        text: "I'll call you back with the pharmacy's answer",
        dueAt,
        madeAt: '2026-03-02T10:05:00.000Z',
      });
      await store.followUps.save(system(t), t, promise('f-late', '2026-03-03T10:00:00.000Z'));
      await store.followUps.save(system(t), t, promise('f-kept', '2026-03-05T10:00:00.000Z'));
      await store.followUps.save(system(t), t, promise('f-done', '2026-03-03T09:00:00.000Z'));
      await store.followUps.markDone(actor(t, ['agent'], { agentIds: ['agent-a'] }), t, 'f-done');
      const changed = await store.followUps.settle(system(t), t, '2026-03-06T00:00:00.000Z');
      expect(changed.map((c) => [c.id, c.status, c.keptBy])).toEqual([
        ['f-late', 'missed', null],
        ['f-kept', 'kept', 'int-2'],
      ]);
      const mine = await store.followUps.list(actor(t, ['agent'], { agentIds: ['agent-a'] }), t, {
        status: 'missed',
      });
      expect(mine.map((m) => [m.id, m.text])).toEqual([
        ['f-late', "I'll call you back with the pharmacy's answer"],
      ]);
      expect(await store.followUps.list(actor(t, ['agent'], { agentIds: ['agent-z'] }), t)).toEqual([]);
      // Saving the same promise again does not reopen it.
      expect(
        (await store.followUps.save(system(t), t, promise('f-late', '2026-03-03T10:00:00.000Z'))).status,
      ).toBe('missed');
    });
  });
}
