// The fan-out between instances carries prompt text and the transcript tail: `teachback serve`
// wraps PostgreSQL NOTIFY and Redis pub/sub in AES-256-GCM. A tap on the raw channel sees only
// ciphertext, two instances still deliver, and a key rotation (new key listed first, old still
// read) loses nothing.
import { Client } from 'pg';
import winston from 'winston';
import { createLogger } from '@teachback/adapter-logger';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import type { AccessContext } from '@teachback/core';
import {
  EncryptedFanout,
  InProcessFanout,
  LiveHub,
  PostgresFanout,
  RedisFanout,
  catalogSessions,
  fanoutKeyFromMaster,
  hashApiKey,
  issueSessionToken,
  parseFanoutKey,
  startServer,
  type FanoutKey,
  type LiveFanout,
  type RunningServer,
} from '../src';
import { AUDIENCE, ISSUER, SECRET } from './fixture';
import { CRISIS_SCRIPT, sse, stream, utter } from './live-support';

const PG = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.TEACHBACK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `${process.pid}_${Date.now().toString(36)}`;
const schema = `tb_livex_${run}`;
const KEY = 'fanout-key-clinic-0123456789abcdef';
const keys = () => new LocalKeyProvider(Buffer.alloc(32, 6));
const silent = () => createLogger({ transports: [new winston.transports.Console({ silent: true })] });
const OLD = fanoutKeyFromMaster(Buffer.alloc(32, 6));
const NEW = parseFanoutKey('7a'.repeat(32));

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: PG });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe('EncryptedFanout', () => {
  it('puts only ciphertext with a key id on the channel and opens it again', async () => {
    const wire = new InProcessFanout();
    const raw: string[] = [];
    await wire.subscribe((m) => raw.push(m));
    const f = new EncryptedFanout(wire, [OLD]);
    const got: string[] = [];
    await f.subscribe((m) => got.push(m));
    const message = JSON.stringify({ t: 'event', text: 'verify date of birth before the lab results' });
    await f.publish(message);
    expect(got).toEqual([message]);
    expect(raw).toHaveLength(1);
    expect(raw[0]).toMatch(new RegExp(`^tbf1\\.${OLD.id}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]+$`));
    expect(raw[0]).not.toContain('lab results');
    expect(raw[0]).not.toContain(Buffer.from('lab results').toString('base64url'));
    // Same text twice: fresh IV, different bytes.
    await f.publish(message);
    expect(raw[1]).not.toBe(raw[0]);
  });

  it('drops what does not open and says why by code', async () => {
    const wire = new InProcessFanout();
    const codes: string[] = [];
    const reader = new EncryptedFanout(wire, [OLD], (c) => codes.push(c));
    const got: string[] = [];
    await reader.subscribe((m) => got.push(m));
    const sealed = new EncryptedFanout(new InProcessFanout(), [OLD]).seal('{"t":"event"}');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    await wire.publish([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'));
    await wire.publish('{"t":"event","text":"in clear"}');
    await wire.publish(new EncryptedFanout(new InProcessFanout(), [NEW]).seal('{"t":"event"}'));
    expect(got).toEqual([]);
    expect(codes).toEqual(['LIVE.FANOUT_UNREADABLE', 'LIVE.FANOUT_NOT_ENCRYPTED', 'LIVE.FANOUT_KEY_UNKNOWN']);
  });

  it('rotates: an instance on [new, old] reads both, one still on [old] reads what it is sent under old', async () => {
    const wire = new InProcessFanout();
    const rotated = new EncryptedFanout(wire, [NEW, OLD]);
    const notYet = new EncryptedFanout(wire, [OLD]);
    const a: string[] = [];
    const b: string[] = [];
    await rotated.subscribe((m) => a.push(m));
    await notYet.subscribe((m) => b.push(m));
    await notYet.publish('from-old');
    await rotated.publish('from-new');
    expect(a).toEqual(['from-old', 'from-new']);
    // The old-only instance cannot read the new key: list it everywhere before publishing under it.
    expect(b).toEqual(['from-old']);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => parseFanoutKey('abc')).toThrow(/64 hex digits or base64 of 32 bytes/);
  });
});

interface Instance {
  store: SqlStore;
  server: RunningServer;
  stop(): Promise<void>;
}

async function instance(fanout: LiveFanout): Promise<Instance> {
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
  return {
    store,
    server,
    async stop() {
      await server.close();
      await hub.close();
      await store.close();
    },
  };
}

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
  await store.tenants.createUser(ctx, 'clinic', {
    id: 'alex',
    displayName: 'Alex Agent',
    roles: ['agent'],
    agentIds: ['ga-alex'],
  });
  await store.close();
});
afterAll(async () => {
  await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
});

const channels: [string, () => LiveFanout][] = [
  ['PostgreSQL LISTEN/NOTIFY', () => new PostgresFanout(PG, `tb_livex_${run}`)],
  ['Redis pub/sub', () => new RedisFanout(REDIS, `teachback:livex:${run}`)],
];

describe.each(channels)('two instances over encrypted %s', (name, wire) => {
  let a: Instance;
  let b: Instance;
  let tap: LiveFanout;
  const raw: string[] = [];
  const callId = `crypt-${name.split(' ')[0]!.toLowerCase()}`;
  // Mid-rollout: A publishes under the new key, B (still publishing under the old one) reads both.
  const keysA: FanoutKey[] = [NEW, OLD];
  const keysB: FanoutKey[] = [OLD, NEW];
  beforeAll(async () => {
    tap = wire();
    await tap.subscribe((m) => raw.push(m));
    a = await instance(new EncryptedFanout(wire(), keysA));
    b = await instance(new EncryptedFanout(wire(), keysB));
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await tap?.close();
  });

  it('delivers a prompt streamed into one instance to the agent on the other; the channel holds no prompt or transcript text', async () => {
    const s = await stream(a.server.url, `ApiKey ${KEY}`);
    await s.request({ type: 'start', callId, agentId: 'ga-alex', platform: 'genesys' }, `start:${callId}`);
    const token = await issueSessionToken({
      secret: SECRET,
      issuer: ISSUER,
      audience: AUDIENCE,
      userId: 'alex',
      tenantId: 'clinic',
    });
    const screen = await sse(`${b.server.url}/v1/live/calls/${callId}/events`, `Bearer ${token}`);
    await screen.waitFor((e) => e.type === 'hello');
    for (const i of [0, 1])
      await s.request({ type: 'utterance', callId, utterance: utter(i) }, `${callId}/u${i}`);
    const guard = await screen.waitFor((e) => e.type === 'event' && e.data.kind === 'order_guard');
    const text = String((guard.data as { text?: unknown }).text ?? '');
    expect(text.length).toBeGreaterThan(10);
    for (const i of [2, 3])
      await s.request({ type: 'utterance', callId, utterance: utter(i) }, `${callId}/u${i}`);
    await screen.waitFor((e) => e.type === 'event' && e.data.clears === guard.id);

    expect(raw.length).toBeGreaterThan(3);
    for (const m of raw) {
      // Every message came from A, the instance that took the stream.
      expect(m.startsWith(`tbf1.${NEW.id}.`)).toBe(true);
      expect(m).not.toContain(text);
      expect(m).not.toContain(callId);
      for (const line of CRISIS_SCRIPT.slice(0, 4)) expect(m).not.toContain(line.text.slice(0, 20));
    }
    screen.close();
    s.close();
  });
});
