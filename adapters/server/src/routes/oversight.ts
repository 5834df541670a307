import { z } from 'zod';
import {
  AuditSearch,
  EscalationReviewInput,
  EscalationSeverity,
  EscalationStateParam,
  EscalationType,
  RetentionSettings,
  grantedScope,
  type AccessContext,
  type Action,
  type AuditRecord,
  type ResourceType,
} from '@teachback/core';
import { authorize, BoolParam, Id, IdParams, listOf, route, type RouteDeps, type RouteSpec } from './route';

/*
 * Supervisors' escalation queue and the compliance officer's screens: audit trail, access
 * anomalies, chain verification, retention and legal holds, deactivations. Patient lookups go
 * in POST bodies so identifiers never reach a URL or an access log.
 */

/**
 * The queue and reviews are team tools: a grant that covers only the caller's own calls (agents)
 * is refused here, audited like any denial, even though the store would scope it.
 */
export async function requireTeamScope(
  deps: RouteDeps,
  ctx: AccessContext,
  action: Action,
  type: ResourceType,
  tenantId: string,
): Promise<void> {
  const scope = grantedScope(ctx.actor, action, type);
  if (ctx.actor.active && (scope === 'team' || scope === 'tenant')) return;
  await authorize(deps, ctx, action, type, tenantId);
}

const Whole = (max: number, what: string) =>
  z
    .string()
    .regex(/^-?\d{1,6}$/, what)
    .transform(Number)
    .pipe(z.number().int().min(-max).max(max));
const OffsetParam = z
  .string()
  .regex(/^\d{1,9}$/, 'a whole number, 0 or more')
  .transform(Number);
const Limit = z
  .string()
  .regex(/^\d{1,3}$/, 'a whole number from 1 to 500')
  .transform(Number)
  .pipe(z.number().int().min(1, 'at least 1').max(500, 'at most 500'));

const EscalationParams = z.strictObject({
  id: Id,
  index: z
    .string()
    .regex(/^\d{1,4}$/, 'a whole number')
    .transform(Number),
});

/** Spreadsheet programs run cells that start with these; a leading quote keeps them text. */
function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditCsv(items: readonly AuditRecord[]): string {
  const head = [
    'seq',
    'at',
    'actorId',
    'action',
    'resourceType',
    'resourceId',
    'outcome',
    'source',
    'details',
  ];
  const rows = items.map((e) =>
    [e.seq, e.at, e.actorId, e.action, e.resourceType, e.resourceId, e.outcome, e.source, e.details]
      .map(csvCell)
      .join(','),
  );
  return `${[head.join(','), ...rows].join('\r\n')}\r\n`;
}

export const OVERSIGHT_ROUTES: readonly RouteSpec[] = [
  route({
    method: 'get',
    path: '/v1/oversight/escalations',
    summary:
      'The escalation queue: state, routedTo, who acted last and when, reviewed or not; counts by state, type and severity (supervisors: their teams; compliance: the tenant)',
    tag: 'oversight',
    query: z.strictObject({
      state: EscalationStateParam.optional(),
      type: EscalationType.optional(),
      severity: EscalationSeverity.optional(),
      reviewed: BoolParam.optional(),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      limit: Limit.optional(),
      offset: OffsetParam.optional(),
    }),
    handler: async ({ ctx, tenantId, query }, deps) => {
      await requireTeamScope(deps, ctx, 'search', 'escalation', tenantId);
      return deps.store.oversight.escalationQueue(ctx, tenantId, query);
    },
  }),
  route({
    method: 'get',
    path: '/v1/oversight/escalations/:id/:index/review',
    summary: 'The after-the-fact review of one escalation (`review: null` until written)',
    tag: 'oversight',
    params: EscalationParams,
    handler: async ({ ctx, tenantId, params }, deps) => {
      await requireTeamScope(deps, ctx, 'read', 'escalation', tenantId);
      return {
        review: await deps.store.oversight.readEscalationReview(ctx, tenantId, params.id, params.index),
      };
    },
  }),
  route({
    method: 'put',
    path: '/v1/oversight/escalations/:id/:index/review',
    summary:
      'Write the review of one escalation: what happened, was protocol followed (yes, partly, no), lessons',
    tag: 'oversight',
    params: EscalationParams,
    body: EscalationReviewInput,
    handler: async ({ ctx, tenantId, params, body }, deps) => {
      await requireTeamScope(deps, ctx, 'write', 'escalation', tenantId);
      return deps.store.oversight.saveEscalationReview(ctx, tenantId, params.id, params.index, body);
    },
  }),
  route({
    method: 'post',
    path: '/v1/oversight/audit/search',
    summary:
      'The audit trail, newest first: by reader, patient (phone, email, member id, CRM id or contact id; matched by blind index), action, resource type, outcome, time. POST so a patient identifier never sits in a URL',
    tag: 'oversight',
    body: AuditSearch,
    handler: ({ ctx, tenantId, body }, { store }) => store.oversight.searchAudit(ctx, tenantId, body),
  }),
  route({
    method: 'post',
    path: '/v1/oversight/audit/export',
    summary: 'The same search as CSV (audited as an export); at most 5,000 rows per export',
    tag: 'oversight',
    body: AuditSearch,
    handler: async ({ ctx, tenantId, body }, { store }) => {
      const page = await store.oversight.searchAudit(
        ctx,
        tenantId,
        { ...body, limit: body.limit ?? 5000 },
        'export',
      );
      return {
        filename: `audit-${tenantId}-${new Date().toISOString().slice(0, 10)}.csv`,
        contentType: 'text/csv',
        count: page.items.length,
        truncated: page.nextBeforeSeq !== null,
        csv: auditCsv(page.items),
      };
    },
  }),
  route({
    method: 'get',
    path: '/v1/oversight/audit/verify',
    summary: "Walks the tenant's hash chain: ok, events checked, and where it breaks if it does",
    tag: 'oversight',
    handler: ({ ctx, tenantId }, { store }) => store.audit.verify(ctx, tenantId),
  }),
  route({
    method: 'get',
    path: '/v1/oversight/access-anomalies',
    summary:
      'Readers of patient records against their peers (robust z-score of distinct patients), off-hours bulk reads in the tenant’s local time, reads of patients with no call of the reader or their team',
    tag: 'oversight',
    query: z
      .strictObject({
        from: z.iso.datetime({ offset: true }),
        to: z.iso.datetime({ offset: true }),
        startHour: Whole(23, 'an hour, 0 to 23').optional(),
        endHour: Whole(24, 'an hour, 1 to 24').optional(),
        tzOffsetMinutes: Whole(840, 'minutes from UTC, -840 to 840').optional(),
        weekendsOff: BoolParam.optional(),
        bulkThreshold: Whole(100000, 'a whole number of patients').optional(),
      })
      .refine((q) => Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'must be after from' }),
    handler: ({ ctx, tenantId, query }, { store }) => {
      const { startHour, endHour, ...rest } = query;
      return store.oversight.accessAnomalies(ctx, tenantId, {
        ...rest,
        ...(startHour !== undefined || endHour !== undefined
          ? { businessHours: { start: startHour ?? 7, end: endHour ?? 19 } }
          : {}),
      });
    },
  }),
  route({
    method: 'get',
    path: '/v1/oversight/retention',
    summary: 'Retention days, the tenant-wide legal hold, and the interactions held one by one',
    tag: 'oversight',
    handler: async ({ ctx, tenantId }, { store }) => {
      const t = await store.tenants.get(ctx, tenantId);
      return {
        retentionDays: t.retentionDays,
        legalHold: t.legalHold,
        holds: await store.oversight.legalHolds(ctx, tenantId),
      };
    },
  }),
  route({
    method: 'put',
    path: '/v1/oversight/retention',
    summary: 'Change retention days or the tenant-wide legal hold (admins)',
    tag: 'oversight',
    body: RetentionSettings,
    handler: async ({ ctx, tenantId, body }, { store }) => {
      const t = await store.retention.configure(ctx, tenantId, body);
      return { retentionDays: t.retentionDays, legalHold: t.legalHold };
    },
  }),
  route({
    method: 'put',
    path: '/v1/oversight/holds/:id',
    summary: 'Put one interaction under legal hold, or release it (admins)',
    tag: 'oversight',
    status: 204,
    params: IdParams,
    body: z.strictObject({ hold: z.boolean() }),
    handler: async ({ ctx, tenantId, params, body }, { store }) => {
      await store.retention.setHold(ctx, tenantId, params.id, body.hold);
      return undefined;
    },
  }),
  route({
    method: 'get',
    path: '/v1/oversight/deactivations',
    summary: 'Deactivated users and the time their access ended (sessions issued before it are refused)',
    tag: 'oversight',
    handler: async ({ ctx, tenantId }, { store }) =>
      listOf(
        (await store.oversight.deactivations(ctx, tenantId)).map((u) => ({
          id: u.id,
          displayName: u.displayName,
          roles: u.roles,
          deactivatedAt: u.deactivatedAt,
          accessEndedAt: u.validAfter,
        })),
      ),
  }),
];
