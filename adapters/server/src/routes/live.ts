import { z } from 'zod';
import { TeachbackError, decideAccess, type AccessContext, type LiveCall } from '@teachback/core';
import { httpError } from '../errors';
import { agentAllows, boardAllows, refOf, type LiveHub } from '../live/hub';
import { CallEndInput, CallStartInput, UtteranceBatch } from '../live/messages';
import { mayStream } from '../live/stream';
import { Id, IdParams, route, type RouteDeps, type RouteSpec } from './route';

const CallParams = z.strictObject({ callId: Id });

function hubOf(deps: RouteDeps): LiveHub {
  if (!deps.live) throw httpError('SERVER.NOT_CONFIGURED', 'live guidance is not enabled on this server');
  return deps.live;
}

async function deny(
  deps: RouteDeps,
  ctx: AccessContext,
  type: string,
  id: string,
  what: string,
): Promise<never> {
  await deps.store.audit.append({
    tenantId: ctx.actor.tenantId,
    actorId: `${ctx.actor.kind}:${ctx.actor.id}`,
    action: 'access.denied',
    resourceType: type,
    resourceId: id,
    outcome: 'denied',
    source: ctx.source ?? null,
    details: { view: 'live' },
  });
  throw new TeachbackError('ACCESS.DENIED', `not allowed to ${what}`);
}

async function streamer(deps: RouteDeps, ctx: AccessContext): Promise<LiveHub> {
  const hub = hubOf(deps);
  if (!mayStream(ctx.actor))
    await deny(deps, ctx, 'transcript', 'live-stream', 'stream calls (use an integration API key)');
  return hub;
}

async function callFor(deps: RouteDeps, tenantId: string, callId: string): Promise<LiveCall> {
  const call = await deps.store.live.getCall(tenantId, callId);
  if (!call) throw httpError('STORE.NOT_FOUND', 'live call not found');
  return call;
}

const actorId = (ctx: AccessContext) => `${ctx.actor.kind}:${ctx.actor.id}`;

/** Live guidance: the HTTP side of the streaming endpoint, what screens report back, and the review. */
export const LIVE_ROUTES: readonly RouteSpec[] = [
  route({
    method: 'post',
    path: '/v1/live/calls',
    summary:
      'Start a live call (HTTP fallback of the stream endpoint; integration API keys). A repeated start resumes the call on this instance',
    tag: 'live',
    status: 201,
    body: CallStartInput,
    handler: async ({ ctx, tenantId, body }, deps) => {
      const hub = await streamer(deps, ctx);
      return hub.start(tenantId, body);
    },
  }),
  route({
    method: 'post',
    path: '/v1/live/calls/:callId/utterances',
    summary:
      'Send up to 100 finished utterances of a call in order (HTTP fallback). 429 LIVE.SLOW_DOWN when the call has too many in flight',
    tag: 'live',
    params: CallParams,
    body: UtteranceBatch,
    handler: async ({ ctx, tenantId, params, body }, deps) => {
      const hub = await streamer(deps, ctx);
      let accepted = 0;
      let duplicates = 0;
      const events: string[] = [];
      for (const u of body.utterances) {
        const r = await hub.utterance(tenantId, params.callId, u);
        if (r.duplicate) duplicates++;
        else accepted++;
        events.push(...r.events.map((e) => e.id));
      }
      return { accepted, duplicates, events };
    },
  }),
  route({
    method: 'post',
    path: '/v1/live/calls/:callId/end',
    summary: 'End a live call: open prompts expire, the call leaves the board',
    tag: 'live',
    params: CallParams,
    body: CallEndInput.omit({ callId: true }),
    handler: async ({ ctx, tenantId, params, body }, deps) => {
      const hub = await streamer(deps, ctx);
      const events = await hub.end(tenantId, params.callId, body.offsetMs, body.endedAt);
      return { ended: true, events: events.map((e) => e.id) };
    },
  }),
  route({
    method: 'get',
    path: '/v1/live/calls',
    summary:
      'The supervisor board as JSON: calls in progress the caller may watch, their open risks and prompts, actions taken, transcript tail',
    tag: 'live',
    handler: async ({ ctx, tenantId }, deps) => {
      const hub = hubOf(deps);
      const calls = await hub.boardSnapshot(tenantId, ctx.actor);
      if (calls.length > 0)
        await deps.store.audit.append({
          tenantId,
          actorId: actorId(ctx),
          action: 'phi.read',
          resourceType: 'transcript',
          resourceId: 'live-board',
          outcome: 'success',
          source: ctx.source ?? null,
          details: { calls: calls.length },
        });
      return { items: calls, nextCursor: null };
    },
  }),
  route({
    method: 'post',
    path: '/v1/live/calls/:callId/prompts/:eventId/outcome',
    summary:
      "The agent's screen reports a prompt shown, dismissed or muted (muted: no more of its kind this call). Safety prompts cannot be dismissed or muted (409)",
    tag: 'live',
    status: 204,
    params: z.strictObject({ callId: Id, eventId: Id }),
    body: z.strictObject({ outcome: z.enum(['shown', 'dismissed', 'muted']) }),
    handler: async ({ ctx, tenantId, params, body }, deps) => {
      const hub = hubOf(deps);
      const call = await callFor(deps, tenantId, params.callId);
      if (!agentAllows(ctx.actor, tenantId, refOf(call)))
        await deny(deps, ctx, 'interaction', call.callId, 'report on this call');
      await hub.agentOutcome(tenantId, call, params.eventId, body.outcome, actorId(ctx));
      return undefined;
    },
  }),
  route({
    method: 'post',
    path: '/v1/live/calls/:callId/actions',
    summary:
      'A supervisor acts on a live call or one of its alerts: acknowledged, routed (routedTo), listened, resolved. Stored with time and actor',
    tag: 'live',
    status: 201,
    params: CallParams,
    body: z
      .strictObject({
        eventId: Id.optional(),
        action: z.enum(['acknowledged', 'routed', 'listened', 'resolved']),
        routedTo: z.string().min(1).max(200).optional(),
        note: z.string().max(2000).optional(),
      })
      .refine((b) => b.action !== 'routed' || b.routedTo !== undefined, {
        path: ['routedTo'],
        message: 'required with action "routed"',
      })
      .refine((b) => b.routedTo === undefined || b.action === 'routed', {
        path: ['routedTo'],
        message: 'only with action "routed"',
      }),
    handler: async ({ ctx, tenantId, params, body }, deps) => {
      const hub = hubOf(deps);
      const call = await callFor(deps, tenantId, params.callId);
      const ref = refOf(call);
      const allowed =
        boardAllows(ctx.actor, tenantId, ref) &&
        decideAccess(ctx.actor, 'write', {
          type: 'escalation',
          tenantId,
          ownerAgentIds: [call.agentId],
          teamId: call.teamId,
        }).allowed;
      if (!allowed) await deny(deps, ctx, 'escalation', call.callId, 'act on this call');
      const action = await hub.supervisorAction(tenantId, call, body, actorId(ctx));
      return { ...action, note: null };
    },
  }),
  route({
    method: 'get',
    path: '/v1/live/calls/:callId/review',
    summary:
      'What the agent was told during a call and when: every prompt, its outcomes, and supervisor actions',
    tag: 'live',
    params: CallParams,
    handler: async ({ ctx, tenantId, params }, deps) => {
      const call = await callFor(deps, tenantId, params.callId);
      if (!agentAllows(ctx.actor, tenantId, refOf(call)))
        await deny(deps, ctx, 'interaction', call.callId, 'read this call');
      return deps.store.live.review(tenantId, call.callId);
    },
  }),
  route({
    method: 'get',
    path: '/v1/interactions/:id/live-review',
    summary:
      'The live guidance of an interaction (found by its platform id): prompts shown with time and outcome, supervisor actions',
    tag: 'live',
    params: IdParams,
    handler: async ({ ctx, tenantId, params }, deps) => {
      // The interaction read applies the access policy and audits it.
      const detail = await deps.store.interactions.get(ctx, tenantId, params.id);
      const source = detail.interaction.source;
      const call = await deps.store.live.findCall(tenantId, source.platform, source.externalId);
      if (!call) return { call: null, prompts: [], actions: [] };
      return deps.store.live.review(tenantId, call.callId);
    },
  }),
];
