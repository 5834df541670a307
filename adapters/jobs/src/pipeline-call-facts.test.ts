/*
 * Issue 18 through the one pipeline on the Genesys simulator: every synced call gets its call type
 * with evidence before scoring, the offline summary is pushed back, and promises become tracked
 * follow-ups that a later sync settles (a missed one opens a coaching task for the agent).
 */
import nock from 'nock';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import { loadCompiledPlaybook, parseMetricsDefinitions } from '@teachback/config';
import { GenesysClient } from '@teachback/connector-genesys';
import {
  MemoryInstallations,
  MemoryVault,
  provisionGenesysOrg,
  SUMMARY_ATTRIBUTE,
} from '@teachback/adapter-genesys';
import { promisesOf, type AccessContext } from '@teachback/core';
import {
  AGENTS,
  QUEUES,
  SUPERVISORS,
  startGenesysSimulator,
  type GenesysSimulator,
} from '@teachback/simulator-genesys';
import { saveGenesysConnection } from './connections';
import { CALL_TYPE_EVIDENCE, CALL_TYPE_SOURCE, MISSED_FOLLOW_UP } from './pipeline/call-facts';
import { openRunner } from './runtime';
import { scratchDatabase, type ScratchDatabase } from './testing/databases';

const MASTER_KEYS = new LocalKeyProvider(Buffer.from('ef'.repeat(32), 'hex'));
const TENANT = 'facts-co';
const FROM = '2026-11-01T00:00:00.000Z';
const TO = '2026-11-04T00:00:00.000Z';
const PROMISE = "I'll call you back tomorrow with the pharmacy's answer.";

const admin: AccessContext = {
  actor: {
    kind: 'system',
    id: 'test',
    tenantId: TENANT,
    roles: ['admin', 'compliance'],
    teamIds: [],
    agentIds: [],
    active: true,
  },
};

describe('call type, summary and follow-ups through the pipeline (Genesys simulator)', () => {
  let sim: GenesysSimulator;
  let db: ScratchDatabase;
  let store: SqlStore;
  let now = new Date('2026-11-03T12:00:00.000Z');

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    sim = await startGenesysSimulator({
      rateLimitPerMinute: 100_000,
      jobPollsUntilFulfilled: 1,
      evaluationsPerAgentPerDay: 100_000,
      calls: [
        {
          id: 'c0ffee00-0000-4000-8000-000000000001',
          startedAt: '2026-11-02T14:00:00.000Z',
          endedAt: '2026-11-02T14:06:00.000Z',
          direction: 'inbound',
          agentId: AGENTS[0]!,
          customerName: 'Avery Synthetic',
          customerPhone: '+15550142201',
          queueId: QUEUES[0]!,
          lines: [
            { speaker: 'agent', text: 'Thank you for calling Northwind Health, this call may be recorded.' },
            { speaker: 'customer', text: 'Hi, I am waiting on my refill and the pharmacy has not answered.' },
            { speaker: 'agent', text: PROMISE },
            { speaker: 'customer', text: 'Thank you, that works.' },
          ],
        },
        {
          id: 'c0ffee00-0000-4000-8000-000000000002',
          startedAt: '2026-11-02T15:00:00.000Z',
          endedAt: '2026-11-02T15:05:00.000Z',
          direction: 'inbound',
          agentId: AGENTS[1]!,
          customerName: 'Blake Synthetic',
          customerPhone: '+15550142202',
          queueId: QUEUES[1]!,
          lines: [
            { speaker: 'agent', text: 'Thank you for calling Northwind Health, this call may be recorded.' },
            {
              speaker: 'customer',
              text: 'I have a question about a charge on my bill and my insurance copay.',
            },
            { speaker: 'agent', text: 'I have taken care of that for you.' },
          ],
        },
      ],
    });
    const installations = new MemoryInstallations();
    const res = await provisionGenesysOrg(
      {
        vault: new MemoryVault(),
        installations,
        playbook: loadCompiledPlaybook('healthcare-inbound').playbook,
        premiumAppIntegrationTypeId: 'teachback-premium-app',
        clientFor: (o) => new GenesysClient({ ...o, gateway: sim.url }),
      },
      {
        tenantId: TENANT,
        orgId: 'sim-org',
        region: 'mypurecloud.com',
        oauthClientId: 'sim-client',
        oauthClientSecret: 'sim-secret',
      },
    );
    if (!res.ok) throw new Error(`provisioning failed: ${res.error.code}`);
    const installation = (await installations.get(TENANT))!;
    db = await scratchDatabase('sqlite');
    store = await openStore({ url: db.url, keys: MASTER_KEYS });
    await store.tenants.create({ id: TENANT, name: 'Facts Clinic' });
    await saveGenesysConnection(store, TENANT, {
      settings: {
        orgId: installation.orgId,
        region: 'us_east_1',
        gateway: sim.url,
        evaluatorUserId: 'teachback-evaluator',
        defaultSupervisor: SUPERVISORS[0],
        requestsPerMinute: 100_000,
        jobPollIntervalMs: 10,
        installation,
      },
      credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
    });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
    await sim.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const definitions = parseMetricsDefinitions({
    callTypes: { queues: { [QUEUES[0]!]: 'prescription-refill' } },
  });

  const sync = async (externalId: string) => {
    const runner = await openRunner(store, {
      kind: 'embedded',
      concurrency: 2,
      pollIntervalMs: 10,
      metricsFor: () => definitions,
      now: () => now.getTime(),
    });
    await runner.enqueue({
      tenantId: TENANT,
      platform: 'genesys',
      externalId,
      step: 'sync',
      payload: { mode: 'backfill', from: FROM, to: TO, chunkHours: 24 },
    });
    await runner.start();
    await runner.drain({ tenantId: TENANT, pollMs: 20 });
    await runner.stop();
  };

  it('stores each call type with its evidence, pushes the summary and tracks the promise', async () => {
    await sync(`backfill:${FROM}/${TO}`);
    const first = await store.interactions.get(admin, TENANT, 'genesys:c0ffee00-0000-4000-8000-000000000001');
    expect(first.interaction.callType).toBe('prescription-refill');
    expect(first.interaction.attributes[CALL_TYPE_SOURCE]).toBe('queue:1');
    expect(first.interaction.attributes[CALL_TYPE_EVIDENCE]).toBe(`queue=${QUEUES[0]}`);
    const second = await store.interactions.get(
      admin,
      TENANT,
      'genesys:c0ffee00-0000-4000-8000-000000000002',
    );
    // Not mapped: the conversation decides, and says which utterance weighed most (or why none).
    expect(second.interaction.callType).toEqual(expect.any(String));
    expect(second.interaction.attributes[CALL_TYPE_SOURCE]).toMatch(/^(conversation|none):/);
    expect(second.interaction.attributes[CALL_TYPE_EVIDENCE]).not.toContain('charge on my bill');

    // The offline summary went to Genesys as participant data on each scored call.
    const pushed = [...sim.pushed.participantAttributes.entries()].filter(([, a]) => a[SUMMARY_ATTRIBUTE]);
    expect(pushed.map(([k]) => k.split('|')[0]).sort()).toEqual([
      'c0ffee00-0000-4000-8000-000000000001',
      'c0ffee00-0000-4000-8000-000000000002',
    ]);

    // The promise, found independently of the pipeline from the call's own lines.
    const expected = promisesOf({
      interactionId: first.summary.id,
      startedAt: '2026-11-02T14:00:00.000Z',
      utterances: first.interaction.transcript!.utterances,
    });
    expect(expected).toHaveLength(1);
    const items = await store.followUps.list(admin, TENANT);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: expected[0]!.id,
      interactionId: first.summary.id,
      owner: 'agent',
      status: 'open',
      dueAt: expected[0]!.dueAt,
    });
    expect(items[0]!.text).toContain('call you back');
  });

  it('a later sync past the due time settles the unkept promise as missed and opens a coaching task', async () => {
    now = new Date('2026-11-06T12:00:00.000Z');
    await sync('recent-after-due');
    const [item] = await store.followUps.list(admin, TENANT);
    expect(item!.status).toBe('missed');
    const tasks = await store.coaching.listTasks(admin, TENANT);
    const flagged = tasks.filter((t) => t.source.criterionId === MISSED_FOLLOW_UP);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ interactionId: item!.interactionId, assignee: item!.agentId });
  });
});
