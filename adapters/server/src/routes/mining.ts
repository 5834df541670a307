import { z } from 'zod';
import { OUTCOMES } from '@teachback/core';
import { httpError } from '../errors';
import {
  acceptSuggestion,
  agentMilestones,
  builtinActTagger,
  buildMonthlyReview,
  proposeLibrary,
  publishAccepted,
  runMining,
} from '../mining-service';
import { Id, IdParams, listOf, route, type RouteSpec } from './route';

/*
 * Playbook mining: run the miner over a window of calls, review its suggestions one by one,
 * publish accepted ones as a new playbook version, curate the new-hire library, see an agent's
 * milestones, and read the monthly review.
 */

const isoDateTime = z.iso.datetime({
  offset: true,
  error: 'an ISO date-time with offset, e.g. 2026-11-01T00:00:00Z',
});
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const MonthParams = z.strictObject({ month: Month });

const MineBody = z.strictObject({
  outcome: z.enum(OUTCOMES),
  callType: z.string().min(1).max(100).optional(),
  playbookId: Id,
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  disposition: z.string().min(1).max(200).optional(),
  minScore: z.number().min(0).max(100).optional(),
  minCalls: z.number().int().min(5, 'at least 5 calls').max(100_000).optional(),
  fdr: z.number().gt(0).max(0.2, 'at most 0.2').optional(),
});

const SuggestionQuery = z.strictObject({
  status: z.enum(['pending', 'accepted', 'rejected', 'published']).optional(),
  playbookId: Id.optional(),
  callType: z.string().min(1).max(100).optional(),
});

// Learned dialogue acts make act and act-order findings possible; the model loads once.
let tagger: ReturnType<typeof builtinActTagger> | undefined;
const tagActs = () => (tagger ??= builtinActTagger());

const Reason = z.string().trim().min(1).max(2000, 'at most 2,000 characters');

export const MINING_ROUTES: readonly RouteSpec[] = [
  route({
    method: 'post',
    path: '/v1/mining/runs',
    summary: 'Mine a window of calls for patterns that separate successful calls, and store the suggestions',
    tag: 'mining',
    body: MineBody,
    handler: async ({ ctx, tenantId, body }, { store }) => {
      const r = await runMining(store, ctx, tenantId, body, { tagActs: tagActs() });
      return { result: r.result, diff: r.diff, saved: r.saved };
    },
  }),
  route({
    method: 'get',
    path: '/v1/mining/suggestions',
    summary: 'Mined suggestions with their evidence (effect, interval, calls, de-identified examples)',
    tag: 'mining',
    query: SuggestionQuery,
    handler: async ({ ctx, tenantId, query }, { store }) =>
      listOf(await store.mining.listSuggestions(ctx, tenantId, query)),
  }),
  route({
    method: 'get',
    path: '/v1/mining/suggestions/:id',
    summary: 'One mined suggestion with its evidence',
    tag: 'mining',
    params: IdParams,
    handler: ({ ctx, tenantId, params }, { store }) => store.mining.getSuggestion(ctx, tenantId, params.id),
  }),
  route({
    method: 'post',
    path: '/v1/mining/suggestions/:id/accept',
    summary:
      'Accept a suggestion; with playbook write (and publish not false) it is published at once as a new playbook version',
    tag: 'mining',
    params: IdParams,
    body: z.strictObject({ reason: Reason.optional(), publish: z.boolean().optional() }).default({}),
    handler: ({ ctx, tenantId, params, body }, { store }) =>
      acceptSuggestion(store, ctx, tenantId, params.id, body),
  }),
  route({
    method: 'post',
    path: '/v1/mining/suggestions/:id/reject',
    summary: 'Reject a suggestion (it is kept, so the miner does not propose it again)',
    tag: 'mining',
    params: IdParams,
    body: z.strictObject({ reason: Reason.optional() }).default({}),
    handler: ({ ctx, tenantId, params, body }, { store }) =>
      store.mining.decide(ctx, tenantId, params.id, {
        status: 'rejected',
        ...(body.reason ? { reason: body.reason } : {}),
      }),
  }),
  route({
    method: 'post',
    path: '/v1/mining/publish',
    summary:
      "Publish a playbook's accepted suggestions as one new version (change note: mined from N calls, effect …)",
    tag: 'mining',
    body: z.strictObject({ playbookId: Id }),
    handler: async ({ ctx, tenantId, body }, { store }) => {
      const r = await publishAccepted(store, ctx, tenantId, body.playbookId);
      if (!r) throw httpError('STORE.NOT_FOUND', 'no accepted criterion change to publish');
      return r;
    },
  }),
  route({
    method: 'get',
    path: '/v1/library',
    summary: 'The new-hire library of exemplary calls (agents see approved entries only; de-identified)',
    tag: 'library',
    query: z.strictObject({
      callType: z.string().min(1).max(100).optional(),
      status: z.enum(['proposed', 'approved', 'rejected']).optional(),
    }),
    handler: async ({ ctx, tenantId, query }, { store }) =>
      listOf(await store.mining.listLibrary(ctx, tenantId, query)),
  }),
  route({
    method: 'post',
    path: '/v1/library/proposals',
    summary: 'Propose the best successful calls of a window for the library, with winning moments marked',
    tag: 'library',
    body: MineBody.extend({ limit: z.number().int().min(1).max(50).optional() }),
    handler: ({ ctx, tenantId, body }, { store }) =>
      proposeLibrary(store, ctx, tenantId, body, { tagActs: tagActs() }),
  }),
  route({
    method: 'post',
    path: '/v1/library/:id/review',
    summary: 'Approve or reject a library candidate',
    tag: 'library',
    params: IdParams,
    body: z.strictObject({ status: z.enum(['approved', 'rejected']) }),
    handler: ({ ctx, tenantId, params, body }, { store }) =>
      store.mining.reviewLibrary(ctx, tenantId, params.id, body.status),
  }),
  route({
    method: 'get',
    path: '/v1/milestones/:agentId',
    summary: "An agent's milestones: criteria met consistently over recent calls, and the next skill",
    tag: 'library',
    params: z.strictObject({ agentId: Id }),
    query: z.strictObject({
      window: z
        .string()
        .regex(/^\d{1,3}$/, 'a whole number from 5 to 200')
        .transform(Number)
        .pipe(z.number().int().min(5, 'at least 5').max(200, 'at most 200'))
        .optional(),
    }),
    handler: ({ ctx, tenantId, params, query }, { store }) =>
      agentMilestones(store, ctx, tenantId, params.agentId, query.window),
  }),
  route({
    method: 'get',
    path: '/v1/mining/reviews/:month',
    summary: 'The stored monthly review of a month',
    tag: 'mining',
    params: MonthParams,
    handler: async ({ ctx, tenantId, params }, { store }) => {
      const r = await store.mining.getReview(ctx, tenantId, params.month);
      if (!r) throw httpError('STORE.NOT_FOUND', 'no review for that month yet');
      return r;
    },
  }),
  route({
    method: 'post',
    path: '/v1/mining/reviews/:month',
    summary:
      'Build and store the monthly review: miss rates that moved, trending customer phrases and objections, prompts, upcoming rules',
    tag: 'mining',
    params: MonthParams,
    handler: ({ ctx, tenantId, params }, { store }) => buildMonthlyReview(store, ctx, tenantId, params.month),
  }),
];
