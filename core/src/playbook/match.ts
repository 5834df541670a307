import { analyzeText, type AnalyzedUtterance } from '../text/analyzer';
import type { Transcript, Utterance } from '../model/transcript';
import type { CompiledPlaybook } from './compile';

/** Speech rate used to estimate times when a transcript has none (150 words per minute). */
const MS_PER_WORD = 400;
/** How far before a match a negation cue still applies, in words. */
const NEGATION_REACH = 6;

export interface AnalyzedTranscript {
  utterances: readonly Utterance[];
  analyzed: AnalyzedUtterance[];
  /** Start time of each utterance: the given one, or an estimate from word counts. */
  startMs: number[];
  timesEstimated: boolean;
}

/** Tokenizes and normalizes a transcript once; the result can be scored against any playbook. */
export function analyzeTranscript(transcript: Transcript): AnalyzedTranscript {
  const utterances = transcript.utterances;
  const analyzed: AnalyzedUtterance[] = new Array(utterances.length);
  const startMs: number[] = new Array(utterances.length);
  let estimated = false;
  let clock = 0;
  for (let i = 0; i < utterances.length; i++) {
    const u = utterances[i]!;
    const a = analyzeText(u.text);
    analyzed[i] = a;
    if (u.startMs !== null) clock = u.startMs;
    else estimated = true;
    startMs[i] = clock;
    clock = u.endMs ?? clock + a.wordCount * MS_PER_WORD;
  }
  return { utterances, analyzed, startMs, timesEstimated: estimated };
}

export interface Hit {
  utterance: number;
  /** Share of the best phrase's terms found, 0..1. */
  coverage: number;
  negated: boolean;
  phrase: number;
}

/** For each matcher of the playbook, its hits in utterance order (at most one per utterance). */
export function findHits(at: AnalyzedTranscript, cp: CompiledPlaybook): Hit[][] {
  const hits: Hit[][] = cp.matchers.map(() => []);
  const masks = new Int32Array(cp.phrases.length);
  const touched: number[] = [];
  const best = new Map<number, Hit>();
  for (let u = 0; u < at.analyzed.length; u++) {
    const a = at.analyzed[u]!;
    if (a.termIds.length === 0) continue;
    for (let k = 0; k < a.termIds.length; k++) {
      const list = cp.postings[a.termIds[k]!];
      if (list === undefined) continue;
      for (let j = 0; j < list.length; j++) {
        const entry = list[j]!;
        const p = entry >> 5;
        if (masks[p] === 0) touched.push(p);
        masks[p]! |= 1 << (entry & 31);
      }
    }
    if (touched.length === 0) continue;
    for (const p of touched) {
      const phrase = cp.phrases[p]!;
      const found = popcount(masks[p]!);
      masks[p] = 0;
      if (found < phrase.needed) continue;
      // The tightest run of words holding the phrase's terms: stray earlier copies of a common
      // term ("you") must neither stretch the span nor pull in a far-away negation.
      const w = compactWindow(a, phrase.termIds, phrase.needed, maxSpan(phrase.termCount));
      if (!w) continue;
      const [first, last, inWindow] = w;
      const negated = !phrase.hasNegation && isNegated(a, first, last);
      const coverage = inWindow / phrase.termCount;
      const prev = best.get(phrase.matcher);
      // Prefer a non-negated reading, then the fuller match.
      if (!prev || (prev.negated && !negated) || (prev.negated === negated && coverage > prev.coverage)) {
        best.set(phrase.matcher, { utterance: u, coverage, negated, phrase: p });
      }
    }
    touched.length = 0;
    for (const [m, hit] of best) hits[m]!.push(hit);
    best.clear();
  }
  return hits;
}

function maxSpan(termCount: number): number {
  return 2 * termCount + 6;
}

/** Smallest run of words (at most `span` long) holding `needed` distinct phrase terms: [first, last, found]. */
function compactWindow(
  a: AnalyzedUtterance,
  phraseTerms: number[],
  needed: number,
  span: number,
): [number, number, number] | null {
  const idx: number[] = [];
  for (let k = 0; k < a.termIds.length; k++) if (phraseTerms.includes(a.termIds[k]!)) idx.push(k);
  let best: [number, number, number] | null = null;
  for (let i = 0; i < idx.length; i++) {
    const seen = new Set<number>();
    const start = a.termPos[idx[i]!]!;
    for (let j = i; j < idx.length; j++) {
      const pos = a.termPos[idx[j]!]!;
      if (pos - start > span) break;
      seen.add(a.termIds[idx[j]!]!);
      if (seen.size < needed) continue;
      if (!best || seen.size > best[2] || (seen.size === best[2] && pos - start < best[1] - best[0]))
        best = [start, pos, seen.size];
    }
  }
  return best;
}

function popcount(x: number): number {
  let n = x - ((x >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** A negation cue shortly before (or inside) the matched span, with no "but" in between. */
function isNegated(a: AnalyzedUtterance, first: number, last: number): boolean {
  for (const n of a.negPos) {
    if (n > last) break;
    if (n < first - NEGATION_REACH) continue;
    if (a.breakPos.some((b) => b > n && b < first)) continue;
    return true;
  }
  return false;
}
