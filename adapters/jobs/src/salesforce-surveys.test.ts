import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import type { SyncReport } from '@teachback/adapter-salesforce';
import {
  startSalesforceSimulator,
  surveyDefinitionRecords,
  surveyResponseRecords,
  type SalesforceSimulator,
} from '@teachback/simulator-salesforce';
import { jobsActor } from './actor';
import { saveSalesforceConnection } from './connections';
import { openRunner } from './runtime';
import { scratchDatabase, type ScratchDatabase } from './testing/databases';

/*
 * Issue 18: Feedback Management surveys through the one pipeline into the store's surveys role
 * (the real SQL store: idempotent on the response id, refuses an unknown interaction).
 */

jest.setTimeout(120_000);

// Synthetic master key for throw-away databases.
const MASTER_KEYS = new LocalKeyProvider(Buffer.from('3c'.repeat(32), 'hex'));
const TENANT = 'clinic-surveys';

describe('Salesforce surveys through the embedded runner into the SQL store', () => {
  let sim: SalesforceSimulator;
  let db: ScratchDatabase;
  let store: SqlStore;

  beforeAll(async () => {
    sim = await startSalesforceSimulator({ org: { feedbackManagement: true } });
    db = await scratchDatabase('sqlite');
    store = await openStore({ url: db.url, keys: MASTER_KEYS });
    await store.tenants.create({ id: TENANT, name: 'Clinic surveys' });
    await saveSalesforceConnection(store, TENANT, {
      settings: { allowHttp: true, adapter: { pageSize: 200 } },
      credentials: { flow: 'access-token', accessToken: sim.issueAccessToken(), instanceUrl: sim.url },
    });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
    await sim.close();
  });

  it('a response about a VoiceCall is stored on that interaction once; one about a to-do Task is not', async () => {
    const voiceCall = String(sim.records('VoiceCall')[0]!['Id']);
    const toDo = String(sim.records('Task').find((t) => t['TaskSubtype'] === 'Task')!['Id']);
    const put = (records: Record<string, Record<string, unknown>[]>) => {
      for (const [type, rows] of Object.entries(records)) if (rows.length) sim.putRecords(type, rows);
    };
    put(surveyDefinitionRecords());
    put(
      surveyResponseRecords({
        n: 1,
        subjectId: voiceCall,
        subjectType: 'VoiceCall',
        completedAt: '2026-03-01T12:00:00.000Z',
        answers: { csat: 5, nps: 8 },
      }),
    );
    put(
      surveyResponseRecords({
        n: 2,
        subjectId: toDo,
        subjectType: 'Task',
        completedAt: '2026-03-02T12:00:00.000Z',
        answers: { csat: 1 },
      }),
    );
    const reports: SyncReport[] = [];
    const run = async (externalId: string) => {
      const runner = await openRunner(store, {
        kind: 'embedded',
        // No saver given: the runtime's default (the store's surveys role), as `teachback sync` runs it.
        salesforce: { onSyncReport: (_t, r) => reports.push(r) },
        retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
      });
      await runner.enqueue({ tenantId: TENANT, platform: 'salesforce', externalId, step: 'sync' });
      await runner.start();
      await runner.drain({ tenantId: TENANT, timeoutMs: 90_000 });
      await runner.stop();
      expect(await runner.ledger.deadLetters(TENANT)).toEqual([]);
    };
    await run('recent-1');
    // A sync job may hand its worker back after a checkpoint (and resume): only the last run reports.
    expect(reports.at(-1)!.skipped.map((g) => g.what)).not.toContain('SurveyResponse');

    const stored = await store.interactions.findBySource(jobsActor(TENANT), TENANT, 'salesforce', voiceCall);
    const list = () => store.surveys.listForInteraction(jobsActor(TENANT), TENANT, stored!.id);
    expect(await list()).toEqual([
      {
        id: 'salesforce:0KjSIM000000000001',
        interaction: { platform: 'salesforce', externalId: voiceCall },
        source: 'salesforce',
        submittedAt: '2026-03-01T12:00:00.000Z',
        answers: [
          { questionId: 'satisfaction', kind: 'csat', value: 5 },
          { questionId: 'recommend', kind: 'nps', value: 8 },
        ],
      },
    ]);

    // The same response edited later (SystemModstamp moves) is read again: still one answer set.
    const [response] = sim.records('SurveyResponse');
    sim.putRecords('SurveyResponse', [{ ...response!, SystemModstamp: '2026-03-05T12:00:00.000Z' }]);
    await run('recent-2');
    const mark = await store.sync.readCheckpoint(TENANT, 'salesforce', 'salesforce:SurveyResponse');
    expect(mark?.value).toEqual({
      highWater: '2026-03-05T12:00:00.000Z',
      idsAtHighWater: [String(response!['Id'])],
    });
    expect(await list()).toHaveLength(1);
    // The response about the to-do Task (not a synced interaction) was quarantined, never stored.
    const quarantined = await store.driver.all<{ ref: string; reason: string }>(
      "SELECT ref, reason FROM tb_jobs_quarantine WHERE tenant_id = ? AND kind = 'SurveyResponse'",
      [TENANT],
    );
    expect(quarantined).toEqual([
      { ref: '0KjSIM000000000002', reason: `about Task ${toDo}, which is not a synced interaction` },
    ]);
  });
});
