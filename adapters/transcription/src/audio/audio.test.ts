import { decodeALaw, decodeMuLaw, encodeMuLaw } from './g711';
import { downmix, resample } from './resample';
import { planChunks } from './silence';
import { decodeWav, encodeWav } from './wav';

function tone(freq: number, rate: number, ms: number, amp = 0.5): Float32Array {
  const n = Math.round((rate * ms) / 1000);
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate));
}

function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / Math.max(1, to - from));
}

describe('G.711', () => {
  it('μ-law round-trips within the codec step size', () => {
    for (const s of [0, 1, -1, 100, -100, 1000, -5000, 12345, -32768, 32767]) {
      const back = decodeMuLaw(encodeMuLaw(s));
      expect(Math.abs(back - s)).toBeLessThanOrEqual(Math.max(8, Math.abs(s) / 16));
    }
  });

  it('decodes the reference μ-law and A-law code points', () => {
    expect(decodeMuLaw(0xff)).toBe(0);
    expect(decodeMuLaw(0x00)).toBe(-32124);
    expect(decodeMuLaw(0x80)).toBe(32124);
    expect(decodeALaw(0xd5)).toBe(8);
    expect(decodeALaw(0x55)).toBe(-8);
    expect(decodeALaw(0xaa)).toBe(32256);
  });
});

describe('WAV', () => {
  const left = tone(440, 8000, 100);
  const right = tone(1000, 8000, 100, 0.25);

  it('round-trips stereo 16-bit PCM keeping the channel order', () => {
    const audio = decodeWav(encodeWav([left, right], 8000));
    expect(audio).toMatchObject({ sampleRate: 8000, encoding: 'pcm', bitsPerSample: 16, durationMs: 100 });
    expect(audio.channels).toHaveLength(2);
    expect(rms(audio.channels[0]!)).toBeCloseTo(rms(left), 3);
    expect(rms(audio.channels[1]!)).toBeCloseTo(rms(right), 3);
  });

  it('round-trips stereo μ-law (Genesys WAV_ULAW) with small error', () => {
    const audio = decodeWav(encodeWav([left, right], 8000, 'ulaw'));
    expect(audio.encoding).toBe('ulaw');
    let err = 0;
    for (let i = 0; i < left.length; i++) err = Math.max(err, Math.abs(audio.channels[0]![i]! - left[i]!));
    expect(err).toBeLessThan(0.02);
  });

  it('reads a streamed file whose data size was never filled in', () => {
    const buf = encodeWav([left], 8000);
    buf.writeUInt32LE(0xffffffff, 40);
    expect(decodeWav(buf).channels[0]).toHaveLength(left.length);
  });

  it('skips unknown chunks before the data', () => {
    const plain = encodeWav([left], 8000);
    const list = Buffer.alloc(8 + 5 + 1);
    list.write('LIST', 0, 'ascii');
    list.writeUInt32LE(5, 4);
    const buf = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
    expect(decodeWav(buf).channels[0]).toHaveLength(left.length);
  });

  it('rejects a non-WAV file with a coded error', () => {
    expect(() => decodeWav(Buffer.from('ID3 this is an mp3'))).toThrow(
      expect.objectContaining({ code: 'TRANSCRIBE.AUDIO_INVALID' }),
    );
  });

  it('rejects an unsupported encoding naming the field', () => {
    const buf = encodeWav([left], 8000);
    buf.writeUInt16LE(2, 20); // ADPCM
    expect(() => decodeWav(buf)).toThrow(/unsupported WAV encoding/);
  });
});

describe('resample', () => {
  it('upsamples 8 kHz to 16 kHz keeping a tone’s level and frequency', () => {
    const x = tone(1000, 8000, 200);
    const y = resample(x, 8000, 16000);
    expect(y).toHaveLength(x.length * 2);
    const ideal = tone(1000, 16000, 200);
    // Compare away from the edges where the filter sees zeros.
    let err = 0;
    for (let i = 200; i < y.length - 200; i++) err = Math.max(err, Math.abs(y[i]! - ideal[i]!));
    expect(err).toBeLessThan(0.01);
  });

  it('downsampling 22.05 kHz to 8 kHz removes a tone above the new Nyquist instead of aliasing it', () => {
    const high = resample(tone(5000, 22050, 300), 22050, 8000);
    const low = resample(tone(1000, 22050, 300), 22050, 8000);
    expect(rms(high, 100, high.length - 100)).toBeLessThan(0.01);
    expect(rms(low, 100, low.length - 100)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it('returns the input when the rates match and downmixes by averaging', () => {
    const x = tone(300, 8000, 10);
    expect(resample(x, 8000, 8000)).toBe(x);
    const m = downmix([Float32Array.of(1, 0), Float32Array.of(0, 1)]);
    expect(Array.from(m)).toEqual([0.5, 0.5]);
  });
});

describe('planChunks', () => {
  const rate = 8000;
  function withBursts(bursts: Array<[number, number]>, totalMs: number): Float32Array {
    const x = new Float32Array((rate * totalMs) / 1000);
    for (let i = 0; i < x.length; i++) x[i] = ((i * 7919) % 13) / 13000 - 0.0005; // faint noise floor
    for (const [a, b] of bursts) x.set(tone(300, rate, b - a, 0.3), (rate * a) / 1000);
    return x;
  }

  it('finds speech, skips long silences and keeps sample offsets', () => {
    const x = withBursts(
      [
        [1000, 3000],
        [3500, 5000],
        [15000, 16000],
      ],
      18000,
    );
    const plan = planChunks(x, rate, { maxChunkMs: 60_000, maxGapMs: 5000, padMs: 200 });
    expect(plan.chunks).toHaveLength(2);
    const [a, b] = plan.chunks.map((c) => [(c.start / rate) * 1000, (c.end / rate) * 1000]);
    expect(a![0]).toBeGreaterThanOrEqual(780);
    expect(a![0]).toBeLessThanOrEqual(1000);
    expect(a![1]).toBeGreaterThanOrEqual(5000);
    expect(a![1]).toBeLessThanOrEqual(5260);
    expect(b![0]).toBeLessThanOrEqual(15000);
    expect(b![1]).toBeGreaterThanOrEqual(16000);
    expect(plan.speechMs).toBeGreaterThanOrEqual(4400);
    expect(plan.speechMs).toBeLessThanOrEqual(4600);
  });

  it('cuts at silences so no chunk exceeds the limit and no audio is sent twice', () => {
    const bursts: Array<[number, number]> = [];
    for (let t = 500; t < 29_000; t += 2500) bursts.push([t, t + 2000]);
    const x = withBursts(bursts, 30_000);
    const plan = planChunks(x, rate, { maxChunkMs: 6000 });
    expect(plan.chunks.length).toBeGreaterThanOrEqual(5);
    for (const c of plan.chunks) expect(c.end - c.start).toBeLessThanOrEqual(rate * 6.4);
    for (let i = 1; i < plan.chunks.length; i++) {
      expect(plan.chunks[i]!.start).toBeGreaterThanOrEqual(plan.chunks[i - 1]!.end);
    }
    // Every burst lies inside one chunk: cuts fell in the gaps.
    for (const [a, b] of bursts) {
      expect(plan.chunks.some((c) => c.start <= (a * rate) / 1000 && c.end >= (b * rate) / 1000)).toBe(true);
    }
  });

  it('splits one long stretch of speech at the limit', () => {
    const x = withBursts([[0, 20_000]], 20_000);
    const plan = planChunks(x, rate, { maxChunkMs: 8000, padMs: 0 });
    expect(plan.chunks.length).toBe(3);
    expect(plan.chunks[0]!.start).toBe(0);
    expect(plan.chunks[2]!.end).toBe(x.length);
  });

  it('returns no chunks for silence', () => {
    expect(planChunks(new Float32Array(8000), rate, { maxChunkMs: 1000 })).toEqual({
      chunks: [],
      speechMs: 0,
    });
  });
});
