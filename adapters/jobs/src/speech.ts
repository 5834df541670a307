import type { TranscriptionSettings } from '@teachback/config';
import type { RecordingTranscriber, Transcriber } from '@teachback/core';
import {
  createTranscriber,
  decodeWav,
  transcribeDecoded,
  transcriptionConfig,
  type ChannelLayoutName,
} from '@teachback/adapter-transcription';

/** Speech to text for Five9's SFTP recordings (a Transcriber from the `transcription` settings). */
export interface Five9Transcription {
  transcriber: Transcriber;
  /** Stereo layout of the tenant's exports (TEACHBACK_FIVE9_CHANNELS). */
  channels: ChannelLayoutName;
  language?: string;
}

/**
 * The recordings' speech engine from the `transcription` settings, or undefined when no engine is
 * named. The engine must be named explicitly: the transcription package defaults to sphinx, whose
 * accuracy is not fit for scoring, so a deployment that never chose one gets no transcripts rather
 * than bad ones. A named engine with a missing setting fails here, naming the variable.
 */
export function five9TranscriptionFrom(
  settings: TranscriptionSettings | undefined,
): Five9Transcription | undefined {
  if (!settings?.engine) return undefined;
  const config = transcriptionConfig(settings);
  return {
    transcriber: createTranscriber(config),
    channels: config.five9Channels,
    language: config.language,
  };
}

/**
 * A WAV recording's transcript through the engine, channels split by the export's layout. Audio
 * that is not WAV we can read fails with `TRANSCRIBE.AUDIO_INVALID` (the caller quarantines it).
 */
export function wavTranscriber(speech: Five9Transcription): RecordingTranscriber {
  return {
    async transcribe(audio) {
      if (!Buffer.isBuffer(audio)) throw new TypeError('wavTranscriber: audio must be a Buffer');
      const { transcript } = await transcribeDecoded(decodeWav(audio), speech.transcriber, {
        channels: speech.channels,
        ...(speech.language ? { language: speech.language } : {}),
      });
      return transcript;
    },
  };
}
