import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import { encodeWav } from '@teachback/adapter-transcription';
import { connectorKey, createWebConnectorHandler } from '@teachback/adapter-five9';
import type { MonoAudio, RecognizedSpan, Transcriber } from '@teachback/core';
import {
  DEFAULT_RANGE,
  REPORTS,
  startFive9Simulator,
  startLoopbackSftp,
  writeRecordingExport,
  type Five9Simulator,
  type LoopbackSftp,
} from '@teachback/simulator-five9';
import { saveFive9Connection } from './connections';
import { jobsActor } from './actor';
import { JobLedger } from '@teachback/adapter-store';
import { openRunner } from './runtime';
import { scratchDatabase, type ScratchDatabase } from './testing/databases';

// Synthetic key and secret for a throw-away database.
// Synthetic master key for throw-away databases, passed to every store this file opens.
const MASTER_KEY = 'ef'.repeat(32);
const MASTER_KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));
const SECRET = 'a-synthetic-web-connector-secret-0123456789';
const TENANT = 'clinic-one';
const PATTERN = '{sessionId}.wav';

class ScriptedTranscriber implements Transcriber {
  readonly engine = 'fake-asr';
  readonly sampleRate = 16_000;
  readonly maxChunkMs = 30_000;
  async recognize(audio: MonoAudio): Promise<RecognizedSpan[]> {
    const endMs = Math.round((audio.samples.length / audio.sampleRate) * 1000);
    return [
      { text: 'Thank you for calling, this call may be recorded.', startMs: 0, endMs, confidence: 0.9 },
    ];
  }
}

function toneWav(): Buffer {
  const rate = 8_000;
  const left = new Float32Array(rate * 2);
  for (let i = 0; i < left.length; i++) left[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / rate);
  return encodeWav([left, new Float32Array(rate * 2)], rate);
}

/*
 * One Five9 call reaches Teachback three ways: Web Connector events (call_id and session_id), the
 * call-log report row (CALL ID, SESSION ID) and a recording the export names after the session id
 * (`recordingNameAsSid`). All three must land on one interaction with one score and one CRM write.
 */
describe('one Five9 call, one interaction, one score', () => {
  let sim: Five9Simulator;
  let sftp: LoopbackSftp;
  let db: ScratchDatabase;
  let store: SqlStore;
  const clock = { now: DEFAULT_RANGE.endMs + 20 * 60_000 };

  beforeAll(async () => {
    sim = await startFive9Simulator({ calls: 24, seed: 21, now: () => clock.now });
    for (const c of sim.calls)
      if (/^\d{10}$/.test(c.patientAddress))
        sim.crmRecords.set(c.patientAddress, { number1: c.patientAddress });
    sftp = await startLoopbackSftp();
    writeRecordingExport(sftp.exportDir, sim.calls, { owner: sftp.username, pattern: PATTERN });
    for (const name of readdirSync(sftp.exportDir)) writeFileSync(path.join(sftp.exportDir, name), toneWav());
    db = await scratchDatabase('sqlite');
    store = await openStore({ url: db.url, keys: MASTER_KEYS });
    await store.tenants.create({ id: TENANT, name: 'Clinic One' });
    await saveFive9Connection(store, TENANT, {
      settings: {
        gateway: sim.url,
        report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
        initialStart: new Date(DEFAULT_RANGE.startMs).toISOString(),
        recordings: {
          host: sftp.host,
          port: sftp.port,
          username: sftp.username,
          directory: sftp.exportDir,
          pattern: PATTERN,
        },
      },
      credentials: {
        username: 'api.sync1@clinic.example',
        password: 'secret-one',
        sftpPrivateKey: sftp.privateKey,
      },
    });
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await db.drop();
    await sim.close();
    await sftp.close();
  });

  it('joins Web Connector events, the report row and the session-named recording', async () => {
    const runner = await openRunner(store, {
      kind: 'embedded',
      five9: {
        transcription: { transcriber: new ScriptedTranscriber(), channels: 'agent-left' },
        now: () => clock.now,
      },
      // Concurrent workers can deadlock on shared roll-up rows (PostgreSQL 40P01, retried like a
      // network failure): the production attempt count, short waits.
      retry: { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 200 },
    });
    // The Web Connector intake as `teachback serve` wires it: an event starts a sync job.
    const ledger = new JobLedger(store.driver);
    const handle = createWebConnectorHandler({
      secrets: [SECRET],
      scheduler: {
        schedule: async (job) =>
          (
            await ledger.insert({
              tenantId: job.tenantId,
              platform: 'five9',
              externalId: `${job.step}:${job.externalId}`,
              step: 'sync',
              payload: { mode: 'recent', trigger: job.trigger },
            })
          ).created,
      },
    });
    const voice = sim.calls.filter((c) => c.mediaType === 'VOICE');
    for (const c of voice) {
      for (const tb_event of ['OnCallAccepted', 'OnCallDisconnected']) {
        const r = await handle(
          'GET',
          {
            tb_tenant: TENANT,
            tb_key: connectorKey(SECRET, TENANT),
            tb_event,
            call_id: c.callId,
            session_id: c.sessionId,
          },
          {},
        );
        expect(r.status).toBe(200);
      }
    }
    await runner.start();
    try {
      await runner.drain({ tenantId: TENANT, timeoutMs: 60_000 });
    } finally {
      await runner.stop();
    }
    expect(await runner.ledger.deadLetters(TENANT)).toEqual([]);

    const rows = await store.driver.get<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM interactions WHERE tenant_id = ?',
      [TENANT],
    );
    expect(Number(rows!.n)).toBe(sim.calls.length);
    const actor = jobsActor(TENANT);
    for (const c of voice) {
      expect(await store.interactions.findBySource(actor, TENANT, 'five9', c.sessionId)).toBeNull();
      const s = (await store.interactions.findBySource(actor, TENANT, 'five9', c.callId))!;
      const d = await store.interactions.get(actor, TENANT, s.id);
      if (c.recorded) {
        // The recording named by session id found the call the report brought in, and scored it once.
        expect(d.interaction.recordings).toHaveLength(1);
        expect(d.interaction.transcript).toBeDefined();
        expect(s.scoreVersion).toBe(1);
      }
    }
    const recordedWithNumber = voice.filter((c) => c.recorded && /^\d{10}$/.test(c.patientAddress));
    expect(recordedWithNumber.length).toBeGreaterThan(0);
    expect(sim.stats.crmUpdates).toBe(recordedWithNumber.length);
  });
});
