import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import { SUMMARY_MARKER } from '@teachback/adapter-salesforce';
import { Interaction, MemoryPushReceipts, Scorecard, type CallSummary, type Job } from '@teachback/core';
import { startSalesforceSimulator, type SalesforceSimulator } from '@teachback/simulator-salesforce';
import { jobsActor } from './actor';
import { saveSalesforceConnection, salesforceConnections } from './connections';
import type { PlatformPlan, PushRun } from './pipeline/plan';
import { withSalesforceSummary } from './plans/salesforce-summary';
import { scratchDatabase, type ScratchDatabase } from './testing/databases';

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
      ctx: { enqueue: async () => 'enqueued', shouldYield: () => false },
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
