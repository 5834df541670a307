// Genesys Cloud live transcription (simulator) → the server's live hub → the agent's event stream:
// a Genesys call gets the same prompts, storage and screens as a call streamed to the generic
// endpoint, keyed by the conversation id the Genesys interaction widget knows.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import nock from 'nock';
import { LiveTranscription } from '@teachback/adapter-genesys';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import {
  InProcessFanout,
  LiveHub,
  bridgeGenesysLive,
  catalogSessions,
  issueSessionToken,
  startServer,
  type RunningServer,
} from '@teachback/adapter-server';
import { createLogger } from '@teachback/adapter-logger';
import { GenesysClient } from '@teachback/connector-genesys';
import { AGENTS, QUEUES, startGenesysSimulator, type GenesysSimulator } from '@teachback/simulator-genesys';
import { sse } from '../../adapters/server/src/bench/live-clients';

const SECRET = 'genesys-live-secret-of-at-least-32-chars';
const ISSUER = 'https://idp.test.example';
const AUDIENCE = 'teachback-api';

let dir: string;
let store: SqlStore;
let hub: LiveHub;
let server: RunningServer;
let sim: GenesysSimulator;
let live: LiveTranscription;
let unbridge: () => void;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-genesys-live-'));
  store = await openStore({
    url: `sqlite:${path.join(dir, 'tb.db')}`,
    keys: new LocalKeyProvider(Buffer.alloc(32, 3)),
  });
  await store.tenants.create({ id: 'lakeside', name: 'Lakeside Clinic' });
  await store.tenants.createUser(
    {
      actor: {
        kind: 'system',
        id: 'fixture',
        tenantId: 'lakeside',
        roles: ['admin'],
        teamIds: [],
        agentIds: [],
        active: true,
      },
    },
    'lakeside',
    { id: 'sam', displayName: 'Sam Agent', roles: ['agent'], agentIds: [AGENTS[0]!] },
  );
  hub = new LiveHub({
    live: store.live,
    sessions: catalogSessions(store.playbooks),
    fanout: new InProcessFanout(),
    tickMs: 0,
  });
  server = await startServer({
    store,
    auth: { oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET } },
    playbooks: store.playbooks,
    live: hub,
    logger: createLogger({ level: 'error' }),
  });
  sim = await startGenesysSimulator({ conversations: 1, rateLimitPerMinute: 10_000 });
  const client = new GenesysClient({
    orgId: 'sim-org',
    region: 'us_east_1',
    credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
    gateway: sim.url,
  });
  live = new LiveTranscription({ client, queueIds: [QUEUES[0]!] });
  await live.start();
  // The transcription topic does not name the agent; the simulator started the call for AGENTS[0].
  unbridge = bridgeGenesysLive(live, hub, { tenantId: 'lakeside', agentOf: async () => AGENTS[0] });
});
afterAll(async () => {
  unbridge?.();
  await live?.stop();
  await sim?.close();
  await server?.close();
  await hub?.close();
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  nock.cleanAll();
  nock.enableNetConnect();
});

it('guides a Genesys call on the agent screen and stores it for the review', async () => {
  const started = new Promise<void>((resolve) =>
    live.on(
      'event',
      (e) => e.type === 'conversation_started' && e.conversationId === 'conv-gl-1' && resolve(),
    ),
  );
  sim.startLiveConversation({ conversationId: 'conv-gl-1', queueId: QUEUES[0]!, agentUserId: AGENTS[0]! });
  await started;
  // The bridge starts the call on the hub; wait until the store has it, then open the agent screen.
  for (let i = 0; i < 200 && !(await store.live.getCall('lakeside', 'conv-gl-1')); i++)
    await new Promise((r) => setTimeout(r, 25));
  const token = await issueSessionToken({
    secret: SECRET,
    issuer: ISSUER,
    audience: AUDIENCE,
    userId: 'sam',
    tenantId: 'lakeside',
  });
  const screen = await sse(`${server.url}/v1/live/calls/conv-gl-1/events`, `Bearer ${token}`);
  expect(screen.status).toBe(200);

  sim.emitTranscription('conv-gl-1', {
    channel: 'INTERNAL',
    text: 'Lakeside Clinic, this call is recorded. This is Sam.',
    offsetMs: 1000,
    utteranceId: 'utt-1',
  });
  sim.emitTranscription('conv-gl-1', {
    channel: 'EXTERNAL',
    text: "Hi, I'm calling to see if my lab results are back.",
    offsetMs: 5000,
    utteranceId: 'utt-2',
  });
  const guard = await screen.waitFor((e) => e.type === 'event' && e.data.kind === 'order_guard');
  expect(guard.id).toBe('conv-gl-1:verify-before-phi:utt-2');
  sim.emitTranscription('conv-gl-1', {
    channel: 'INTERNAL',
    text: 'Sure. Can you give me your full name and date of birth?',
    offsetMs: 9000,
    utteranceId: 'utt-3',
  });
  sim.emitTranscription('conv-gl-1', {
    channel: 'EXTERNAL',
    text: 'Jordan Sampleton, June second nineteen sixty-four.',
    offsetMs: 13000,
    utteranceId: 'utt-4',
  });
  await screen.waitFor((e) => e.type === 'event' && e.data.clears === guard.id);

  sim.endLiveConversation('conv-gl-1');
  await screen.waitFor((e) => e.type === 'call' && e.data.state === 'ended');
  const review = await store.live.review('lakeside', 'conv-gl-1');
  expect(review?.call).toMatchObject({ platform: 'genesys', externalId: 'conv-gl-1', agentId: AGENTS[0] });
  expect((await store.live.utterances('lakeside', 'conv-gl-1')).map((u) => u.id)).toEqual([
    'utt-1',
    'utt-2',
    'utt-3',
    'utt-4',
  ]);
  expect(review!.prompts.map((p) => p.event.id)).toEqual(expect.arrayContaining([guard.id]));
  screen.close();
});
