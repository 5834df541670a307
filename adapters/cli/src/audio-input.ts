import { isAudioPath, transcribeRecording } from '@teachback/adapter-transcription';
import type { TranscriptionSettings } from '@teachback/config';
import type { ImportedTranscript } from '@teachback/core';

export { isAudioPath };

/**
 * A recording given to `teachback score`: transcribed first with the configured engine
 * (the `transcription` settings), then scored like any canonical transcript. Low ASR
 * confidence travels on the transcript (needsReview, utterance confidence) into the scorecard.
 */
export async function readAudioInput(
  file: string,
  settings: TranscriptionSettings,
): Promise<ImportedTranscript> {
  const result = await transcribeRecording(file, { settings });
  return {
    format: 'canonical',
    transcript: result.transcript,
    channel: 'voice',
    durationMs: result.durationMs,
  };
}
