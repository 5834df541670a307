// The agent of a live Genesys call, as `teachback serve` reads it for the bridge: the agent
// participant of GET /api/v2/conversations/{id} (simulator), one request per conversation, the
// agent still on the call after a transfer, and no caching of an answer that names nobody.
import nock from 'nock';
import { conversationAgents } from '@teachback/adapter-genesys';
import { GenesysClient } from '@teachback/connector-genesys';
import { AGENTS, QUEUES, startGenesysSimulator, type GenesysSimulator } from '@teachback/simulator-genesys';

let sim: GenesysSimulator;
let client: GenesysClient;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  sim = await startGenesysSimulator({ conversations: 2, rateLimitPerMinute: 10_000 });
  client = new GenesysClient({
    orgId: 'sim-org',
    region: 'us_east_1',
    credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
    gateway: sim.url,
  });
});
afterAll(async () => {
  await sim?.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

it('reads the agent participant once per conversation through the client, and again after forget', async () => {
  const agents = conversationAgents(client);
  sim.startLiveConversation({ conversationId: 'conv-ag-1', queueId: QUEUES[0]!, agentUserId: AGENTS[7]! });
  expect(await agents.agentOf('conv-ag-1')).toBe(AGENTS[7]);
  expect(await agents.agentOf('conv-ag-1')).toBe(AGENTS[7]);
  expect(sim.stats.byOperation.getConversation).toBe(1);
  agents.forget('conv-ag-1');
  expect(agents.cached).toBe(0);
  await agents.agentOf('conv-ag-1');
  expect(sim.stats.byOperation.getConversation).toBe(2);
  sim.endLiveConversation('conv-ag-1');
});

it('goes through the retry table: a 503 is retried, a 404 is thrown and not cached', async () => {
  const agents = conversationAgents(client);
  sim.startLiveConversation({ conversationId: 'conv-ag-2', queueId: QUEUES[0]!, agentUserId: AGENTS[8]! });
  const retries = client.stats.retries;
  sim.failNext(503);
  expect(await agents.agentOf('conv-ag-2')).toBe(AGENTS[8]);
  expect(client.stats.retries).toBe(retries + 1);
  await expect(agents.agentOf('conv-no-such')).rejects.toMatchObject({ code: 'GENESYS.NOT_FOUND' });
  expect(agents.cached).toBe(1);
  sim.endLiveConversation('conv-ag-2');
});

it('picks the agent still on the call after a transfer, and caches no answer without an agent', async () => {
  const calls: string[] = [];
  let participants: { purpose?: string; userId?: string; connectedTime?: string; endTime?: string }[] = [
    { purpose: 'customer' },
    { purpose: 'acd' },
  ];
  const agents = conversationAgents({
    getConversation: (id: string) => {
      calls.push(id);
      return Promise.resolve({ id, startTime: '2026-12-07T10:00:00Z', participants });
    },
  });
  expect(await agents.agentOf('c-1')).toBeUndefined();
  participants = [
    { purpose: 'customer' },
    {
      purpose: 'agent',
      userId: 'first',
      connectedTime: '2026-12-07T10:00:05Z',
      endTime: '2026-12-07T10:02:00Z',
    },
    { purpose: 'agent', userId: 'second', connectedTime: '2026-12-07T10:02:01Z' },
    { purpose: 'external', userId: 'not-an-agent', connectedTime: '2026-12-07T10:03:00Z' },
  ];
  expect(await agents.agentOf('c-1')).toBe('second');
  expect(calls).toEqual(['c-1', 'c-1']);
  // Every agent leg ended (a call read late): the last to connect.
  participants = [
    { purpose: 'user', userId: 'a', connectedTime: '2026-12-07T10:00:05Z', endTime: '2026-12-07T10:01:00Z' },
    { purpose: 'agent', userId: 'b', connectedTime: '2026-12-07T10:01:05Z', endTime: '2026-12-07T10:02:00Z' },
  ];
  expect(await agents.agentOf('c-2')).toBe('b');
});
