import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKeyProvider, openStore } from '@teachback/adapter-store';
import { jobsActor } from '@teachback/adapter-jobs';
import { loadSettings } from '@teachback/config';
import {
  startSalesforceSimulator,
  surveyDefinitionRecords,
  surveyResponseRecords,
  type SalesforceSimulator,
} from '@teachback/simulator-salesforce';
import { runSync } from './sync';

/*
 * `teachback sync --platform salesforce` stores Feedback Management survey answers in the SQL
 * store with no extra option: the runtime's default survey saver (issue 18).
 */

jest.setTimeout(120_000);

// Synthetic master key for a throw-away database.
const MASTER_KEY = '5e'.repeat(32);
const TENANT = 'cli-surveys';

describe('teachback sync (salesforce) stores survey responses', () => {
  let sim: SalesforceSimulator;
  const dir = mkdtempSync(join(tmpdir(), 'tb-cli-surveys-'));
  const env = { TEACHBACK_MASTER_KEY: MASTER_KEY, TEACHBACK_DATABASE_URL: `sqlite:${join(dir, 'tb.db')}` };

  beforeAll(async () => {
    sim = await startSalesforceSimulator({ org: { feedbackManagement: true } });
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a response about a synced VoiceCall is in the store after the command', async () => {
    const voiceCall = String(sim.records('VoiceCall')[0]!['Id']);
    for (const [type, rows] of Object.entries({
      ...surveyDefinitionRecords(),
    }))
      if (rows.length) sim.putRecords(type, rows);
    for (const [type, rows] of Object.entries(
      surveyResponseRecords({
        n: 1,
        subjectId: voiceCall,
        subjectType: 'VoiceCall',
        completedAt: '2026-03-01T12:00:00.000Z',
        answers: { csat: 4, nps: 9 },
      }),
    ))
      if (rows.length) sim.putRecords(type, rows);
    const keys = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));
    const setup = await openStore({ url: env.TEACHBACK_DATABASE_URL, keys });
    await setup.tenants.create({ id: TENANT, name: 'CLI surveys' });
    await setup.close();
    const connectionFile = join(dir, 'salesforce.json');
    writeFileSync(
      connectionFile,
      JSON.stringify({
        settings: { allowHttp: true, adapter: { pageSize: 200 } },
        credentials: { flow: 'access-token', accessToken: sim.issueAccessToken(), instanceUrl: sim.url },
      }),
    );
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let code: number;
    try {
      code = await runSync(loadSettings({ env }), {
        tenant: TENANT,
        platform: 'salesforce',
        runner: 'embedded',
        connectionFile,
        wait: true,
      });
    } finally {
      stderr.mockRestore();
    }
    expect(code).toBe(0);
    const store = await openStore({ url: env.TEACHBACK_DATABASE_URL, keys });
    try {
      const call = await store.interactions.findBySource(jobsActor(TENANT), TENANT, 'salesforce', voiceCall);
      const responses = await store.surveys.listForInteraction(jobsActor(TENANT), TENANT, call!.id);
      expect(responses.map((r) => [r.id, r.answers.map((a) => [a.kind, a.value])])).toEqual([
        [
          'salesforce:0KjSIM000000000001',
          [
            ['csat', 4],
            ['nps', 9],
          ],
        ],
      ]);
    } finally {
      await store.close();
    }
  });
});
