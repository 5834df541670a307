import { z } from 'zod';
import {
  CalibrationInput,
  CallSearch,
  CallSort,
  DashboardQuery,
  DisputeDecision,
  DisputeInput,
  SavedViewInput,
  TeachbackError,
  grantedScope,
  type AccessContext,
  type InteractionSummary,
} from '@teachback/core';
import { Id, IdParams, listOf, route, type RouteDeps, type RouteSpec } from './route';

/** Rows per CSV export: enough for a month of a team's calls; more is a job for a report. */
export const EXPORT_LIMIT = 10_000;

const SearchBody = z.strictObject({
  filter: CallSearch.default({}),
  sort: CallSort.optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});

const CSV_COLUMNS: Array<[string, (s: InteractionSummary) => unknown]> = [
  ['interaction_id', (s) => s.id],
  ['occurred_at', (s) => s.occurredAt],
  ['platform', (s) => s.platform],
  ['channel', (s) => s.channel],
  ['agents', (s) => s.agentIds.join(' ')],
  ['team', (s) => s.teamId],
  ['queue', (s) => s.queueName],
  ['score', (s) => s.score],
  ['compliant', (s) => s.compliant],
  ['needs_review', (s) => s.needsReview],
  ['escalations', (s) => s.escalationCount],
  ['playbook', (s) => s.playbookId],
];

/** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function auditExport(deps: RouteDeps, ctx: AccessContext, tenantId: string, count: number) {
  await deps.store.audit.append({
    tenantId,
    actorId: `${ctx.actor.kind}:${ctx.actor.id}`,
    action: 'phi.export',
    resourceType: 'interaction',
    outcome: 'success',
    source: ctx.source ?? null,
    details: { view: 'calls', rows: count, format: 'csv' },
  });
}

/**
 * The web app's review side (issue 17): who am I, the call list with its filters (in request
 * bodies, so nothing a filter holds ends up in a URL or an access log), CSV export, saved views,
 * disputes and overrides, blind calibration, dashboards, and one recording for the player.
 */
export const REVIEW_ROUTES: RouteSpec[] = [
  route({
    method: 'get',
    path: '/v1/me',
    summary:
      'The signed-in user: id, display name, roles, teams and platform agent ids (what the web app shows)',
    tag: 'session',
    handler: async ({ ctx, tenantId }, { store }) => {
      const a = ctx.actor;
      let displayName = a.id;
      // The display name comes from the user record for roles that may read users; an agent,
      // who may not, sees their user id (the policy has no "read yourself" grant to lean on).
      if (a.kind === 'user' && grantedScope(a, 'read', 'user'))
        displayName = (await store.tenants.readUser(ctx, tenantId, a.id)).displayName;
      return {
        userId: a.id,
        tenantId,
        kind: a.kind,
        displayName,
        roles: [...a.roles],
        teamIds: [...a.teamIds],
        agentIds: [...a.agentIds],
      };
    },
  }),
  route({
    method: 'post',
    path: '/v1/calls/search',
    summary:
      'The call list: filters (date range, agent, team, queue, channel, platform, call type, score range, compliant, criterion missed, escalation, needs review, disputed), sort, offset paging; an agent gets their own calls only',
    tag: 'review',
    body: SearchBody,
    handler: ({ ctx, tenantId, body }, { store }) =>
      store.reviews.searchCalls(ctx, tenantId, body.filter, {
        limit: body.limit,
        offset: body.offset,
        ...(body.sort ? { sort: body.sort } : {}),
      }),
  }),
  route({
    method: 'post',
    path: '/v1/calls/export',
    summary: `The call list as CSV (at most ${EXPORT_LIMIT} rows, no patient data); the export is audited`,
    tag: 'review',
    body: SearchBody.omit({ limit: true, offset: true }),
    handler: async ({ ctx, tenantId, body }, deps) => {
      if (!grantedScope(ctx.actor, 'export', 'interaction')) {
        await deps.store.audit.append({
          tenantId,
          actorId: `${ctx.actor.kind}:${ctx.actor.id}`,
          action: 'access.denied',
          resourceType: 'interaction',
          outcome: 'denied',
          source: ctx.source ?? null,
          details: { action: 'export', reason: 'no-grant' },
        });
        throw new TeachbackError('ACCESS.DENIED', 'not allowed to export interaction');
      }
      const rows: InteractionSummary[] = [];
      let offset: number | null = 0;
      while (offset !== null && rows.length < EXPORT_LIMIT) {
        const page: { items: InteractionSummary[]; next: number | null } =
          await deps.store.reviews.searchCalls(ctx, tenantId, body.filter, {
            limit: 200,
            offset,
            ...(body.sort ? { sort: body.sort } : {}),
          });
        rows.push(...page.items);
        offset = page.next;
      }
      const kept = rows.slice(0, EXPORT_LIMIT);
      await auditExport(deps, ctx, tenantId, kept.length);
      const csv = [
        CSV_COLUMNS.map(([h]) => h).join(','),
        ...kept.map((s) => CSV_COLUMNS.map(([, get]) => csvCell(get(s))).join(',')),
      ].join('\r\n');
      return {
        fileName: `teachback-calls-${new Date().toISOString().slice(0, 10)}.csv`,
        rows: kept.length,
        csv,
      };
    },
  }),
  route({
    method: 'get',
    path: '/v1/calls/views',
    summary: "The caller's saved call-list views",
    tag: 'review',
    handler: async ({ ctx, tenantId }, { store }) => listOf(await store.reviews.listViews(ctx, tenantId)),
  }),
  route({
    method: 'post',
    path: '/v1/calls/views',
    summary: 'Save the current filters and sort as a named view (the caller’s own)',
    tag: 'review',
    status: 201,
    body: SavedViewInput,
    handler: ({ ctx, tenantId, body }, { store }) => store.reviews.saveView(ctx, tenantId, body),
  }),
  route({
    method: 'post',
    path: '/v1/disputes',
    summary: 'Dispute a finding (an agent on their own call): the status it should have and why',
    tag: 'review',
    status: 201,
    body: DisputeInput,
    handler: ({ ctx, tenantId, body }, { store }) => store.reviews.raiseDispute(ctx, tenantId, body),
  }),
  route({
    method: 'get',
    path: '/v1/disputes',
    summary: 'Disputes the caller may see (their own calls, their teams, or all), newest first',
    tag: 'review',
    query: z.strictObject({
      interactionId: Id.optional(),
      status: z.enum(['open', 'accepted', 'rejected']).optional(),
    }),
    handler: async ({ ctx, tenantId, query }, { store }) =>
      listOf(await store.reviews.listDisputes(ctx, tenantId, query)),
  }),
  route({
    method: 'post',
    path: '/v1/disputes/:id/decision',
    summary:
      'Accept (the finding is overridden, the score recomputed as a new scorecard version beside the machine one) or reject a dispute; both audited',
    tag: 'review',
    params: IdParams,
    body: DisputeDecision,
    handler: ({ ctx, tenantId, params, body }, { store }) =>
      store.reviews.decideDispute(ctx, tenantId, params.id, body),
  }),
  route({
    method: 'get',
    path: '/v1/interactions/:id/calibration',
    summary:
      'Calibration of a call: blind (a count of reviewers) until the caller has scored it, then agreement per criterion',
    tag: 'review',
    params: IdParams,
    handler: ({ ctx, tenantId, params }, { store }) =>
      store.reviews.readCalibration(ctx, tenantId, params.id),
  }),
  route({
    method: 'put',
    path: '/v1/interactions/:id/calibration',
    summary: "Submit (or replace) the caller's blind score of each criterion of a call",
    tag: 'review',
    params: IdParams,
    body: CalibrationInput,
    handler: ({ ctx, tenantId, params, body }, { store }) =>
      store.reviews.submitCalibration(ctx, tenantId, params.id, body),
  }),
  route({
    method: 'get',
    path: '/v1/dashboard',
    summary:
      'Compliance rate and score over time, per agent / team / queue, per criterion (worst first), playbook adherence, needs-review backlog, open disputes, machine-vs-human agreement',
    tag: 'review',
    query: z.strictObject({
      from: DashboardQuery.shape.from,
      to: DashboardQuery.shape.to,
      bucket: z.enum(['day', 'week']).optional(),
      teamId: Id.optional(),
      agentId: Id.optional(),
      queue: Id.optional(),
    }),
    handler: ({ ctx, tenantId, query }, { store }) => store.reviews.dashboard(ctx, tenantId, query),
  }),
  route({
    method: 'get',
    path: '/v1/interactions/:id/recordings/:recordingId',
    summary: 'One recording with its URI, for the player (audited as a recording read)',
    tag: 'review',
    params: z.strictObject({ id: Id, recordingId: Id }),
    handler: ({ ctx, tenantId, params }, { store }) =>
      store.interactions.readRecording(ctx, tenantId, params.id, params.recordingId),
  }),
];
