/*
 * Issue 18's push half on Genesys, through the one pipeline: a scored conversation's summary (from
 * the function the runner is given; hand-made here, the builder is core's) lands as participant
 * data once, and finished Quality surveys reach the survey saver during the sync.
 */
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
import type { CallSummary, InteractionDetail } from '@teachback/core';
import { startGenesysSimulator, SUPERVISORS, type GenesysSimulator } from '@teachback/simulator-genesys';
import { saveGenesysConnection } from './connections';
import { JobLedger } from '@teachback/adapter-store';
import { SUMMARY_ATTRIBUTE } from '@teachback/adapter-genesys';
import { jobsActor } from './actor';
import { openRunner } from './runtime';
import { scratchDatabase, type ScratchDatabase } from './testing/databases';

// Synthetic master key for throw-away databases, passed to every store this file opens.
const MASTER_KEY = 'cd'.repeat(32);
const MASTER_KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));

// Integration tests against the simulator and a real database: slow under load.
jest.setTimeout(120_000);

const TENANT = 'summary-co';
const CONVERSATIONS = 30;
const FROM = '2026-10-31T00:00:00.000Z';
const TO = '2026-11-05T00:00:00.000Z';

describe('Genesys post-call summary and surveys through the embedded runner (Genesys simulator)', () => {
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

  // Hand-made summaries: the builder itself is core/src/summary's, wired in by the runtime's caller.
  const summaries: string[] = [];
  const summaryFor = async (_tenantId: string, detail: InteractionDetail): Promise<CallSummary> => {
    summaries.push(detail.summary.id);
    return {
      interactionId: detail.summary.id,
      reason: 'Refill question',
      done: ['Checked the refill'],
      promised: [],
      text: 'Refill checked, member 123456 told to expect a call back.',
      method: 'offline',
    };
  };

  const runUntilDone = async (enqueue?: string) => {
    const runner = await openRunner(store, {
      kind: 'embedded',
      concurrency: 4,
      pollIntervalMs: 10,
      summaryFor,
      // No survey saver given: the runtime's default, the SQL store's surveys role (as in `teachback worker`).
    });
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

  const written = () =>
    [...sim.pushed.participantAttributes.entries()]
      .filter(([, a]) => a[SUMMARY_ATTRIBUTE])
      .map(([k, a]) => `${k.split('|')[0]} ${a[SUMMARY_ATTRIBUTE]}`)
      .sort();

  it('writes one masked summary per scored conversation on its customer participant, and saves the surveys', async () => {
    await runUntilDone(`backfill:${FROM}/${TO}`);
    const jobs = await new JobLedger(store.driver).all(TENANT);
    expect(jobs.filter((j) => j.state !== 'done')).toEqual([]);
    const pushedConversations = jobs.filter((j) => j.step === 'push').map((j) => j.externalId);
    expect(summaries.length).toBeGreaterThan(0);
    const want = sim.conversations
      .filter((c) => pushedConversations.includes(c.id) && summaries.includes(`genesys:${c.id}`))
      .map((c) => `${c.id} Refill checked, member [number] told to expect a call back.`)
      .sort();
    expect(want.length).toBe(summaries.length);
    expect(written()).toEqual(want);
    // Each on the conversation's customer participant.
    for (const key of sim.pushed.participantAttributes.keys()) {
      const [conversationId, participantId] = key.split('|');
      const c = sim.conversations.find((x) => x.id === conversationId)!;
      expect(c.details.participants!.find((p) => p.participantId === participantId)!.purpose).toBe(
        'customer',
      );
    }
    const withSurvey = sim.conversations.filter((c) => c.survey);
    expect(withSurvey.length).toBeGreaterThan(0);
    for (const c of withSurvey) {
      const stored = await store.interactions.findBySource(jobsActor(TENANT), TENANT, 'genesys', c.id);
      const responses = await store.surveys.listForInteraction(jobsActor(TENANT), TENANT, stored!.id);
      expect(responses.map((r) => r.id)).toEqual([`genesys:survey:${c.survey!.id}`]);
      expect(responses[0]!.interaction).toEqual({ platform: 'genesys', externalId: c.id });
      expect(responses[0]!.answers.length).toBeGreaterThan(0);
    }
    const all = await store.driver.all<{ n: number }>(
      'SELECT COUNT(*) AS n FROM survey_responses WHERE tenant_id = ?',
      [TENANT],
    );
    expect(Number(all[0]!.n)).toBe(withSurvey.length);
  });

  it('replayed push steps (as after a crash) write no summary again', async () => {
    const before = sim.stats.byOperation['setParticipantAttributes'];
    const values = written();
    const replayed = await store.driver.run(
      "UPDATE tb_jobs_ledger SET state = 'queued', run_after = 0 WHERE tenant_id = ? AND step = 'push'",
      [TENANT],
    );
    expect(replayed).toBeGreaterThan(0);
    await runUntilDone();
    expect(sim.stats.byOperation['setParticipantAttributes']).toBe(before);
    expect(written()).toEqual(values);
  });
});
