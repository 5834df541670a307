import type { TranscriptionSettings } from '@teachback/config';
import { createTranscriber, transcriptionConfig } from '@teachback/adapter-transcription';
import type { Five9Transcription } from './five9';

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
