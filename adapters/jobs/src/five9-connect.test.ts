import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import type { AccessContext } from '@teachback/core';
import { REPORTS, startFive9Simulator, type Five9Simulator } from '@teachback/simulator-five9';
import { connectFive9 } from './connect/five9';
import { scratchDatabase, type ScratchDatabase } from './testing/databases';

// Synthetic master key for throw-away databases, passed to every store this file opens.
const MASTER_KEY = 'ef'.repeat(32);
const MASTER_KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));

const admin = (tenantId: string): AccessContext => ({
  actor: {
    kind: 'system',
    id: 'jobs',
    tenantId,
    roles: ['admin', 'integration'],
    teamIds: [],
    agentIds: [],
    active: true,
  },
  source: 'worker',
});

describe('connectFive9 against the Five9 simulator', () => {
  let sim: Five9Simulator;
  let db: ScratchDatabase;
  let store: SqlStore;
  let n = 0;
  const tenant = async () => {
    const id = `clinic-connect-${++n}`;
    await store.tenants.create({ id, name: `Clinic ${n}` });
    return id;
  };
  const settings = (patch: Record<string, unknown> = {}) => ({
    gateway: sim.url,
    initialStart: '2026-10-31T07:00:00Z',
    ...patch,
  });
  const credentials = { username: 'api.sync1@clinic.example', password: 'secret-one' };
  const stored = async (t: string) =>
    store.tenants.readConnection(admin(t), t, 'five9').then(
      () => true,
      () => false,
    );

  beforeAll(async () => {
    sim = await startFive9Simulator({ calls: 10, reportRunMs: 5 });
    db = await scratchDatabase('sqlite');
    store = await openStore({ url: db.url, keys: MASTER_KEYS });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
    await sim.close();
  });

  it('checks the credentials and the stock report, reports what it lacks, stores the connection', async () => {
    const t = await tenant();
    const report = await connectFive9(store, t, { settings: settings(), credentials });
    expect(report.ok).toBe(true);
    expect(report.missing).toEqual([]);
    expect(report.provisioned.join('\n')).toContain('report Call Log Reports/Call Log');
    // The stock Call Log has no SESSION ID or MEDIA TYPE: synced without, and said so.
    expect(report.skipped.map((s) => s.what)).toEqual(
      expect.arrayContaining([
        'report column SESSION ID',
        'report column MEDIA TYPE',
        'SFTP recording export',
      ]),
    );
    expect(await stored(t)).toBe(true);
    expect(JSON.stringify(report)).not.toContain('secret-one');
  });

  it('a custom report with every column skips nothing but the unconfigured export', async () => {
    const t = await tenant();
    const report = await connectFive9(store, t, {
      settings: settings({ report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name } }),
      credentials,
    });
    expect(report.ok).toBe(true);
    expect(report.skipped.map((s) => s.what)).toEqual(['SFTP recording export']);
  });

  it('a missing report is reported as missing and nothing is stored', async () => {
    const t = await tenant();
    const report = await connectFive9(store, t, {
      settings: settings({ report: { folderName: 'Teachback', reportName: 'No Such Report' } }),
      credentials,
    });
    expect(report.ok).toBe(false);
    expect(report.missing).toEqual([
      { what: 'report Teachback/No Such Report', why: expect.stringContaining('no such report') },
    ]);
    expect(await stored(t)).toBe(false);
  });

  it('bad credentials are reported as missing, never echoed, and nothing is stored', async () => {
    const t = await tenant();
    const report = await connectFive9(store, t, {
      settings: settings(),
      credentials: { ...credentials, password: 'wrong-password' },
    });
    expect(report.ok).toBe(false);
    expect(report.missing.map((m) => m.what)).toEqual(['credentials']);
    expect(report.missing[0]!.why).toContain('refused');
    expect(JSON.stringify(report)).not.toContain('wrong-password');
    expect(await stored(t)).toBe(false);
  });

  it('rejects an invalid connection naming the field', async () => {
    const t = await tenant();
    await expect(
      connectFive9(store, t, { settings: { gateway: sim.url }, credentials }),
    ).rejects.toMatchObject({
      code: 'CONFIG.INVALID',
      message: expect.stringContaining('settings.initialStart'),
    });
    await expect(
      connectFive9(store, t, { settings: settings(), credentials: { username: 'u' } }),
    ).rejects.toMatchObject({
      code: 'CONFIG.INVALID',
      message: expect.stringContaining('credentials.password'),
    });
  });
});
