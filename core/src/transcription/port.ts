import type { Speaker } from '../model/transcript';

/** Mono PCM as floats in -1..1. Engines receive one channel at a time. */
export interface MonoAudio {
  sampleRate: number;
  samples: Float32Array;
}

export interface RecognizedWord {
  text: string;
  startMs: number;
  endMs: number;
  /** 0..1, when the engine reports one. */
  confidence?: number;
}

/**
 * One stretch of recognised speech, with times relative to the audio the engine was given.
 * Engines that cannot time words leave `words` out.
 */
export interface RecognizedSpan {
  text: string;
  startMs: number;
  endMs: number;
  confidence?: number;
  words?: RecognizedWord[];
}

export interface RecognizeOptions {
  /** BCP-47 or ISO 639-1 language hint, e.g. `en`. */
  language?: string;
  signal?: AbortSignal;
}

/**
 * The transcription port. Engines (an OpenAI-compatible service, whisper.cpp, pocketsphinx) live
 * in adapters; audio decoding, channel splitting and chunking happen before an engine is called,
 * so an engine only ever turns one chunk of mono audio into spans.
 */
export interface Transcriber {
  /** Stable engine name recorded on the transcript, e.g. `sphinx`, `http:whisper-1`. */
  readonly engine: string;
  /** Sample rate the engine wants; audio is resampled to it. */
  readonly sampleRate: number;
  /** Longest chunk the engine should get in one call; longer calls are cut at silences. */
  readonly maxChunkMs: number;
  recognize(audio: MonoAudio, options?: RecognizeOptions): Promise<RecognizedSpan[]>;
}

/** Spans recognised in one chunk of one channel, before re-assembly into the call timeline. */
export interface ChunkRecognition {
  speaker: Speaker;
  /** Audio channel index (0 = left), absent for mixed mono. */
  channel?: number;
  /** Where the chunk starts in the call, ms. */
  offsetMs: number;
  spans: RecognizedSpan[];
}
