// A recording goes through the built CLI: espeak-ng speaks a scripted call, the sphinx engine
// transcribes it (`teachback transcribe`), and `teachback score` takes the WAV directly. Sphinx's
// transcript is poor, so the scorecard must come back flagged for human review and no compliance
// criterion may be failed on the strength of low-confidence words alone.
// Needs the Debian packages espeak-ng, pocketsphinx, pocketsphinx-en-us and a built CLI.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { synthesizeDialogue, SAMPLE_CALLS } from '@teachback/adapter-transcription';

jest.setTimeout(180_000);

const run = promisify(execFile);
const BIN = resolve(__dirname, '../../adapters/cli/dist/bin.js');
const env = { ...process.env, TEACHBACK_TRANSCRIBE_ENGINE: 'sphinx' };

describe('espeak-ng → sphinx → teachback score', () => {
  let dir: string;
  let wav: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'transcribe-score-'));
    const call = SAMPLE_CALLS.find((c) => c.name === 'refill')!;
    const d = await synthesizeDialogue(call.lines, {
      encoding: 'ulaw',
      sampleRate: 8000,
      layout: 'customer-left',
    });
    wav = join(dir, 'refill-call.wav');
    await writeFile(wav, d.wav);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('teachback transcribe prints the canonical transcript JSON with both speakers', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [
        BIN,
        'transcribe',
        wav,
        '--engine',
        'sphinx',
        '--source',
        'genesys',
        '--format',
        'json',
        '--call-date',
        '2026-11-02',
      ],
      { env },
    );
    const t = JSON.parse(stdout) as Record<string, any>;
    expect(t).toMatchObject({
      format: 'teachback.transcript.v1',
      id: 'refill-call',
      callDate: '2026-11-02',
      channel: 'voice',
      source: 'asr',
      engine: 'sphinx',
      needsReview: true,
    });
    expect(t.durationMs).toBeGreaterThan(15_000);
    const speakers = new Set((t.utterances as Array<{ speaker: string }>).map((u) => u.speaker));
    expect([...speakers].sort()).toEqual(['agent', 'customer']);
    for (const u of t.utterances as Array<{ startMs: number; endMs: number; confidence: number }>) {
      expect(u.endMs).toBeGreaterThanOrEqual(u.startMs);
      expect(u.confidence).toBeLessThan(0.6);
    }
    expect(stderr).toMatch(/needs human review/);
  });

  it('teachback score accepts the WAV and flags the scorecard for review instead of failing compliance', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'score', wav, '--format', 'json'], { env }).catch(
      (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
    );
    const line = JSON.parse(stdout.trim().split('\n')[0]!) as Record<string, any>;
    expect(line.error).toBeUndefined();
    expect(line.interaction.id).toBe('refill-call');
    expect(line.needsReview).toBe(true);
    expect((line.reviewReasons as string[]).some((r) => r.startsWith('low-confidence'))).toBe(true);
    const compliance = (
      line.criteria as Array<{ category: string; status: string; explanation: string }>
    ).filter((c) => c.category === 'compliance');
    expect(compliance.length).toBeGreaterThan(0);
    expect(compliance.filter((c) => c.status === 'missed')).toEqual([]);
    expect(compliance.some((c) => /Needs human review/.test(c.explanation))).toBe(true);
  });

  it('teachback transcribe reports usage errors with exit code 2', async () => {
    const err = await run(process.execPath, [BIN, 'transcribe', wav, '--engine', 'cloud'], { env }).catch(
      (e: { code?: number; stderr?: string }) => e,
    );
    expect(err).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--engine must be one of http, whisper, sphinx/),
    });
  });
});
