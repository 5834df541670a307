import type { AccessContext, Dashboard, DashboardQuery, GroupRow, InteractionRecord } from '@teachback/core';
import { callDailyBackfill, criterionWeeksBackfill } from '../sql/call-rollups';
import type { Row } from '../sql/driver';
import type { SqlStore } from '../sql/sql-store';
import { actor, call, system, type ContractScope } from './harness';

/**
 * The daily call roll-up (call_daily) against a plain scan of the calls: random batch and single
 * saves, re-scores, moves to another day / team / agent / queue, dispute overrides and a retention
 * purge, each followed by the dashboards of several periods and scopes computed both ways.
 */
export function reviewRollupsContract(s: ContractScope): void {
  let store: SqlStore;
  beforeAll(() => {
    store = s.store();
  });

  interface Spec {
    n: number;
    agent: string;
    team: string | undefined;
    queue: string | undefined;
    startedAt: string;
    score: number | undefined;
    needsReview: boolean;
    escalations: number;
  }

  /** mulberry32: a fixed seed, so a failure reproduces. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const AGENTS = ['agent-a', 'agent-b', 'agent-c', 'agent-d'];
  const TEAMS = ['north', 'south', undefined];
  const QUEUES = ['Billing', 'Refills', undefined];

  function spec(rnd: () => number, n: number): Spec {
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    // Mostly March 2026 (at any minute of ten days), some in 2015 for the retention purge.
    const old = rnd() < 0.1;
    const day = 1 + Math.floor(rnd() * 10);
    const minute = Math.floor(rnd() * 1440);
    const at = new Date(Date.UTC(old ? 2015 : 2026, old ? 0 : 2, day, 0, minute)).toISOString();
    return {
      n,
      agent: pick(AGENTS),
      team: pick(TEAMS),
      queue: pick(QUEUES),
      startedAt: at,
      score: rnd() < 0.15 ? undefined : Math.floor(rnd() * 101),
      needsReview: rnd() < 0.3,
      escalations: Math.floor(rnd() * 3),
    };
  }

  function record(sp: Spec): InteractionRecord {
    const r = call(sp.n, { agent: sp.agent, startedAt: sp.startedAt, score: sp.score ?? 50 });
    const base = r.escalations![0]!;
    return {
      ...r,
      ...(sp.team ? { teamId: sp.team } : {}),
      interaction: { ...r.interaction, queue: sp.queue ? { name: sp.queue } : undefined },
      scorecard: sp.score === undefined ? undefined : { ...r.scorecard!, needsReview: sp.needsReview },
      escalations:
        sp.score === undefined
          ? []
          : Array.from({ length: sp.escalations }, (_, i) => ({ ...base, utterance: i, startMs: i * 1000 })),
      coaching: sp.score === undefined ? [] : r.coaching,
    };
  }

  /** The calls as stored, read plainly: the reference the roll-up must agree with. */
  async function scan(t: string): Promise<Row[]> {
    return store.driver.all(
      'SELECT occurred_at, team_id, primary_agent_id, queue_name, score, compliant, needs_review, escalation_count FROM interactions WHERE tenant_id = ?',
      [t],
    );
  }

  /** The criterion rows as stored, read plainly: the reference criterion_daily must agree with. */
  async function scanCriteria(t: string): Promise<Row[]> {
    return store.driver.all(
      "SELECT criterion_id, category, status, occurred_at, team_id, primary_agent_id FROM interaction_criteria WHERE tenant_id = ? AND status IN ('met', 'missed')",
      [t],
    );
  }

  /** Per criterion, whole UTC days from `from`'s day to the last day [from, to) touches. */
  function expectedCriteria(rows: Row[], ctx: AccessContext, q: DashboardQuery) {
    const first = new Date(q.from).toISOString().slice(0, 10);
    const last = new Date(new Date(q.to).getTime() - 1).toISOString().slice(0, 10);
    const m = new Map<
      string,
      { criterionId: string; category: string; applicable: number; missed: number }
    >();
    for (const r of rows.filter((r) => visible(r, ctx, q))) {
      const day = String(r.occurred_at).slice(0, 10);
      if (day < first || day > last) continue;
      const k = `${String(r.criterion_id)}|${String(r.category)}`;
      const e = m.get(k) ?? {
        criterionId: String(r.criterion_id),
        category: String(r.category),
        applicable: 0,
        missed: 0,
      };
      e.applicable += 1;
      if (r.status === 'missed') e.missed += 1;
      m.set(k, e);
    }
    return [...m.values()]
      .map((e) => ({ ...e, missRate: e.missed / e.applicable }))
      .sort(
        (a, b) =>
          b.missRate - a.missRate || b.missed - a.missed || a.criterionId.localeCompare(b.criterionId),
      );
  }

  /** Within the caller's scope and the dashboard's team / agent narrowing. */
  function visible(r: Row, ctx: AccessContext, q: DashboardQuery): boolean {
    const { teamIds, agentIds, id, roles } = ctx.actor;
    if (roles.includes('agent') && ![id, ...agentIds].includes(String(r.primary_agent_id))) return false;
    if (roles.includes('supervisor') && !teamIds.includes(String(r.team_id))) return false;
    if (q.teamId && r.team_id !== q.teamId) return false;
    if (q.agentId && r.primary_agent_id !== q.agentId) return false;
    return true;
  }

  interface Acc {
    calls: number;
    scored: number;
    compliant: number;
    scoreSum: number;
    esc: number;
  }
  const acc = (m: Map<string, Acc>, k: string, r: Row) => {
    const a = m.get(k) ?? { calls: 0, scored: 0, compliant: 0, scoreSum: 0, esc: 0 };
    a.calls += 1;
    if (r.score !== null) {
      a.scored += 1;
      a.scoreSum += Number(r.score);
    }
    if (Number(r.compliant) === 1) a.compliant += 1;
    a.esc += Number(r.escalation_count);
    m.set(k, a);
  };
  const avg = (a: Acc) => (a.scored === 0 ? null : Math.round((a.scoreSum / a.scored) * 10) / 10);
  const rate = (a: Acc) => (a.scored === 0 ? null : a.compliant / a.scored);
  const groups = (m: Map<string, Acc>): GroupRow[] =>
    [...m]
      .map(([key, a]) => ({ key, calls: a.calls, complianceRate: rate(a), averageScore: avg(a) }))
      .sort((x, y) => (x.averageScore ?? 101) - (y.averageScore ?? 101) || x.key.localeCompare(y.key))
      .slice(0, 50);
  const monday = (day: string) => {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return d.toISOString().slice(0, 10);
  };

  /** The dashboard's call figures computed from the scan, as the store must answer them. */
  function expected(rows: Row[], ctx: AccessContext, q: DashboardQuery) {
    const seen = rows.filter((r) => visible(r, ctx, q) && (!q.queue || r.queue_name === q.queue));
    const from = new Date(q.from).toISOString();
    const to = new Date(q.to).toISOString();
    const inPeriod = seen.filter((r) => String(r.occurred_at) >= from && String(r.occurred_at) < to);
    const buckets = new Map<string, Acc>();
    const agents = new Map<string, Acc>();
    const teams = new Map<string, Acc>();
    const queues = new Map<string, Acc>();
    for (const r of inPeriod) {
      const day = String(r.occurred_at).slice(0, 10);
      acc(buckets, q.bucket === 'week' ? monday(day) : day, r);
      if (r.primary_agent_id !== null) acc(agents, String(r.primary_agent_id), r);
      if (r.team_id !== null) acc(teams, String(r.team_id), r);
      if (r.queue_name !== null) acc(queues, String(r.queue_name), r);
    }
    return {
      trend: [...buckets]
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([bucket, a]) => ({
          bucket,
          calls: a.calls,
          scored: a.scored,
          complianceRate: rate(a),
          averageScore: avg(a),
          escalations: a.esc,
        })),
      byAgent: groups(agents),
      byTeam: groups(teams),
      byQueue: groups(queues),
      needsReviewBacklog: seen.filter((r) => Number(r.needs_review) === 1).length,
    };
  }

  const pick = (d: Dashboard) => ({
    trend: d.trend,
    byAgent: d.byAgent,
    byTeam: d.byTeam,
    byQueue: d.byQueue,
    needsReviewBacklog: d.needsReviewBacklog,
  });

  /** Every period and scope below, roll-up answer against the scan. */
  async function agree(t: string, label: string): Promise<void> {
    const rows = await scan(t);
    const criteria = await scanCriteria(t);
    const people: AccessContext[] = [
      system(t),
      actor(t, ['supervisor'], { id: 'sam', teamIds: ['north'] }),
      actor(t, ['agent'], { id: 'avery', agentIds: ['agent-b'] }),
    ];
    const periods: DashboardQuery[] = [
      { from: '2014-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' },
      { from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z', bucket: 'week' },
      // Whole ISO weeks (week cells) with whole days before and after them (day cells).
      { from: '2026-02-27T00:00:00Z', to: '2026-03-12T00:00:00Z' },
      { from: '2026-02-26T20:00:00Z', to: '2026-03-16T00:00:00Z', bucket: 'week' },
      // Partial days at both ends, in another offset.
      { from: '2026-03-03T13:30:00Z', to: '2026-03-08T07:15:00+02:00' },
      // Within one day.
      { from: '2026-03-04T05:00:00Z', to: '2026-03-04T18:00:00Z' },
      { from: '2026-03-01T00:00:00Z', to: '2026-03-11T00:00:00Z', queue: 'Billing' },
      { from: '2026-03-01T00:00:00Z', to: '2026-03-11T00:00:00Z', teamId: 'south', agentId: 'agent-c' },
      { from: '2026-03-05T00:00:00Z', to: '2026-03-05T00:00:00Z' },
    ];
    for (const ctx of people)
      for (const q of periods) {
        const dash = await store.reviews.dashboard(ctx, t, q);
        expect({ label, who: ctx.actor.id, q, ...pick(dash) }).toEqual({
          label,
          who: ctx.actor.id,
          q,
          ...expected(rows, ctx, q),
        });
        // With a queue the store counts the criterion rows themselves (no queue in the roll-up).
        if (!q.queue)
          expect({ label, who: ctx.actor.id, q, criteria: dash.criteria }).toEqual({
            label,
            who: ctx.actor.id,
            q,
            criteria: expectedCriteria(criteria, ctx, q),
          });
      }
  }

  const CALL_TYPES = ['prescription-refill', 'scheduling', 'billing-question', undefined];
  const STATUSES = ['met', 'missed', 'not_applicable'] as const;

  /** A call with a call type and three criteria (one per category) of random statuses. */
  function indexedRecord(rnd: () => number, n: number): InteractionRecord {
    const sp = spec(rnd, n);
    const r = record(sp);
    const callType = CALL_TYPES[Math.floor(rnd() * CALL_TYPES.length)];
    const status = () => STATUSES[Math.floor(rnd() * STATUSES.length)]!;
    const base = call(n).scorecard!.findings[0]!;
    const findings = [
      { ...base, status: status() },
      {
        ...base,
        criterionId: 'offer-callback',
        title: 'Offer a callback',
        category: 'adherence' as const,
        status: status(),
      },
      {
        ...base,
        criterionId: 'empathy',
        title: 'Show empathy',
        category: 'soft-skill' as const,
        status: status(),
      },
    ];
    return {
      ...r,
      interaction: { ...r.interaction, ...(callType ? { callType } : {}) },
      ...(r.scorecard ? { scorecard: { ...r.scorecard, findings } } : {}),
    };
  }

  describe('reviews: daily call roll-up', () => {
    it('indexes calls saved with saveMany as one save per call does: call-list filters and dashboards agree', async () => {
      const rnd = random(29);
      const population = Array.from({ length: 150 }, (_, i) => indexedRecord(rnd, i + 1));
      const batched = await s.newTenant();
      const single = await s.newTenant();
      const saved = await store.interactions.saveMany(system(batched), batched, population);
      expect(saved.every((r) => 'outcome' in r && r.outcome === 'created')).toBe(true);
      for (const rec of population) await store.interactions.save(system(single), single, rec);

      const who = (t: string): AccessContext[] => [
        system(t),
        actor(t, ['supervisor'], { id: 'sam', teamIds: ['north'] }),
        actor(t, ['agent'], { id: 'avery', agentIds: ['agent-b'] }),
      ];
      const filters = [
        { criterionMissed: 'verify-identity' },
        { criterionMissed: 'offer-callback' },
        { criterionMissed: 'empathy', compliant: false },
        { callType: 'scheduling' },
        { callType: 'prescription-refill', criterionMissed: 'offer-callback' },
        { callType: 'billing-question', from: '2026-03-03T00:00:00Z', to: '2026-03-08T00:00:00Z' },
      ];
      const ids = async (ctx: AccessContext, t: string, f: (typeof filters)[number]) => {
        const out: string[] = [];
        for (let offset: number | null = 0; offset !== null;) {
          const page = await store.reviews.searchCalls(ctx, t, f, { limit: 50, offset });
          out.push(...page.items.map((c) => c.id));
          offset = page.next;
        }
        return out;
      };
      const people = who(single).map((ctx, k) => [ctx, who(batched)[k]!] as const);
      for (const [one, many] of people)
        for (const f of filters) {
          const expected = await ids(one, single, f);
          // Each filter of the whole tenant matches some calls: equality below is not of two empties.
          if (one.actor.kind === 'system') expect({ f, n: expected.length > 0 }).toEqual({ f, n: true });
          expect({ who: one.actor.id, f, ids: await ids(many, batched, f) }).toEqual({
            who: one.actor.id,
            f,
            ids: expected,
          });
        }

      const periods: DashboardQuery[] = [
        { from: '2014-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' },
        { from: '2026-02-26T20:00:00Z', to: '2026-03-16T00:00:00Z', bucket: 'week' },
        { from: '2026-03-03T13:30:00Z', to: '2026-03-08T07:15:00+02:00' },
        { from: '2026-03-01T00:00:00Z', to: '2026-03-11T00:00:00Z', queue: 'Billing' },
      ];
      for (const [one, many] of people)
        for (const q of periods) {
          const expected = await store.reviews.dashboard(one, single, q);
          if (one.actor.kind === 'system') expect(expected.criteria.length).toBeGreaterThan(0);
          expect({ who: one.actor.id, q, ...(await store.reviews.dashboard(many, batched, q)) }).toEqual({
            who: one.actor.id,
            q,
            ...expected,
          });
        }
    });

    it('answers the dashboards as a plain scan does, through saves, re-scores, moves, overrides and purges', async () => {
      const t = await s.newTenant();
      const ctx = system(t);
      const rnd = random(17);
      const specs = new Map<number, Spec>();
      const put = (sp: Spec) => {
        specs.set(sp.n, sp);
        return record(sp);
      };

      // A batch of new calls (the bulk path), then single saves.
      const batch = Array.from({ length: 40 }, (_, i) => put(spec(rnd, i + 1)));
      const saved = await store.interactions.saveMany(ctx, t, batch);
      expect(saved.every((r) => 'outcome' in r && r.outcome === 'created')).toBe(true);
      for (let n = 41; n <= 60; n++) await store.interactions.save(ctx, t, put(spec(rnd, n)));
      await agree(t, 'new calls');

      // Re-scores (a new scorecard, or a first one), moves (the call itself changed), replays.
      for (let n = 1; n <= 60; n++) {
        const was = specs.get(n)!;
        const roll = rnd();
        if (roll < 0.35) {
          const next = spec(rnd, n);
          await store.interactions.save(
            ctx,
            t,
            put({
              ...was,
              score: next.score ?? 77,
              needsReview: next.needsReview,
              escalations: next.escalations,
            }),
          );
        } else if (roll < 0.6) {
          const next = spec(rnd, n);
          await store.interactions.save(ctx, t, put({ ...next, score: was.score }));
        } else if (roll < 0.7) {
          expect((await store.interactions.save(ctx, t, record(was))).outcome).toBe('unchanged');
        }
      }
      await agree(t, 're-scores and moves');

      // A batch mixing updates (taking the per-record path inside it) and new calls.
      const mixed = [
        ...[3, 8, 13].map((n) => put({ ...specs.get(n)!, score: 12, escalations: 2, needsReview: true })),
        ...Array.from({ length: 5 }, (_, i) => put(spec(rnd, 61 + i))),
      ];
      await store.interactions.saveMany(ctx, t, mixed);
      await agree(t, 'mixed batch');

      // Overrides after disputes: a new score version, written by the review path.
      const sup = actor(t, ['supervisor'], { id: 'sam', teamIds: ['north', 'south'] });
      const disputable = [...specs.values()].filter((sp) => sp.team && sp.score !== undefined).slice(0, 4);
      expect(disputable.length).toBeGreaterThan(0);
      for (const sp of disputable) {
        const agent = actor(t, ['agent'], { id: `user-${sp.agent}`, agentIds: [sp.agent] });
        const d = await store.reviews.raiseDispute(agent, t, {
          interactionId: `int-${sp.n}`,
          criterionId: 'verify-identity',
          requestedStatus: sp.score! >= 80 ? 'missed' : 'met',
          reason: 'The recording shows otherwise',
        });
        await store.reviews.decideDispute(sup, t, d.id, { decision: 'accepted' });
      }
      await agree(t, 'overrides');

      // A retention purge keeps the rows and their scores: the dashboards do not move.
      const purged = await store.retention.purge(ctx, t, new Date('2026-06-01T00:00:00Z'));
      expect(purged.purged.length).toBeGreaterThan(0);
      await agree(t, 'purge');

      // What all those writes kept equals what migration 11's backfill builds from the calls (and,
      // for criterion_daily's week cells, from its day cells).
      const cells = () =>
        store.driver.all(
          'SELECT day, team_id, agent_id, queue_name, calls, scored, compliant, score_sum, escalations, needs_review FROM call_daily WHERE tenant_id = ? AND calls <> 0 ORDER BY day, team_id, agent_id, queue_name',
          [t],
        );
      const kept = await cells();
      expect(kept.some((c) => String(c.day).startsWith('W'))).toBe(true);
      await store.driver.transaction(async (tx) => {
        await tx.run('DELETE FROM call_daily WHERE tenant_id = ?', [t]);
        for (const stmt of callDailyBackfill(store.driver.kind, true)) await tx.run(stmt, [t]);
      });
      expect(await cells()).toEqual(kept);
      const criterionCells = () =>
        store.driver.all(
          'SELECT day, team_id, agent_id, criterion_id, category, applicable, missed FROM criterion_daily WHERE tenant_id = ? AND applicable <> 0 ORDER BY day, team_id, agent_id, criterion_id, category',
          [t],
        );
      const keptCriteria = await criterionCells();
      expect(keptCriteria.some((c) => String(c.day).startsWith('W'))).toBe(true);
      await store.driver.transaction(async (tx) => {
        await tx.run("DELETE FROM criterion_daily WHERE tenant_id = ? AND day LIKE 'W%'", [t]);
        await tx.run(criterionWeeksBackfill(store.driver.kind, true), [t]);
      });
      expect(await criterionCells()).toEqual(keptCriteria);
    });
  });
}
