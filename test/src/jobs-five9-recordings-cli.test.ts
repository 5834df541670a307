import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import * as path from 'node:path';
import { openConfiguredStore } from '@teachback/adapter-store';
import { loadSettings } from '@teachback/config';
import { JobLedger, jobsActor } from '@teachback/adapter-jobs';
import {
  DEFAULT_RANGE,
  REPORTS,
  startFive9Simulator,
  startLoopbackSftp,
  writeRecordingExport,
  type Five9Simulator,
  type LoopbackSftp,
} from '@teachback/simulator-five9';
import { cliWith } from './support/cli';

const LINE = 'Thank you for calling, this call may be recorded for quality and training.';

/** Three seconds of 8 kHz 16-bit stereo PCM: two seconds of tone on the left (the agent in Five9's default layout). */
function toneWav(): Buffer {
  const rate = 8_000;
  const frames = rate * 3;
  const data = Buffer.alloc(frames * 4);
  for (let i = rate / 2; i < rate * 2.5; i++) {
    data.writeInt16LE(Math.round(0.3 * 32767 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 4);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/**
 * `teachback sync --platform five9` with recordings on a loopback SFTP server and the http speech
 * engine pointed at a local OpenAI-compatible fake: the env config is what builds the Transcriber.
 */
describe('teachback sync --platform five9 with SFTP recordings (embedded runner)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-five9-rec-'));
  // The operator's environment for these commands (never the process's own).
  const env: Record<string, string> = {};
  const cli = cliWith(env);
  let five9: Five9Simulator;
  let sftp: LoopbackSftp;
  let speech: Server;
  let speechRequests = 0;

  beforeAll(async () => {
    env.TEACHBACK_DATABASE_URL = `sqlite:${path.join(dir, 'store.db')}`;
    // Synthetic key for a throw-away database.
    env.TEACHBACK_MASTER_KEY = '5c'.repeat(32);
    speech = createServer((req, res) => {
      speechRequests++;
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            text: LINE,
            language: 'en',
            segments: [{ start: 0, end: 2, text: LINE, avg_logprob: -0.05, no_speech_prob: 0.01 }],
          }),
        );
      });
    });
    await new Promise<void>((r) => speech.listen(0, '127.0.0.1', r));
    five9 = await startFive9Simulator({ calls: 30, seed: 5 });
    for (const c of five9.calls)
      if (/^\d{10}$/.test(c.patientAddress))
        five9.crmRecords.set(c.patientAddress, { number1: c.patientAddress });
    sftp = await startLoopbackSftp();
    writeRecordingExport(sftp.exportDir, five9.calls, { owner: sftp.username });
    for (const name of fs.readdirSync(sftp.exportDir))
      fs.writeFileSync(path.join(sftp.exportDir, name), toneWav());
    const store = await openConfiguredStore(loadSettings({ env }));
    await store.tenants.create({ id: 'acme', name: 'Acme Health' });
    await store.tenants.create({ id: 'beta', name: 'Beta Clinic' });
    await store.close();
    fs.writeFileSync(
      path.join(dir, 'five9.json'),
      JSON.stringify({
        settings: {
          gateway: five9.url,
          report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
          initialStart: new Date(DEFAULT_RANGE.startMs).toISOString(),
          chunkHours: 168,
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
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await five9.close();
    await sftp.close();
    await new Promise((r) => speech.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const scored = async (tenant: string) => {
    const store = await openConfiguredStore(loadSettings({ env }));
    try {
      expect(await new JobLedger(store.driver).deadLetters(tenant)).toEqual([]);
      const page = await store.interactions.list(jobsActor(tenant), tenant, {}, { limit: 500 });
      return page.items.filter((i) => i.platform === 'five9' && i.score !== null).length;
    } finally {
      await store.close();
    }
  };

  it('without an engine: one line says so, calls are synced but not scored', async () => {
    const r = await cli(
      'sync',
      '--tenant',
      'acme',
      '--platform',
      'five9',
      '--connection-file',
      path.join(dir, 'five9.json'),
    );
    expect(r.code).toBe(0);
    expect(r.err.split('\n').filter((l) => l.includes('no speech engine configured'))).toHaveLength(1);
    expect(await scored('acme')).toBe(0);
    expect(speechRequests).toBe(0);
  }, 60_000);

  it('with TEACHBACK_TRANSCRIBE_ENGINE=http: each recorded call is transcribed, scored and pushed', async () => {
    env.TEACHBACK_TRANSCRIBE_ENGINE = 'http';
    env.TEACHBACK_TRANSCRIBE_URL = `http://127.0.0.1:${(speech.address() as AddressInfo).port}`;
    // Another tenant on the same export: the first tenant's sync job of this hour is done already.
    const r = await cli(
      'sync',
      '--tenant',
      'beta',
      '--platform',
      'five9',
      '--connection-file',
      path.join(dir, 'five9.json'),
    );
    expect(r.code).toBe(0);
    expect(r.err).not.toContain('no speech engine');
    const recorded = five9.calls.filter((c) => c.recorded);
    expect(speechRequests).toBeGreaterThanOrEqual(recorded.length);
    expect(await scored('beta')).toBe(recorded.length);
    expect(five9.stats.crmUpdates).toBe(recorded.filter((c) => /^\d{10}$/.test(c.patientAddress)).length);
  }, 60_000);
});
