import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  assembleUtterances,
  assessTranscript,
  TeachbackError,
  withAssessment,
  type ChunkRecognition,
  type ReviewThresholds,
  type Speaker,
  type Transcriber,
  type Transcript,
} from '@teachback/core';
import { downmix, resample } from './audio/resample';
import { planChunks } from './audio/silence';
import { decodeWav, type DecodedAudio } from './audio/wav';
import {
  transcriptionConfig,
  type ChannelLayoutName,
  type EngineName,
  type RecordingSource,
  type TranscriptionConfigInput,
} from './config';
import { createTranscriber } from './engines';

const AUDIO_EXTENSIONS = new Set(['.wav', '.wave']);

/** True for recordings Teachback can transcribe (WAV: PCM, μ-law, A-law). */
export function isAudioPath(path: string): boolean {
  return AUDIO_EXTENSIONS.has(extname(path).toLowerCase());
}

export interface TranscribeOptions {
  engine?: EngineName;
  /** Use this engine instead of building one from config (tests, long-lived workers). */
  transcriber?: Transcriber;
  /** Stereo layout; defaults from `source` or TEACHBACK_TRANSCRIBE_CHANNELS. */
  channels?: ChannelLayoutName;
  /** Where the recording came from: Genesys puts the customer on the left; Five9 is configured. */
  source?: RecordingSource;
  language?: string;
  /** The `transcription` settings (`loadSettings()`); `config` and `engine` override them. */
  settings?: TranscriptionConfigInput;
  config?: TranscriptionConfigInput;
  thresholds?: ReviewThresholds;
  signal?: AbortSignal;
}

export interface TranscribedRecording {
  transcript: Transcript;
  durationMs: number;
  /** Voice activity found across channels, ms. */
  speechMs: number;
  /** Audio seconds sent to the engine and how long the engine took, for benchmarks. */
  processedMs: number;
  engineMs: number;
}

interface Track {
  speaker: Speaker;
  channel?: number;
  samples: Float32Array;
}

/** Stereo files where both sides carry the same signal are really mono; don't invent speakers. */
function isDuplicatedMono(left: Float32Array, right: Float32Array): boolean {
  let diff = 0;
  let energy = 0;
  for (let i = 0; i < left.length; i++) {
    diff += Math.abs(left[i]! - right[i]!);
    energy += Math.abs(left[i]!) + Math.abs(right[i]!);
  }
  return energy === 0 || diff / energy < 0.01;
}

/** Splits the recording into one track per speaker according to the layout. */
export function speakerTracks(audio: DecodedAudio, layout: ChannelLayoutName): Track[] {
  const [left, right] = audio.channels;
  if (audio.channels.length !== 2 || layout === 'mixed' || isDuplicatedMono(left!, right!)) {
    return [{ speaker: 'unknown', samples: downmix(audio.channels) }];
  }
  const leftSpeaker: Speaker = layout === 'customer-left' ? 'customer' : 'agent';
  const rightSpeaker: Speaker = layout === 'customer-left' ? 'agent' : 'customer';
  return [
    { speaker: leftSpeaker, channel: 0, samples: left! },
    { speaker: rightSpeaker, channel: 1, samples: right! },
  ];
}

/**
 * Decoded audio → transcript: split speakers by channel, resample to the engine's rate, cut each
 * track into chunks at silences, recognise chunk by chunk, put every span back on the call's
 * timeline and assess whether a person should review the result.
 */
export async function transcribeDecoded(
  audio: DecodedAudio,
  transcriber: Transcriber,
  options: {
    channels: ChannelLayoutName;
    language?: string;
    thresholds?: ReviewThresholds;
    signal?: AbortSignal;
  },
): Promise<TranscribedRecording> {
  const recognitions: ChunkRecognition[] = [];
  let speechMs = 0;
  let processedMs = 0;
  let engineMs = 0;
  const rate = audio.sampleRate;
  for (const track of speakerTracks(audio, options.channels)) {
    // Voice activity and chunking run at the recording's own rate; only the chunks that hold speech
    // are resampled, so an hour-long call never needs a second full-length copy at 16 kHz.
    const plan = planChunks(track.samples, rate, { maxChunkMs: transcriber.maxChunkMs });
    speechMs += plan.speechMs;
    for (const chunk of plan.chunks) {
      const piece = resample(track.samples.subarray(chunk.start, chunk.end), rate, transcriber.sampleRate);
      const started = performance.now();
      const spans = await transcriber.recognize(
        { sampleRate: transcriber.sampleRate, samples: piece },
        {
          ...(options.language ? { language: options.language } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        },
      );
      engineMs += performance.now() - started;
      processedMs += ((chunk.end - chunk.start) / rate) * 1000;
      const recognition: ChunkRecognition = {
        speaker: track.speaker,
        offsetMs: (chunk.start / rate) * 1000,
        spans,
      };
      if (track.channel !== undefined) recognition.channel = track.channel;
      recognitions.push(recognition);
    }
  }
  const utterances = assembleUtterances(recognitions);
  const transcript: Transcript = { utterances, source: 'asr', engine: transcriber.engine };
  if (options.language) transcript.language = options.language;
  const assessment = assessTranscript(utterances, { speechMs }, options.thresholds);
  return {
    transcript: withAssessment(transcript, assessment),
    durationMs: Math.round(audio.durationMs),
    speechMs,
    processedMs,
    engineMs,
  };
}

/** Reads a WAV recording and transcribes it with the configured (or given) engine. */
export async function transcribeRecording(
  path: string,
  options: TranscribeOptions = {},
): Promise<TranscribedRecording> {
  const config = transcriptionConfig(options.settings, {
    ...options.config,
    ...(options.engine ? { engine: options.engine } : {}),
  });
  if (!isAudioPath(path)) {
    throw new TeachbackError('TRANSCRIBE.UNSUPPORTED_AUDIO', 'audio: only .wav recordings are supported', {
      details: { field: 'path' },
    });
  }
  const buf = await readFile(path).catch((err: NodeJS.ErrnoException) => {
    throw new TeachbackError(
      'TRANSCRIBE.AUDIO_UNREADABLE',
      `audio: cannot read the recording (${err.code ?? 'error'})`,
      {
        cause: err,
      },
    );
  });
  const audio = decodeWav(buf);
  const channels =
    options.channels ??
    (options.source === 'genesys'
      ? 'customer-left'
      : options.source === 'five9'
        ? config.five9Channels
        : config.channels);
  const transcriber = options.transcriber ?? createTranscriber(config);
  return transcribeDecoded(audio, transcriber, {
    channels,
    language: options.language ?? config.language,
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** The contract the scorer uses: a WAV path in, a machine transcript (source `asr`) out. */
export async function transcribeAudioFile(
  path: string,
  options: TranscribeOptions = {},
): Promise<Transcript> {
  return (await transcribeRecording(path, options)).transcript;
}
