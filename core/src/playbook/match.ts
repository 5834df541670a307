import { analyzeInto, newTextAnalysis, termsOf, type TermIndex, type TextAnalysis } from '../text/analyzer';
import type { ActTagger, ActTagLike } from './acts-port';
import type { Transcript, Utterance } from '../model/transcript';
import type { CompiledPhrase, CompiledPlaybook } from './compile';

/** Speech rate used to estimate times when a transcript has none (150 words per minute). */
const MS_PER_WORD = 400;
/** How far before a match a negation cue still applies, in words. */
const NEGATION_REACH = 6;

/** Fired tags by act name, in utterance order (a matcher reads only the acts it accepts). */
export type TagsByAct = Map<string, Array<{ index: number; tag: ActTagLike }>>;

export interface AnalyzedTranscript {
  utterances: readonly Utterance[];
  /** Utterance u is text u of the analysis. */
  text: TextAnalysis;
  /** Start time of each utterance: the given one, or an estimate from word counts. */
  startMs: number[];
  timesEstimated: boolean;
  /**
   * Act tags of this transcript by the last model asked, kept with the analysis (and gone with
   * it): scoring a call against two playbooks tags it once.
   */
  actTags?: { model: ActTagger; byAct: TagsByAct };
}

/**
 * Tokenizes a transcript once, independently of any playbook; the result can be scored against
 * any number of playbooks, each reading it with its own vocabulary.
 */
export function analyzeTranscript(transcript: Transcript): AnalyzedTranscript {
  const utterances = transcript.utterances;
  let chars = 0;
  for (const u of utterances) chars += u.text.length;
  // About one distinct word per 8 characters: the word table is sized once, rarely grown.
  const text = newTextAnalysis(chars >> 3);
  const startMs: number[] = new Array(utterances.length);
  let estimated = false;
  let clock = 0;
  for (let i = 0; i < utterances.length; i++) {
    const u = utterances[i]!;
    analyzeInto(u.text, text);
    if (u.startMs !== null) clock = u.startMs;
    else estimated = true;
    startMs[i] = clock;
    clock = u.endMs ?? clock + text.wordCount[i]! * MS_PER_WORD;
  }
  return { utterances, text, startMs, timesEstimated: estimated };
}

export interface Hit {
  utterance: number;
  /** Share of the best phrase's terms found, 0..1. */
  coverage: number;
  negated: boolean;
  phrase: number;
  /**
   * Word position where the match starts, to order two matches within one utterance; NaN for a
   * learned act, which covers its whole utterance.
   */
  pos: number;
  /** Set for a learned act (phrase is then -1): how it reads in evidence. */
  label?: string;
}

/** Scratch for compactWindow, made per findHits call: matching never allocates per candidate. */
interface Scratch {
  pos: Int32Array;
  bit: Int32Array;
  bitCount: Int32Array;
  /** compactWindow's window: first and last word position. */
  first: number;
  last: number;
}

/**
 * What the first test of each candidate phrase reads (its `needed` and term ids), flat in typed
 * arrays, plus findHits' two stamp arrays: the phrase objects are read only for the few candidates
 * that pass. Derived once per compiled playbook (its phrases never change after compiling).
 */
interface PhraseIndex {
  count: number;
  needed: Int32Array;
  /** Terms of phrase p are termIds[termStart[p] .. termStart[p + 1]), in phrase order. */
  termStart: Int32Array;
  termIds: Int32Array;
  /** Reused by every findHits call on this playbook, zeroed at its start (calls never overlap). */
  checkedIn: Int32Array;
  presence: Int32Array;
}

const phraseIndexes = new WeakMap<CompiledPlaybook, PhraseIndex>();

function phraseIndexOf(cp: CompiledPlaybook): PhraseIndex {
  const known = phraseIndexes.get(cp);
  if (known && known.count === cp.phrases.length && known.presence.length === cp.vocabulary.size)
    return known;
  const count = cp.phrases.length;
  let total = 0;
  for (const phrase of cp.phrases) total += phrase.termIds.length;
  const index: PhraseIndex = {
    count,
    needed: new Int32Array(count),
    termStart: new Int32Array(count + 1),
    termIds: new Int32Array(total),
    checkedIn: new Int32Array(count),
    presence: new Int32Array(cp.vocabulary.size),
  };
  let at = 0;
  for (let p = 0; p < count; p++) {
    const phrase = cp.phrases[p]!;
    index.needed[p] = phrase.needed;
    index.termStart[p] = at;
    for (const id of phrase.termIds) index.termIds[at++] = id;
  }
  index.termStart[count] = at;
  phraseIndexes.set(cp, index);
  return index;
}

/** For each matcher of the playbook, its hits in utterance order (at most one per utterance). */
export function findHits(at: AnalyzedTranscript, cp: CompiledPlaybook): Hit[][] {
  const hits: Hit[][] = cp.matchers.map(() => []);
  const index = phraseIndexOf(cp);
  const { needed: neededOf, termStart: phraseTermStart, termIds: phraseTermIds } = index;
  // checkedIn[p] = 1 + the utterance in which phrase p was last checked (so each is checked once).
  const checkedIn = index.checkedIn;
  checkedIn.fill(0);
  const bestOf = new Map<number, Hit>();
  const ta = at.text;
  const terms = termsOf(ta, cp.vocabulary);
  const ids = terms.termIds;
  // presence[termId] === u + 1: the term occurs in utterance u.
  const presence = index.presence;
  presence.fill(0);
  const scratch: Scratch = {
    pos: new Int32Array(terms.mostPerText),
    bit: new Int32Array(terms.mostPerText),
    bitCount: new Int32Array(32),
    first: 0,
    last: 0,
  };
  for (let u = 0; u < at.utterances.length; u++) {
    const ts = terms.termStart[u]!;
    const te = terms.termStart[u + 1]!;
    if (ts === te) continue;
    const presenceStamp = u + 1;
    for (let k = ts; k < te; k++) presence[ids[k]!] = presenceStamp;
    for (let k = ts; k < te; k++) {
      const list = cp.triggers[ids[k]!];
      if (list === undefined) continue;
      for (let j = 0; j < list.length; j++) {
        const p = list[j]!;
        if (checkedIn[p] === u + 1) continue;
        checkedIn[p] = u + 1;
        const needed = neededOf[p]!;
        if (te - ts < needed) continue;
        // Cheap test first: are enough of the phrase's terms in this utterance at all?
        // Stops as soon as the answer is known: `needed` terms seen, or too few left to reach it.
        const qEnd = phraseTermStart[p + 1]!;
        let present = 0;
        for (let q = phraseTermStart[p]!; q < qEnd && present < needed; q++) {
          if (presence[phraseTermIds[q]!] === presenceStamp) present++;
          else if (present + qEnd - 1 - q < needed) break;
        }
        if (present < needed) continue;
        const phrase = cp.phrases[p]!;
        // The tightest run of words holding the phrase's terms: stray earlier copies of a common
        // term ("you") must neither stretch the span nor pull in a far-away negation.
        const inWindow = compactWindow(terms, ts, te, phrase, scratch);
        if (inWindow < 0) continue;
        let first = scratch.first;
        let last = scratch.last;
        // Two words are a collocation only within one clause: "Harborview Heart Associates, this
        // line is monitored" names no heart monitor.
        if (phrase.termCount === 2 && inWindow === 2 && crossesBreak(ta, u, first, last)) continue;
        // A phrase that says a negation ("i wouldn't worry about it") matches only where a negation
        // cue governs the same word: in its clause, within reach. The window alone would take any
        // "no" or "won't" near the word ("oh no, that must be frightening"; "I can hear how
        // worried you are, a little one who won't eat"), turning empathy into reassurance.
        if (phrase.negationTerm >= 0 && !negationGoverns(ta, terms, u, ts, te, phrase)) continue;
        let negated = !phrase.hasNegation && isNegated(ta, u, first, last);
        // A one-word phrase said twice, denied once ("not every plan ..., 23 plans in your
        // county"): the window found the first copy; a later plain mention still counts.
        if (negated && phrase.termIds.length === 1) {
          for (let k = ts; k < te; k++) {
            if (ids[k] !== phrase.termIds[0]) continue;
            const at = terms.termPos[k]!;
            if (at > first && !isNegated(ta, u, at, at)) {
              first = last = at;
              negated = false;
              break;
            }
          }
        }
        const coverage = inWindow / phrase.termCount;
        const prev = bestOf.get(phrase.matcher);
        // Prefer a non-negated reading, then the fuller match.
        if (
          !prev ||
          (prev.negated && !negated) ||
          (prev.negated === negated &&
            (coverage > prev.coverage || (coverage === prev.coverage && first < prev.pos)))
        ) {
          bestOf.set(phrase.matcher, { utterance: u, coverage, negated, phrase: p, pos: first });
        }
      }
    }
    if (bestOf.size === 0) continue;
    for (const [m, hit] of bestOf) hits[m]!.push(hit);
    bestOf.clear();
  }
  return hits;
}

function maxSpan(termCount: number): number {
  return 2 * termCount + 6;
}

/**
 * Tightest run of words (at most `span` long) holding the most distinct phrase terms, if that is
 * at least `needed`: returns how many were found and puts the window's first and last word
 * position in `scratch.first`/`scratch.last`; -1 when too few. Two pointers over the utterance's
 * matching terms.
 */
function compactWindow(
  terms: TermIndex,
  from: number,
  to: number,
  phrase: CompiledPhrase,
  scratch: Scratch,
): number {
  const phraseTerms = phrase.termIds;
  const needed = phrase.needed;
  const span = maxSpan(phrase.termCount);
  const mask = phrase.specificMask;
  const ids = terms.termIds;
  const { pos: scratchPos, bit: scratchBit, bitCount } = scratch;
  let m = 0;
  for (let k = from; k < to; k++) {
    const bit = phraseTerms.indexOf(ids[k]!);
    if (bit < 0) continue;
    scratchPos[m] = terms.termPos[k]!;
    scratchBit[m] = bit;
    m++;
  }
  if (m < needed) return -1;
  bitCount.fill(0);
  let distinct = 0;
  let specific = 0;
  let left = 0;
  let bestFound = 0;
  let bestFirst = 0;
  let bestLast = 0;
  for (let right = 0; right < m; right++) {
    const rb = scratchBit[right]!;
    if (bitCount[rb]!++ === 0) {
      distinct++;
      if (mask & (1 << rb)) specific++;
    }
    while (scratchPos[right]! - scratchPos[left]! > span) {
      const lb = scratchBit[left]!;
      if (--bitCount[lb]! === 0) {
        distinct--;
        if (mask & (1 << lb)) specific--;
      }
      left++;
    }
    // Drop leading duplicates: they only stretch the window.
    while (left < right && bitCount[scratchBit[left]!]! > 1) {
      bitCount[scratchBit[left]!]!--;
      left++;
    }
    if (specific < phrase.neededSpecific || distinct - specific < phrase.neededCommon) continue;
    const width = scratchPos[right]! - scratchPos[left]!;
    if (distinct > bestFound || (distinct === bestFound && width < bestLast - bestFirst)) {
      bestFound = distinct;
      bestFirst = scratchPos[left]!;
      bestLast = scratchPos[right]!;
    }
  }
  if (bestFound < needed) return -1;
  scratch.first = bestFirst;
  scratch.last = bestLast;
  return bestFound;
}

/**
 * Whether a negation cue of utterance `u` and another word of `phrase` stand in one clause within
 * NEGATION_REACH words of each other (either order: "don't eat", "eat nothing"). Cues the
 * analysis discounts ("oh no", "no problem", "no wonder") are not negations here either.
 */
function negationGoverns(
  ta: TextAnalysis,
  terms: TermIndex,
  u: number,
  ts: number,
  te: number,
  phrase: CompiledPhrase,
): boolean {
  const ns = ta.negStart[u]!;
  const ne = ta.negStart[u + 1]!;
  if (ns === ne) return false;
  const bs = ta.breakStart[u]!;
  const be = ta.breakStart[u + 1]!;
  for (let k = ts; k < te; k++) {
    const id = terms.termIds[k]!;
    if (id === phrase.negationTerm || !phrase.termIds.includes(id)) continue;
    const p = terms.termPos[k]!;
    for (let i = ns; i < ne; i++) {
      const n = ta.negPos[i]!;
      if (Math.abs(n - p) > NEGATION_REACH) continue;
      const lo = Math.min(n, p);
      const hi = Math.max(n, p);
      let broken = false;
      for (let j = bs; j < be; j++) {
        const b = ta.breakPos[j]!;
        if (b > lo && b <= hi) {
          broken = true;
          break;
        }
      }
      if (!broken) return true;
    }
  }
  return false;
}

/** Whether a clause break of utterance `u` stands between word positions `first` and `last`. */
function crossesBreak(ta: TextAnalysis, u: number, first: number, last: number): boolean {
  const be = ta.breakStart[u + 1]!;
  for (let j = ta.breakStart[u]!; j < be; j++) {
    const b = ta.breakPos[j]!;
    if (b > first && b <= last) return true;
  }
  return false;
}

/** A negation cue shortly before (or inside) the matched span, with no clause break in between. */
function isNegated(ta: TextAnalysis, u: number, first: number, last: number): boolean {
  const ne = ta.negStart[u + 1]!;
  for (let i = ta.negStart[u]!; i < ne; i++) {
    const n = ta.negPos[i]!;
    if (n > last) break;
    if (n < first - NEGATION_REACH) continue;
    let broken = false;
    const be = ta.breakStart[u + 1]!;
    for (let j = ta.breakStart[u]!; j < be; j++) {
      const b = ta.breakPos[j]!;
      if (b > n && b < first) {
        broken = true;
        break;
      }
    }
    if (!broken) return true;
  }
  return false;
}
