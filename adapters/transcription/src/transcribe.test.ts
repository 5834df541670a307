import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MonoAudio, RecognizedSpan, Transcriber } from '@teachback/core';
import { encodeWav } from './audio/wav';
import { isAudioPath, transcribeAudioFile, transcribeRecording } from './transcribe';

const RATE = 8000;

function burst(ms: number, freq: number): Float32Array {
  const n = (RATE * ms) / 1000;
  return Float32Array.from({ length: n }, (_, i) => 0.3 * Math.sin((2 * Math.PI * freq * i) / RATE));
}

/** A stand-in engine that "hears" one word per burst of tone, timed from the audio it gets. */
class ToneTranscriber implements Transcriber {
  readonly engine = 'tone';
  readonly sampleRate = 16000;
  readonly calls: Array<{ ms: number }> = [];
  constructor(
    readonly maxChunkMs: number,
    private readonly confidence = 0.9,
  ) {}
  async recognize(audio: MonoAudio): Promise<RecognizedSpan[]> {
    this.calls.push({ ms: (audio.samples.length / audio.sampleRate) * 1000 });
    const frame = audio.sampleRate / 100;
    const spans: RecognizedSpan[] = [];
    let start = -1;
    for (let f = 0; f * frame < audio.samples.length; f++) {
      let e = 0;
      for (let i = f * frame; i < Math.min(audio.samples.length, (f + 1) * frame); i++)
        e += audio.samples[i]! ** 2;
      const loud = e / frame > 0.01;
      if (loud && start < 0) start = f;
      if ((!loud || (f + 1) * frame >= audio.samples.length) && start >= 0) {
        spans.push({ text: 'word', startMs: start * 10, endMs: f * 10, confidence: this.confidence });
        start = -1;
      }
    }
    return spans;
  }
}

describe('transcribeRecording pipeline', () => {
  let dir: string;
  let stereo: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'transcribe-test-'));
    // Customer on the left at 1.0-2.0 s and 20.0-21.0 s; agent on the right at 3.0-4.5 s.
    const left = new Float32Array(RATE * 22);
    const right = new Float32Array(RATE * 22);
    left.set(burst(1000, 300), RATE * 1);
    left.set(burst(1000, 300), RATE * 20);
    right.set(burst(1500, 500), RATE * 3);
    stereo = join(dir, 'call.wav');
    await writeFile(stereo, encodeWav([left, right], RATE, 'ulaw'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('splits Genesys stereo into customer (left) and agent (right) on one timeline', async () => {
    const engine = new ToneTranscriber(60_000);
    const r = await transcribeRecording(stereo, { transcriber: engine, source: 'genesys' });
    expect(r.transcript.utterances.map((u) => [u.speaker, u.channel])).toEqual([
      ['customer', 0],
      ['agent', 1],
      ['customer', 0],
    ]);
    const [c1, a1, c2] = r.transcript.utterances;
    expect(Math.abs(c1!.startMs! - 1000)).toBeLessThanOrEqual(30);
    expect(Math.abs(a1!.startMs! - 3000)).toBeLessThanOrEqual(30);
    expect(Math.abs(a1!.endMs! - 4500)).toBeLessThanOrEqual(30);
    expect(Math.abs(c2!.startMs! - 20000)).toBeLessThanOrEqual(30);
    expect(r.transcript).toMatchObject({ source: 'asr', engine: 'tone', language: 'en' });
    expect(r.durationMs).toBe(22000);
    // Long silence is never sent: the left channel's two bursts went as separate chunks.
    expect(engine.calls).toHaveLength(3);
    expect(engine.calls.reduce((n, c) => n + c.ms, 0)).toBeLessThan(6000);
  });

  it('uses the configured Five9 layout (agent on the left here)', async () => {
    const r = await transcribeRecording(stereo, {
      transcriber: new ToneTranscriber(60_000),
      source: 'five9',
      settings: { five9Channels: 'agent-left' },
    });
    expect(r.transcript.utterances.map((u) => u.speaker)).toEqual(['agent', 'customer', 'agent']);
  });

  it('keeps timestamps right when a long call is cut into many chunks', async () => {
    const left = new Float32Array(RATE * 30);
    const expected: number[] = [];
    for (let t = 1; t < 29; t += 3) {
      left.set(burst(1500, 300), RATE * t);
      expected.push(t * 1000);
    }
    const file = join(dir, 'long.wav');
    await writeFile(file, encodeWav([left], RATE));
    const engine = new ToneTranscriber(4000);
    const r = await transcribeRecording(file, { transcriber: engine });
    expect(engine.calls.length).toBeGreaterThanOrEqual(5);
    expect(r.transcript.utterances.every((u) => u.speaker === 'unknown' && u.channel === undefined)).toBe(
      true,
    );
    const starts = r.transcript.utterances.map((u) => u.startMs!);
    expect(starts).toHaveLength(expected.length);
    starts.forEach((s, i) => expect(Math.abs(s - expected[i]!)).toBeLessThanOrEqual(30));
  });

  it('treats stereo with the same signal on both sides as one unknown speaker', async () => {
    const mono = new Float32Array(RATE * 3);
    mono.set(burst(1000, 300), RATE);
    const file = join(dir, 'dual-mono.wav');
    await writeFile(file, encodeWav([mono, mono], RATE));
    const r = await transcribeRecording(file, { transcriber: new ToneTranscriber(60_000) });
    expect(r.transcript.utterances.map((u) => u.speaker)).toEqual(['unknown']);
  });

  it('flags a low-confidence transcript for review with reasons', async () => {
    const t = await transcribeAudioFile(stereo, { transcriber: new ToneTranscriber(60_000, 0.2) });
    expect(t.needsReview).toBe(true);
    expect(t.confidence).toBeCloseTo(0.2);
    expect(t.reviewReasons!.some((r) => r.startsWith('low-confidence'))).toBe(true);
  });

  it('accepts only .wav paths and reports unreadable files with a code', async () => {
    expect(isAudioPath('calls/2026-11-27/a.WAV')).toBe(true);
    expect(isAudioPath('calls/a.json')).toBe(false);
    await expect(
      transcribeAudioFile(join(dir, 'none.wav'), { transcriber: new ToneTranscriber(1000) }),
    ).rejects.toMatchObject({
      code: 'TRANSCRIBE.AUDIO_UNREADABLE',
    });
    await expect(
      transcribeAudioFile(join(dir, 'a.mp3'), { transcriber: new ToneTranscriber(1000) }),
    ).rejects.toMatchObject({
      code: 'TRANSCRIBE.UNSUPPORTED_AUDIO',
    });
  });
});
