// What `teachback serve` runs for Genesys Cloud live guidance, one tenant at a time: the real
// LiveTranscription on a scripted notifications API (channel, topics, socket). A start that fails
// is retried with back-off and reported by code, a removed connection is unsubscribed, and with
// PostgreSQL leases only one of two instances subscribes a tenant until it stops.
import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { LiveTranscription } from '@teachback/adapter-genesys';
import { GenesysLiveSubscriptions, PostgresLiveLeases, type GenesysLiveTenant, type LiveHub } from '../src';

const PG = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = `${process.pid}_${Date.now().toString(36)}`;
// Nothing is fed in these tests (no calls), so the bridge never reaches the hub.
const hub = {} as LiveHub;

interface FakeSocket extends EventEmitter {
  closed: boolean;
  close(): void;
}

/** The notifications API as LiveTranscription uses it; `failures` are codes the next channel creations fail with. */
function notifications(failures: string[] = []) {
  const sockets: FakeSocket[] = [];
  const topics = new Map<string, string[]>();
  let channels = 0;
  const client = {
    createNotificationChannel: () => {
      const code = failures.shift();
      if (code) return Promise.reject(Object.assign(new Error('refused'), { code }));
      channels++;
      return Promise.resolve({
        id: `ch-${channels}`,
        connectUri: `wss://streaming.example.test/${channels}`,
      });
    },
    setChannelTopics: (id: string, t: string[]) => {
      topics.set(id, t);
      return Promise.resolve({});
    },
    notificationSocketUrl: (u: string) => u,
  };
  const connect = () => {
    const s = Object.assign(new EventEmitter(), { closed: false }) as FakeSocket;
    s.close = () => {
      s.closed = true;
      s.emit('close');
    };
    setImmediate(() => s.emit('open'));
    sockets.push(s);
    return s;
  };
  const live = (queueIds: string[]) =>
    new LiveTranscription({ client: client as never, connect: connect as never, queueIds });
  return {
    live,
    sockets,
    topics,
    get channels() {
      return channels;
    },
  };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

it('retries a failed start with back-off, reports codes only, and unsubscribes a removed connection', async () => {
  const g = notifications(['GENESYS.AUTH_FAILED', 'GENESYS.SERVER_ERROR']);
  const errors: [string, string | undefined][] = [];
  let tenants: GenesysLiveTenant[] = [{ tenantId: 'lakeside', version: 'v1' }];
  const subs = new GenesysLiveSubscriptions({
    hub,
    tenants: () => Promise.resolve(tenants),
    open: () => Promise.resolve({ live: g.live(['q-1']), agentOf: () => Promise.resolve(undefined) }),
    // Only the retry timer can bring it back within the test: the poll is a minute away.
    pollMs: 60_000,
    retryBaseMs: 20,
    onError: (code, tenantId) => errors.push([code, tenantId]),
  });
  await subs.start();
  expect(subs.subscribed).toEqual([]);
  await until(() => subs.subscribed.includes('lakeside'));
  expect(errors).toEqual([
    ['GENESYS.AUTH_FAILED', 'lakeside'],
    ['GENESYS.SERVER_ERROR', 'lakeside'],
  ]);
  expect(g.topics.get('ch-1')).toEqual(['v2.routing.queues.q-1.conversations.calls']);

  // The connection was rewritten: the old subscription closes and a new one opens.
  tenants = [{ tenantId: 'lakeside', version: 'v2' }];
  await subs.poll();
  expect(g.sockets[0]!.closed).toBe(true);
  expect(subs.subscribed).toEqual(['lakeside']);
  expect(g.channels).toBe(2);

  tenants = [];
  await subs.poll();
  expect(subs.subscribed).toEqual([]);
  expect(g.sockets[1]!.closed).toBe(true);
  await subs.close();
});

it('survives a connection list that cannot be read and says once that a tenant has nothing to subscribe', async () => {
  const errors: string[] = [];
  const changes: string[] = [];
  let failList = true;
  const subs = new GenesysLiveSubscriptions({
    hub,
    tenants: () =>
      failList
        ? Promise.reject(Object.assign(new Error('db down'), { code: 'STORE.UNAVAILABLE' }))
        : Promise.resolve([{ tenantId: 'harbor', version: 'v1' }]),
    open: () => Promise.resolve(undefined),
    pollMs: 60_000,
    onError: (code) => errors.push(code),
    onChange: (tenantId, state) => changes.push(`${tenantId}:${state}`),
  });
  await subs.start();
  expect(errors).toEqual(['STORE.UNAVAILABLE']);
  failList = false;
  await subs.poll();
  await subs.poll();
  expect(changes).toEqual(['harbor:not-configured']);
  expect(subs.subscribed).toEqual([]);
  await subs.close();
});

it("refreshes a running subscription at each poll (the org's queue list), and a failed refresh keeps it running", async () => {
  const g = notifications();
  const errors: string[] = [];
  const org = { queues: ['q-1', 'q-2'], fail: false };
  const subs = new GenesysLiveSubscriptions({
    hub,
    tenants: () => Promise.resolve([{ tenantId: 'lakeside', version: 'v1' }]),
    open: () => {
      const live = g.live(org.queues);
      return Promise.resolve({
        live,
        agentOf: () => Promise.resolve(undefined),
        refresh: async () => {
          if (org.fail) throw Object.assign(new Error('refused'), { code: 'GENESYS.SERVER_ERROR' });
          await live.setQueues(org.queues);
        },
      });
    },
    pollMs: 60_000,
    onError: (code) => errors.push(code),
  });
  await subs.start();
  const queueTopics = () => [...(g.topics.get('ch-1') ?? [])].sort();
  expect(queueTopics()).toEqual([
    'v2.routing.queues.q-1.conversations.calls',
    'v2.routing.queues.q-2.conversations.calls',
  ]);
  org.queues = ['q-2', 'q-3'];
  await subs.poll();
  expect(queueTopics()).toEqual([
    'v2.routing.queues.q-2.conversations.calls',
    'v2.routing.queues.q-3.conversations.calls',
  ]);
  org.fail = true;
  org.queues = ['q-9'];
  await subs.poll();
  expect(errors).toEqual(['GENESYS.SERVER_ERROR']);
  expect(subs.subscribed).toEqual(['lakeside']);
  expect(queueTopics()).toHaveLength(2);
  // Updated in place: one channel throughout, no restart.
  expect(g.channels).toBe(1);
  await subs.close();
});

it('lets one of two instances subscribe a tenant, and the other take it over when the first stops', async () => {
  const namespace = `teachback:genesys-live:test:${run}`;
  const tenants = () => Promise.resolve([{ tenantId: 'lakeside', version: 'v1' }]);
  const ga = notifications();
  const gb = notifications();
  const a = new GenesysLiveSubscriptions({
    hub,
    tenants,
    open: () => Promise.resolve({ live: ga.live(['q-1']), agentOf: () => Promise.resolve(undefined) }),
    leases: new PostgresLiveLeases(PG, namespace),
    pollMs: 60_000,
  });
  const b = new GenesysLiveSubscriptions({
    hub,
    tenants,
    open: () => Promise.resolve({ live: gb.live(['q-1']), agentOf: () => Promise.resolve(undefined) }),
    leases: new PostgresLiveLeases(PG, namespace),
    pollMs: 60_000,
  });
  try {
    await a.start();
    await b.start();
    expect(a.subscribed).toEqual(['lakeside']);
    expect(b.subscribed).toEqual([]);
    expect(gb.channels).toBe(0);
    await b.poll();
    expect(b.subscribed).toEqual([]);

    // A stops (or dies: PostgreSQL ends its session and with it the lock); B's next poll takes over.
    await a.close();
    await b.poll();
    expect(b.subscribed).toEqual(['lakeside']);
    expect(gb.channels).toBe(1);
  } finally {
    await a.close();
    await b.close();
  }
});

it('stops subscribing when its lease session is lost, so another instance can take the tenant', async () => {
  const namespace = `teachback:genesys-live:lost:${run}`;
  const g = notifications();
  const codes: string[] = [];
  const ref: { subs?: GenesysLiveSubscriptions } = {};
  const leases = new PostgresLiveLeases(PG, namespace, (code) => {
    codes.push(code);
    if (code === 'LIVE.LEASES_LOST') void ref.subs?.poll();
  });
  const subs = (ref.subs = new GenesysLiveSubscriptions({
    hub,
    tenants: () => Promise.resolve([{ tenantId: 'lakeside', version: 'v1' }]),
    open: () => Promise.resolve({ live: g.live(['q-1']), agentOf: () => Promise.resolve(undefined) }),
    leases,
    pollMs: 60_000,
  }));
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  try {
    await subs.start();
    expect(subs.subscribed).toEqual(['lakeside']);
    // The database ends the session holding the lock (a failover, an idle-session timeout).
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(l.pid))::int AS n FROM pg_locks l
        WHERE l.locktype = 'advisory' AND l.objsubid = 2
          AND l.classid::bigint = (hashtext($1)::bigint + 4294967296) % 4294967296`,
      [namespace],
    );
    expect(rows[0]!.n).toBe(1);
    await until(() => codes.includes('LIVE.LEASES_LOST'));
    await until(() => g.sockets[0]!.closed);
    // (Whether this instance holds the lease again at this moment depends on how far the poll the
    // loss started has got: it may already have taken it on a new session. Not asserted.)
    // A poll takes the lease again on a new session (nobody else holds it) and resubscribes.
    await subs.poll();
    expect(subs.subscribed).toEqual(['lakeside']);
    expect(g.channels).toBe(2);
  } finally {
    await admin.end();
    await subs.close();
  }
});
