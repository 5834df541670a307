/** A stretch of one channel, in samples, that will be sent to an engine as one call. */
export interface AudioChunk {
  start: number;
  end: number;
}

export interface ChunkPlan {
  chunks: AudioChunk[];
  /** Milliseconds judged to be speech (voice activity), used to sanity-check the word count. */
  speechMs: number;
}

export interface ChunkOptions {
  /** Longest chunk; longer speech is cut at the quietest frame near the limit. */
  maxChunkMs: number;
  /** A silence longer than this always ends a chunk, so hold music gaps aren't sent. */
  maxGapMs?: number;
  /** Audio kept around speech so word edges aren't clipped. */
  padMs?: number;
}

const FRAME_MS = 20;
/** Gaps in voice activity shorter than this are pauses inside speech, not silence. */
const HANGOVER_MS = 300;
const MIN_SPEECH_MS = 120;

function frameEnergiesDb(samples: Float32Array, frameLength: number): Float64Array {
  const frames = Math.ceil(samples.length / frameLength);
  const out = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    const start = f * frameLength;
    const end = Math.min(samples.length, start + frameLength);
    for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!;
    const rms = Math.sqrt(sum / Math.max(1, end - start));
    out[f] = 20 * Math.log10(Math.max(rms, 1e-6));
  }
  return out;
}

/**
 * Finds speech by frame energy against an adaptive threshold (noise floor + 15 dB, within
 * -55..-30 dBFS), then groups speech regions into chunks no longer than `maxChunkMs`, cutting in
 * the silences between them. Silence outside chunks is never sent to an engine; timestamps stay
 * correct because every chunk keeps its start offset.
 */
export function planChunks(samples: Float32Array, sampleRate: number, options: ChunkOptions): ChunkPlan {
  const frameLength = Math.max(1, Math.round((sampleRate * FRAME_MS) / 1000));
  const energies = frameEnergiesDb(samples, frameLength);
  if (energies.length === 0) return { chunks: [], speechMs: 0 };
  const sorted = Array.from(energies).sort((a, b) => a - b);
  const floor = sorted[Math.floor(sorted.length * 0.1)]!;
  const threshold = Math.min(-30, Math.max(-55, floor + 15));

  // Voice activity per frame, with short pauses filled and blips dropped.
  const voiced = Array.from(energies, (e) => e > threshold);
  const hang = Math.round(HANGOVER_MS / FRAME_MS);
  const regions: Array<[number, number]> = [];
  let f = 0;
  while (f < voiced.length) {
    if (!voiced[f]) {
      f++;
      continue;
    }
    let end = f + 1;
    let lastVoiced = f;
    while (end < voiced.length && end - lastVoiced <= hang) {
      if (voiced[end]) lastVoiced = end;
      end++;
    }
    if ((lastVoiced + 1 - f) * FRAME_MS >= MIN_SPEECH_MS) regions.push([f, lastVoiced + 1]);
    f = lastVoiced + 1;
  }
  const speechMs = regions.reduce((ms, [a, b]) => ms + (b - a) * FRAME_MS, 0);

  const maxFrames = Math.max(1, Math.floor(options.maxChunkMs / FRAME_MS));
  const maxGap = Math.round((options.maxGapMs ?? 5000) / FRAME_MS);
  const pad = Math.round((options.padMs ?? 200) / FRAME_MS);

  // Regions longer than a chunk are split at the quietest frame in the last third of the window.
  const pieces: Array<[number, number]> = [];
  for (const [a, b] of regions) {
    let start = a;
    while (b - start > maxFrames) {
      const from = start + Math.floor((maxFrames * 2) / 3);
      let cut = start + maxFrames;
      for (let i = from; i < start + maxFrames; i++) if (energies[i]! < energies[cut]!) cut = i;
      pieces.push([start, cut]);
      start = cut;
    }
    pieces.push([start, b]);
  }

  const chunks: Array<[number, number]> = [];
  for (const [a, b] of pieces) {
    const last = chunks[chunks.length - 1];
    if (last && a - last[1] <= maxGap && b - last[0] <= maxFrames) last[1] = b;
    else chunks.push([a, b]);
  }
  // Pad into the surrounding silence, but only up to halfway to the neighbouring chunk so no
  // audio is sent twice.
  const out: AudioChunk[] = chunks.map(([a, b], i) => {
    const low = i > 0 ? Math.ceil((chunks[i - 1]![1] + a) / 2) : 0;
    const high = i + 1 < chunks.length ? Math.ceil((b + chunks[i + 1]![0]) / 2) : energies.length;
    const startFrame = Math.max(low, a - pad);
    const endFrame = Math.min(high, b + pad);
    return {
      start: startFrame * frameLength,
      end: Math.min(samples.length, endFrame * frameLength),
    };
  });
  return { chunks: out, speechMs };
}
