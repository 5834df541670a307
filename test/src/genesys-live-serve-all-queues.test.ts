// `teachback serve` with a Genesys connection that names no `liveQueueIds`: an admin connects and
// live guidance works on every queue of the org (GET /api/v2/routing/queues, re-listed at each
// poll). And with TEACHBACK_GENESYS_LIVE=false a running serve subscribes nothing.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import nock from 'nock';
import { loadSettings } from '@teachback/config';
import type { AccessContext } from '@teachback/core';
import { saveGenesysConnection } from '@teachback/adapter-jobs';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import { issueSessionToken, type RunningServer } from '@teachback/adapter-server';
import { AGENTS, QUEUES, startGenesysSimulator, type GenesysSimulator } from '@teachback/simulator-genesys';
import { startServe } from '../../adapters/cli/src/commands/serve';
import { sse } from '../../adapters/server/src/bench/live-clients';

const SECRET = 'genesys-live-serve-secret-of-32-chars';
const ISSUER = 'https://idp.test.example';
const AUDIENCE = 'teachback-api';
const POLL_MS = 200;
/** 120 more queues than the fixture's three: the listing takes two pages of 100. */
const EXTRA = Array.from({ length: 120 }, (_, i) => `queue-extra-${String(i).padStart(3, '0')}`);

let dir: string;
let store: SqlStore;
let sim: GenesysSimulator;
let server: RunningServer | undefined;

const admin = (tenantId: string): AccessContext => ({
  actor: {
    kind: 'system',
    id: 'fixture',
    tenantId,
    roles: ['admin'],
    teamIds: [],
    agentIds: [],
    active: true,
  },
});

const settingsWith = (env: Record<string, string>) =>
  loadSettings({
    env: {
      PORT: '0',
      TEACHBACK_HOST: '127.0.0.1',
      TEACHBACK_LOG_LEVEL: 'error',
      TEACHBACK_OIDC_ISSUER: ISSUER,
      TEACHBACK_OIDC_AUDIENCE: AUDIENCE,
      TEACHBACK_SESSION_SECRET: SECRET,
      ...env,
    },
  });

const topicsNow = () => new Set([...sim.channelTopics().values()].flatMap((t) => [...t]));
const queueTopic = (q: string) => `v2.routing.queues.${q}.conversations.calls`;

async function until(what: string, ok: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never: ${what}`);
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-genesys-live-allq-'));
  store = await openStore({
    url: `sqlite:${path.join(dir, 'tb.db')}`,
    keys: new LocalKeyProvider(Buffer.alloc(32, 5)),
  });
  sim = await startGenesysSimulator({
    conversations: 1,
    rateLimitPerMinute: 10_000,
    queueIds: [...QUEUES, ...EXTRA],
  });
  await store.tenants.create({ id: 'lakeside', name: 'lakeside clinic' });
  await store.tenants.createUser(admin('lakeside'), 'lakeside', {
    id: 'sam',
    displayName: 'sam (synthetic agent)',
    roles: ['agent'],
    agentIds: [AGENTS[4]!],
  });
  // As an admin connects: no liveQueueIds.
  await saveGenesysConnection(store, 'lakeside', {
    settings: { orgId: 'sim-org', region: 'us_east_1', gateway: sim.url, evaluatorUserId: 'evaluator-1' },
    credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
  });
});
afterAll(async () => {
  await server?.close();
  await sim?.close();
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  nock.cleanAll();
  nock.enableNetConnect();
});

it('TEACHBACK_GENESYS_LIVE=false: a running serve subscribes nothing and guides no Genesys call', async () => {
  const settings = settingsWith({ TEACHBACK_GENESYS_LIVE: 'false' });
  expect(settings.server.genesysLive).toBe(false);
  server = await startServe(settings, store, { pollMs: POLL_MS, retryBaseMs: 50 });
  // Serving: the HTTP side answers.
  expect((await fetch(`${server.url}/healthz`)).status).toBeLessThan(500);
  const before = sim.stats.requests;
  // Several poll periods go by (a feed would have listed queues and opened a channel by now).
  await new Promise((r) => setTimeout(r, POLL_MS * 5));
  sim.startLiveConversation({ conversationId: 'conv-off-1', queueId: QUEUES[0]!, agentUserId: AGENTS[4]! });
  await new Promise((r) => setTimeout(r, POLL_MS * 2));
  expect(sim.stats.channelsCreated).toBe(0);
  expect(sim.stats.byOperation.listQueues ?? 0).toBe(0);
  expect(sim.stats.tokensIssued).toBe(0);
  expect(sim.stats.requests).toBe(before);
  expect(sim.channelTopics().size).toBe(0);
  expect(await store.live.getCall('lakeside', 'conv-off-1')).toBeFalsy();
  sim.endLiveConversation('conv-off-1');
  await server.close();
  server = undefined;
});

it('a connection without liveQueueIds is subscribed on every queue of the org and its calls get prompts', async () => {
  server = await startServe(settingsWith({}), store, { pollMs: POLL_MS, retryBaseMs: 50 });
  await until('every queue subscribed', () => {
    const t = topicsNow();
    return [...QUEUES, ...EXTRA].every((q) => t.has(queueTopic(q)));
  });
  // Two pages of 100 (123 queues), through the connection's Genesys client.
  expect(sim.stats.byOperation.listQueues).toBeGreaterThanOrEqual(2);

  const conv = 'conv-allq-1';
  sim.startLiveConversation({ conversationId: conv, queueId: QUEUES[2]!, agentUserId: AGENTS[4]! });
  await until('call stored', async () => Boolean(await store.live.getCall('lakeside', conv)));
  expect(await store.live.getCall('lakeside', conv)).toMatchObject({ agentId: AGENTS[4], queue: QUEUES[2] });

  const token = await issueSessionToken({
    secret: SECRET,
    issuer: ISSUER,
    audience: AUDIENCE,
    userId: 'sam',
    tenantId: 'lakeside',
  });
  const screen = await sse(`${server.url}/v1/live/calls/${conv}/events`, `Bearer ${token}`);
  expect(screen.status).toBe(200);
  sim.emitTranscription(conv, {
    channel: 'EXTERNAL',
    text: 'Hi, are my lab results back yet?',
    offsetMs: 5000,
    utteranceId: 'aq-1',
  });
  const guard = await screen.waitFor((e) => e.type === 'event' && e.data.kind === 'order_guard');
  expect(guard.id).toBe(`${conv}:verify-before-phi:aq-1`);
  sim.endLiveConversation(conv);
  await screen.waitFor((e) => e.type === 'call' && e.data.state === 'ended');
  screen.close();
});

it('follows the org: a queue created in Genesys is subscribed and a deleted one dropped at the next poll', async () => {
  const channelsBefore = sim.stats.channelsCreated;
  sim.setQueues([QUEUES[0]!, 'queue-created-later']);
  await until('queue list followed', () => {
    const t = topicsNow();
    return (
      t.has(queueTopic('queue-created-later')) &&
      t.has(queueTopic(QUEUES[0]!)) &&
      !t.has(queueTopic(QUEUES[1]!)) &&
      !EXTRA.some((q) => t.has(queueTopic(q)))
    );
  });
  // Updated in place: no new channel, no restart.
  expect(sim.stats.channelsCreated).toBe(channelsBefore);
  const conv = 'conv-allq-2';
  sim.startLiveConversation({
    conversationId: conv,
    queueId: 'queue-created-later',
    agentUserId: AGENTS[4]!,
  });
  await until('call on the new queue stored', async () =>
    Boolean(await store.live.getCall('lakeside', conv)),
  );
  sim.endLiveConversation(conv);
});
