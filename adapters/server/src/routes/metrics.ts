import { z } from 'zod';
import {
  buildSummary,
  buildSummaryWithJudge,
  finishMetrics,
  rampTimes,
  TeachbackError,
  type RampResult,
  type RampScore,
  type Judge,
} from '@teachback/core';
import { DEFAULT_METRICS_DEFINITIONS, type MetricsDefinitions } from '@teachback/config';
import { BoolParam, Id, IdParams, listOf, route, type RouteDeps, type RouteSpec } from './route';

/** What the metrics, survey and follow-up routes need beyond the store. */
export interface MetricsRouteOptions {
  /** The tenant's metric definitions (FCR window, funnel, call types, survey link). */
  definitionsFor(tenantId: string): MetricsDefinitions;
  /** The optional LLM judge for summaries; without it summaries are built offline. */
  judge?: Judge | undefined;
  clock?: () => Date;
}

export function metricsOptions(deps: RouteDeps): MetricsRouteOptions {
  return deps.metrics ?? { definitionsFor: () => DEFAULT_METRICS_DEFINITIONS };
}

const Moment = z.union([z.iso.datetime({ offset: true }), z.iso.date()], 'an ISO-8601 date or date-time');
const toIso = (v: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00.000Z` : v).toISOString();
const MAX_RANGE_DAYS = 400;

export const MetricsQuery = z
  .strictObject({
    from: Moment,
    to: Moment,
    by: z.enum(['agent', 'team', 'queue', 'call-type', 'channel', 'all']).default('agent'),
    period: z.enum(['day', 'week', 'all']).default('week'),
  })
  .superRefine((q, ctx) => {
    const span = Date.parse(toIso(q.to)) - Date.parse(toIso(q.from));
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (span > MAX_RANGE_DAYS * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_RANGE_DAYS} days after from` });
  });

const RampQuery = z
  .strictObject({
    from: Moment,
    to: Moment,
    teamId: Id.optional(),
    agentId: Id.optional(),
  })
  .superRefine((q, ctx) => {
    const span = Date.parse(toIso(q.to)) - Date.parse(toIso(q.from));
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (span > MAX_RANGE_DAYS * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_RANGE_DAYS} days after from` });
  });

/** Enough for a 1,000-agent floor's quarter of scored calls; more must be asked per team. */
const MAX_RAMP_INTERACTIONS = 200_000;

/**
 * Ramp time of each agent seen in [from, to): the start is the agent's first interaction in the
 * range (ask from the hire date onward; an agent's start date is the first day Teachback saw them
 * work), scores are the interactions' overall scores, the team median is over the agents in scope.
 * Reads through the access policy: a supervisor sees only their teams' agents.
 */
export async function rampOf(
  store: RouteDeps['store'],
  ctx: Parameters<RouteSpec['handler']>[0]['ctx'],
  tenantId: string,
  q: {
    from: string;
    to: string;
    teamId?: string | undefined;
    agentId?: string | undefined;
    windowDays: number;
  },
): Promise<RampResult[]> {
  const scores: RampScore[] = [];
  const firstDay = new Map<string, string>();
  let cursor: string | undefined;
  let seen = 0;
  do {
    const page = await store.interactions.list(
      ctx,
      tenantId,
      {
        from: q.from,
        to: q.to,
        ...(q.teamId ? { teamId: q.teamId } : {}),
        ...(q.agentId ? { agentId: q.agentId } : {}),
      },
      { limit: 500, ...(cursor ? { cursor } : {}) },
    );
    for (const s of page.items) {
      const day = s.occurredAt.slice(0, 10);
      for (const agentId of s.agentIds) {
        const first = firstDay.get(agentId);
        if (!first || day < first) firstDay.set(agentId, day);
        if (s.score !== null) scores.push({ agentId, day, score: s.score });
      }
    }
    seen += page.items.length;
    if (seen > MAX_RAMP_INTERACTIONS)
      throw new TeachbackError(
        'METRICS.TOO_MANY',
        `more than ${MAX_RAMP_INTERACTIONS} interactions in range: ask per team or a shorter range`,
      );
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const starts = [...firstDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([agentId, startDay]) => ({ agentId, startDay }));
  return rampTimes(starts, scores, { windowDays: q.windowDays });
}

/**
 * Supervisors see their own teams' metrics only: by team, their teams; by agent, the agents on
 * their teams (from the roster). Groupings that mix teams (queue, call type, channel, all) are for
 * admins and QA (compliance), who see the whole tenant.
 */
async function ownTeamsOnly<R extends { key: string | null }>(
  ctx: Parameters<RouteSpec['handler']>[0]['ctx'],
  tenantId: string,
  by: string,
  rows: R[],
  deps: RouteDeps,
): Promise<R[]> {
  const roles: readonly string[] = ctx.actor.roles;
  if (roles.includes('admin') || roles.includes('compliance') || roles.includes('integration')) return rows;
  const teams = new Set(ctx.actor.teamIds);
  if (by === 'team') return rows.filter((r) => r.key !== null && teams.has(r.key));
  if (by === 'agent') {
    const mine = new Set<string>();
    for (const u of await deps.store.tenants.roster(ctx, tenantId))
      if (u.teamIds.some((t) => teams.has(t))) for (const a of [u.id, ...u.agentIds]) mine.add(a);
    return rows.filter((r) => r.key !== null && mine.has(r.key));
  }
  throw new TeachbackError(
    'ACCESS.DENIED',
    `by=${by} mixes teams: a supervisor reads metrics by agent or team (their own teams)`,
  );
}

const FollowUpQuery = z.strictObject({
  status: z.enum(['open', 'done', 'kept', 'missed']).optional(),
  agentId: Id.optional(),
  teamId: Id.optional(),
  overdue: BoolParam.optional(),
});

/** Contact-center metrics, promised follow-ups and call summaries. */
export const METRICS_ROUTES: readonly RouteSpec[] = [
  route({
    method: 'get',
    path: '/v1/metrics',
    summary:
      'Contact-center metrics (FCR, CSAT, NPS, compliance, adherence, conversion, AHT, ASA, abandonment, hold, transfers) by agent, team, queue, call type or channel, per day or week, with the counts behind every rate',
    tag: 'metrics',
    query: MetricsQuery,
    handler: async ({ ctx, tenantId, query }, deps) => {
      const defs = metricsOptions(deps).definitionsFor(tenantId);
      const from = toIso(query.from);
      const to = toIso(query.to);
      const all = await deps.store.metrics.sums(ctx, tenantId, {
        from,
        to,
        by: query.by,
        period: query.period,
        fcrWindowDays: defs.fcrWindowDays,
        funnelStages: defs.funnel.stages,
        dispositionStages: defs.funnel.dispositions,
      });
      const rows = await ownTeamsOnly(ctx, tenantId, query.by, all, deps);
      return {
        from,
        to,
        by: query.by,
        period: query.period,
        fcrWindowDays: defs.fcrWindowDays,
        items: rows.map((r) => ({
          key: r.key,
          period: r.period,
          metrics: finishMetrics(r.sums, defs.funnel.stages),
        })),
        nextCursor: null,
      };
    },
  }),
  route({
    method: 'get',
    path: '/v1/metrics/ramp',
    summary:
      "Ramp time per agent: days from the agent's first interaction until their rolling score reaches the team median, with the daily curve",
    tag: 'metrics',
    query: RampQuery,
    handler: async ({ ctx, tenantId, query }, deps) => {
      const defs = metricsOptions(deps).definitionsFor(tenantId);
      const items = await rampOf(deps.store, ctx, tenantId, {
        from: toIso(query.from),
        to: toIso(query.to),
        teamId: query.teamId,
        agentId: query.agentId,
        windowDays: defs.rampWindowDays,
      });
      return { windowDays: defs.rampWindowDays, items, nextCursor: null };
    },
  }),
  route({
    method: 'get',
    path: '/v1/follow-ups',
    summary:
      'Promised follow-ups (own for agents, team for supervisors); overdue=true lists open ones past due',
    tag: 'follow-ups',
    query: FollowUpQuery,
    handler: async ({ ctx, tenantId, query }, deps) => {
      const now = (metricsOptions(deps).clock ?? (() => new Date()))().toISOString();
      const { overdue, ...rest } = query;
      const filter = {
        ...rest,
        ...(overdue ? { dueBefore: now, status: rest.status ?? ('open' as const) } : {}),
      };
      return listOf(await deps.store.followUps.list(ctx, tenantId, filter));
    },
  }),
  route({
    method: 'post',
    path: '/v1/follow-ups/:id/done',
    summary: 'Marks a promised follow-up as done',
    tag: 'follow-ups',
    params: IdParams,
    handler: ({ ctx, tenantId, params }, deps) => deps.store.followUps.markDone(ctx, tenantId, params.id),
  }),
  route({
    method: 'post',
    path: '/v1/follow-ups/settle',
    summary: 'Settles follow-ups past due: kept by a later contact from the same agent, else missed',
    tag: 'follow-ups',
    handler: async ({ ctx, tenantId }, deps) => {
      const now = (metricsOptions(deps).clock ?? (() => new Date()))().toISOString();
      return listOf(await deps.store.followUps.settle(ctx, tenantId, now));
    },
  }),
  route({
    method: 'get',
    path: '/v1/interactions/:id/summary',
    summary: 'A short summary of the call: reason, what was done, what was promised by whom and by when',
    tag: 'summaries',
    params: IdParams,
    handler: async ({ ctx, tenantId, params }, deps) => summaryOf(ctx, tenantId, params.id, deps),
  }),
  route({
    method: 'post',
    path: '/v1/interactions/:id/follow-ups',
    summary: "Tracks the call summary's promises as follow-up items (idempotent)",
    tag: 'follow-ups',
    params: IdParams,
    status: 201,
    handler: async ({ ctx, tenantId, params }, deps) => {
      const summary = await summaryOf(ctx, tenantId, params.id, deps);
      const items = [];
      for (const p of summary.promised)
        items.push(
          await deps.store.followUps.save(ctx, tenantId, {
            id: p.id,
            interactionId: params.id,
            owner: p.owner,
            text: p.text,
            dueAt: p.dueAt ?? null,
            madeAt: new Date(Date.parse(summary.startedAt) + p.atOffsetMs).toISOString(),
          }),
        );
      return listOf(items);
    },
  }),
];

async function summaryOf(
  ctx: Parameters<RouteSpec['handler']>[0]['ctx'],
  tenantId: string,
  id: string,
  deps: RouteDeps,
) {
  const detail = await deps.store.interactions.get(ctx, tenantId, id);
  const i = detail.interaction;
  if (!i.transcript)
    throw new TeachbackError('SUMMARY.NO_TRANSCRIPT', 'the interaction has no transcript you may read');
  const input = {
    interactionId: i.id,
    startedAt: i.startedAt,
    utterances: i.transcript.utterances,
    callType: i.callType,
  };
  const judge = metricsOptions(deps).judge;
  const summary = judge ? await buildSummaryWithJudge(input, judge) : buildSummary(input);
  return { ...summary, startedAt: i.startedAt ?? detail.summary.occurredAt };
}
