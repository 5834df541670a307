import { Five9AdminClient } from '@teachback/connector-five9';
import {
  REPORTS,
  exportFileName,
  startFive9Simulator,
  startLoopbackSftp,
  writeRecordingExport,
  type LoopbackSftp,
} from '@teachback/simulator-five9';
import { MemoryInteractionSink, MemoryRecordingLedger, MemoryTranscription } from './memory';
import { MemoryCheckpoints, MemoryQuarantine } from '@teachback/core';
import {
  DEFAULT_EXPORT_PATTERN,
  SftpRecordingSource,
  compileExportPattern,
  ingestRecordings,
  wavDurationMs,
} from './recordings';
import { syncCallLogs } from './sync';

describe('export file names', () => {
  const p = compileExportPattern(DEFAULT_EXPORT_PATTERN);
  it('reads Five9 export names split on __', () => {
    const name =
      'agent.chen@clinic.example__5552223333__11_01_2026__01_30_00__300000007__Nurse Line__Callback_ Scheduled__5E5511A000001F9__Triage.wav';
    expect(p.parse(name)).toEqual({
      ok: true,
      fields: {
        agent: 'agent.chen@clinic.example',
        callId: '300000007',
        sessionId: '5E5511A000001F9',
        campaign: 'Nurse Line',
        startedAtMs: Date.parse('2026-11-01T08:30:00Z'),
        extension: 'wav',
      },
    });
  });
  it.each([
    ['notes.txt', 'file name does not follow the export pattern'],
    ['a__b__11_01_2026__01_30_00__300000007__c__d__e.wav', 'file name does not follow the export pattern'],
    ['a__5552223333__2026-11-01__01_30_00__300000007__c__d__S1__k.wav', 'date: not MM_DD_YYYY'],
    ['a__5552223333__13_01_2026__01_30_00__300000007__c__d__S1__k.wav', 'date/time: out of range'],
    ['a__5552223333__11_01_2026__01_30_00__30 07__c__d__S1__k.wav', 'callId: not a Five9 call id'],
  ])('rejects %s: %s', (name, reason) => {
    expect(p.parse(name)).toEqual({ ok: false, reason });
  });
  it('supports a customer pattern and insists on a call or session id', () => {
    const custom = compileExportPattern('{sessionId}_{any}.mp3');
    expect(custom.parse('ABC123_whatever.mp3')).toEqual({
      ok: true,
      fields: { sessionId: 'ABC123', extension: 'mp3' },
    });
    expect(() => compileExportPattern('{agent}.wav')).toThrow('needs {callId} or {sessionId}');
    expect(() => compileExportPattern('{caller}.wav')).toThrow('unknown field {caller}');
  });
});

describe('ingestRecordings over real SFTP (loopback sshd)', () => {
  let server: LoopbackSftp;
  beforeAll(async () => {
    server = await startLoopbackSftp();
  });
  afterAll(() => server.close());

  it('matches files to call-log rows, hands audio to transcription, never downloads twice', async () => {
    const sim = await startFive9Simulator({ calls: 30, seed: 7 });
    try {
      const sink = new MemoryInteractionSink();
      const quarantine = new MemoryQuarantine();
      const client = new Five9AdminClient({
        credentials: [{ username: 'api.sync1@clinic.example', password: 'secret-one' }],
        baseUrl: sim.url,
      });
      // Only the first 20 calls are in the call log so far; the rest arrive in a later sync.
      const cutoff = sim.calls[20]!.startedAtMs;
      const syncConfig = {
        tenantId: 't1',
        report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
        initialStart: new Date(sim.calls[0]!.startedAtMs).toISOString(),
        chunkHours: 48,
        settleMinutes: 0,
      };
      const checkpoints = new MemoryCheckpoints();
      await syncCallLogs(syncConfig, { client, checkpoints, sink, quarantine, now: () => cutoff });
      const names = writeRecordingExport(server.exportDir, sim.calls, {
        owner: server.username,
        junkNames: ['README.txt'],
      });
      const recorded = sim.calls.filter((c) => c.recorded);
      const source = new SftpRecordingSource({
        host: server.host,
        port: server.port,
        username: server.username,
        privateKey: server.privateKey,
        directory: server.exportDir,
      });
      const ledger = new MemoryRecordingLedger();
      const transcription = new MemoryTranscription();
      const ports = { source, ledger, sink, transcription, quarantine };
      try {
        const first = await ingestRecordings('t1', {}, ports);
        const early = recorded.filter((c) => c.startedAtMs < cutoff).length;
        expect(first).toEqual({
          listed: names.length,
          alreadyTaken: 0,
          ingested: early,
          unmatched: recorded.length - early,
          quarantined: 1,
        });
        expect(quarantine.values().map((e) => [e.kind, e.reason])).toEqual([
          ['recording-file', 'file name does not follow the export pattern'],
        ]);
        // No PHI (the ANI sits in real file names) in the quarantine reference.
        expect(quarantine.values()[0]!.ref).toMatch(/^sftp:[0-9a-f]{16}$/);

        await syncCallLogs(syncConfig, {
          client,
          checkpoints,
          sink,
          quarantine,
          now: () => Date.parse('2026-11-03T00:00:00Z'),
        });
        const second = await ingestRecordings('t1', {}, ports);
        expect(second).toMatchObject({
          alreadyTaken: early + 1,
          ingested: recorded.length - early,
          unmatched: 0,
          quarantined: 0,
        });
        const third = await ingestRecordings('t1', {}, ports);
        expect(third).toMatchObject({ ingested: 0, alreadyTaken: names.length });

        expect(source.downloads).toBe(recorded.length);
        expect(transcription.requests).toHaveLength(recorded.length);
        expect(new Set(transcription.requests.map((t) => t.jobKey)).size).toBe(recorded.length);
        for (const call of recorded) {
          const i = await sink.findBySourceId('t1', 'five9', call.callId);
          expect(i?.recordings).toHaveLength(1);
          expect(i?.recordings[0]!.durationMs).toBe(200);
        }
        expect(exportFileName(recorded[0]!)).toContain(recorded[0]!.callId);
        expect(wavDurationMs(transcription.requests[0]!.audio)).toBe(200);
      } finally {
        await source.close();
      }
    } finally {
      await sim.close();
    }
  });

  it('refuses a server whose host key does not match the pinned one', async () => {
    const source = new SftpRecordingSource({
      host: server.host,
      port: server.port,
      username: server.username,
      privateKey: server.privateKey,
      directory: server.exportDir,
      hostKeySha256: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    await expect(source.list()).rejects.toThrow();
    await source.close();
  });
});
