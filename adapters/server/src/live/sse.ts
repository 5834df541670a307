import express, { type Request, type Response, type NextFunction } from 'express';
import { z } from 'zod';
import { grantedScope, type AccessContext, type GuidanceEvent, type Store } from '@teachback/core';
import { httpError } from '../errors';
import { parsePart } from '../validate';
import { agentAllows, boardAllows, refOf, type LiveHub, type LiveSubscriber } from './hub';

/** A connection whose unsent bytes pass this is closed: the screen reconnects and gets a snapshot. */
export const SSE_BUFFER_LIMIT = 512 * 1024;
const HEARTBEAT_MS = 15_000;

type AuthedRequest = Request & { access?: AccessContext };

function open(req: Request, res: Response): (type: string, id: string, data: unknown) => boolean {
  res.status(200);
  res.set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    // Proxies (nginx) must pass events through as they come.
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  req.socket.setNoDelay(true);
  const heartbeat = setInterval(() => res.write(': hb\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  res.on('close', () => clearInterval(heartbeat));
  return (type, id, data) => {
    if (res.writableEnded) return false;
    if (res.writableLength > SSE_BUFFER_LIMIT) {
      res.end();
      return false;
    }
    res.write(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    return true;
  };
}

const CallParams = z.strictObject({ callId: z.string().min(1).max(200) });

/**
 * Server-Sent Events for the screens, mounted inside /v1 after authentication (the browser reads
 * them with fetch so the bearer token travels in a header, never in the URL).
 * - `GET /v1/live/calls/:callId/events`: the agent's live mode for one call.
 * - `GET /v1/live/board/events`: a supervisor's board (every call the supervisor may see).
 */
export function liveEventRoutes(hub: () => LiveHub | undefined, store: Store): express.Router {
  const r = express.Router();
  const need = (): LiveHub => {
    const h = hub();
    if (!h) throw httpError('SERVER.NOT_CONFIGURED', 'live guidance is not enabled on this server');
    return h;
  };

  r.get('/live/calls/:callId/events', (req: AuthedRequest, res: Response, next: NextFunction) => {
    (async () => {
      const h = need();
      const ctx = req.access!;
      const tenantId = ctx.actor.tenantId;
      const { callId } = parsePart(CallParams, req.params, 'path');
      const call = await store.live.getCall(tenantId, callId);
      if (!call) throw httpError('STORE.NOT_FOUND', 'live call not found');
      if (!agentAllows(ctx.actor, tenantId, refOf(call))) {
        await denied(store, ctx, tenantId, 'interaction', callId);
        throw httpError('ACCESS.DENIED', 'not allowed to read this call');
      }
      const send = open(req, res);
      const sub: LiveSubscriber = { send, seen: new Set() };
      // Subscribe before the snapshot so nothing emitted in between is missed; `seen` drops doubles.
      const off = h.subscribeAgent(tenantId, callId, sub);
      res.on('close', off);
      send('hello', `hello:${callId}`, { callId, state: call.endedAt ? 'ended' : 'live' });
      const first = (events: readonly GuidanceEvent[]) => {
        for (const e of events) {
          if (sub.seen.has(e.id)) continue;
          sub.seen.add(e.id);
          send('event', e.id, e);
        }
      };
      // What is open here now goes first: the snapshot is read later and may already show it closed.
      first(h.openPrompts(tenantId, callId));
      first(await h.agentSnapshot(tenantId, callId));
    })().catch(next);
  });

  r.get('/live/board/events', (req: AuthedRequest, res: Response, next: NextFunction) => {
    (async () => {
      const h = need();
      const ctx = req.access!;
      const tenantId = ctx.actor.tenantId;
      parsePart(z.strictObject({}), { ...req.query }, 'query');
      // A board is a supervisor's (team) or compliance officer's (tenant) view, not an agent's.
      const scope = grantedScope(ctx.actor, 'read', 'transcript');
      if (scope !== 'team' && scope !== 'tenant') {
        await denied(store, ctx, tenantId, 'transcript', 'live-board');
        throw httpError('ACCESS.DENIED', 'not allowed to watch live calls');
      }
      // Watching transcript tails is a PHI read: audited once per board connection.
      await store.audit.append({
        tenantId,
        actorId: `${ctx.actor.kind}:${ctx.actor.id}`,
        action: 'phi.read',
        resourceType: 'transcript',
        resourceId: 'live-board',
        outcome: 'success',
        source: ctx.source ?? null,
        details: { view: 'live-board' },
      });
      const send = open(req, res);
      const sub: LiveSubscriber = {
        send,
        seen: new Set(),
        allows: (call) => boardAllows(ctx.actor, tenantId, call),
      };
      const off = h.subscribeBoard(tenantId, sub);
      res.on('close', off);
      const snapshot = await h.boardSnapshot(tenantId, ctx.actor);
      send('snapshot', `snapshot:${Date.now()}`, { calls: snapshot });
      for (const c of snapshot) {
        sub.seen.add(`c:${c.call.callId}:started`);
        for (const e of c.open) sub.seen.add(e.id);
        for (const a of c.actions) sub.seen.add(`a:${a.id}`);
        for (const u of c.tail) sub.seen.add(`u:${c.call.callId}:${u.id}`);
      }
    })().catch(next);
  });
  return r;
}

async function denied(
  store: Store,
  ctx: AccessContext,
  tenantId: string,
  type: string,
  id: string,
): Promise<void> {
  await store.audit.append({
    tenantId,
    actorId: `${ctx.actor.kind}:${ctx.actor.id}`,
    action: 'access.denied',
    resourceType: type,
    resourceId: id,
    outcome: 'denied',
    source: ctx.source ?? null,
    details: { view: 'live' },
  });
}
