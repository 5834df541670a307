import { LocalKeyProvider, OutboxPushReceipts, openStore, type SqlStore } from '@teachback/adapter-store';
import { linkedSummaryKey, SUMMARY_MARKER } from '@teachback/adapter-salesforce';
import {
  Interaction,
  MemoryPushReceipts,
  Scorecard,
  TeachbackError,
  type CallSummary,
  type Job,
  type PushReceipts,
} from '@teachback/core';
import { startSalesforceSimulator, type SalesforceSimulator } from '@teachback/simulator-salesforce';
import { jobsActor } from './actor';
import { saveSalesforceConnection, salesforceConnections } from './connections';
import type { PlatformPlan, PushRun } from './pipeline/plan';
import { cachedSalesforceConnection, withSalesforceSummary } from './plans/salesforce-summary';
import type { SalesforceConnection } from './plans/salesforce';
import { openRunner } from './runtime';
import { scratchDatabase, type ScratchDatabase } from './testing/databases';

// Integration tests against the simulator and a real database: slow under load.
jest.setTimeout(120_000);

/*
 * Issue 18 item 5: a Genesys / Five9 plan's push also writes the call's summary to the call-log
 * Task in the tenant's Salesforce org (connections from the store, the org from the simulator).
 */

// Synthetic master key for throw-away databases.
const MASTER_KEYS = new LocalKeyProvider(Buffer.from('7a'.repeat(32), 'hex'));
const WITH_SF = 'clinic-sf';
const WITHOUT_SF = 'clinic-nosf';
const OFF = 'clinic-off';

describe('withSalesforceSummary (Salesforce simulator, SQLite store)', () => {
  let sim: SalesforceSimulator;
  let db: ScratchDatabase;
  let store: SqlStore;

  beforeAll(async () => {
    sim = await startSalesforceSimulator({ seed: 42 });
    db = await scratchDatabase('sqlite');
    store = await openStore({ url: db.url, keys: MASTER_KEYS });
    for (const id of [WITH_SF, WITHOUT_SF, OFF]) await store.tenants.create({ id, name: id });
    for (const [tenant, adapter] of [
      [WITH_SF, {}],
      [OFF, { linkedCallSummaries: false }],
    ] as const) {
      await saveSalesforceConnection(store, tenant, {
        settings: { allowHttp: true, adapter },
        credentials: { flow: 'access-token', accessToken: sim.issueAccessToken(), instanceUrl: sim.url },
      });
    }
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
    await sim.close();
  });

  const activity = () => sim.population.activities.find((x) => x.five9 && x.salesforce?.object === 'Task')!;

  /** A scored Five9 call as the push step reads it from the store. */
  async function runFor(tenantId: string): Promise<PushRun> {
    const a = activity();
    const interaction = Interaction.parse({
      id: `five9:${a.five9!.callId}`,
      tenantId,
      source: { platform: 'five9', externalId: a.five9!.callId },
      channel: 'voice',
      direction: 'inbound',
      startedAt: a.startedAt,
      endedAt: a.endedAt,
      attributes: {},
    });
    const saved = await store.interactions.save(jobsActor(tenantId), tenantId, {
      interaction,
      scorecard: Scorecard.parse({
        interactionId: interaction.id,
        playbook: { id: 'p', version: '1' },
        score: 90,
        compliant: true,
        findings: [],
        scoredAt: a.endedAt,
      }),
    });
    const detail = await store.interactions.get(jobsActor(tenantId), tenantId, saved.id);
    const job = { tenantId, platform: 'five9', externalId: a.five9!.callId, step: 'push' } as Job;
    return {
      job,
      ctx: { enqueue: async () => 'enqueued', enqueueWhenDone: () => undefined, shouldYield: () => false },
      detail: { ...detail, scorecard: detail.scorecard! },
      receipts: new MemoryPushReceipts(),
    };
  }

  const summary = (text: string): CallSummary => ({
    interactionId: 'x',
    reason: 'Refill',
    done: [],
    promised: [],
    text,
    method: 'offline',
  });
  const inner = (): PlatformPlan & { pushed: number } => {
    const plan = {
      platform: 'five9' as const,
      keepsLaterAdditions: false,
      yieldsAfterCheckpoint: false,
      pushed: 0,
      sync: async () => ({ skipped: [] }),
      push: async () => {
        plan.pushed++;
      },
    };
    return plan;
  };
  const description = () =>
    sim.records('Task').find((t) => t['Id'] === activity().salesforce!.id)!['Description'];

  it('after the platform push, the Five9 call summary lands on its Salesforce call-log Task, once', async () => {
    const five9 = inner();
    const outcomes: string[] = [];
    const plan = withSalesforceSummary(five9, {
      connection: salesforceConnections(store),
      summaryFor: async () => summary('Refill sent to the pharmacy.'),
      onOutcome: (_t, _i, o) => outcomes.push(o),
    });
    const run = await runFor(WITH_SF);
    await plan.push(run);
    await plan.push(run);
    expect(five9.pushed).toBe(2);
    expect(outcomes).toEqual(['updated', 'replayed']);
    expect(description()).toBe(`${SUMMARY_MARKER}\nRefill sent to the pharmacy.`);
  });

  it('a tenant without a Salesforce connection, or with linked summaries off, gets only the platform push', async () => {
    for (const tenant of [WITHOUT_SF, OFF]) {
      const five9 = inner();
      const asked: string[] = [];
      const plan = withSalesforceSummary(five9, {
        connection: salesforceConnections(store),
        summaryFor: async (t) => {
          asked.push(t);
          return summary('Should not be written.');
        },
      });
      await plan.push(await runFor(tenant));
      expect(five9.pushed).toBe(1);
      expect(asked).toEqual([]);
    }
    expect(description()).not.toContain('Should not be written.');
  });

  it('the Salesforce plan itself is left as it is (its own push writes its Task)', () => {
    const sf = { ...inner(), platform: 'salesforce' as const };
    expect(
      withSalesforceSummary(sf, {
        connection: salesforceConnections(store),
        summaryFor: async () => undefined,
      }),
    ).toBe(sf);
  });
});

describe('cachedSalesforceConnection: one store read per tenant per run, the absence too', () => {
  const notFound = () => new TeachbackError('STORE.NOT_FOUND', 'no salesforce connection');

  it('reuses a connection and a missing one; forgets other failures; reads again after the ttl', async () => {
    const reads: string[] = [];
    let broken = true;
    const conn = { client: {}, config: {} } as unknown as SalesforceConnection;
    const clock = { now: 0 };
    const cached = cachedSalesforceConnection(
      async (tenantId) => {
        reads.push(tenantId);
        if (tenantId === 'none') throw notFound();
        if (tenantId === 'flaky' && broken) throw new TeachbackError('STORE.UNAVAILABLE', 'down');
        return conn;
      },
      { ttlMs: 1_000, now: () => clock.now },
    );
    for (let i = 0; i < 3; i++) {
      expect(await cached('with')).toBe(conn);
      expect(await cached('none')).toBeUndefined();
    }
    expect(reads).toEqual(['with', 'none']);
    await expect(cached('flaky')).rejects.toThrow('down');
    broken = false;
    expect(await cached('flaky')).toBe(conn);
    expect(reads).toEqual(['with', 'none', 'flaky', 'flaky']);
    clock.now = 1_001;
    expect(await cached('none')).toBeUndefined();
    expect(reads).toEqual(['with', 'none', 'flaky', 'flaky', 'none']);
  });
});

describe('a call-log Task logged after the push: the Salesforce sync pushes the summary (simulator, SQLite)', () => {
  const LATE = 'clinic-late';
  // A Five9 call id no call-log Task in the simulated org carries (yet).
  const CALL_ID = '990000000000017';
  const TASK_ID = '00TSIMLATE0000001';
  let sim: SalesforceSimulator;
  let db: ScratchDatabase;
  let store: SqlStore;

  beforeAll(async () => {
    sim = await startSalesforceSimulator({ seed: 7 });
    db = await scratchDatabase('sqlite');
    store = await openStore({ url: db.url, keys: MASTER_KEYS });
    await store.tenants.create({ id: LATE, name: LATE });
    await saveSalesforceConnection(store, LATE, {
      settings: { allowHttp: true, adapter: { pageSize: 200 } },
      credentials: { flow: 'access-token', accessToken: sim.issueAccessToken(), instanceUrl: sim.url },
    });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
    await sim.close();
  });

  const TEXT = 'Refill sent to the pharmacy; call back on Friday.';
  // Only the Five9 call has a summary here: the org's own calls are not this test's business.
  const summaryFor = async (_t: string, d: { interaction: Interaction }) =>
    d.interaction.source.platform === 'five9'
      ? {
          interactionId: d.interaction.id,
          reason: 'Refill',
          done: [],
          promised: [],
          text: TEXT,
          method: 'offline' as const,
        }
      : undefined;
  const task = () => sim.records('Task').find((t) => t['Id'] === TASK_ID);
  const receipt = async () =>
    (await store.sync.findPush(LATE, linkedSummaryKey(LATE, 'five9', CALL_ID)))?.payload;

  const syncSalesforce = async (externalId: string) => {
    const runner = await openRunner(store, {
      kind: 'embedded',
      summaryFor,
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
    });
    await runner.enqueue({ tenantId: LATE, platform: 'salesforce', externalId, step: 'sync' });
    await runner.start();
    await runner.drain({ tenantId: LATE, timeoutMs: 100_000 });
    await runner.stop();
    expect(await runner.ledger.deadLetters(LATE)).toEqual([]);
  };

  it('no Task at push time → pending; the Task synced later gets the summary, once', async () => {
    const a = sim.population.activities.find((x) => x.five9 && x.salesforce?.object === 'Task')!;
    const interaction = Interaction.parse({
      id: `five9:${CALL_ID}`,
      tenantId: LATE,
      source: { platform: 'five9', externalId: CALL_ID },
      channel: 'voice',
      direction: 'inbound',
      startedAt: a.startedAt,
      endedAt: a.endedAt,
      attributes: {},
    });
    const saved = await store.interactions.save(jobsActor(LATE), LATE, {
      interaction,
      scorecard: Scorecard.parse({
        interactionId: interaction.id,
        playbook: { id: 'p', version: '1' },
        score: 80,
        compliant: true,
        findings: [],
        scoredAt: a.endedAt,
      }),
    });
    const detail = await store.interactions.get(jobsActor(LATE), LATE, saved.id);
    const receipts: PushReceipts = new OutboxPushReceipts(store, LATE, 'five9', saved.id);
    const outcomes: string[] = [];
    const five9: PlatformPlan = {
      platform: 'five9',
      keepsLaterAdditions: false,
      yieldsAfterCheckpoint: false,
      sync: async () => ({ skipped: [] }),
      push: async () => undefined,
    };
    const plan = withSalesforceSummary(five9, {
      connection: salesforceConnections(store),
      summaryFor,
      onOutcome: (_t, _i, o) => outcomes.push(o),
    });
    await plan.push({
      job: { tenantId: LATE, platform: 'five9', externalId: CALL_ID, step: 'push' } as Job,
      ctx: { enqueue: async () => 'enqueued', enqueueWhenDone: () => undefined, shouldYield: () => false },
      detail: { ...detail, scorecard: detail.scorecard! },
      receipts,
    });
    expect(outcomes).toEqual(['no_task']);
    expect(await receipt()).toEqual(expect.objectContaining({ status: 'pending', kind: 'summary' }));
    expect(task()).toBeUndefined();

    // The CTI package logs the call's Task an hour later; the next Salesforce sync reads it.
    const loggedAt = new Date(Date.parse(a.endedAt) + 3_600_000).toISOString();
    sim.putRecords('Task', [
      {
        Id: TASK_ID,
        Subject: 'Call from member',
        TaskSubtype: 'Call',
        Status: 'Completed',
        CallType: 'Inbound',
        CallDurationInSeconds: 120,
        CallObject: CALL_ID,
        CallDisposition: 'Resolved',
        WhoId: null,
        WhatId: null,
        OwnerId: null,
        ActivityDate: a.startedAt.slice(0, 10),
        CompletedDateTime: a.endedAt,
        Description: 'Agent notes: asked about a refill.',
        Teachback_External_Id__c: null,
        SystemModstamp: loggedAt,
        CreatedDate: loggedAt,
      },
    ]);
    await syncSalesforce('recent-1');
    expect(task()!['Description']).toBe(`Agent notes: asked about a refill.\n\n${SUMMARY_MARKER}\n${TEXT}`);
    const done = await receipt();
    expect(done).toEqual(expect.objectContaining({ status: 'done', externalId: TASK_ID }));

    // The agent edits the Task again (re-read by the next sync): the receipt is done, so nothing
    // is sent again (a second push would put our block back under the agent's new text).
    sim.putRecords('Task', [
      {
        ...task()!,
        Description: 'Agent notes, rewritten.',
        SystemModstamp: new Date(Date.parse(loggedAt) + 60_000).toISOString(),
      },
    ]);
    await syncSalesforce('recent-2');
    expect(await receipt()).toEqual(done);
    expect(task()!['Description']).toBe('Agent notes, rewritten.');
  });
});
