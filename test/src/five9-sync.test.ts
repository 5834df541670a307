import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  MemoryInteractionSink,
  MemoryRecordingLedger,
  MemoryTranscription,
  SftpRecordingSource,
  ingestRecordings,
  syncCallLogs,
} from '@teachback/adapter-five9';
import { MemoryCheckpoints, MemoryQuarantine } from '@teachback/core';
import { Five9AdminClient, OperationLimiter } from '@teachback/connector-five9';
import {
  DEFAULT_RANGE,
  REPORTS,
  startFive9Simulator,
  startLoopbackSftp,
  writeRecordingExport,
  type Five9Simulator,
  type LoopbackSftp,
} from '@teachback/simulator-five9';

/**
 * End to end: 2,000 simulated Five9 interactions (voice, chat, email) across the fall-back DST
 * change, pulled through the report API under Five9's real default limits (on a fake clock, so
 * waiting for the next minute costs nothing), and ~1,400 recordings taken from a real SFTP server.
 */
// 2,000 calls through the SOAP client and a real loopback sshd: seconds when the machine is idle,
// far more when it is busy; a generous limit so only a hang fails it.
jest.setTimeout(180_000);

const CALLS = 2000;
const MALFORMED = ['300000700', '300007000'];
const JUNK = ['README.txt', 'export-manifest.csv', 'agent__only__three.wav'];

describe('Five9 sync, 2,000 calls', () => {
  let sim: Five9Simulator;
  let sftp: LoopbackSftp;
  const startedAt = DEFAULT_RANGE.endMs + 15 * 60_000;
  const clock = { now: startedAt };

  beforeAll(async () => {
    sim = await startFive9Simulator({
      calls: CALLS,
      seed: 2026,
      malformedCallIds: MALFORMED,
      now: () => clock.now,
    });
    sftp = await startLoopbackSftp();
  });
  afterAll(async () => {
    await sim.close();
    await sftp.close();
  });

  it('lands every call and recording exactly once, within the limits, and a replay changes nothing', async () => {
    const advance = async (ms: number) => void (clock.now += ms);
    const client = new Five9AdminClient({
      credentials: [
        { username: 'api.sync1@clinic.example', password: 'secret-one' },
        { username: 'api.sync2@clinic.example', password: 'secret-two' },
      ],
      baseUrl: sim.url,
      limiter: new OperationLimiter({ now: () => clock.now, sleep: advance }),
      sleep: advance,
    });
    const checkpoints = new MemoryCheckpoints();
    const sink = new MemoryInteractionSink();
    const quarantine = new MemoryQuarantine();
    const config = {
      tenantId: 'clinic1',
      report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
      initialStart: new Date(DEFAULT_RANGE.startMs).toISOString(),
      // One-hour chunks: 49 runReport calls, three times the 16/min ReportRequest limit.
      // Pinned at one hour (windows otherwise grow with few rows) to stress the per-minute limits.
      chunkHours: 1,
      maxWindowHours: 1,
      settleMinutes: 15,
    };
    const ports = { client, checkpoints, sink, quarantine, now: () => clock.now };

    const sync = await syncCallLogs(config, ports);
    expect(sync.chunks).toBe(49);
    expect(sync.rowsRead).toBe(CALLS);
    expect(sync.written).toEqual({ inserted: CALLS - MALFORMED.length, updated: 0, unchanged: 0 });
    expect(sync.quarantined).toBe(MALFORMED.length);
    expect(quarantine.values().every((e) => e.reason === 'TIMESTAMP: not a Five9 report timestamp')).toBe(
      true,
    );
    const all = sink.all();
    expect(all).toHaveLength(CALLS - MALFORMED.length);
    expect(new Set(all.map((i) => i.source.externalId)).size).toBe(all.length);
    const byChannel = (ch: string) => all.filter((i) => i.channel === ch).length;
    const simBy = (m: string) =>
      sim.calls.filter((c) => c.mediaType === m && !MALFORMED.includes(c.callId)).length;
    expect([byChannel('voice'), byChannel('chat'), byChannel('email')]).toEqual([
      simBy('VOICE'),
      simBy('CHAT'),
      simBy('EMAIL'),
    ]);
    // Every start time survived Pacific → UTC, including the hour that happens twice.
    for (const c of sim.calls) {
      if (MALFORMED.includes(c.callId)) continue;
      const i = all.find((x) => x.source.externalId === c.callId)!;
      expect(Date.parse(i.startedAt!)).toBe(Math.floor(c.startedAtMs / 1000) * 1000);
    }

    // Never over Five9's limits; the client's own count matches the server's.
    expect(sim.stats.limitFaults).toBe(0);
    expect(sim.stats.concurrencyRefusals).toBe(0);
    expect(sim.stats.peak['ReportRequest']!.perMinute).toBeLessThanOrEqual(
      sim.limits.ReportRequest.perMinute,
    );
    expect(sim.stats.peak['RetrieveReport']!.perMinute).toBeLessThanOrEqual(
      sim.limits.RetrieveReport.perMinute,
    );
    expect(sync.requestsUsed.total).toBe(sim.stats.requests);
    expect(sync.requestsPer1000Calls).toBe(Math.round((sim.stats.requests / CALLS) * 10_000) / 10);

    // Recordings from the SFTP export.
    const files = writeRecordingExport(sftp.exportDir, sim.calls, { owner: sftp.username, junkNames: JUNK });
    const recorded = sim.calls.filter((c) => c.recorded);
    const recordedLanded = recorded.filter((c) => !MALFORMED.includes(c.callId));
    const source = new SftpRecordingSource({
      host: sftp.host,
      port: sftp.port,
      username: sftp.username,
      privateKey: sftp.privateKey,
      directory: sftp.exportDir,
    });
    const ledger = new MemoryRecordingLedger();
    const transcription = new MemoryTranscription();
    const ingestPorts = { source, ledger, sink, transcription, quarantine };
    try {
      const ingest = await ingestRecordings('clinic1', {}, ingestPorts);
      expect(ingest).toEqual({
        listed: files.length,
        alreadyTaken: 0,
        ingested: recordedLanded.length,
        unmatched: recorded.length - recordedLanded.length,
        quarantined: JUNK.length,
      });
      expect(sink.all().filter((i) => i.recordings.length === 1)).toHaveLength(recordedLanded.length);
      expect(sink.all().some((i) => i.recordings.length > 1)).toBe(false);

      // Replay everything: checkpoint gone, same export folder.
      const requestsBefore = sim.stats.requests;
      checkpoints.values.clear();
      const replay = await syncCallLogs(config, ports);
      expect(replay.written).toEqual({ inserted: 0, updated: 0, unchanged: CALLS - MALFORMED.length });
      const again = await ingestRecordings('clinic1', {}, ingestPorts);
      expect(again.ingested).toBe(0);
      expect(again.alreadyTaken).toBe(recordedLanded.length + JUNK.length);
      expect(source.downloads).toBe(recordedLanded.length);
      expect(transcription.requests).toHaveLength(recordedLanded.length);
      expect(sink.all()).toHaveLength(CALLS - MALFORMED.length);
      expect(sim.stats.limitFaults).toBe(0);

      const artifacts = path.resolve(__dirname, '..', '..', 'test-artifacts');
      mkdirSync(artifacts, { recursive: true });
      writeFileSync(
        path.join(artifacts, 'five9-sync.json'),
        JSON.stringify(
          {
            calls: CALLS,
            chunks: sync.chunks,
            requestsUsed: sync.requestsUsed,
            requestsPer1000Calls: sync.requestsPer1000Calls,
            replayRequests: sim.stats.requests - requestsBefore,
            simulatedMinutes: Math.round((clock.now - startedAt) / 60_000),
            peakPerMinute: sim.stats.peak,
            recordingsIngested: ingest.ingested,
            quarantined: quarantine.values().length,
          },
          null,
          2,
        ),
      );
    } finally {
      await source.close();
    }
  });
});
