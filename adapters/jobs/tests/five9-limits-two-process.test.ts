import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { migrateJobs } from '@teachback/adapter-store';
import { scratchDatabase, TEST_PG_URL } from '../src/testing/databases';

/*
 * Five9's hour and day operation limits are per domain: two worker processes of one tenant must
 * share them, as they share the per-minute one. Two real processes draw from one database with a
 * fixed clock (same hour, same Pacific day); together they get exactly the hour's or the day's
 * allowance, and each is told to wait until that window ends. The same two processes with their
 * own in-process limiters (the old wiring) get twice the allowance.
 */

jest.setTimeout(120_000);

const HOOK = path.join(__dirname, 'support', 'ts-register.cjs');
const ENTRY = path.join(__dirname, '..', 'src', 'testing', 'five9-limiter-process.ts');
// 12:30 UTC on 2 Nov 2026: half an hour to the next hour; Pacific midnight is 08:00 UTC on 3 Nov.
const NOW = Date.UTC(2026, 10, 2, 12, 30, 0);
const LIMITS = {
  ReportRequest: { perMinute: 10_000, perHour: 7, perDay: 10_000 },
  RetrieveReport: { perMinute: 10_000, perHour: 10_000, perDay: 5 },
};
const ASK = 6;

interface Result {
  ReportRequest: { granted: number; waitMs?: number };
  RetrieveReport: { granted: number; waitMs?: number };
}

function run(env: NodeJS.ProcessEnv): Promise<Result> {
  const child = spawn(process.execPath, ['-r', HOOK, ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Result) : reject(new Error(`exit ${code}: ${err}`)),
    ),
  );
}

describe.each(['sqlite', 'postgres'] as const)(
  'Five9 hour and day limits across two processes (%s)',
  (kind) => {
    it('two processes together get one hour and one day allowance, then wait for the window to end', async () => {
      const db = await scratchDatabase(kind);
      const d = db.driver();
      try {
        await migrateJobs(d);
        const base = {
          ...process.env,
          TB_DB_KIND: kind,
          TB_SQLITE_FILE: db.url.replace(/^sqlite:/, ''),
          TB_PG_URL: TEST_PG_URL,
          TB_PG_SCHEMA:
            new URL(db.url.replace(/^sqlite:.*/, 'postgres://x/')).searchParams.get('schema') ?? '',
          TB_NOW: String(NOW),
          TB_LIMITS: JSON.stringify(LIMITS),
          TB_ASK: String(ASK),
        };
        const shared = await Promise.all([
          run({ ...base, TB_MODE: 'shared' }),
          run({ ...base, TB_MODE: 'shared' }),
        ]);
        const sum = (t: keyof Result, rs: Result[]) => rs.reduce((s, r) => s + r[t].granted, 0);
        expect(sum('ReportRequest', shared)).toBe(LIMITS.ReportRequest.perHour);
        expect(sum('RetrieveReport', shared)).toBe(LIMITS.RetrieveReport.perDay);
        // Whoever was stopped waits for the end of the window: the hour at 13:00 UTC, the day at Pacific midnight.
        for (const r of shared) {
          if (r.ReportRequest.waitMs !== undefined) expect(r.ReportRequest.waitMs).toBe(30 * 60_000);
          if (r.RetrieveReport.waitMs !== undefined)
            expect(r.RetrieveReport.waitMs).toBe(Date.UTC(2026, 10, 3, 8, 0, 0) - NOW);
        }
        expect(shared.some((r) => r.ReportRequest.waitMs !== undefined)).toBe(true);
        expect(shared.some((r) => r.RetrieveReport.waitMs !== undefined)).toBe(true);

        // Per-process limiters: each process counts only its own calls and both go over together.
        const local = await Promise.all([
          run({ ...base, TB_MODE: 'local' }),
          run({ ...base, TB_MODE: 'local' }),
        ]);
        expect(sum('ReportRequest', local)).toBe(2 * ASK);
        expect(sum('RetrieveReport', local)).toBe(2 * LIMITS.RetrieveReport.perDay);
      } finally {
        await d.close();
        await db.drop();
      }
    });
  },
);
