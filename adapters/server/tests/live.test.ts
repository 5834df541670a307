// The generic streaming endpoint and the screens' event streams on one instance (SQLite):
// authentication, schema errors naming the field, back-pressure, prompts appearing and clearing,
// outcomes and supervisor actions stored for the post-call review.
import winston from 'winston';
import { createLogger } from '@teachback/adapter-logger';
import {
  InProcessFanout,
  LiveHub,
  catalogSessions,
  hashApiKey,
  issueSessionToken,
  startServer,
  type RunningServer,
} from '../src';
import { AUDIENCE, ISSUER, SECRET, seed, type Fixture } from './fixture';
import { sse, stream, utter } from './live-support';

const KEY = 'live-key-clinic-0123456789abcdef';
const OTHER_KEY = 'live-key-elsewhere-0123456789abcd';
const ApiKey = (k: string) => `ApiKey ${k}`;

let fx: Fixture;
let server: RunningServer;
let hub: LiveHub;
const bearer = async (userId: string, tenantId = 'clinic') =>
  `Bearer ${await issueSessionToken({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, userId, tenantId })}`;

async function post(path: string, auth: string | undefined, body: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { ...(auth ? { Authorization: auth } : {}), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}
async function get(path: string, auth: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { Authorization: auth } });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  fx = await seed();
  hub = new LiveHub({
    live: fx.store.live,
    sessions: catalogSessions(fx.store.playbooks),
    fanout: new InProcessFanout(),
    tickMs: 0,
  });
  server = await startServer({
    store: fx.store,
    auth: {
      oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET },
      apiKeys: [
        { id: 'bridge', tenantId: 'clinic', sha256: hashApiKey(KEY) },
        { id: 'far', tenantId: 'elsewhere', sha256: hashApiKey(OTHER_KEY) },
      ],
    },
    playbooks: fx.store.playbooks,
    logger: createLogger({ transports: [new winston.transports.Console({ silent: true })] }),
    live: hub,
    liveStream: { highWater: 4, maxQueued: 8 },
  });
});
afterAll(async () => {
  await server?.close();
  await hub?.close();
  await fx?.close();
});

describe('stream endpoint: who may stream', () => {
  it('refuses an upgrade without credentials (401) or with a wrong key (401)', async () => {
    await expect(stream(server.url, undefined)).rejects.toMatchObject({ status: 401 });
    await expect(stream(server.url, ApiKey('not-a-key'))).rejects.toMatchObject({ status: 401 });
  });

  it("refuses an agent's or a supervisor's token (403): streaming is an integration's job", async () => {
    await expect(stream(server.url, await bearer('alex'))).rejects.toMatchObject({ status: 403 });
    await expect(stream(server.url, await bearer('sam'))).rejects.toMatchObject({ status: 403 });
    const r = await post('/v1/live/calls', await bearer('alex'), { callId: 'x1', agentId: 'ga-alex' });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('ACCESS.DENIED');
    expect((await post('/v1/live/calls', undefined, { callId: 'x1', agentId: 'ga-alex' })).status).toBe(401);
  });

  it("keeps tenants apart: another tenant's key cannot feed or see this tenant's call", async () => {
    const mine = await stream(server.url, ApiKey(KEY));
    expect(
      (await mine.request({ type: 'start', callId: 'sep-1', agentId: 'ga-alex' }, 'start:sep-1')).type,
    ).toBe('ack');
    mine.close();
    const far = await stream(server.url, ApiKey(OTHER_KEY));
    const r = await far.request({ type: 'utterance', callId: 'sep-1', utterance: utter(0) }, 'sep-1/u0');
    expect(r).toMatchObject({ type: 'error', code: 'LIVE.CALL_NOT_STARTED' });
    far.close();
  });
});

describe('stream endpoint: schema', () => {
  it('answers a bad WebSocket message with an error naming the field, and keeps the connection', async () => {
    const c = await stream(server.url, ApiKey(KEY));
    c.send({ type: 'utterance', callId: 'sch-1', utterance: { id: 'u1', speaker: 'agent', text: 'hi' } });
    const e = await c.waitFor((r) => r.type === 'error');
    expect(e.code).toBe('HTTP.INVALID_REQUEST');
    expect(e.fields).toEqual(['message.utterance.offsetMs']);
    c.send({ type: 'start', callId: 'sch-1', agentId: 'ga-alex', colour: 'red' });
    const u = await c.waitFor((r) => r.type === 'error' && r.fields?.[0] === 'message.colour');
    expect(u.message).toContain('message.colour: unknown field');
    c.ws.send('not json at all');
    expect((await c.waitFor((r) => r.message === 'message: not valid JSON')).code).toBe(
      'HTTP.INVALID_REQUEST',
    );
    c.send({ type: 'ping' });
    await c.waitFor((r) => r.type === 'pong');
    c.close();
  });

  it('answers a bad HTTP fallback body with 400 naming the field', async () => {
    const r = await post('/v1/live/calls', ApiKey(KEY), { callId: 'sch-2' });
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toEqual(['body.agentId']);
    await post('/v1/live/calls', ApiKey(KEY), { callId: 'sch-2', agentId: 'ga-alex' });
    const b = await post('/v1/live/calls/sch-2/utterances', ApiKey(KEY), {
      utterances: [{ id: 'u1', speaker: 'robot', text: 'hi', offsetMs: 0 }],
    });
    expect(b.status).toBe(400);
    expect(b.json.error.fields).toEqual(['body.utterances[0].speaker']);
    const n = await post('/v1/live/calls/never-started/utterances', ApiKey(KEY), { utterances: [utter(0)] });
    expect(n.status).toBe(409);
    expect(n.json.error.code).toBe('LIVE.CALL_NOT_STARTED');
  });
});

describe('stream endpoint: back-pressure', () => {
  it('tells a fast sender to slow down, then closes with 1013 when its queue overflows', async () => {
    const c = await stream(server.url, ApiKey(KEY));
    c.send({ type: 'start', callId: 'bp-1', agentId: 'ga-alex' });
    // One burst: far more than the connection's queue (8) holds before the first is handled.
    for (let i = 0; i < 200; i++)
      c.send({
        type: 'utterance',
        callId: 'bp-1',
        utterance: { id: `b${i}`, speaker: 'customer', text: 'hello', offsetMs: i * 10 },
      });
    const closed = await c.closed;
    expect(closed.code).toBe(1013);
    expect(c.replies.some((r) => r.type === 'slow_down' && r.limit === 8)).toBe(true);
    // Far fewer were taken than were sent: the rest were refused, not buffered.
    const stored = await fx.store.live.utterances('clinic', 'bp-1');
    expect(stored.length).toBeLessThan(20);
  });

  it('refuses a call that already has too many utterances in flight (LIVE.SLOW_DOWN; the HTTP fallback maps it to 429)', async () => {
    const tight = new LiveHub({
      live: fx.store.live,
      sessions: catalogSessions(fx.store.playbooks),
      fanout: new InProcessFanout(),
      tickMs: 0,
      callQueueLimit: 1,
    });
    await tight.start('clinic', { callId: 'bp-2', agentId: 'ga-alex', platform: 'generic' });
    const results = await Promise.allSettled([
      tight.utterance('clinic', 'bp-2', utter(0)),
      tight.utterance('clinic', 'bp-2', utter(1)),
    ]);
    expect(results[0].status).toBe('fulfilled');
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'LIVE.SLOW_DOWN' } });
    await tight.close();
  });
});

describe('prompts out', () => {
  it('shows the agent a prompt, clears it when the agent does the thing, and stores what was shown', async () => {
    const c = await stream(server.url, ApiKey(KEY));
    await c.request(
      { type: 'start', callId: 'p-1', agentId: 'ga-alex', platform: 'genesys', externalId: 'conv-alex-1' },
      'start:p-1',
    );
    const agent = await sse(`${server.url}/v1/live/calls/p-1/events`, await bearer('alex'));
    expect(agent.status).toBe(200);
    await agent.waitFor((e) => e.type === 'hello');
    for (const i of [0, 1])
      await c.request({ type: 'utterance', callId: 'p-1', utterance: utter(i) }, `p-1/u${i}`);
    const guard = await agent.waitFor((e) => e.type === 'event' && e.data.kind === 'order_guard');
    expect(guard.data.audience).toBe('agent');
    // The screen reports it shown.
    const shown = await post(
      `/v1/live/calls/p-1/prompts/${encodeURIComponent(guard.id)}/outcome`,
      await bearer('alex'),
      {
        outcome: 'shown',
      },
    );
    expect(shown.status).toBe(204);
    for (const i of [2, 3])
      await c.request({ type: 'utterance', callId: 'p-1', utterance: utter(i) }, `p-1/u${i}`);
    const clear = await agent.waitFor((e) => e.type === 'event' && e.data.kind === 'clear');
    expect(clear.data.clears).toBe(guard.id);
    // A resend of a stored utterance is acknowledged as a duplicate and changes nothing.
    const again = await c.request({ type: 'utterance', callId: 'p-1', utterance: utter(3) }, 'p-1/u3');
    expect(again.duplicate).toBe(true);
    const ids = agent.events.filter((e) => e.type === 'event').map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);

    // Another agent cannot watch this call.
    const blair = await sse(`${server.url}/v1/live/calls/p-1/events`, await bearer('blair'));
    expect(blair.status).toBe(403);

    const review = await get('/v1/interactions/ix-alex-1/live-review', await bearer('alex'));
    expect(review.status).toBe(200);
    const g = review.json.prompts.find((p: { event: { id: string } }) => p.event.id === guard.id);
    expect(g.outcomes.map((o: { outcome: string; actor: string }) => [o.outcome, o.actor])).toEqual([
      ['shown', 'user:alex'],
      ['followed', 'engine'],
    ]);
    expect(review.json.prompts.some((p: { event: { clears?: string } }) => p.event.clears === guard.id)).toBe(
      true,
    );
    agent.close();
    c.close();
  });

  it('puts a crisis on the board; safety prompts cannot be dismissed; a supervisor acknowledges the alert', async () => {
    const board = await sse(`${server.url}/v1/live/board/events`, await bearer('sam'));
    expect(board.status).toBe(200);
    await board.waitFor((e) => e.type === 'snapshot');
    const c = await stream(server.url, ApiKey(KEY));
    await c.request(
      { type: 'start', callId: 'p-2', agentId: 'ga-alex', platform: 'genesys', externalId: 'conv-alex-2' },
      'start:p-2',
    );
    await board.waitFor((e) => e.type === 'call' && e.data.callId === 'p-2');
    for (let i = 0; i < 5; i++)
      await c.request({ type: 'utterance', callId: 'p-2', utterance: utter(i) }, `p-2/u${i}`);
    const alert = await board.waitFor((e) => e.type === 'event' && e.data.kind === 'supervisor_alert');
    expect(alert.data.severity).toBe('safety');
    await board.waitFor((e) => e.type === 'utterance' && e.data.callId === 'p-2' && e.data.id === 'u4');

    const card = (await hub.agentSnapshot('clinic', 'p-2')).find((e) => e.kind === 'protocol_card')!;
    const dismiss = await post(
      `/v1/live/calls/p-2/prompts/${encodeURIComponent(card.id)}/outcome`,
      await bearer('alex'),
      {
        outcome: 'dismissed',
      },
    );
    expect(dismiss.status).toBe(409);
    expect(dismiss.json.error.code).toBe('LIVE.SAFETY_PROMPT');

    // An agent may not act as a supervisor on the board's alerts of another agent's call, and a routed action needs routedTo.
    const bad = await post('/v1/live/calls/p-2/actions', await bearer('sam'), {
      eventId: alert.id,
      action: 'routed',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual(['body.routedTo']);
    const ack = await post('/v1/live/calls/p-2/actions', await bearer('sam'), {
      eventId: alert.id,
      action: 'acknowledged',
    });
    expect(ack.status).toBe(201);
    expect(ack.json).toMatchObject({ action: 'acknowledged', actor: 'user:sam', eventId: alert.id });
    await board.waitFor((e) => e.type === 'action' && e.data.eventId === alert.id);
    const review = await get('/v1/live/calls/p-2/review', await bearer('sam'));
    expect(review.json.actions.map((a: { action: string; actor: string }) => [a.action, a.actor])).toEqual([
      ['acknowledged', 'user:sam'],
    ]);
    // The board's JSON twin no longer lists the acknowledged alert as open.
    const calls = await get('/v1/live/calls', await bearer('sam'));
    const p2 = calls.json.items.find((x: { call: { callId: string } }) => x.call.callId === 'p-2');
    expect(p2.open.some((e: { id: string }) => e.id === alert.id)).toBe(false);
    // Agents have no board.
    expect((await sse(`${server.url}/v1/live/board/events`, await bearer('alex'))).status).toBe(403);
    await c.request({ type: 'end', callId: 'p-2' }, 'end:p-2');
    await board.waitFor((e) => e.type === 'call' && e.data.callId === 'p-2' && e.data.state === 'ended');
    board.close();
    c.close();
  });
});

describe('the default hub (teachback serve passes no hub)', () => {
  it('takes a WebSocket stream too, not only the HTTP fallback', async () => {
    const own = await startServer({
      store: fx.store,
      auth: {
        oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET },
        apiKeys: [{ id: 'bridge', tenantId: 'clinic', sha256: hashApiKey(KEY) }],
      },
      playbooks: fx.store.playbooks,
      logger: createLogger({ transports: [new winston.transports.Console({ silent: true })] }),
    });
    try {
      const c = await stream(own.url, ApiKey(KEY));
      const ack = await c.request({ type: 'start', callId: 'own-1', agentId: 'ga-alex' }, 'start:own-1');
      expect(ack.type).toBe('ack');
      c.close();
    } finally {
      await own.close();
    }
  });
});
