import nock from 'nock';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import { startGenesysSimulator, SUPERVISORS, type GenesysSimulator } from '@teachback/simulator-genesys';
import { genesysConnections } from '../connections';
import { JobLedger } from '@teachback/adapter-store';
import { openRunner } from '../runtime';
import { scratchDatabase, type ScratchDatabase } from '../testing/databases';
import { connectGenesys } from './genesys';

// Synthetic master key for throw-away databases, passed to every store this file opens.
const MASTER_KEY = 'ab'.repeat(32);
const MASTER_KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));

const FROM = '2026-10-31T00:00:00.000Z';
const TO = '2026-11-03T00:00:00.000Z';

const settingsFor = (sim: GenesysSimulator) => ({
  orgId: 'sim-org',
  region: 'us_east_1',
  gateway: sim.url,
  evaluatorUserId: 'teachback-evaluator',
  defaultSupervisor: SUPERVISORS[0],
  requestsPerMinute: 100_000,
  jobPollIntervalMs: 10,
});
const credentials = { clientId: 'sim-client', clientSecret: 'sim-secret' };

describe('connectGenesys against the Genesys simulator', () => {
  let db: ScratchDatabase;
  let store: SqlStore;
  const sims: GenesysSimulator[] = [];
  const sim = async (o: Parameters<typeof startGenesysSimulator>[0]) => {
    const s = await startGenesysSimulator({ rateLimitPerMinute: 100_000, ...o });
    sims.push(s);
    return s;
  };
  let n = 0;
  const tenant = async () => {
    const id = `connect-${++n}`;
    await store.tenants.create({ id, name: `Connect Clinic ${n}` });
    return id;
  };

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    db = await scratchDatabase('sqlite');
    store = await openStore({ url: db.url, keys: MASTER_KEYS });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
    await Promise.all(sims.map((s) => s.close()));
    nock.enableNetConnect();
  });

  it('installs the form and metrics, stores the connection with them, and pushes then go through', async () => {
    const s = await sim({ seed: 31, conversations: 24, spanHours: 48, jobPollsUntilFulfilled: 1 });
    const t = await tenant();
    const report = await connectGenesys(store, t, { settings: settingsFor(s), credentials });
    expect(report).toMatchObject({ platform: 'genesys', ok: true, missing: [], skipped: [] });
    expect(report.provisioned).toEqual(
      expect.arrayContaining([
        'verified analytics:conversationDetail:view',
        'verified quality:evaluation:add',
        'integration type teachback-premium-app (premium app entitlement)',
        expect.stringMatching(/^evaluation form "Teachback: .+" \(.+\)$/),
      ]),
    );
    expect(JSON.stringify(report)).not.toContain(credentials.clientSecret);
    expect(s.pushed.forms.filter((f) => f.published)).toHaveLength(1);
    expect(s.pushed.metricDefinitions).toHaveLength(2);
    const wired = await genesysConnections(store)(t);
    expect(wired.installation?.form.formId).toBe(s.pushed.forms[0]!.id);

    // The whole pipeline on that stored connection: every scored call is pushed, none dead-letters.
    const runner = await openRunner(store, { kind: 'embedded', concurrency: 4, pollIntervalMs: 10 });
    await runner.enqueue({
      tenantId: t,
      platform: 'genesys',
      externalId: 'connect-then-backfill',
      step: 'sync',
      payload: { mode: 'backfill', from: FROM, to: TO, chunkHours: 24 },
    });
    await runner.start();
    await runner.drain({ tenantId: t, pollMs: 20 });
    await runner.stop();
    const jobs = await new JobLedger(store.driver).all(t);
    expect(jobs.filter((j) => j.state !== 'done')).toEqual([]);
    const pushes = jobs.filter((j) => j.step === 'push');
    expect(pushes.length).toBeGreaterThan(5);
    expect(s.stats.evaluationsCreated).toBeGreaterThan(5);
  });

  it('lists every missing permission, skips what is optional, and stores the connection without an installation', async () => {
    const s = await sim({
      conversations: 5,
      deniedPermissions: [
        'quality:evaluationForm:add',
        'coaching:appointment:add',
        'speechAndTextAnalytics:transcript:view',
        'speechAndTextAnalytics:data:view',
      ],
    });
    const t = await tenant();
    const report = await connectGenesys(store, t, { settings: settingsFor(s), credentials });
    expect(report.ok).toBe(false);
    expect(report.missing.map((m) => m.what).sort()).toEqual([
      'coaching:appointment:add',
      'quality:evaluationForm:add',
    ]);
    expect(report.skipped.map((m) => m.what)).toEqual([
      'speechAndTextAnalytics:transcript:view',
      'notification topic v2.conversations.{id}.transcription',
    ]);
    expect(report.skipped[0]!.why).toContain('transcribed from their recordings');
    expect(s.pushed.forms).toEqual([]);
    const conn = await genesysConnections(store)(t);
    expect(conn.installation).toBeUndefined();
  });

  it("reports the live-guidance permissions (the org's queues, the agent on a live call) as skipped, naming what is lost", async () => {
    const s = await sim({
      conversations: 5,
      deniedPermissions: ['routing:queue:view', 'conversation:communication:view'],
    });
    const report = await connectGenesys(store, await tenant(), { settings: settingsFor(s), credentials });
    expect(report.ok).toBe(true);
    expect(report.missing).toEqual([]);
    expect(report.skipped).toEqual([
      {
        what: 'routing:queue:view',
        why: "listing the org's queues for live guidance: live guidance only on the queues the connection names (liveQueueIds)",
      },
      {
        what: 'conversation:communication:view',
        why: 'reading the agent of a live call: no live guidance (the prompts have no agent screen to go to)',
      },
    ]);
  });

  it('reports Speech & Text Analytics switched off as skipped, not missing', async () => {
    const s = await sim({ conversations: 5, transcription: 'Disabled' });
    const report = await connectGenesys(store, await tenant(), { settings: settingsFor(s), credentials });
    expect(report.ok).toBe(true);
    expect(report.skipped.map((g) => g.what)).toEqual([
      'Speech & Text Analytics voice transcription',
      'notification topic v2.conversations.{id}.transcription',
    ]);
  });

  it('refuses bad input and bad credentials with the field to fix, and stores nothing', async () => {
    const s = await sim({ conversations: 1 });
    const t = await tenant();
    const { orgId: _orgId, ...noOrg } = settingsFor(s);
    await expect(connectGenesys(store, t, { settings: noOrg, credentials })).rejects.toMatchObject({
      code: 'JOBS.CONNECTION_INVALID',
      message: expect.stringMatching(/^settings\.orgId: /),
    });
    await expect(
      connectGenesys(store, t, { settings: { ...settingsFor(s), region: 'mars_1' }, credentials }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^settings\.region: /) });
    const wrong = { clientId: 'sim-client', clientSecret: 'not-the-secret' };
    const err = (await connectGenesys(store, t, { settings: settingsFor(s), credentials: wrong }).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error & { code: string };
    expect(err).toMatchObject({ code: 'JOBS.CONNECTION_INVALID' });
    expect(err.message).toMatch(/^credentials\.clientSecret: /);
    expect(err.message).not.toContain('not-the-secret');
    await expect(genesysConnections(store)(t)).rejects.toThrow();
  });
});
