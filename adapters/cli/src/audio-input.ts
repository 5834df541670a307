import { isAudioPath, transcribeRecording } from '@teachback/adapter-transcription';
import type { ImportedTranscript } from '@teachback/core';

export { isAudioPath };

/**
 * A recording given to `teachback score`: transcribed first with the configured engine
 * (TEACHBACK_TRANSCRIBE_* variables), then scored like any canonical transcript. Low ASR
 * confidence travels on the transcript (needsReview, utterance confidence) into the scorecard.
 */
export async function readAudioInput(file: string): Promise<ImportedTranscript> {
  const result = await transcribeRecording(file);
  return {
    format: 'canonical',
    transcript: result.transcript,
    channel: 'voice',
    durationMs: result.durationMs,
  };
}
