import {
  TRANSCRIPTION_ENV,
  createTranscriber,
  loadTranscriptionConfig,
} from '@teachback/adapter-transcription';
import type { Five9Transcription } from './five9';

/**
 * The recordings' speech engine from the environment (TEACHBACK_TRANSCRIBE_ENGINE and the rest of
 * @teachback/adapter-transcription's variables), or undefined when no engine is named. The engine
 * must be named explicitly: the transcription package defaults to sphinx, whose accuracy is not fit
 * for scoring, so a deployment that never chose one gets no transcripts rather than bad ones.
 * A named engine with a bad or missing setting fails here, naming the variable.
 */
export function five9TranscriptionFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Five9Transcription | undefined {
  if (!env[TRANSCRIPTION_ENV.engine]) return undefined;
  const config = loadTranscriptionConfig(env);
  return {
    transcriber: createTranscriber(config),
    channels: config.five9Channels,
    language: config.language,
  };
}
