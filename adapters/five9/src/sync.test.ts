import { Five9AdminClient, OperationLimiter } from '@teachback/connector-five9';
import { REPORTS, startFive9Simulator, type Five9Simulator } from '@teachback/simulator-five9';
import { MemoryInteractionSink } from './memory';
import { MemoryCheckpoints, MemoryQuarantine } from '@teachback/core';
import * as mapping from './mapping';
import { checkpointKey, syncCallLogs } from './sync';
import type { CallLogSyncConfigInput } from './config';

const USERS = { 'api.sync1@clinic.example': 'secret-one' };
const RANGE = { startMs: Date.parse('2026-10-31T07:00:00Z'), endMs: Date.parse('2026-11-02T08:00:00Z') };

interface Rig {
  sim: Five9Simulator;
  client: Five9AdminClient;
  checkpoints: MemoryCheckpoints;
  sink: MemoryInteractionSink;
  quarantine: MemoryQuarantine;
  clock: { now: number };
  ports: () => Parameters<typeof syncCallLogs>[1];
}

async function rig(opts: Parameters<typeof startFive9Simulator>[0] = {}): Promise<Rig> {
  const clock = { now: RANGE.endMs + 60 * 60_000 };
  const sim = await startFive9Simulator({ users: USERS, calls: 120, now: () => clock.now, ...opts });
  const advance = async (ms: number) => void (clock.now += ms);
  const client = new Five9AdminClient({
    credentials: [{ username: 'api.sync1@clinic.example', password: 'secret-one' }],
    baseUrl: sim.url,
    limiter: new OperationLimiter({ now: () => clock.now, sleep: advance }),
    sleep: advance,
  });
  const checkpoints = new MemoryCheckpoints();
  const sink = new MemoryInteractionSink();
  const quarantine = new MemoryQuarantine();
  return {
    sim,
    client,
    checkpoints,
    sink,
    quarantine,
    clock,
    ports: () => ({ client, checkpoints, sink, quarantine, now: () => clock.now }),
  };
}

const highWater = (r: Rig) =>
  (
    r.checkpoints.values.get(`t1|${checkpointKey('t1', REPORTS.custom.folder, REPORTS.custom.name)}`) as
      { highWaterMs: number } | undefined
  )?.highWaterMs;

const config: CallLogSyncConfigInput = {
  tenantId: 't1',
  report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
  initialStart: new Date(RANGE.startMs).toISOString(),
  chunkHours: 6,
};

describe('syncCallLogs', () => {
  let r: Rig;
  afterEach(() => r.sim.close());

  it('lands every call once, checkpoints per chunk, and a replay changes nothing', async () => {
    r = await rig();
    const first = await syncCallLogs(config, r.ports());
    expect(first.written.inserted).toBe(120);
    expect(first.quarantined).toBe(0);
    expect(r.sink.all()).toHaveLength(120);
    expect(new Set(r.sink.all().map((i) => i.source.externalId)).size).toBe(120);
    expect(r.sim.stats.limitFaults).toBe(0);
    expect(first.requestsUsed.ReportRequest).toBe(first.chunks);
    expect(first.requestsPer1000Calls).toBeGreaterThan(0);

    // Replay the same window from scratch: no new writes, no duplicates.
    r.checkpoints.values.clear();
    const replay = await syncCallLogs(config, r.ports());
    expect(replay.written).toEqual({ inserted: 0, updated: 0, unchanged: 120 });
    expect(r.sink.all()).toHaveLength(120);
  });

  it('saves the checkpoint only after the write: a failed write re-reads that chunk on restart', async () => {
    r = await rig();
    r.sink.failNextUpsert = new Error('store unavailable');
    await expect(syncCallLogs(config, r.ports())).rejects.toThrow('store unavailable');
    // Saved before the write: only the report running on Five9, never a later high-water mark.
    expect(highWater(r)).toBe(RANGE.startMs);
    const resumed = await syncCallLogs(config, r.ports());
    expect(resumed.written.inserted).toBe(120);
  });

  it('continues where it stopped', async () => {
    r = await rig();
    const key = checkpointKey('t1', REPORTS.custom.folder, REPORTS.custom.name);
    const mid = RANGE.startMs + 24 * 3_600_000;
    await r.checkpoints.save('t1', key, {
      version: 1,
      highWaterMs: mid,
      updatedAt: new Date(mid).toISOString(),
    });
    const res = await syncCallLogs(config, r.ports());
    const expected = r.sim.calls.filter((c) => c.startedAtMs >= mid).length;
    expect(res.written.inserted).toBe(expected);
    expect(r.sink.all().every((i) => Date.parse(i.startedAt!) >= mid)).toBe(true);
  });

  it('a checkpoint in the future is replaced by a bounded look-back instead of skipping data', async () => {
    r = await rig();
    const key = checkpointKey('t1', REPORTS.custom.folder, REPORTS.custom.name);
    await r.checkpoints.save('t1', key, {
      version: 1,
      highWaterMs: r.clock.now + 86_400_000 * 30,
      updatedAt: 'x',
    });
    const res = await syncCallLogs({ ...config, futureCheckpointLookbackHours: 12 }, r.ports());
    expect(res.checkpointReset).toBe('in_future');
    expect(res.written.inserted).toBeGreaterThan(0);
    const saved = (await r.checkpoints.load('t1', key)) as { highWaterMs: number };
    expect(saved.highWaterMs).toBeLessThanOrEqual(r.clock.now);
  });

  it('quarantines malformed rows with a reason and lands the rest', async () => {
    r = await rig({ malformedCallIds: ['300000070', '300000140'] });
    const res = await syncCallLogs(config, r.ports());
    expect(res.quarantined).toBe(2);
    expect(res.written.inserted).toBe(118);
    expect(r.quarantine.values().map((e) => e.reason)).toEqual([
      'TIMESTAMP: not a Five9 report timestamp',
      'TIMESTAMP: not a Five9 report timestamp',
    ]);
    expect(r.quarantine.values()[0]!.ref).toMatch(/line \d+$/);
  });

  it('a row whose mapping throws is quarantined (code only, no values) and the window still lands', async () => {
    r = await rig();
    const real = mapping.rowToInteraction;
    const spy = jest.spyOn(mapping, 'rowToInteraction').mockImplementation((row, ctx) => {
      if (row['CALL ID'] === '300000070') throw new TypeError('boom with Avery Testwell');
      return real(row, ctx);
    });
    try {
      const res = await syncCallLogs(config, r.ports());
      expect(res.quarantined).toBe(1);
      expect(res.written.inserted).toBe(119);
      expect(r.quarantine.values().map((e) => e.reason)).toEqual(['row could not be mapped (TypeError)']);
      expect(JSON.stringify(r.quarantine.values())).not.toContain('Avery');
    } finally {
      spy.mockRestore();
    }
  });

  it('never moves the checkpoint past a row that was neither stored nor quarantined', async () => {
    r = await rig({ malformedCallIds: ['300000070'] });
    r.quarantine.add = async () => {
      throw new Error('quarantine table unavailable');
    };
    await expect(syncCallLogs(config, r.ports())).rejects.toThrow('quarantine table unavailable');
    // The bad row is in the first window: the checkpoint stays at its start.
    expect(highWater(r)).toBe(RANGE.startMs);
  });

  it('uses the stock Call Log report too (voice only there)', async () => {
    r = await rig();
    const res = await syncCallLogs(
      { ...config, report: { folderName: REPORTS.stock.folder, reportName: REPORTS.stock.name } },
      r.ports(),
    );
    expect(res.written.inserted).toBe(r.sim.calls.filter((c) => c.mediaType === 'VOICE').length);
  });

  it('stays under a tight ReportRequest limit by waiting for the next minute', async () => {
    r = await rig({ limits: { ReportRequest: { perMinute: 2 } } });
    const res = await syncCallLogs({ ...config, chunkHours: 2, maxWindowHours: 2 }, r.ports());
    expect(res.chunks).toBe(25);
    expect(r.sim.stats.limitFaults).toBe(0);
    expect(r.sim.stats.peak['ReportRequest']!.perMinute).toBe(2);
    expect(res.written.inserted).toBe(120);
  });

  it('an empty report and a short last chunk land nothing extra and still advance the checkpoint', async () => {
    r = await rig({ calls: [] });
    const res = await syncCallLogs({ ...config, chunkHours: 5, maxWindowHours: 5 }, r.ports());
    // 49 hours of range in 5-hour chunks: the last chunk is 4 hours long.
    expect(res.chunks).toBe(10);
    expect(res.written).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
    expect(res.highWaterMs).toBe(r.clock.now - 15 * 60_000);
    expect(highWater(r)).toBe(r.clock.now - 15 * 60_000);
  });

  it('rides out transient Five9 faults, resets and 500s in the middle of a sync', async () => {
    r = await rig();
    r.sim.inject({ kind: 'fault', fault: 'ServiceUnavailableFault', operation: 'runReport' });
    r.sim.inject({ kind: 'reset', operation: 'getReportResultCsv' });
    r.sim.inject({ kind: 'status', status: 500, operation: 'isReportRunning', times: 2 });
    r.sim.inject({ kind: 'status', status: 429, retryAfter: '3', operation: 'getReportResultCsv' });
    const res = await syncCallLogs(config, r.ports());
    expect(res.written.inserted).toBe(120);
    expect(res.requestsUsed.total).toBe(r.sim.stats.requests);
    expect(r.sim.stats.limitFaults).toBe(0);
  });

  it('an unreadable checkpoint restarts from the configured start', async () => {
    r = await rig();
    await r.checkpoints.save('t1', checkpointKey('t1', REPORTS.custom.folder, REPORTS.custom.name), {
      highWaterMs: 'soon',
    });
    const res = await syncCallLogs(config, r.ports());
    expect(res.checkpointReset).toBe('unreadable');
    expect(res.written.inserted).toBe(120);
  });

  it('keeps start times exact across the spring-forward change', async () => {
    const startMs = Date.parse('2026-03-08T06:00:00Z');
    r = await rig({ calls: 96, callLog: { startMs, endMs: startMs + 8 * 3_600_000 } });
    r.clock.now = startMs + 9 * 3_600_000;
    const res = await syncCallLogs(
      { ...config, initialStart: new Date(startMs).toISOString(), chunkHours: 1 },
      r.ports(),
    );
    expect(res.written.inserted).toBe(96);
    for (const c of r.sim.calls) {
      const i = await r.sink.findBySourceId('t1', 'five9', c.callId);
      expect(Date.parse(i!.startedAt!)).toBe(Math.floor(c.startedAtMs / 1000) * 1000);
    }
  });

  it('splits a window whose report hits the row cap, so no call is cut off', async () => {
    r = await rig({ csvRowLimit: 25 });
    const res = await syncCallLogs({ ...config, chunkHours: 12, reportRowLimit: 25 }, r.ports());
    expect(res.splits).toBeGreaterThan(0);
    expect(res.written.inserted).toBe(120);
    expect(r.sim.stats.limitFaults).toBe(0);
  });

  it('rejects a report that lacks the required columns, naming them', async () => {
    r = await rig();
    await expect(
      syncCallLogs(
        {
          ...config,
          report: { ...config.report, columns: { callId: 'CALL GUID' } },
        } as CallLogSyncConfigInput,
        r.ports(),
      ),
    ).rejects.toThrow('lacks column(s) CALL GUID');
  });

  it('rejects invalid config with the field name', async () => {
    r = await rig();
    await expect(syncCallLogs({ ...config, chunkHours: -1 }, r.ports())).rejects.toThrow(
      'five9 sync config chunkHours',
    );
  });
});
