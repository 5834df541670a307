import type { Utterance } from '../model/transcript';
import { ENGLISH_VOCABULARY } from './english-vocabulary';
import { FLUENCY_LOG_PROB } from './fluency-model';
import type { TranscriptAssessment } from './confidence';

/**
 * Quality of a transcript that carries no confidences (plain text, Harper Valley ASR text): is it
 * fluent English, or what a recogniser produces from audio it could not hear? Without confidences
 * the words themselves are the evidence: out-of-vocabulary and non-word tokens, repeated-token
 * loops, words per second where times exist, and how likely the word sequence is under a small
 * word-class bigram model of real conversations (garbled recognition swaps words for acoustically
 * similar ones, which breaks English word order even when every word is a real word).
 */

export const VOCABULARY_SIZE = 20_000;
/** The commonest words are classes of their own; the rest fall into frequency bands. */
const CLASS_WORDS = 60;
const BANDS = [1_000, 5_000, VOCABULARY_SIZE];
/** Own words + bands + out of vocabulary. */
export const FLUENCY_CLASS_COUNT = CLASS_WORDS + BANDS.length + 1;

export interface TextQualityThresholds {
  /** Mean log-probability per word below this reads as garbled (chosen on the training sources). */
  minFluency: number;
  /** Fewer words than this and the fluency estimate is too noisy to judge by. */
  minWordsForFluency: number;
  /** Share of words outside the 20,000 commonest English words. */
  maxOutOfVocabularyShare: number;
  /** Share of tokens that cannot be words (no vowel, digits inside letters, a letter thrice). */
  maxNonWordShare: number;
  /** Share of words inside a loop (the same word or word pair three times running). */
  maxRepeatedShare: number;
  /** More words per second of timed speech than anyone says (people manage 3-4). */
  maxWordsPerSecond: number;
  /** Less timed speech than this and the words-per-second test is meaningless. */
  minTimedSpeechMs: number;
  /** Fewer words than this and no share-based test is judged. */
  minWords: number;
}

export const DEFAULT_TEXT_QUALITY_THRESHOLDS: TextQualityThresholds = {
  minFluency: -2.8,
  minWordsForFluency: 80,
  maxOutOfVocabularyShare: 0.25,
  maxNonWordShare: 0.15,
  maxRepeatedShare: 0.2,
  maxWordsPerSecond: 6.5,
  minTimedSpeechMs: 30_000,
  minWords: 20,
};

export interface TextQualityMeasures {
  words: number;
  outOfVocabularyShare: number;
  nonWordShare: number;
  repeatedShare: number;
  /** Mean log-probability per word under the fluency model; null without any word. */
  fluency: number | null;
  /** Words per second of utterance time; null when utterances carry no start and end. */
  wordsPerSecond: number | null;
  timedSpeechMs: number;
}

// The two tables below are derived once from constant data and never change after, so no input or
// caller can ever see another's effect; they are built on first use only because building them
// costs tens of milliseconds that importing core (every CLI start) should not pay.
let rankCache: Map<string, number> | undefined;
function vocabularyRank(): Map<string, number> {
  rankCache ??= new Map(ENGLISH_VOCABULARY.split(' ').map((w, i) => [w, i]));
  return rankCache;
}

let modelCache: number[][] | undefined;
function fluencyModel(): number[][] {
  modelCache ??= FLUENCY_LOG_PROB.map((row) => row.split(' ').map(Number));
  return modelCache;
}

const TOKEN = /[a-z0-9]+(?:'[a-z]+)?/g;

/** Lower-case tokens; a contraction counts as its first part ("don't" → "don"). */
export function textTokens(text: string): string[] {
  return (text.toLowerCase().match(TOKEN) ?? []).map((t) => t.split("'")[0]!);
}

function wordClass(token: string, rank: ReadonlyMap<string, number>): number {
  const r = rank.get(token);
  if (r === undefined) return FLUENCY_CLASS_COUNT - 1;
  if (r < CLASS_WORDS) return r;
  return CLASS_WORDS + BANDS.findIndex((b) => r < b);
}

/** The word classes of one utterance, in order (shared with the model builder). */
export function fluencyClasses(text: string, rank: ReadonlyMap<string, number> = vocabularyRank()): number[] {
  return textTokens(text).map((t) => wordClass(t, rank));
}

function isNonWord(token: string): boolean {
  return (
    // Letters and digits mixed ("th3"); the odd lab name ("a1c") counts too, too rarely to matter.
    /\d/.test(token) !== /^\d+$/.test(token) ||
    (token.length >= 3 && !/[aeiouy]/.test(token)) ||
    /([a-z])\1\1/.test(token) ||
    token.length > 20
  );
}

/** Words inside a run of the same word, or the same word pair, three or more times in a row. */
function repeatedWords(tokens: readonly string[]): number {
  const inLoop = new Uint8Array(tokens.length);
  for (const span of [1, 2]) {
    let i = 0;
    while (i + span <= tokens.length) {
      let reps = 1;
      while (
        i + (reps + 1) * span <= tokens.length &&
        tokens.slice(i + reps * span, i + (reps + 1) * span).join(' ') === tokens.slice(i, i + span).join(' ')
      )
        reps++;
      if (reps >= 3) inLoop.fill(1, i, i + reps * span);
      i += reps >= 3 ? reps * span : 1;
    }
  }
  return inLoop.reduce((a, b) => a + b, 0);
}

export function measureTextQuality(utterances: readonly Utterance[]): TextQualityMeasures {
  const rank = vocabularyRank();
  const model = fluencyModel();
  const start = FLUENCY_CLASS_COUNT;
  let words = 0;
  let oov = 0;
  let nonWords = 0;
  let repeated = 0;
  let logProb = 0;
  let timedWords = 0;
  let timedSpeechMs = 0;
  for (const u of utterances) {
    const tokens = textTokens(u.text);
    words += tokens.length;
    repeated += repeatedWords(tokens);
    let prev = start;
    for (const t of tokens) {
      if (isNonWord(t)) nonWords++;
      else if (!/^\d+$/.test(t) && !rank.has(t)) oov++;
      const c = wordClass(t, rank);
      logProb += model[prev]?.[c] ?? 0;
      prev = c;
    }
    if (u.startMs !== null && u.endMs !== null && u.endMs > u.startMs) {
      timedWords += tokens.length;
      timedSpeechMs += u.endMs - u.startMs;
    }
  }
  const share = (n: number): number => (words === 0 ? 0 : n / words);
  return {
    words,
    outOfVocabularyShare: share(oov),
    nonWordShare: share(nonWords),
    repeatedShare: share(repeated),
    fluency: words === 0 ? null : logProb / words,
    wordsPerSecond: timedSpeechMs > 0 ? timedWords / (timedSpeechMs / 1000) : null,
    timedSpeechMs,
  };
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/**
 * Flags a confidence-less transcript whose words look like garbled recognition. Each reason names
 * the test and the measured value; the text itself never appears (it is PHI).
 */
export function assessTextQuality(
  utterances: readonly Utterance[],
  thresholds: TextQualityThresholds = DEFAULT_TEXT_QUALITY_THRESHOLDS,
): TranscriptAssessment & { measures: TextQualityMeasures } {
  const m = measureTextQuality(utterances);
  const reasons: string[] = [];
  if (m.words >= thresholds.minWords) {
    if (m.outOfVocabularyShare > thresholds.maxOutOfVocabularyShare)
      reasons.push(
        `text-out-of-vocabulary: ${pct(m.outOfVocabularyShare)} of words are not common English words (at most ${pct(thresholds.maxOutOfVocabularyShare)} expected)`,
      );
    if (m.nonWordShare > thresholds.maxNonWordShare)
      reasons.push(
        `text-non-words: ${pct(m.nonWordShare)} of tokens cannot be words (at most ${pct(thresholds.maxNonWordShare)} expected)`,
      );
    if (m.repeatedShare > thresholds.maxRepeatedShare)
      reasons.push(
        `text-repeated-tokens: ${pct(m.repeatedShare)} of words are in repeated-word loops (at most ${pct(thresholds.maxRepeatedShare)} expected)`,
      );
  }
  if (m.fluency !== null && m.words >= thresholds.minWordsForFluency && m.fluency < thresholds.minFluency)
    reasons.push(
      `text-disfluent: the word sequence reads like garbled recognition (fluency ${m.fluency.toFixed(2)} per word, at least ${thresholds.minFluency.toFixed(2)} expected)`,
    );
  if (
    m.wordsPerSecond !== null &&
    m.timedSpeechMs >= thresholds.minTimedSpeechMs &&
    m.wordsPerSecond > thresholds.maxWordsPerSecond
  )
    reasons.push(
      `text-too-fast: ${m.wordsPerSecond.toFixed(1)} words per second of speech (at most ${thresholds.maxWordsPerSecond} is humanly possible)`,
    );
  return { needsReview: reasons.length > 0, reviewReasons: reasons, measures: m };
}
