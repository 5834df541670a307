import type { Utterance } from '../model';
import { clusterOf, type WordClusterTable } from './word-clusters';

/**
 * Feature extraction shared by training and inference, so the two can never drift apart.
 * Every feature is a 32-bit hash of (template, tokens, speaker relation); the weights map the
 * hashes seen in training to rows. A transcript is tokenised once into flat typed arrays (no
 * per-utterance allocation), and each utterance's features are written into a reused buffer.
 */
export const FEATURE_TEMPLATE = 4;

/** Long monologues are cut: acts are carried by the words near the start of a turn. */
const MAX_TOKENS = 96;

const SPEAKER_CODE: Record<string, number> = { agent: 1, customer: 2, system: 3, unknown: 3 };

export interface TokenizedTranscript {
  count: number;
  /** Token hashes; tokens of utterance i are [starts[i], starts[i + 1]). */
  tokens: Int32Array;
  /** 5-letter prefix hash of the token at the same position, 0 when the word is short. */
  prefixes: Int32Array;
  /** 1 where a sentence (`.`, `!`, `?`, `;`) ends after the token at the same position. */
  sentenceEnds: Uint8Array;
  starts: Int32Array;
  speakers: Uint8Array;
  /** 1 when the utterance contains a number (dates, ids, doses). */
  numbers: Uint8Array;
  /**
   * 1 when the utterance holds an id-like code: two or more tokens mixing letters and digits
   * ("1EG4-TE5-MK72"), or one of six or more characters ("W123456789"); ordinals do not count.
   */
  codes: Uint8Array;
  /**
   * (coarse << 16 | fine) + 1 word cluster of the token at the same position; -1 for a word of
   * five or more letters the clusters do not know; 0 otherwise (or when the model has none).
   */
  clusters: Int32Array;
}

/** Upper bound of the features of one utterance: a few fixed ones, ≤ 6 per token, 3 per previous token. */
export const MAX_FEATURES = 8 + 9 * MAX_TOKENS;

/** A buffer reused for the features of each utterance in turn. */
export function createFeatureBuffer(): Int32Array {
  return new Int32Array(MAX_FEATURES);
}

export function createTokenizedTranscript(): TokenizedTranscript {
  return {
    count: 0,
    tokens: new Int32Array(1024),
    prefixes: new Int32Array(1024),
    sentenceEnds: new Uint8Array(1024),
    clusters: new Int32Array(1024),
    starts: new Int32Array(65),
    speakers: new Uint8Array(64),
    numbers: new Uint8Array(64),
    codes: new Uint8Array(64),
  };
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const QUESTION = fnvChar(FNV_OFFSET, 63);
const DIGIT_SHAPE = [1, 2, 3, 4, 4, 5].map((n) => fnvChar(fnvChar(FNV_OFFSET, 35), 48 + n));

/**
 * Per char code: the lower-cased code of a token character (ASCII letters and digits, Latin-1 and
 * Latin Extended letters from U+00C0 to U+024F), 0 for any other; one table read in the hot loop.
 */
const WORD_CHAR = new Uint16Array(0x250);
for (let c = 48; c <= 57; c++) WORD_CHAR[c] = c;
for (let c = 97; c <= 122; c++) WORD_CHAR[c] = WORD_CHAR[c - 32] = c;
for (let c = 192; c < 0x250; c++) WORD_CHAR[c] = c;
const WORD_CHAR_LIMIT = WORD_CHAR.length;

function fnvChar(h: number, c: number): number {
  return Math.imul(h ^ c, FNV_PRIME);
}

function growInt(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

function growByte(a: Uint8Array, need: number): Uint8Array {
  if (need <= a.length) return a;
  const b = new Uint8Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Lower-cases and splits on anything that is not a letter or digit; apostrophes vanish ("don't"
 * and ASR "dont" are one word); "?" is kept as a token because a question is a strong cue when
 * punctuation exists; a pure number becomes its shape (#1..#5 digits) so dates and ids generalise.
 */
export function tokenizeTranscript(
  utterances: readonly Pick<Utterance, 'speaker' | 'text'>[],
  into: TokenizedTranscript = createTokenizedTranscript(),
  /** Word clusters of the model, when it has them. */
  clusters: WordClusterTable | null = null,
): TokenizedTranscript {
  const n = utterances.length;
  into.count = n;
  into.starts = growInt(into.starts, n + 1);
  into.speakers = growByte(into.speakers, n);
  into.numbers = growByte(into.numbers, n);
  into.codes = growByte(into.codes, n);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const u = utterances[i]!;
    const text = u.text;
    into.starts[i] = pos;
    into.speakers[i] = SPEAKER_CODE[u.speaker] ?? 3;
    into.tokens = growInt(into.tokens, pos + MAX_TOKENS + 1);
    into.prefixes = growInt(into.prefixes, pos + MAX_TOKENS + 1);
    into.sentenceEnds = growByte(into.sentenceEnds, pos + MAX_TOKENS + 1);
    into.clusters = growInt(into.clusters, pos + MAX_TOKENS + 1);
    const wordClusters = into.clusters;
    const tokens = into.tokens;
    const prefixes = into.prefixes;
    const sentenceEnds = into.sentenceEnds;
    const first = pos;
    const end = pos + MAX_TOKENS;
    const chars = text.length;
    let h = FNV_OFFSET;
    let len = 0;
    let digits = 0;
    let prefix = 0;
    let hasNumber = 0;
    let codes = 0;
    let last1 = 0;
    let last2 = 0;
    // Characters [0, chars), then one space past the end to close the last word. The hot path is a
    // word character: one table read, one multiply.
    for (let c = 0; c <= chars; c++) {
      const code = c < chars ? text.charCodeAt(c) : 32;
      const folded = code < WORD_CHAR_LIMIT ? WORD_CHAR[code]! : 0;
      if (folded !== 0) {
        h = Math.imul(h ^ folded, FNV_PRIME);
        last2 = last1;
        last1 = folded;
        len++;
        if (folded <= 57) digits++;
        if (len === 5) prefix = h;
        continue;
      }
      if (code === 39 || code === 8217) continue; // apostrophes join: don't = dont
      if (len > 0) {
        sentenceEnds[pos] = 0;
        if (digits === len) {
          tokens[pos] = DIGIT_SHAPE[digits < 5 ? digits : 5]!;
          prefixes[pos] = 0;
          wordClusters[pos] = 0;
          hasNumber = 1;
        } else {
          tokens[pos] = h;
          prefixes[pos] = len > 5 && digits === 0 ? prefix : 0;
          wordClusters[pos] = clusters !== null && digits === 0 ? clusterOrUnknown(clusters, h, len) : 0;
          if (digits > 0) {
            hasNumber = 1;
            if (!isOrdinalOrTime(last2, last1)) codes += len >= 6 ? 2 : 1;
          }
        }
        pos++;
        h = FNV_OFFSET;
        len = 0;
        digits = 0;
        prefix = 0;
      }
      if (code === 63) {
        if (pos < end && (pos === first || tokens[pos - 1] !== QUESTION)) {
          tokens[pos] = QUESTION;
          prefixes[pos] = 0;
          wordClusters[pos] = 0;
          sentenceEnds[pos] = 0;
          pos++;
        }
        if (pos > first) sentenceEnds[pos - 1] = 1;
      } else if (code === 46) {
        // A sentence ends at . ! ? ; (not the point of "7.9"); the model also scores each sentence.
        const next = c + 1 < chars ? text.charCodeAt(c + 1) : 32;
        if (pos > first && (next < 48 || next > 57)) sentenceEnds[pos - 1] = 1;
      } else if ((code === 33 || code === 59) && pos > first) sentenceEnds[pos - 1] = 1;
      // Long monologues are cut at MAX_TOKENS (the word in progress is dropped).
      if (pos >= end) break;
    }
    into.numbers[i] = hasNumber;
    into.codes[i] = codes >= 2 ? 1 : 0;
  }
  into.starts[n] = pos;
  return into;
}

/**
 * A word's cluster, or -1 for a word of five or more letters the vectors do not know: mostly drug
 * brands and surnames ("eliquis", "okonkwo"), which is itself a cue for PHI and identifiers.
 */
function clusterOrUnknown(clusters: WordClusterTable, h: number, len: number): number {
  const c = clusterOf(clusters, h);
  return c === 0 && len >= 5 ? -1 : c;
}

/** "1st", "22nd", "3rd", "4th", "10am", "2pm": numbers with a suffix, not codes. */
function isOrdinalOrTime(a: number, b: number): boolean {
  if (b === 109) return a === 97 || a === 112; // am, pm
  if (b === 116) return a === 115; // st
  if (b === 100) return a === 110 || a === 114; // nd, rd
  return b === 104 && a === 116; // th
}

// Template salts: one per feature family (and speaker or speaker relation), so "birth" said now
// and "birth" said just before are different features.
const T_SPEAKER = 0x51;
const T_LENGTH = 0x52;
const T_NUMBER = 0x53;
const T_SPEAKER_WORD = 0x55;
const T_PREFIX = 0x56;
const T_SPEAKER_BIGRAM = 0x57;
const T_PREV_RELATION = 0x58;
const T_PREV_WORD = 0x59;
const T_PREV_NUMBER = 0x5a;
const T_FIRST = 0x5b;
const T_PREV_BIGRAM = 0x5c;
const T_FINE = 0x5e;
const T_CODE = 0x60;
const T_UNKNOWN = 0x61;
const BOUNDARY_START = 0x2bad;
const BOUNDARY_END = 0x2bae;

/** The salt of a template specialised by a small code (speaker, relation, length bucket). */
function salt(template: number, code: number): number {
  return Math.imul(template * 64 + code, 0x2c1b3c6d);
}

/** One multiply and a shift: feature hashes only need to spread over the table, not resist attack. */
function feature(saltValue: number, token: number): number {
  const h = Math.imul(saltValue ^ token, 0x9e3779b1);
  return h ^ (h >>> 15);
}

function lengthBucket(n: number): number {
  return n <= 2 ? n : n <= 4 ? 3 : n <= 8 ? 4 : n <= 16 ? 5 : 6;
}

/**
 * Writes the features of utterance `i` into `out` and returns how many: its words, 5-letter
 * prefixes, word clusters and bigrams (the words also crossed with the speaker), its length and numbers, and the
 * words of the previous turn crossed with who said it relative to this speaker, so "yes" after
 * "can you confirm your date of birth" differs from "yes" after "any questions?". `from`/`to`
 * narrow the utterance's own words to one sentence (the context stays the whole previous turn).
 */
export function utteranceFeatures(
  t: TokenizedTranscript,
  i: number,
  out: Int32Array,
  from = t.starts[i]!,
  to = t.starts[i + 1]!,
  /** When given: where each token's features start in `out`, then where the end bigram is. */
  groups?: Int32Array,
): number {
  const s = t.speakers[i]!;
  const tokens = t.tokens;
  const prefixes = t.prefixes;
  let n = 0;
  out[n++] = feature(salt(T_SPEAKER, s), 0);
  out[n++] = feature(salt(T_LENGTH, s), lengthBucket(to - from));
  if (t.numbers[i]) out[n++] = feature(salt(T_NUMBER, s), 0);
  if (t.codes[i]) out[n++] = feature(salt(T_CODE, s), 0);
  const speakerWord = salt(T_SPEAKER_WORD, s);
  const speakerBigram = salt(T_SPEAKER_BIGRAM, s);
  const prefix = salt(T_PREFIX, 0);
  const fine = salt(T_FINE, s);
  const unknown = salt(T_UNKNOWN, s);
  const clusters = t.clusters;
  let prev = BOUNDARY_START;
  for (let j = from; j < to; j++) {
    const w = tokens[j]!;
    if (groups) groups[j - from] = n;
    out[n++] = feature(speakerWord, w);
    const p = prefixes[j]!;
    if (p !== 0) out[n++] = feature(prefix, p);
    const c = clusters[j]!;
    // Only the fine clusters: the coarse ones cost ~10 % of tagging time for no measurable gain.
    if (c > 0) out[n++] = feature(fine, c & 0xffff);
    else if (c < 0) out[n++] = feature(unknown, 0);
    // The bigram stays the token's last feature: sentenceFeatures replaces it at a sentence start.
    out[n++] = feature(speakerBigram, Math.imul(prev, 0x01000193) ^ w);
    prev = w;
  }
  if (groups) groups[to - from] = n;
  if (to > from) out[n++] = feature(speakerBigram, Math.imul(prev, 0x01000193) ^ BOUNDARY_END);
  if (i === 0) {
    out[n++] = feature(salt(T_FIRST, s), 0);
    return n;
  }
  const relation = s * 4 + t.speakers[i - 1]!;
  out[n++] = feature(salt(T_PREV_RELATION, relation), 0);
  if (t.numbers[i - 1]) out[n++] = feature(salt(T_PREV_NUMBER, relation), 0);
  const prevWord = salt(T_PREV_WORD, relation);
  const prevBigram = salt(T_PREV_BIGRAM, relation);
  let before = BOUNDARY_START;
  for (let j = t.starts[i - 1]!; j < t.starts[i]!; j++) {
    const w = tokens[j]!;
    out[n++] = feature(prevWord, w);
    out[n++] = feature(prevBigram, Math.imul(before, 0x01000193) ^ w);
    before = w;
  }
  return n;
}

/**
 * The features of the sentence [from, to) of utterance `i`, expressed against the whole turn's
 * features (`utteranceFeatures` with `groups`, `n` of them): indices into the whole turn's list
 * go to `reused`, the few features a sentence has of its own (its length, and the bigrams at its
 * edges when those are not the turn's edges) go to `fresh`. Together they are exactly
 * `utteranceFeatures(t, i, out, from, to)`, so the model can score a sentence without hashing or
 * probing its words again. Returns the number of reused indices; `fresh` holds
 * `freshCount[0]` features.
 */
export function sentenceFeatures(
  t: TokenizedTranscript,
  i: number,
  groups: Int32Array,
  n: number,
  from: number,
  to: number,
  reused: Int32Array,
  fresh: Int32Array,
  freshCount: Int32Array,
): number {
  const start = t.starts[i]!;
  const end = t.starts[i + 1]!;
  const s = t.speakers[i]!;
  const tokens = t.tokens;
  const speakerBigram = salt(T_SPEAKER_BIGRAM, s);
  let r = 0;
  let f = 0;
  // Fixed features: speaker and (if any) the number flag are the turn's; the length is not.
  reused[r++] = 0;
  for (let k = 2; k < groups[0]!; k++) reused[r++] = k;
  fresh[f++] = feature(salt(T_LENGTH, s), lengthBucket(to - from));
  for (let j = from; j < to; j++) {
    const first = groups[j - start]!;
    const next = groups[j - start + 1]!;
    const own = j === from && from > start; // the sentence's first bigram starts at the boundary
    for (let k = first; k < next; k++) {
      if (own && k === next - 1)
        fresh[f++] = feature(speakerBigram, Math.imul(BOUNDARY_START, 0x01000193) ^ tokens[j]!);
      else reused[r++] = k;
    }
  }
  const endBigram = groups[end - start]!;
  if (to === end) reused[r++] = endBigram;
  else fresh[f++] = feature(speakerBigram, Math.imul(tokens[to - 1]!, 0x01000193) ^ BOUNDARY_END);
  for (let k = endBigram + (end > start ? 1 : 0); k < n; k++) reused[r++] = k;
  freshCount[0] = f;
  return r;
}
