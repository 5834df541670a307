import nock from 'nock';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import { loadCompiledPlaybook } from '@teachback/config';
import { GenesysClient } from '@teachback/connector-genesys';
import {
  MemoryInstallations,
  MemoryVault,
  provisionGenesysOrg,
  type GenesysInstallation,
} from '@teachback/adapter-genesys';
import type { InteractionSummary } from '@teachback/core';
import { startGenesysSimulator, SUPERVISORS, type GenesysSimulator } from '@teachback/simulator-genesys';
import { saveGenesysConnection } from './connections';
import { jobsActor } from './actor';
import { JobLedger } from '@teachback/adapter-store';
import { openRunner } from './runtime';
import { scratchDatabase, type ScratchDatabase } from './testing/databases';

// Synthetic master key for throw-away databases, passed to every store this file opens.
const MASTER_KEY = 'cd'.repeat(32);
const MASTER_KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));

const TENANT = 'metrics-co';
const CONVERSATIONS = 30;
const FROM = '2026-10-31T00:00:00.000Z';
const TO = '2026-11-05T00:00:00.000Z';

describe('Genesys agent-day metrics through the embedded runner (Genesys simulator)', () => {
  let sim: GenesysSimulator;
  let db: ScratchDatabase;
  let store: SqlStore;
  let installation: GenesysInstallation;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    sim = await startGenesysSimulator({
      seed: 23,
      conversations: CONVERSATIONS,
      spanHours: 48,
      rateLimitPerMinute: 100_000,
      jobPollsUntilFulfilled: 1,
      evaluationsPerAgentPerDay: 100_000,
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
    installation = (await installations.get(TENANT))!;
    db = await scratchDatabase('sqlite');
    store = await openStore({ url: db.url, keys: MASTER_KEYS });
    await store.tenants.create({ id: TENANT, name: 'Metrics Clinic' });
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

  const runUntilDone = async (enqueue?: string) => {
    const runner = await openRunner(store, { kind: 'embedded', concurrency: 4, pollIntervalMs: 10 });
    if (enqueue) {
      await runner.enqueue({
        tenantId: TENANT,
        platform: 'genesys',
        externalId: enqueue,
        step: 'sync',
        payload: { mode: 'backfill', from: FROM, to: TO, chunkHours: 24 },
      });
    }
    await runner.start();
    await runner.drain({ tenantId: TENANT, pollMs: 20 });
    await runner.stop();
  };

  /** Computed here from the stored scorecards, independently of the adapter's aggregation. */
  async function expectedFromStore(): Promise<string[]> {
    const items: InteractionSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.interactions.list(
        jobsActor(TENANT),
        TENANT,
        { platform: 'genesys' },
        { limit: 500, ...(cursor ? { cursor } : {}) },
      );
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const groups = new Map<string, { n: number; compliant: number; met: number; applicable: number }>();
    for (const i of items) {
      const agent = i.agentIds[0];
      if (i.scoreVersion === null || !agent) continue;
      const card = (await store.interactions.get(jobsActor(TENANT), TENANT, i.id)).scorecard!;
      const k = `${agent} ${i.occurredAt.slice(0, 10)}`;
      const g = groups.get(k) ?? { n: 0, compliant: 0, met: 0, applicable: 0 };
      g.n++;
      if (card.compliant) g.compliant++;
      const adherence = card.findings.filter(
        (f) => f.category === 'adherence' && f.status !== 'not_applicable',
      );
      g.applicable += adherence.length;
      g.met += adherence.filter((f) => f.status === 'met').length;
      groups.set(k, g);
    }
    const pct = (a: number, b: number) => (b === 0 ? 100 : Math.round((a / b) * 1000) / 10);
    return [...groups.entries()]
      .flatMap(([k, g]) => [
        `${k} compliance ${pct(g.compliant, g.n)} ${g.n}`,
        `${k} adherence ${pct(g.met, g.applicable)} ${g.n}`,
      ])
      .sort();
  }

  const received = () =>
    [...sim.pushed.metricData.values()]
      .map((m) => {
        const name = m.metricId === installation.metrics.compliance ? 'compliance' : 'adherence';
        return `${m.userId} ${m.dateOccurred} ${name} ${m.value} ${m.count}`;
      })
      .sort();

  it('pushes one value per agent-day and metric, computed from the stored scorecards', async () => {
    await runUntilDone(`backfill:${FROM}/${TO}`);
    const want = await expectedFromStore();
    expect(want.length).toBeGreaterThan(2);
    // The aggregation is exercised: at least one agent-day holds more than one scored call.
    expect(want.some((l) => Number(l.split(' ').pop()) > 1)).toBe(true);
    expect(received()).toEqual(want);
    // Both metrics belong to the installation, nothing else was written.
    const ids = new Set([...sim.pushed.metricData.values()].map((m) => m.metricId));
    expect([...ids].sort()).toEqual([installation.metrics.adherence, installation.metrics.compliance].sort());
    const jobs = await new JobLedger(store.driver).all(TENANT);
    expect(jobs.filter((j) => j.step === 'metrics' && j.state !== 'done')).toEqual([]);
  });

  it('a second sync of the same state pushes nothing new', async () => {
    const before = { ...sim.stats };
    const values = received();
    await runUntilDone(`backfill:${FROM}/${TO}#again`);
    expect(sim.stats.metricDataItems).toBe(before.metricDataItems);
    expect(sim.stats.evaluationsCreated).toBe(before.evaluationsCreated);
    expect(received()).toEqual(values);
  });

  it('replayed push and metrics steps (as after a crash) write no metric again', async () => {
    const before = sim.stats.metricDataItems;
    const values = received();
    const replayed = await store.driver.run(
      "UPDATE tb_jobs_ledger SET state = 'queued', run_after = 0 WHERE tenant_id = ? AND step IN ('push', 'metrics')",
      [TENANT],
    );
    expect(replayed).toBeGreaterThan(CONVERSATIONS / 2);
    await runUntilDone();
    const jobs = await new JobLedger(store.driver).all(TENANT);
    expect(jobs.filter((j) => j.state !== 'done')).toEqual([]);
    expect(sim.stats.metricDataItems).toBe(before);
    expect(received()).toEqual(values);
  });

  it("a new score version recomputes that agent-day's metrics", async () => {
    const before = sim.stats.metricDataItems;
    const page = await store.interactions.list(
      jobsActor(TENANT),
      TENANT,
      { platform: 'genesys' },
      { limit: 500 },
    );
    const target = page.items.find((i) => i.scoreVersion !== null && i.agentIds[0])!;
    const detail = await store.interactions.get(jobsActor(TENANT), TENANT, target.id);
    const card = detail.scorecard!;
    // A reviewer's re-score: compliance flips, so the agent-day's compliance % must move.
    await store.interactions.save(jobsActor(TENANT), TENANT, {
      interaction: detail.interaction,
      scorecard: { ...card, compliant: !card.compliant },
    });
    const rescored = await store.interactions.get(jobsActor(TENANT), TENANT, target.id);
    expect(rescored.summary.scoreVersion).not.toBe(target.scoreVersion);
    await store.driver.run(
      "UPDATE tb_jobs_ledger SET state = 'queued', run_after = 0 WHERE tenant_id = ? AND step = 'push' AND external_id = ?",
      [TENANT, target.externalId],
    );
    await runUntilDone();
    const want = await expectedFromStore();
    expect(received()).toEqual(want);
    // Only the value that changed (that agent-day's compliance %) was written again.
    expect(sim.stats.metricDataItems).toBe(before + 1);
  });
});
