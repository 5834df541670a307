import nock from 'nock';
import {
  LiveTranscription,
  watchEscalations,
  type LiveEscalation,
  type LiveEvent,
  type LiveUtterance,
} from '@teachback/adapter-genesys';
import { GenesysClient, listAllQueueIds } from '@teachback/connector-genesys';
import { AGENTS, QUEUES, startGenesysSimulator, type GenesysSimulator } from '@teachback/simulator-genesys';

function next<T>(live: LiveTranscription, name: 'event' | 'utterance', match: (v: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching ${name}`)), 10_000);
    const on = (v: T) => {
      if (!match(v)) return;
      clearTimeout(timer);
      live.off(name, on);
      resolve(v);
    };
    live.on(name, on);
  });
}

const ev = (type: LiveEvent['type'], conversationId?: string) => (e: LiveEvent) =>
  e.type === type &&
  (conversationId === undefined || ('conversationId' in e && e.conversationId === conversationId));

// Loopback only: anything that tried to reach a real Genesys host (or anywhere else) would fail.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('Genesys live transcription over the notification socket', () => {
  let sim: GenesysSimulator;
  let client: GenesysClient;
  let clock = 1_000_000;
  let live: LiveTranscription;

  beforeEach(async () => {
    sim = await startGenesysSimulator({ conversations: 1, rateLimitPerMinute: 10_000 });
    client = new GenesysClient({
      orgId: 'sim-org',
      region: 'us_east_1',
      credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
      gateway: sim.url,
    });
  });
  afterEach(async () => {
    await live?.stop();
    await sim.close();
  });

  it('discovers calls on the queue, streams utterances, survives a drop and unsubscribes on end', async () => {
    live = new LiveTranscription({ client, queueIds: [QUEUES[0]!], now: () => clock });
    await live.start();
    const stream = live.utterances();
    const escalations: LiveEscalation[] = [];
    watchEscalations(live, (e) => escalations.push(e));
    const started = next(live, 'event', ev('conversation_started', 'conv-live-1'));
    sim.startLiveConversation({
      conversationId: 'conv-live-1',
      queueId: QUEUES[0]!,
      agentUserId: AGENTS[0]!,
    });
    await started;

    sim.emitTranscription('conv-live-1', {
      channel: 'EXTERNAL',
      text: 'I have crushing chest pain',
      offsetMs: 4200,
    });
    sim.emitTranscription('conv-live-1', {
      channel: 'INTERNAL',
      text: 'partial words',
      offsetMs: 5000,
      isFinal: false,
    });
    sim.emitTranscription('conv-live-1', {
      channel: 'INTERNAL',
      text: 'Please call 911 now.',
      offsetMs: 6000,
      durationMs: 1200,
    });
    const first = (await stream.next()).value as LiveUtterance;
    const second = (await stream.next()).value as LiveUtterance;
    expect(first).toMatchObject({
      conversationId: 'conv-live-1',
      utterance: { speaker: 'customer', text: 'I have crushing chest pain', startMs: 4200 },
    });
    expect(second.utterance).toMatchObject({
      speaker: 'agent',
      text: 'Please call 911 now.',
      startMs: 6000,
      endMs: 7200,
    });

    const reconnected = next(live, 'event', ev('reconnected'));
    sim.dropSockets();
    await reconnected;
    const topics = [...sim.channelTopics().values()].find((t) => t.size > 0)!;
    expect([...topics].sort()).toEqual([
      `v2.conversations.conv-live-1.transcription`,
      `v2.routing.queues.${QUEUES[0]}.conversations.calls`,
    ]);
    sim.emitTranscription('conv-live-1', { channel: 'EXTERNAL', text: 'Okay I will', offsetMs: 9000 });
    expect(((await stream.next()).value as LiveUtterance).utterance.text).toBe('Okay I will');

    const ended = next(live, 'event', ev('conversation_ended', 'conv-live-1'));
    sim.endLiveConversation('conv-live-1');
    await expect(ended).resolves.toMatchObject({ reason: 'ended' });
    expect(live.conversations).toEqual([]);
  });

  it('keeps within the topic and channel limits and expires idle subscriptions', async () => {
    live = new LiveTranscription({
      client,
      queueIds: [QUEUES[0]!],
      now: () => clock,
      maxTopicsPerChannel: 3,
      maxChannels: 2,
      idleMs: 60_000,
    });
    await live.start();
    for (let i = 1; i <= 4; i++) {
      const started = next(live, 'event', ev('conversation_started', `c-${i}`));
      sim.startLiveConversation({ conversationId: `c-${i}`, queueId: QUEUES[0]!, agentUserId: AGENTS[i]! });
      await started;
    }
    // Queue topic + 2 conversations fill channel 1; the next two go to channel 2.
    expect(live.channelCount).toBe(2);
    expect([...sim.channelTopics().values()].every((t) => t.size <= 3)).toBe(true);
    const full = next(live, 'event', ev('capacity_exhausted', 'c-6'));
    const started5 = next(live, 'event', ev('conversation_started', 'c-5'));
    sim.startLiveConversation({ conversationId: 'c-5', queueId: QUEUES[0]!, agentUserId: AGENTS[5]! });
    await started5;
    sim.startLiveConversation({ conversationId: 'c-6', queueId: QUEUES[0]!, agentUserId: AGENTS[6]! });
    await full;
    expect(live.channelCount).toBe(2);

    clock += 30_000;
    sim.emitTranscription('c-1', { channel: 'EXTERNAL', text: 'still here', offsetMs: 1000 });
    await next<LiveUtterance>(live, 'utterance', (u) => u.conversationId === 'c-1');
    clock += 45_000;
    const expired = await live.sweep();
    expect(expired.sort()).toEqual(['c-2', 'c-3', 'c-4', 'c-5']);
    expect(live.conversations).toEqual(['c-1']);
  });
  it('spreads more queues than one channel holds over channels and follows a changed queue list', async () => {
    const queues = [...QUEUES, 'queue-extra-4', 'queue-extra-5'];
    const queueTopic = (q: string) => `v2.routing.queues.${q}.conversations.calls`;
    const subscribedTopics = () => new Set([...sim.channelTopics().values()].flatMap((t) => [...t]));
    const opts = { client, now: () => clock, maxTopicsPerChannel: 3, maxChannels: 4, maxQueueTopics: 6 };
    await expect(
      new LiveTranscription({ ...opts, queueIds: [...queues, 'q6', 'q7'] }).start(),
    ).rejects.toThrow(/queueIds: more than 6 queues/);

    live = new LiveTranscription({ ...opts, queueIds: queues });
    await live.start();
    expect(live.channelCount).toBe(2);
    expect(live.queueCount).toBe(5);
    expect([...sim.channelTopics().values()].every((t) => t.size <= 3)).toBe(true);
    expect(subscribedTopics()).toEqual(new Set(queues.map(queueTopic)));
    // A call on a queue held by the second channel is found.
    const started = next(live, 'event', ev('conversation_started', 'c-q5'));
    sim.startLiveConversation({ conversationId: 'c-q5', queueId: 'queue-extra-5', agentUserId: AGENTS[1]! });
    await started;

    // The org's queue list changed: four gone, one new; the live call keeps its topic.
    await expect(live.setQueues([QUEUES[0]!, 'queue-new-6'])).resolves.toEqual({ added: 1, removed: 4 });
    expect(live.queueCount).toBe(2);
    expect(subscribedTopics()).toEqual(
      new Set([queueTopic(QUEUES[0]!), queueTopic('queue-new-6'), 'v2.conversations.c-q5.transcription']),
    );
    const onNew = next(live, 'event', ev('conversation_started', 'c-new'));
    sim.startLiveConversation({ conversationId: 'c-new', queueId: 'queue-new-6', agentUserId: AGENTS[2]! });
    await onNew;
    await expect(live.setQueues(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).rejects.toThrow(/more than 6 queues/);
    // A refused list changes nothing.
    expect(live.queueCount).toBe(2);
  });
});

describe("listing the org's queues (GET /api/v2/routing/queues)", () => {
  let sim: GenesysSimulator;
  const clientFor = (s: GenesysSimulator) =>
    new GenesysClient({
      orgId: 'sim-org',
      region: 'us_east_1',
      credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
      gateway: s.url,
    });
  afterEach(async () => {
    await sim.close();
  });

  it('pages through every queue, retrying a failed page through the retry table', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `queue-${String(i).padStart(3, '0')}`);
    sim = await startGenesysSimulator({ conversations: 1, rateLimitPerMinute: 10_000, queueIds: ids });
    const client = clientFor(sim);
    sim.failNext(503);
    const listed = await listAllQueueIds(client);
    expect(listed.sort()).toEqual(ids);
    // Pages of 100: three answered, plus the 503 retried.
    expect(sim.stats.byOperation.listQueues).toBe(3);
    sim.setQueues([]);
    await expect(listAllQueueIds(client)).resolves.toEqual([]);
  });

  it('names the missing permission when the client may not read queues', async () => {
    sim = await startGenesysSimulator({
      conversations: 1,
      rateLimitPerMinute: 10_000,
      deniedPermissions: ['routing:queue:view'],
    });
    await expect(listAllQueueIds(clientFor(sim))).rejects.toMatchObject({
      code: 'GENESYS.PERMISSION_MISSING',
    });
  });
});
