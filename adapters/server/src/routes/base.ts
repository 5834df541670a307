import { z } from 'zod';
import {
  Channel,
  CoachingTask,
  ContactLookup,
  EscalationAction,
  Platform,
  PlaybookVersionTerms,
  type InteractionDetail,
} from '@teachback/core';
import { httpError } from '../errors';
import { compileForScoring, playbookFromInput } from '@teachback/config';
import {
  authorize,
  BoolParam,
  Id,
  IdParams,
  LimitParam,
  listOf,
  route,
  VersionParams,
  type ConnectionOperations,
  type RouteSpec,
} from './route';

const InteractionQuery = z.strictObject({
  agentId: Id.optional(),
  teamId: Id.optional(),
  channel: Channel.optional(),
  platform: Platform.optional(),
  contactId: Id.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  compliant: BoolParam.optional(),
  needsReview: BoolParam.optional(),
  hasEscalation: BoolParam.optional(),
  limit: LimitParam.optional(),
  cursor: z.string().max(500).optional(),
});

function filterAndPage(q: z.output<typeof InteractionQuery>) {
  const { limit, cursor, ...filter } = q;
  const page = { ...(limit !== undefined ? { limit } : {}), ...(cursor !== undefined ? { cursor } : {}) };
  return { filter, page };
}

/** What the Five9 CRM SDK panel polls (adapters/five9/src/crm-sdk/panel.ts `LiveGuidance`): no PHI. */
export function liveGuidance(detail: InteractionDetail | null): {
  score: number | null;
  compliance: 'pass' | 'fail' | 'pending';
  prompts: { id: string; text: string }[];
  missed: { id: string; title: string; category: string }[];
} {
  const card = detail?.scorecard ?? null;
  if (!card) return { score: null, compliance: 'pending', prompts: [], missed: [] };
  const missed = card.findings.filter((f) => f.status === 'missed');
  return {
    score: Math.round(card.score),
    compliance: card.compliant ? 'pass' : 'fail',
    prompts: missed
      .filter((f) => f.category === 'compliance')
      .slice(0, 20)
      .map((f) => ({ id: f.criterionId, text: `Still needed: ${f.title}`.slice(0, 500) })),
    missed: missed
      .slice(0, 50)
      .map((f) => ({ id: f.criterionId, title: f.title.slice(0, 200), category: f.category })),
  };
}

const SourceParams = z.strictObject({ platform: Platform, externalId: Id });
const SyncedPlatformParam = z.enum(['genesys', 'five9', 'salesforce']);
const OffsetParam = z
  .string()
  .regex(/^\d{1,9}$/, 'a whole number, 0 or more')
  .transform(Number);

/** The first API: interactions, scorecards, escalations, coaching, playbooks, sync, connections. */
export const BASE_ROUTES: readonly RouteSpec[] = [
  route({
    method: 'get',
    path: '/v1/interactions',
    summary: 'List interactions the caller may see (no PHI in the summaries)',
    tag: 'interactions',
    query: InteractionQuery,
    handler: ({ ctx, tenantId, query }, { store }) => {
      const { filter, page } = filterAndPage(query);
      return store.interactions.list(ctx, tenantId, filter, page);
    },
  }),
  route({
    method: 'get',
    path: '/v1/interactions/by-source/:platform/:externalId',
    summary:
      'One interaction by its platform id (what embedded widgets know), with scorecard, evidence, escalations and coaching notes',
    tag: 'interactions',
    params: SourceParams,
    handler: async ({ ctx, tenantId, params }, { store }) => {
      const found = await store.interactions.findBySource(ctx, tenantId, params.platform, params.externalId);
      if (!found) throw httpError('STORE.NOT_FOUND', 'interaction not found');
      return store.interactions.get(ctx, tenantId, found.id);
    },
  }),
  route({
    method: 'get',
    path: '/v1/interactions/:id',
    summary: 'One interaction with its scorecard, evidence, escalations and coaching notes',
    tag: 'interactions',
    params: IdParams,
    handler: ({ ctx, tenantId, params }, { store }) => store.interactions.get(ctx, tenantId, params.id),
  }),
  route({
    method: 'get',
    path: '/v1/interactions/:id/scores',
    summary: 'Every scorecard version of an interaction',
    tag: 'interactions',
    params: IdParams,
    handler: async ({ ctx, tenantId, params }, { store }) =>
      listOf(await store.scorecards.history(ctx, tenantId, params.id)),
  }),
  route({
    method: 'get',
    path: '/v1/escalations',
    summary: 'Interactions with at least one escalation (detail has the escalations themselves)',
    tag: 'escalations',
    query: InteractionQuery.omit({ hasEscalation: true }),
    handler: ({ ctx, tenantId, query }, { store }) => {
      const { filter, page } = filterAndPage(query);
      return store.interactions.list(ctx, tenantId, { ...filter, hasEscalation: true }, page);
    },
  }),
  route({
    method: 'post',
    path: '/v1/interactions/:id/escalations/:index/actions',
    summary: 'Record an action on an escalation (acknowledged, routed, resolved, dismissed)',
    tag: 'escalations',
    status: 204,
    params: z.strictObject({
      id: Id,
      index: z
        .string()
        .regex(/^\d{1,4}$/, 'a whole number')
        .transform(Number),
    }),
    body: z
      .strictObject({
        action: EscalationAction.shape.action.exclude(['detected']),
        note: z.string().max(2000).optional(),
        routedTo: z.string().min(1).max(200).optional(),
      })
      .refine((b) => b.routedTo === undefined || b.action === 'routed', {
        path: ['routedTo'],
        message: 'only with action "routed"',
      }),
    handler: async ({ ctx, tenantId, params, body }, { store }) => {
      await store.scorecards.addEscalationAction(ctx, tenantId, params.id, params.index, {
        at: new Date().toISOString(),
        action: body.action,
        by: ctx.actor.id,
        ...(body.note !== undefined ? { note: body.note } : {}),
        ...(body.routedTo !== undefined ? { routedTo: body.routedTo } : {}),
      });
      return undefined;
    },
  }),
  route({
    method: 'get',
    path: '/v1/coaching-tasks',
    summary: 'Coaching tasks the caller may see',
    tag: 'coaching',
    query: z.strictObject({
      assignee: Id.optional(),
      status: CoachingTask.shape.status.unwrap().optional(),
      interactionId: Id.optional(),
    }),
    handler: async ({ ctx, tenantId, query }, { store }) =>
      listOf(await store.coaching.listTasks(ctx, tenantId, query)),
  }),
  route({
    method: 'post',
    path: '/v1/coaching-tasks',
    summary: 'Create or update a coaching task (keyed by id)',
    tag: 'coaching',
    body: CoachingTask,
    handler: ({ ctx, tenantId, body }, { store }) => store.coaching.saveTask(ctx, tenantId, body),
  }),
  route({
    method: 'post',
    path: '/v1/timeline/search',
    summary:
      'A contact’s interactions across platforms. POST, so phone numbers and emails stay out of URLs and logs',
    tag: 'timeline',
    body: z.strictObject({
      contact: ContactLookup,
      limit: z.number().int().min(1).max(500).optional(),
      cursor: z.string().max(500).optional(),
    }),
    handler: ({ ctx, tenantId, body }, { store }) =>
      store.timeline.forContact(ctx, tenantId, body.contact, {
        ...(body.limit !== undefined ? { limit: body.limit } : {}),
        ...(body.cursor !== undefined ? { cursor: body.cursor } : {}),
      }),
  }),
  route({
    method: 'get',
    path: '/v1/sync/status',
    summary: 'Sync progress per platform stream',
    tag: 'sync',
    handler: async ({ ctx, tenantId }, deps) => {
      await authorize(deps, ctx, 'read', 'connection', tenantId);
      if (deps.sync) return deps.sync.status(tenantId);
      const streams = await Promise.all(
        deps.syncStreams.map(async (s) => {
          const cp = await deps.store.sync.readCheckpoint(tenantId, s.platform, s.stream);
          return {
            platform: s.platform,
            stream: s.stream,
            checkpoint: cp?.value ?? null,
            updatedAt: cp?.updatedAt ?? null,
          };
        }),
      );
      return { source: 'checkpoints', streams };
    },
  }),
  route({
    method: 'get',
    path: '/v1/sync/dead-letters',
    summary: 'Jobs and push-backs that ran out of retries',
    tag: 'sync',
    handler: async ({ ctx, tenantId }, deps) => {
      await authorize(deps, ctx, 'read', 'connection', tenantId);
      if (!deps.sync) throw httpError('SERVER.NOT_CONFIGURED', 'no job runner is attached to this server');
      return listOf(await deps.sync.deadLetters(tenantId));
    },
  }),
  route({
    method: 'post',
    path: '/v1/sync/dead-letters/:id/retry',
    summary: 'Run a dead-lettered job again',
    tag: 'sync',
    status: 202,
    params: IdParams,
    handler: async ({ ctx, tenantId, params }, deps) => {
      await authorize(deps, ctx, 'write', 'connection', tenantId);
      if (!deps.sync) throw httpError('SERVER.NOT_CONFIGURED', 'no job runner is attached to this server');
      return deps.sync.retryDeadLetter(tenantId, params.id);
    },
  }),
  route({
    method: 'get',
    path: '/v1/sync/quarantine',
    summary:
      'Records a platform returned that could not be taken in: platform, kind, reference, reason, time (no content)',
    tag: 'sync',
    query: z.strictObject({
      platform: SyncedPlatformParam.optional(),
      limit: LimitParam.optional(),
      offset: OffsetParam.optional(),
    }),
    handler: async ({ ctx, tenantId, query }, deps) => {
      await authorize(deps, ctx, 'read', 'connection', tenantId);
      if (!deps.sync?.quarantine)
        throw httpError('SERVER.NOT_CONFIGURED', 'no job runner is attached to this server');
      return deps.sync.quarantine(tenantId, query);
    },
  }),
  route({
    method: 'post',
    path: '/v1/connections/:platform',
    summary:
      "Connect the tenant to a platform (admins): validate and store the connection, run the platform's provisioning and checks, report what is missing or skipped. The response never carries a secret",
    tag: 'connections',
    params: z.strictObject({ platform: SyncedPlatformParam }),
    body: z.strictObject({
      settings: z.record(z.string(), z.unknown()).describe("the platform's connection settings"),
      credentials: z
        .record(z.string(), z.unknown())
        .describe('the platform credentials; stored encrypted, never returned or logged'),
    }),
    handler: async ({ ctx, tenantId, params, body }, deps) => {
      await authorize(deps, ctx, 'write', 'connection', tenantId);
      if (!deps.connections)
        throw httpError('SERVER.NOT_CONFIGURED', 'connecting platforms is not enabled on this server');
      const audit = (outcome: 'success' | 'failure', details: Record<string, string | number | boolean>) =>
        deps.store.audit.append({
          tenantId,
          actorId: `${ctx.actor.kind}:${ctx.actor.id}`,
          action: 'connection.connect',
          resourceType: 'connection',
          resourceId: params.platform,
          outcome,
          source: ctx.source ?? null,
          details,
        });
      let report: Awaited<ReturnType<ConnectionOperations['connect']>>;
      try {
        report = await deps.connections.connect(tenantId, params.platform, body);
      } catch (err) {
        // The code only: messages name fields, but the audit trail needs no more than what failed.
        const code = (err as { code?: unknown } | null)?.code;
        await audit('failure', { code: typeof code === 'string' ? code : 'UNKNOWN' });
        throw err;
      }
      await audit('success', {
        ok: report.ok,
        missing: report.missing.length,
        skipped: report.skipped.length,
      });
      return report;
    },
  }),
  route({
    method: 'get',
    path: '/v1/playbooks',
    summary: "The tenant's playbooks: the newest version of each (built-ins are version 1)",
    tag: 'playbooks',
    handler: async ({ ctx, tenantId }, deps) => {
      await authorize(deps, ctx, 'read', 'playbook', tenantId);
      return listOf(await deps.playbooks.list(tenantId));
    },
  }),
  route({
    method: 'get',
    path: '/v1/playbooks/:id',
    summary: 'The newest version of a playbook, with its rules as the scorer sees them',
    tag: 'playbooks',
    params: IdParams,
    handler: async ({ ctx, tenantId, params }, deps) => {
      await authorize(deps, ctx, 'read', 'playbook', tenantId);
      return deps.playbooks.latest(tenantId, params.id);
    },
  }),
  route({
    method: 'get',
    path: '/v1/playbooks/:id/versions',
    summary: 'Every version of a playbook, newest first: author, time, change note, effective-from, queues',
    tag: 'playbooks',
    params: IdParams,
    handler: async ({ ctx, tenantId, params }, deps) => {
      await authorize(deps, ctx, 'read', 'playbook', tenantId);
      return listOf(await deps.playbooks.history(tenantId, params.id));
    },
  }),
  route({
    method: 'get',
    path: '/v1/playbooks/:id/versions/:version',
    summary: 'One version of a playbook, exactly as it was saved',
    tag: 'playbooks',
    params: VersionParams,
    handler: async ({ ctx, tenantId, params }, deps) => {
      await authorize(deps, ctx, 'read', 'playbook', tenantId);
      return deps.playbooks.version(tenantId, params.id, params.version);
    },
  }),
  route({
    method: 'get',
    path: '/v1/playbooks/:id/in-force',
    summary: 'Which version of a playbook scores a call of this date (and queue)',
    tag: 'playbooks',
    params: IdParams,
    query: z.strictObject({ date: z.iso.date('a date as YYYY-MM-DD'), queue: Id.optional() }),
    handler: async ({ ctx, tenantId, params, query }, deps) => {
      await authorize(deps, ctx, 'read', 'playbook', tenantId);
      const r = await deps.playbooks.resolve(tenantId, { playbookId: params.id, ...query });
      return r.ref;
    },
  }),
  route({
    method: 'post',
    path: '/v1/playbooks/validate',
    summary: 'Check a playbook without saving it; a 400 names the first bad field',
    tag: 'playbooks',
    body: z.looseObject({}).describe('a playbook (see config/playbooks for examples)'),
    handler: async ({ ctx, tenantId, body }, deps) => {
      await authorize(deps, ctx, 'read', 'playbook', tenantId);
      const p = playbookFromInput(body, 'body');
      compileForScoring(p);
      return { valid: true, id: p.id, version: p.version, criteria: p.criteria.length };
    },
  }),
  route({
    method: 'post',
    path: '/v1/playbooks/:id/versions',
    summary:
      'Save a new version of a playbook (validated first; admins). Older versions stay; a taken `version` answers 409',
    tag: 'playbooks',
    status: 201,
    params: IdParams,
    body: PlaybookVersionTerms.extend({
      playbook: z
        .looseObject({})
        .describe(
          'the playbook (see config/playbooks); `id` may be left out, `version` is set by the catalog',
        ),
    }),
    handler: async ({ ctx, tenantId, params, body }, deps) => {
      await authorize(deps, ctx, 'write', 'playbook', tenantId);
      const { playbook: raw, ...terms } = body;
      if (raw.id !== undefined && raw.id !== params.id)
        throw httpError('HTTP.INVALID_REQUEST', 'body.playbook.id: must equal the playbook id in the path', {
          fields: ['body.playbook.id'],
        });
      const playbook = playbookFromInput({ ...raw, id: params.id, version: 'new' }, 'body.playbook');
      const { playbook: _saved, ...info } = await deps.playbooks.save(ctx, tenantId, playbook, terms);
      return info;
    },
  }),
  route({
    method: 'post',
    path: '/v1/playbooks/:id/rollback',
    summary: 'Roll back: a new version copying an older one (admins); the versions in between stay readable',
    tag: 'playbooks',
    status: 201,
    params: IdParams,
    body: PlaybookVersionTerms.partial().extend({
      toVersion: z.number().int().positive().describe('the version whose rules the new version copies'),
    }),
    handler: async ({ ctx, tenantId, params, body }, deps) => {
      await authorize(deps, ctx, 'write', 'playbook', tenantId);
      const { toVersion, ...terms } = body;
      const { playbook: _saved, ...info } = await deps.playbooks.rollback(
        ctx,
        tenantId,
        params.id,
        toVersion,
        terms,
      );
      return info;
    },
  }),
  route({
    method: 'get',
    path: '/v1/live/five9/:callId',
    summary: 'Score and compliance prompts for the Five9 CRM SDK panel (no PHI)',
    tag: 'live',
    params: z.strictObject({ callId: Id }),
    handler: async ({ ctx, tenantId, params }, { store }) => {
      const found = await store.interactions.findBySource(ctx, tenantId, 'five9', params.callId);
      return liveGuidance(found ? await store.interactions.get(ctx, tenantId, found.id) : null);
    },
  }),
];
