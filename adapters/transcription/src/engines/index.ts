import { TeachbackError, type Transcriber } from '@teachback/core';
import type { EngineName, TranscriptionConfig } from '../config';
import { HttpTranscriber } from './http';
import { SphinxTranscriber } from './sphinx';
import { WhisperTranscriber } from './whisper';

export { HttpTranscriber, spansFromVerboseJson, transcriptionEndpoint, VerboseTranscription } from './http';
export type { HttpEngineOptions } from './http';
export { SphinxTranscriber, parseSphinxOutput, SPHINX_CONFIDENCE_SCALE } from './sphinx';
export type { SphinxEngineOptions } from './sphinx';
export { WhisperTranscriber, loadWhisperBinding, WHISPER_BINDING_PACKAGE } from './whisper';
export type { WhisperBinding, WhisperContext, WhisperEngineOptions } from './whisper';

/** Builds the configured engine. Missing required settings fail here, naming the env variable. */
export function createTranscriber(
  config: TranscriptionConfig,
  engine: EngineName = config.engine,
): Transcriber {
  switch (engine) {
    case 'http': {
      if (!config.http.url) {
        throw new TeachbackError(
          'CONFIG.INVALID',
          'transcription config: field http.url (TEACHBACK_TRANSCRIBE_URL): required for the http engine',
          { details: { field: 'http.url', env: 'TEACHBACK_TRANSCRIBE_URL' } },
        );
      }
      return new HttpTranscriber({
        url: config.http.url,
        auth: config.http.auth,
        model: config.http.model,
        timeoutMs: config.http.timeoutMs,
        maxAttempts: config.http.maxAttempts,
        ...(config.http.apiKey ? { apiKey: config.http.apiKey } : {}),
      });
    }
    case 'whisper':
      return new WhisperTranscriber({
        threads: config.whisper.threads,
        ...(config.whisper.modelPath ? { modelPath: config.whisper.modelPath } : {}),
      });
    case 'sphinx':
      return new SphinxTranscriber(config.sphinx);
  }
}
