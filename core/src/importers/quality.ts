import { assessTextQuality } from '../transcription/text-quality';
import type { ImportedTranscript } from './types';

/**
 * Confidences, where a source gives them, are the better evidence (the transcription review gate
 * uses them); without any, the words themselves are judged. Only a flagged transcript changes, so
 * a clean import stays exactly what the file said.
 */
export function withTextQuality(imported: ImportedTranscript): ImportedTranscript {
  const t = imported.transcript;
  if (t.confidence !== undefined || t.utterances.some((u) => u.confidence !== undefined)) return imported;
  const a = assessTextQuality(t.utterances);
  if (!a.needsReview) return imported;
  return {
    ...imported,
    transcript: { ...t, needsReview: true, reviewReasons: [...(t.reviewReasons ?? []), ...a.reviewReasons] },
  };
}
