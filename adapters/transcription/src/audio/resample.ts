function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Zero crossings of the sinc kept on each side; 16 keeps aliasing well under telephone noise. */
const HALF_ZEROS = 16;

function blackman(x: number): number {
  // x in -1..1
  return 0.42 + 0.5 * Math.cos(Math.PI * x) + 0.08 * Math.cos(2 * Math.PI * x);
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/**
 * Band-limited resampling with a Blackman-windowed sinc. The ratio is reduced to L/M so the
 * filter is computed once per phase (8 kHz → 16 kHz has 2 phases, 22.05 kHz → 8 kHz has 160),
 * which keeps an hour-long call to a few seconds of CPU. When downsampling, the cut-off follows the
 * new Nyquist frequency so nothing aliases into the band the recogniser listens to.
 */
export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return samples;
  const g = gcd(fromRate, toRate);
  const up = toRate / g;
  const down = fromRate / g;
  const scale = Math.min(1, toRate / fromRate);
  const cutoff = 0.95 * scale;
  const half = Math.ceil(HALF_ZEROS / scale);
  const width = 2 * half;
  const table = new Float32Array(up * width);
  for (let phase = 0; phase < up; phase++) {
    const frac = phase / up;
    let sum = 0;
    for (let k = 0; k < width; k++) {
      // tap k sits at input index (center - half + 1 + k); distance from the output position:
      const d = k - half + 1 - frac;
      const w = Math.abs(d) >= half ? 0 : blackman(d / half);
      const v = cutoff * sinc(cutoff * d) * w;
      table[phase * width + k] = v;
      sum += v;
    }
    // Unity gain at DC for every phase, so silence stays silent and levels don't ripple.
    if (sum !== 0) for (let k = 0; k < width; k++) table[phase * width + k]! /= sum;
  }
  const outLength = Math.floor((samples.length * up) / down);
  const out = new Float32Array(outLength);
  const n = samples.length;
  for (let i = 0; i < outLength; i++) {
    const pos = i * down;
    const center = Math.floor(pos / up);
    const phase = pos - center * up;
    const base = phase * width;
    const first = center - half + 1;
    let acc = 0;
    for (let k = 0; k < width; k++) {
      const j = first + k;
      if (j >= 0 && j < n) acc += samples[j]! * table[base + k]!;
    }
    out[i] = acc;
  }
  return out;
}

/** Mixes channels to one by averaging, for engines and layouts that want a single stream. */
export function downmix(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const length = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(length);
  for (const c of channels) for (let i = 0; i < length; i++) out[i]! += c[i]! / channels.length;
  return out;
}
