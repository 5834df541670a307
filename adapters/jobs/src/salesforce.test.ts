import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import type { Interaction, Transcript } from '@teachback/core';
import { startSalesforceSimulator, type SalesforceSimulator } from '@teachback/simulator-salesforce';
import type { SyncReport } from '@teachback/adapter-salesforce';
import { saveSalesforceConnection, salesforceConnections } from './connections';
import type { Job } from '@teachback/core';
import { pipelineSteps } from './pipeline/steps';
import { salesforcePlan } from './plans/salesforce';
import { playbookFromCatalog } from './connections';
import { jobsActor } from './actor';
import { openRunner } from './runtime';
import { scratchDatabase, TEST_PG_URL, type ScratchDatabase } from './testing/databases';

// Synthetic master key for throw-away databases, passed to every store this file opens.
const MASTER_KEY = '5f'.repeat(32);
const MASTER_KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));

const TENANT = 'clinicsf';

/** Stands in for the transcription of the calls' audio: alternately on and off script. */
const transcripts = async (_tenantId: string, i: Interaction): Promise<Transcript | undefined> => {
  if (i.channel !== 'voice') return undefined;
  const good = i.source.externalId.charCodeAt(i.source.externalId.length - 1) % 2 === 0;
  const lines: [Transcript['utterances'][number]['speaker'], string][] = good
    ? [
        ['agent', 'Thank you for calling, this call may be recorded for quality and training.'],
        ['customer', 'Hi, I have a question about my bill.'],
      ]
    : [
        ['agent', 'Hello.'],
        ['customer', 'I have a rash on my arm.'],
        ['agent', "It's probably eczema, just put some cream on it."],
      ];
  return {
    utterances: lines.map(([speaker, text], n) => ({
      speaker,
      text,
      startMs: n * 5_000,
      endMs: n * 5_000 + 4_000,
    })),
    source: 'asr',
    engine: 'test-script',
  };
};

// Integration tests against the simulator and a real database: slow under load.
jest.setTimeout(120_000);

describe.each(['embedded', 'distributed'] as const)(
  'Salesforce through the job runner (%s, Salesforce simulator)',
  (kind) => {
    let sim: SalesforceSimulator;
    let db: ScratchDatabase;
    let store: SqlStore;

    beforeAll(async () => {
      sim = await startSalesforceSimulator();
      db = await scratchDatabase(kind === 'embedded' ? 'sqlite' : 'postgres');
      store = await openStore({ url: db.url, keys: MASTER_KEYS });
      await store.tenants.create({ id: TENANT, name: 'Clinic SF' });
      await saveSalesforceConnection(store, TENANT, {
        settings: {
          allowHttp: true,
          adapter: { pageSize: 50, defaultCoachingOwnerId: '005000000000001AAA' },
        },
        credentials: { flow: 'access-token', accessToken: sim.issueAccessToken(), instanceUrl: sim.url },
      });
    });
    afterAll(async () => {
      await store.close();
      await db.drop();
      await sim.close();
    });

    const runOnce = async (externalId: string) => {
      const runner = await openRunner(store, {
        kind,
        ...(kind === 'distributed'
          ? { databaseUrl: TEST_PG_URL, bossSchema: db.bossSchema!, pollSeconds: 0.5 }
          : {}),
        salesforce: { transcripts },
        retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
      });
      await runner.enqueue({ tenantId: TENANT, platform: 'salesforce', externalId, step: 'sync' });
      await runner.start();
      await runner.drain({ tenantId: TENANT, timeoutMs: 60_000 });
      await runner.stop();
      return runner;
    };

    const snapshot = async () => {
      const out: Record<string, number | null> = {};
      let cursor: string | undefined;
      do {
        const page = await store.interactions.list(
          jobsActor(TENANT),
          TENANT,
          {},
          {
            limit: 500,
            ...(cursor ? { cursor } : {}),
          },
        );
        for (const s of page.items) out[`${s.platform}:${s.externalId}`] = s.scoreVersion ?? null;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return out;
    };
    // Every upsert stamps SystemModstamp, even an unchanged one: equal snapshots mean no writes.
    // (Request paths cannot tell: the describe each sync makes is a POST /composite too.)
    const writes = () =>
      JSON.stringify([
        sim.records('Teachback_Interaction_Score__c'),
        sim.records('Task').filter((r) => r['Teachback_External_Id__c']),
      ]);

    it('syncs activities, scores the transcribed ones, pushes score objects and coaching tasks once', async () => {
      const runner = await runOnce('recent');
      expect(await runner.ledger.deadLetters(TENANT)).toEqual([]);
      const first = await snapshot();
      const ids = Object.keys(first);
      expect(ids.length).toBeGreaterThan(0);
      const scored = Object.values(first).filter((v) => v !== null).length;
      expect(scored).toBeGreaterThan(0);
      const scores = sim.records('Teachback_Interaction_Score__c');
      expect(scores).toHaveLength(scored);
      expect(new Set(scores.map((r) => r['External_Id__c'])).size).toBe(scored);
      const tasks = sim.records('Task').filter((r) => r['Teachback_External_Id__c']);
      expect(tasks.length).toBeGreaterThan(0);
      // One score per conversation: a VoiceCall's call-log Task and a Task logging a Five9 or
      // Genesys call are not scored a second time (the script above transcribes every voice call).
      const scoredIds = new Set(scores.map((r) => r['Source_Interaction_Id__c']));
      const callLogs = sim
        .records('VoiceCall')
        .map((v) => v['ActivityId'])
        .filter(Boolean);
      expect(callLogs.length).toBeGreaterThan(0);
      expect(callLogs.filter((id) => scoredIds.has(id))).toEqual([]);
      const vendorLogs = sim.records('Task').filter((t) => t['TaskSubtype'] === 'Call' && t['CallObject']);
      expect(vendorLogs.length).toBeGreaterThan(0);
      expect(vendorLogs.filter((t) => scoredIds.has(t['Id']))).toEqual([]);
      // No transcript text leaves Teachback.
      expect(JSON.stringify(scores)).not.toContain('eczema');

      const before = writes();
      await runOnce('recent');
      await runOnce('replay-1');
      expect(await snapshot()).toEqual(first);
      expect(sim.records('Teachback_Interaction_Score__c')).toHaveLength(scored);
      expect(sim.records('Task').filter((r) => r['Teachback_External_Id__c'])).toHaveLength(tasks.length);
      expect(writes()).toBe(before);
    });
  },
);

describe('Salesforce sync step: quarantine and transcripts from the org (embedded)', () => {
  let sim: SalesforceSimulator;
  let db: ScratchDatabase;
  let store: SqlStore;
  const reports: SyncReport[] = [];

  beforeAll(async () => {
    sim = await startSalesforceSimulator();
    db = await scratchDatabase('sqlite');
    store = await openStore({ url: db.url, keys: MASTER_KEYS });
    await store.tenants.create({ id: TENANT, name: 'Clinic SF' });
    await saveSalesforceConnection(store, TENANT, {
      settings: { allowHttp: true, adapter: { defaultCoachingOwnerId: '005000000000001AAA' } },
      credentials: { flow: 'access-token', accessToken: sim.issueAccessToken(), instanceUrl: sim.url },
    });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
    await sim.close();
  });

  it('quarantines a record it cannot read, keeps syncing, and scores calls from their ConversationEntry transcript', async () => {
    const [vc] = sim.records('VoiceCall');
    sim.putRecords('VoiceCall', [{ ...vc, CallStartDateTime: 'yesterday-ish' }]);
    const runner = await openRunner(store, {
      kind: 'embedded',
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
    });
    const steps = pipelineSteps({
      store,
      driver: store.driver,
      plans: [
        salesforcePlan({
          driver: store.driver,
          connection: salesforceConnections(store),
          onSyncReport: (_t, r) => reports.push(r),
        }),
      ],
      playbookFor: playbookFromCatalog(store),
    });
    await steps.sync!(
      {
        tenantId: TENANT,
        platform: 'salesforce',
        externalId: 'q-1',
        step: 'sync',
        key: 'q-1',
        payload: {},
      } as unknown as Job,
      { enqueue: (spec) => runner.enqueue(spec), enqueueWhenDone: () => undefined, shouldYield: () => false },
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]!.quarantined).toBe(1);
    const rows = await store.driver.all<{ kind: string; ref: string; reason: string }>(
      "SELECT kind, ref, reason FROM tb_jobs_quarantine WHERE tenant_id = ? AND platform = 'salesforce'",
      [TENANT],
    );
    expect(rows).toEqual([
      { kind: 'VoiceCall', ref: vc!['Id'], reason: 'CallStartDateTime: not a Salesforce datetime' },
    ]);
    expect(reports[0]!.skipped.map((g) => g.what)).toContain('LiveChatTranscript');

    // No transcript source given: voice calls and messaging sessions are scored from the org's own entries.
    await runner.start();
    await runner.drain({ tenantId: TENANT, timeoutMs: 60_000 });
    await runner.stop();
    expect(await runner.ledger.deadLetters(TENANT)).toEqual([]);
    const scored = sim
      .records('Teachback_Interaction_Score__c')
      .map((r) => String(r['Source_Interaction_Id__c']));
    expect(scored.length).toBeGreaterThan(0);
    expect(scored.every((id) => id.startsWith('0LQ') || id.startsWith('0Mw'))).toBe(true);
  });
});
