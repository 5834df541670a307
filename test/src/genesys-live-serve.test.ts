// `teachback serve` itself subscribes Genesys Cloud live transcription: a tenant's stored Genesys
// connection (as `teachback connect genesys` leaves it) is all it takes. The agent is read from
// the conversation's participants, the prompt reaches that agent's screen, the end event ends the
// call, and a connection stored while serving is picked up at the next poll.
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

let dir: string;
let store: SqlStore;
let server: RunningServer;
let sim: GenesysSimulator;

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

async function tenantWithAgent(tenantId: string, userId: string, agentId: string): Promise<void> {
  await store.tenants.create({ id: tenantId, name: `${tenantId} clinic` });
  await store.tenants.createUser(admin(tenantId), tenantId, {
    id: userId,
    displayName: `${userId} (synthetic agent)`,
    roles: ['agent'],
    agentIds: [agentId],
  });
}

const connect = (tenantId: string, queueId: string) =>
  saveGenesysConnection(store, tenantId, {
    settings: {
      orgId: 'sim-org',
      region: 'us_east_1',
      gateway: sim.url,
      evaluatorUserId: 'evaluator-1',
      liveQueueIds: [queueId],
    },
    credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
  });

/** Waits until the simulator holds a notification channel subscribed to the queue's calls. */
async function subscribed(queueId: string): Promise<void> {
  const topic = `v2.routing.queues.${queueId}.conversations.calls`;
  for (let i = 0; i < 400; i++) {
    if ([...sim.channelTopics().values()].some((t) => t.has(topic))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no subscription to ${topic}`);
}

async function callStored(tenantId: string, callId: string) {
  for (let i = 0; i < 400; i++) {
    const call = await store.live.getCall(tenantId, callId);
    if (call) return call;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`call ${callId} never started`);
}

const bearer = async (tenantId: string, userId: string) =>
  `Bearer ${await issueSessionToken({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, userId, tenantId })}`;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-genesys-live-serve-'));
  store = await openStore({
    url: `sqlite:${path.join(dir, 'tb.db')}`,
    keys: new LocalKeyProvider(Buffer.alloc(32, 4)),
  });
  sim = await startGenesysSimulator({ conversations: 1, rateLimitPerMinute: 10_000 });
  await tenantWithAgent('lakeside', 'sam', AGENTS[4]!);
  await tenantWithAgent('harbor', 'kim', AGENTS[5]!);
  // Stored before serve starts (and its jobs tables are made by serve; saving needs none).
  await connect('lakeside', QUEUES[0]!);
  const settings = loadSettings({
    env: {
      PORT: '0',
      TEACHBACK_HOST: '127.0.0.1',
      TEACHBACK_LOG_LEVEL: 'error',
      TEACHBACK_OIDC_ISSUER: ISSUER,
      TEACHBACK_OIDC_AUDIENCE: AUDIENCE,
      TEACHBACK_SESSION_SECRET: SECRET,
    },
  });
  expect(settings.server.genesysLive).toBe(true);
  server = await startServe(settings, store, { pollMs: 200, retryBaseMs: 50 });
});
afterAll(async () => {
  await server?.close();
  await sim?.close();
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  nock.cleanAll();
  nock.enableNetConnect();
});

it("guides a connected tenant's Genesys call on the screen of the agent named by the conversation's participants", async () => {
  await subscribed(QUEUES[0]!);
  const conv = 'conv-serve-1';
  sim.startLiveConversation({ conversationId: conv, queueId: QUEUES[0]!, agentUserId: AGENTS[4]! });
  const call = await callStored('lakeside', conv);
  // Nobody told serve who the agent is: it read the conversation (GET /api/v2/conversations/{id}).
  expect(call).toMatchObject({ agentId: AGENTS[4], platform: 'genesys', externalId: conv, queue: QUEUES[0] });

  const screen = await sse(`${server.url}/v1/live/calls/${conv}/events`, await bearer('lakeside', 'sam'));
  expect(screen.status).toBe(200);
  sim.emitTranscription(conv, {
    channel: 'INTERNAL',
    text: 'Lakeside Clinic, this call is recorded. This is Sam.',
    offsetMs: 1000,
    utteranceId: 'sv-1',
  });
  sim.emitTranscription(conv, {
    channel: 'EXTERNAL',
    text: 'Hi, are my lab results back yet?',
    offsetMs: 5000,
    utteranceId: 'sv-2',
  });
  const guard = await screen.waitFor((e) => e.type === 'event' && e.data.kind === 'order_guard');
  expect(guard.id).toBe(`${conv}:verify-before-phi:sv-2`);

  // Another agent may not open this call's screen.
  const other = await sse(`${server.url}/v1/live/calls/${conv}/events`, await bearer('harbor', 'kim'));
  expect(other.status).not.toBe(200);
  other.close();

  sim.endLiveConversation(conv);
  await screen.waitFor((e) => e.type === 'call' && e.data.state === 'ended');
  expect((await store.live.getCall('lakeside', conv))?.endedAt).toBeTruthy();
  // One participant lookup for the call however many results it had (cached per conversation).
  expect(sim.stats.byOperation.getConversation).toBe(1);
  screen.close();
});

it('picks up a Genesys connection stored while serving at the next poll', async () => {
  await connect('harbor', QUEUES[1]!);
  await subscribed(QUEUES[1]!);
  const conv = 'conv-serve-2';
  sim.startLiveConversation({ conversationId: conv, queueId: QUEUES[1]!, agentUserId: AGENTS[5]! });
  const call = await callStored('harbor', conv);
  expect(call.agentId).toBe(AGENTS[5]);
  // The call belongs to the tenant whose connection subscribed the queue, not to the other one.
  expect(await store.live.getCall('lakeside', conv)).toBeFalsy();

  const screen = await sse(`${server.url}/v1/live/calls/${conv}/events`, await bearer('harbor', 'kim'));
  expect(screen.status).toBe(200);
  sim.emitTranscription(conv, {
    channel: 'EXTERNAL',
    text: 'Can you tell me what my test results say?',
    offsetMs: 3000,
    utteranceId: 'hv-1',
  });
  await screen.waitFor((e) => e.type === 'event' && e.data.kind === 'order_guard');
  sim.endLiveConversation(conv);
  await screen.waitFor((e) => e.type === 'call' && e.data.state === 'ended');
  screen.close();
});
