import { Five9AdminClient, OperationLimiter } from '@teachback/connector-five9';
import { REPORTS, generateCalls, startFive9Simulator, type Five9Simulator } from '@teachback/simulator-five9';
import { MemoryInteractionSink } from './memory';
import { MemoryCheckpoints, MemoryQuarantine } from '@teachback/core';
import { syncCallLogs } from './sync';
import type { CallLogSyncConfigInput } from './config';

/*
 * Requests per 1,000 calls against the simulator's own counter, compared with the fewest the API's
 * shapes allow: one getCallCountersState per sync, and per report one runReport, one
 * isReportRunning (a long poll) and one getReportResultCsv; a report covers at most the row cap
 * (getReportResultCsv's 50,000) and at most `maxWindowHours` (7 days).
 */
const DAY = 86_400_000;
const START = Date.parse('2026-09-01T07:00:00Z');
const WEEKS5 = 35 * DAY;
const USERS = { 'api.sync1@clinic.example': 'secret-one' };

function minimumRequests(rows: number, rangeMs: number, rowCap: number, maxWindowMs: number): number {
  const reports = Math.max(1, Math.ceil(rows / rowCap), Math.ceil(rangeMs / maxWindowMs));
  return 1 + 3 * reports;
}

async function rig(calls: number, opts: { csvRowLimit?: number } = {}) {
  const clock = { now: START + WEEKS5 + 15 * 60_000 };
  const sim = await startFive9Simulator({
    users: USERS,
    calls: generateCalls({ seed: 5, count: calls, startMs: START, endMs: START + WEEKS5 }),
    now: () => clock.now,
    reportRunMs: 5,
    ...opts,
  });
  const advance = async (ms: number) => void (clock.now += ms);
  const client = new Five9AdminClient({
    credentials: [{ username: 'api.sync1@clinic.example', password: 'secret-one' }],
    baseUrl: sim.url,
    limiter: new OperationLimiter({ now: () => clock.now, sleep: advance }),
    sleep: advance,
  });
  const ports = {
    client,
    checkpoints: new MemoryCheckpoints(),
    sink: new MemoryInteractionSink(),
    quarantine: new MemoryQuarantine(),
    now: () => clock.now,
  };
  return { sim, clock, ports };
}

const config: CallLogSyncConfigInput = {
  tenantId: 't1',
  report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
  initialStart: new Date(START).toISOString(),
};

describe('report windows sized to the volume and the hourly runReport limit', () => {
  let sim: Five9Simulator | undefined;
  afterEach(async () => sim?.close());

  it('a 5-week backfill of a small center, then an incremental sync, near the minimum', async () => {
    const r = await rig(3_000);
    sim = r.sim;
    const first = await syncCallLogs(config, r.ports);
    expect(first.written.inserted).toBe(3_000);
    const used = r.sim.stats.requests;
    const min = minimumRequests(3_000, WEEKS5, 50_000, 7 * DAY);
    expect(used).toBeLessThanOrEqual(1.5 * min);
    // Far below the 120 runReport an hour the default 6-hour windows (140 reports) would overrun.
    expect(r.sim.stats.byOperation['runReport']).toBeLessThanOrEqual(8);
    expect(r.sim.stats.limitFaults).toBe(0);
    process.stdout.write(
      `five9 first sync: ${used} requests (minimum ${min}) for 3000 calls = ${((used / 3000) * 1000).toFixed(1)} per 1,000\n`,
    );

    // A day later: the calls of that day in one report.
    const more = generateCalls({
      seed: 6,
      count: 90,
      startMs: START + WEEKS5,
      endMs: START + WEEKS5 + DAY,
    }).map((c, i) => ({ ...c, callId: String(900000000 + i) }));
    r.sim.calls.push(...more);
    r.clock.now += DAY;
    const before = r.sim.stats.requests;
    const next = await syncCallLogs(config, r.ports);
    expect(next.written.inserted).toBe(90);
    const incremental = r.sim.stats.requests - before;
    expect(incremental).toBeLessThanOrEqual(1.5 * minimumRequests(90, DAY, 50_000, 7 * DAY));
    process.stdout.write(
      `five9 incremental sync: ${incremental} requests for 90 calls = ${((incremental / 90) * 1000).toFixed(1)} per 1,000\n`,
    );
  });

  it('a dense backfill sizes its windows to the row cap', async () => {
    // The row cap scaled down 100× (500 for 50,000) so a dense center fits in a unit test.
    const r = await rig(6_000, { csvRowLimit: 500 });
    sim = r.sim;
    const res = await syncCallLogs({ ...config, reportRowLimit: 500, targetRowsPerReport: 400 }, r.ports);
    expect(res.written.inserted).toBe(6_000);
    const min = minimumRequests(6_000, WEEKS5, 500, 7 * DAY);
    expect(r.sim.stats.requests).toBeLessThanOrEqual(1.5 * min);
    process.stdout.write(
      `five9 dense backfill: ${r.sim.stats.requests} requests (minimum ${min}), ${res.splits} split(s)\n`,
    );
  });
});
