import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import nock from 'nock';
import { openConfiguredStore } from '@teachback/adapter-store';
import { loadSettings } from '@teachback/config';
import { syncStatus } from '@teachback/adapter-jobs';
import { startGenesysSimulator, type GenesysSimulator } from '@teachback/simulator-genesys';
import { DEFAULT_RANGE, REPORTS, startFive9Simulator, type Five9Simulator } from '@teachback/simulator-five9';
import { buildProgram } from '@teachback/cli';
import { cliWith } from './support/cli';
import { writeGenesysConnection } from './support/genesys-connection';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** `N requests for M interactions (X per 1,000)`, the last figure line of `teachback sync`. */
const REQUESTS = /^(\d+) requests? for (\d+) interactions?(?: \(([\d.]+) per 1,000\))?$/m;

describe('teachback sync: requests per 1,000 interactions, quarantine and its exit code', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-sync-quarantine-'));
  // The operator's environment for these commands (never the process's own).
  const env: Record<string, string> = {};
  const cli = cliWith(env);
  let genesys: GenesysSimulator;
  let five9: Five9Simulator;
  let malformed: string[];

  beforeAll(async () => {
    env.TEACHBACK_DATABASE_URL = `sqlite:${path.join(dir, 'store.db')}`;
    // Synthetic key for a throw-away database.
    env.TEACHBACK_MASTER_KEY = '5e'.repeat(32);
    genesys = await startGenesysSimulator({
      conversations: 30,
      rateLimitPerMinute: 100_000,
      jobPollsUntilFulfilled: 1,
      jobPageSizeMax: 15,
      evaluationsPerAgentPerDay: 100_000,
    });
    // The same seed gives the same calls: two of them come back with a broken TIMESTAMP.
    const probe = await startFive9Simulator({ calls: 20, seed: 11 });
    malformed = probe.calls.slice(3, 5).map((c) => c.callId);
    await probe.close();
    five9 = await startFive9Simulator({ calls: 20, seed: 11, malformedCallIds: malformed });

    const store = await openConfiguredStore(loadSettings({ env }));
    await store.tenants.create({ id: 'acme', name: 'Acme Health' });
    await store.close();
    await writeGenesysConnection(path.join(dir, 'genesys.json'), genesys.url);
    fs.writeFileSync(
      path.join(dir, 'five9.json'),
      JSON.stringify({
        settings: {
          gateway: five9.url,
          report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
          initialStart: new Date(DEFAULT_RANGE.startMs).toISOString(),
          chunkHours: 168,
        },
        credentials: { username: 'api.sync1@clinic.example', password: 'secret-one' },
      }),
    );
  });
  afterAll(async () => {
    await genesys.close();
    await five9.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('genesys: counts exactly the API requests the platform answered, and prints them per 1,000', async () => {
    const before = genesys.stats.requests;
    const r = await cli(
      'sync',
      '--tenant',
      'acme',
      '--platform',
      'genesys',
      '--since',
      '2026-10-31',
      '--until',
      '2026-11-30',
      '--connection-file',
      path.join(dir, 'genesys.json'),
    );
    expect(r.code).toBe(0);
    const answered = genesys.stats.requests - before;
    const m = REQUESTS.exec(r.err);
    expect(m).not.toBeNull();
    const [, requests, interactions, perThousand] = m!;
    expect(Number(requests)).toBe(answered);
    expect(Number(interactions)).toBeGreaterThan(10);
    expect(Number(perThousand)).toBeCloseTo((answered * 1000) / Number(interactions), 1);
    expect(r.err).not.toContain('quarantined');

    const store = await openConfiguredStore(loadSettings({ env }));
    try {
      expect(await syncStatus(store.driver, 'acme', { platform: 'genesys' })).toMatchObject({
        requests: answered,
        total: Number(interactions),
        quarantined: 0,
      });
    } finally {
      await store.close();
    }
  });

  it('five9: a sync that quarantined report rows exits 1 with a one-line summary, and --quarantine lists them', async () => {
    const r = await cli(
      'sync',
      '--tenant',
      'acme',
      '--platform',
      'five9',
      '--connection-file',
      path.join(dir, 'five9.json'),
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('five9: 2 records quarantined (see `teachback sync --quarantine`)');
    expect(REQUESTS.exec(r.err)?.[1]).toBe(String(five9.stats.requests - authCalls(five9)));

    const listed = await listQuarantine(env, '--platform', 'five9');
    expect(listed.code).toBe(0);
    const rows = listed.out.trim().split('\n');
    expect(rows[0]).toBe('platform\tkind\tref\treason\ttime');
    expect(rows.slice(1)).toHaveLength(2);
    for (const row of rows.slice(1)) {
      const [platform, kind, ref, reason, at] = row.split('\t');
      expect({ platform, kind }).toEqual({ platform: 'five9', kind: 'report-row' });
      expect(ref).toBeTruthy();
      expect(reason).toMatch(/TIMESTAMP/);
      expect(Number.isNaN(Date.parse(at!))).toBe(false);
    }
    // References and reasons only: no caller number, no report content.
    for (const id of malformed) {
      const call = five9.calls.find((c) => c.callId === id)!;
      for (const value of [call.ani, call.dnis, call.customerName, 'not a time'])
        expect(listed.out).not.toContain(value);
    }
    expect(listed.err).toContain('2 quarantined record(s)');

    const genesysOnly = await listQuarantine(env, '--platform', 'genesys');
    expect(genesysOnly.err).toContain('0 quarantined record(s)');
    expect((await listQuarantine(env)).err).toContain('2 quarantined record(s)');
    expect((await listQuarantine(env, '--limit', '0')).code).toBe(2);
  });
});

/** Five9 calls the simulator counts that no limiter grants: none are unlimited in a report sync. */
function authCalls(sim: Five9Simulator): number {
  return sim.stats.byOperation['getCallCountersState'] ?? 0;
}

/** `teachback sync --quarantine`, keeping what it prints on stdout (the table) as well. */
async function listQuarantine(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    out += String(c);
    return true;
  });
  let err = '';
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    err += String(c);
    return true;
  });
  process.exitCode = 0;
  try {
    await buildProgram({ env }).parseAsync([
      'node',
      'teachback',
      'sync',
      '--tenant',
      'acme',
      '--quarantine',
      ...args,
    ]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out, err };
}
