import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import { encodeWav } from '@teachback/adapter-transcription';
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
import { openRunner } from './runtime';
import { scratchDatabase, type ScratchDatabase } from './testing/databases';

// Synthetic master key for throw-away databases, passed to every store this file opens.
const MASTER_KEY = 'ef'.repeat(32);
const MASTER_KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));

const CALLS = 40;
const TENANT = 'clinic9';
const LINE = 'Thank you for calling, this call may be recorded for quality and training.';

/** The speech engine port, faked: it hears a line wherever the audio has sound, and counts its calls. */
class ScriptedTranscriber implements Transcriber {
  readonly engine = 'fake-asr';
  readonly sampleRate = 16_000;
  readonly maxChunkMs = 30_000;
  calls = 0;
  async recognize(audio: MonoAudio): Promise<RecognizedSpan[]> {
    this.calls++;
    const endMs = Math.round((audio.samples.length / audio.sampleRate) * 1000);
    return [{ text: LINE, startMs: 0, endMs, confidence: 0.95 }];
  }
}

/** Two seconds of tone on the left (the agent in Five9's default layout), silence on the right. */
function toneWav(): Buffer {
  const rate = 8_000;
  const left = new Float32Array(rate * 3);
  const right = new Float32Array(rate * 3);
  for (let i = rate / 2; i < rate * 2.5; i++) left[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / rate);
  return encodeWav([left, right], rate);
}

describe('Five9 recordings from the SFTP export through the job runner (embedded)', () => {
  let sim: Five9Simulator;
  let sftp: LoopbackSftp;
  let db: ScratchDatabase;
  let store: SqlStore;
  const clock = { now: DEFAULT_RANGE.endMs + 20 * 60_000 };

  beforeAll(async () => {
    sim = await startFive9Simulator({ calls: CALLS, seed: 11, now: () => clock.now });
    for (const c of sim.calls)
      if (/^\d{10}$/.test(c.patientAddress))
        sim.crmRecords.set(c.patientAddress, { number1: c.patientAddress });
    sftp = await startLoopbackSftp();
    const names = writeRecordingExport(sftp.exportDir, sim.calls, {
      owner: sftp.username,
      junkNames: ['README.txt'],
    });
    // The fixtures are silent; give the recordings sound so the engine has something to hear.
    for (const name of readdirSync(sftp.exportDir)) {
      if (name.endsWith('.wav')) writeFileSync(path.join(sftp.exportDir, name), toneWav());
    }
    // The first recorded call's file is not audio at all (a broken export).
    writeFileSync(path.join(sftp.exportDir, names[0]!), 'not a recording');
    db = await scratchDatabase('sqlite');
    store = await openStore({ url: db.url, keys: MASTER_KEYS });
    await store.tenants.create({ id: TENANT, name: 'Clinic Nine' });
    await saveFive9Connection(store, TENANT, {
      settings: {
        gateway: sim.url,
        report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
        initialStart: new Date(DEFAULT_RANGE.startMs).toISOString(),
        chunkHours: 24,
        recordings: {
          host: sftp.host,
          port: sftp.port,
          username: sftp.username,
          directory: sftp.exportDir,
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

  const transcriber = new ScriptedTranscriber();
  const runOnce = async (externalId: string) => {
    const runner = await openRunner(store, {
      kind: 'embedded',
      five9: { transcription: { transcriber, channels: 'agent-left' }, now: () => clock.now },
      // Concurrent workers can deadlock on shared roll-up rows (PostgreSQL 40P01, retried like a
      // network failure): the production attempt count, short waits.
      retry: { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 200 },
    });
    await runner.enqueue({ tenantId: TENANT, platform: 'five9', externalId, step: 'sync' });
    await runner.start();
    await runner.drain({ tenantId: TENANT, timeoutMs: 60_000 });
    await runner.stop();
    return runner;
  };

  it('transcribes each recorded call from SFTP, then scores and pushes it; a re-run does nothing again', async () => {
    const runner = await runOnce('recent');
    expect(await runner.ledger.deadLetters(TENANT)).toEqual([]);
    const ctx = jobsActor(TENANT);
    const [broken, ...recorded] = sim.calls.filter((c) => c.recorded);
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.length).toBeLessThan(CALLS);
    for (const c of sim.calls) {
      const s = await store.interactions.findBySource(ctx, TENANT, 'five9', c.callId);
      const d = await store.interactions.get(ctx, TENANT, s!.id);
      if (c.recorded && c !== broken) {
        expect(d.interaction.transcript?.engine).toBe('fake-asr');
        expect(d.interaction.transcript?.utterances.map((u) => [u.speaker, u.text])).toEqual([
          ['agent', LINE],
        ]);
        expect(d.interaction.recordings).toHaveLength(1);
        expect(d.scorecard?.score).toEqual(expect.any(Number));
      } else {
        // No recording, or one that is not audio: stored, not scored.
        expect(d.interaction.transcript).toBeUndefined();
        expect(d.scorecard ?? undefined).toBeUndefined();
      }
    }
    const withNumber = recorded.filter((c) => /^\d{10}$/.test(c.patientAddress));
    expect(sim.stats.crmUpdates).toBe(withNumber.length);
    for (const c of withNumber)
      expect(sim.crmRecords.get(c.patientAddress)!['teachback_score']).toBeDefined();
    const heard = transcriber.calls;
    expect(heard).toBeGreaterThanOrEqual(recorded.length);

    // A later sync job: every export file is already taken, so nothing is downloaded, heard or pushed.
    await runOnce('recent-2');
    expect(transcriber.calls).toBe(heard);
    expect(sim.stats.crmUpdates).toBe(withNumber.length);
    const quarantined = await store.driver.all<{ kind: string }>(
      "SELECT kind FROM tb_jobs_quarantine WHERE tenant_id = ? AND platform = 'five9'",
      [TENANT],
    );
    // The junk name and the broken file, each once; the broken file's call stays unscored.
    expect(quarantined).toEqual([{ kind: 'recording-file' }, { kind: 'recording-file' }]);
  }, 120_000);
});
