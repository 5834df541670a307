// Two server instances on one PostgreSQL store: a stream on one reaches screens on the other
// through PostgreSQL LISTEN/NOTIFY or Redis pub/sub, and when the instance holding the call is
// lost the other resumes it from the stored utterances without duplicating a prompt.
import { Client } from 'pg';
import winston from 'winston';
import { createLogger } from '@teachback/adapter-logger';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import type { AccessContext } from '@teachback/core';
import {
  LiveHub,
  PostgresFanout,
  RedisFanout,
  catalogSessions,
  hashApiKey,
  issueSessionToken,
  startServer,
  type LiveFanout,
  type RunningServer,
} from '../src';
import { AUDIENCE, ISSUER, SECRET } from './fixture';
import { sse, stream, utter, type StreamClient } from './live-support';

const PG = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.TEACHBACK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `${process.pid}_${Date.now().toString(36)}`;
const schema = `tb_live_${run}`;
const KEY = 'scale-key-clinic-0123456789abcdef';
const keys = () => new LocalKeyProvider(Buffer.alloc(32, 5));
const silent = () => createLogger({ transports: [new winston.transports.Console({ silent: true })] });

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: PG });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

interface Instance {
  store: SqlStore;
  hub: LiveHub;
  server: RunningServer;
  stop(): Promise<void>;
}

async function instance(fanout: LiveFanout): Promise<Instance> {
  // Each instance opens its own store, as separate processes would.
  const store = await openStore({ url: `${PG}?schema=${schema}`, keys: keys() });
  const hub = new LiveHub({
    live: store.live,
    sessions: catalogSessions(store.playbooks),
    fanout,
    tickMs: 0,
  });
  await hub.whenReady();
  const server = await startServer({
    store,
    auth: {
      oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET },
      apiKeys: [{ id: 'bridge', tenantId: 'clinic', sha256: hashApiKey(KEY) }],
    },
    playbooks: store.playbooks,
    logger: silent(),
    live: hub,
  });
  let stopped = false;
  return {
    store,
    hub,
    server,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await hub.close();
      await store.close();
    },
  };
}

const bearer = (userId: string) =>
  issueSessionToken({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, userId, tenantId: 'clinic' }).then(
    (t) => `Bearer ${t}`,
  );

beforeAll(async () => {
  await admin(`CREATE SCHEMA ${schema}`);
  const store = await openStore({ url: `${PG}?schema=${schema}`, keys: keys() });
  await store.tenants.create({ id: 'clinic', name: 'Riverbend Clinic' });
  const ctx: AccessContext = {
    actor: {
      kind: 'system',
      id: 'fixture',
      tenantId: 'clinic',
      roles: ['admin'],
      teamIds: [],
      agentIds: [],
      active: true,
    },
    source: 'test',
  };
  await store.tenants.saveTeam(ctx, 'clinic', { id: 'team-1', name: 'Front desk' });
  await store.tenants.createUser(ctx, 'clinic', {
    id: 'alex',
    displayName: 'Alex Agent',
    roles: ['agent'],
    teamIds: ['team-1'],
    agentIds: ['ga-alex'],
  });
  await store.tenants.createUser(ctx, 'clinic', {
    id: 'sam',
    displayName: 'Sam Supervisor',
    roles: ['supervisor'],
    teamIds: ['team-1'],
  });
  await store.close();
});
afterAll(async () => {
  await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
});

const fanouts: [string, () => LiveFanout][] = [
  ['PostgreSQL LISTEN/NOTIFY', () => new PostgresFanout(`${PG}`, `tb_live_${run}`)],
  ['Redis pub/sub', () => new RedisFanout(REDIS, `teachback:live:${run}`)],
];

describe.each(fanouts)('two instances over %s', (name, makeFanout) => {
  let a: Instance;
  let b: Instance;
  const callId = `scale-${name.split(' ')[0]!.toLowerCase()}`;
  beforeAll(async () => {
    a = await instance(makeFanout());
    b = await instance(makeFanout());
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('delivers a prompt streamed into one instance to the agent and the board on the other, then resumes the call there when the first is lost', async () => {
    const agent = await sse(`${b.server.url}/v1/live/calls/${callId}/events`, await bearer('alex')).catch(
      () => null,
    );
    // The call does not exist yet: start it on A first, then connect the screens to B.
    expect(agent?.status).toBe(404);
    let s: StreamClient = await stream(a.server.url, `ApiKey ${KEY}`);
    await s.request({ type: 'start', callId, agentId: 'ga-alex', platform: 'genesys' }, `start:${callId}`);
    const screen = await sse(`${b.server.url}/v1/live/calls/${callId}/events`, await bearer('alex'));
    const board = await sse(`${b.server.url}/v1/live/board/events`, await bearer('sam'));
    await screen.waitFor((e) => e.type === 'hello');
    await board.waitFor((e) => e.type === 'snapshot');

    for (const i of [0, 1])
      await s.request({ type: 'utterance', callId, utterance: utter(i) }, `${callId}/u${i}`);
    const guard = await screen.waitFor((e) => e.type === 'event' && e.data.kind === 'order_guard');
    await board.waitFor((e) => e.type === 'event' && e.id === guard.id);
    await board.waitFor((e) => e.type === 'utterance' && e.data.id === 'u1');

    // Instance A is lost; the transcriber reconnects to B, starts the call again and goes on.
    await a.stop();
    await s.closed;
    s = await stream(b.server.url, `ApiKey ${KEY}`);
    const resumed = await s.request(
      { type: 'start', callId, agentId: 'ga-alex', platform: 'genesys' },
      `start:${callId}`,
    );
    expect(resumed).toMatchObject({ type: 'ack', duplicate: true });
    for (const i of [2, 3, 4, 5])
      await s.request({ type: 'utterance', callId, utterance: utter(i) }, `${callId}/u${i}`);
    const clear = await screen.waitFor((e) => e.type === 'event' && e.data.clears === guard.id);
    expect(clear.data.kind).toBe('clear');
    await screen.waitFor((e) => e.type === 'event' && e.data.kind === 'protocol_card');
    await board.waitFor((e) => e.type === 'event' && e.data.kind === 'supervisor_alert');

    // The replay on B emitted the order guard again with the same id: nobody got it twice.
    const ids = screen.events.filter((e) => e.type === 'event').map((e) => e.id);
    expect(ids.filter((id) => id === guard.id)).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
    const boardIds = board.events.filter((e) => e.type === 'event').map((e) => e.id);
    expect(new Set(boardIds).size).toBe(boardIds.length);
    const review = await b.store.live.review('clinic', callId);
    const stored = review!.prompts.map((p) => p.event.id);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored).toEqual(expect.arrayContaining(ids));
    expect((await b.store.live.utterances('clinic', callId)).map((u) => u.id)).toEqual([
      'u0',
      'u1',
      'u2',
      'u3',
      'u4',
      'u5',
    ]);
    screen.close();
    board.close();
    s.close();
  });
});
