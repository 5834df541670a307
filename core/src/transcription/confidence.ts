import type { Transcript, Utterance } from '../model/transcript';
import { LOW_CONFIDENCE } from '../playbook/evaluate';

/**
 * Below this an utterance is a low-confidence stretch: the scorer must not fail a compliance
 * criterion on it alone (it downgrades the finding and says why). The scorer's threshold, so the
 * review gate and the scorer agree on what "low" means.
 */
export const LOW_UTTERANCE_CONFIDENCE = LOW_CONFIDENCE;

export interface ReviewThresholds {
  /** Call confidence below this flags the call. */
  minCallConfidence: number;
  /** Utterance confidence below this makes it a low-confidence stretch. */
  minUtteranceConfidence: number;
  /** Share of words (0..1) in low-confidence stretches above which the call is flagged. */
  maxLowConfidenceShare: number;
  /**
   * Fewer words per minute of detected speech than this means the engine heard speech but
   * recognised little of it. Conversational English runs at 120-180 words a minute.
   */
  minWordsPerSpeechMinute: number;
  /** Below this much detected speech the words-per-minute test is meaningless. */
  minSpeechMsForRate: number;
}

export const DEFAULT_REVIEW_THRESHOLDS: ReviewThresholds = {
  minCallConfidence: 0.6,
  minUtteranceConfidence: LOW_UTTERANCE_CONFIDENCE,
  maxLowConfidenceShare: 0.3,
  minWordsPerSpeechMinute: 50,
  minSpeechMsForRate: 5000,
};

export interface TranscriptAssessment {
  confidence?: number;
  needsReview: boolean;
  reviewReasons: string[];
}

function words(text: string): number {
  return text.split(/\s+/).filter((w) => w.length > 0).length;
}

/** Mean utterance confidence weighted by word count; undefined when no utterance has one. */
export function callConfidence(utterances: readonly Utterance[]): number | undefined {
  let total = 0;
  let weight = 0;
  for (const u of utterances) {
    if (u.confidence === undefined) continue;
    const w = Math.max(1, words(u.text));
    total += u.confidence * w;
    weight += w;
  }
  return weight === 0 ? undefined : total / weight;
}

export function isLowConfidence(utterance: Utterance, threshold: number = LOW_UTTERANCE_CONFIDENCE): boolean {
  return utterance.confidence !== undefined && utterance.confidence < threshold;
}

/**
 * Decides whether a machine transcript is likely poor. The call is still scored; `needsReview`
 * tells a person to check the scorecard, and each reason says which test tripped and by how much.
 * `speechMs` is how much of the audio the voice-activity detector judged to be speech.
 */
export function assessTranscript(
  utterances: readonly Utterance[],
  measure: { speechMs?: number } = {},
  thresholds: ReviewThresholds = DEFAULT_REVIEW_THRESHOLDS,
): TranscriptAssessment {
  const reasons: string[] = [];
  const confidence = callConfidence(utterances);
  const totalWords = utterances.reduce((n, u) => n + words(u.text), 0);
  const speechMs = measure.speechMs;

  if (totalWords === 0) {
    reasons.push(
      speechMs !== undefined && speechMs > 0
        ? `no-words: speech was detected (${Math.round(speechMs / 1000)} s) but nothing was recognised`
        : 'no-words: nothing was recognised',
    );
  }
  if (confidence !== undefined && confidence < thresholds.minCallConfidence) {
    reasons.push(
      `low-confidence: call confidence ${confidence.toFixed(2)} is below ${thresholds.minCallConfidence.toFixed(2)}`,
    );
  }
  if (totalWords > 0) {
    const lowWords = utterances
      .filter((u) => isLowConfidence(u, thresholds.minUtteranceConfidence))
      .reduce((n, u) => n + words(u.text), 0);
    const share = lowWords / totalWords;
    if (share > thresholds.maxLowConfidenceShare) {
      reasons.push(
        `low-confidence-stretches: ${Math.round(share * 100)}% of words are in utterances below ${thresholds.minUtteranceConfidence.toFixed(2)} confidence`,
      );
    }
  }
  if (totalWords > 0 && speechMs !== undefined && speechMs >= thresholds.minSpeechMsForRate) {
    const perMinute = totalWords / (speechMs / 60_000);
    if (perMinute < thresholds.minWordsPerSpeechMinute) {
      reasons.push(
        `too-few-words: ${Math.round(perMinute)} words per minute of speech, expected at least ${thresholds.minWordsPerSpeechMinute}`,
      );
    }
  }
  const out: TranscriptAssessment = { needsReview: reasons.length > 0, reviewReasons: reasons };
  if (confidence !== undefined) out.confidence = confidence;
  return out;
}

/** Returns the transcript with confidence, needsReview and reviewReasons set from the assessment. */
export function withAssessment(transcript: Transcript, assessment: TranscriptAssessment): Transcript {
  const out: Transcript = {
    ...transcript,
    needsReview: assessment.needsReview,
    reviewReasons: assessment.reviewReasons,
  };
  if (assessment.confidence !== undefined) out.confidence = assessment.confidence;
  return out;
}
