import stem from 'wink-porter2-stemmer';
import { TeachbackError } from '../errors';
import {
  COMMON_WORDS,
  NEGATION_WORDS,
  NUMBER_WORDS,
  SCOPE_BREAKERS,
  STOP_WORDS,
  SYNONYM_GROUPS,
} from './lexicon';

/**
 * Words become integer term ids so that matching is integer work. A transcript is analyzed once,
 * independently of any playbook: its distinct words and where each occurs. Each compiled playbook
 * owns a Vocabulary (the terms its phrases use) that maps a word to a term when its normalized
 * form (lower case, number words as digits, Porter2 stem, synonym group) is one of those terms, or
 * is one small misrecognition away from exactly one (ASR noise). Nothing here is shared between
 * playbooks or kept between calls, so a playbook scores the same whatever else was compiled.
 */

export const FLAG_NEGATION = 1;
export const FLAG_SCOPE_BREAK = 2;
/** The word "oh": "oh no" is an exclamation, not a negation. */
const FLAG_OH = 4;
/** The word "problem": "no problem" / "not a problem" is a pleasantry, not a negation. */
const FLAG_PROBLEM = 8;
const FLAG_BITS = 4;

/** Words shorter than this are never fuzzy-matched: too many real words are one edit apart. */
const MIN_FUZZY_LENGTH = 6;
/** Most word lookups a vocabulary remembers; past it the memo starts afresh (bounded memory). */
const MAX_MEMO = 250_000;

const synonymOf: ReadonlyMap<string, string> = new Map(
  SYNONYM_GROUPS.flatMap((group) => {
    const head = stem(group[0]!);
    return group.map((word): [string, string] => [stem(word), head]);
  }),
);

/** True for the normalized form of a very frequent conversational word ("you", "call"). */
export function isCommonForm(form: string): boolean {
  return COMMON_FORMS.has(form);
}

/** A contraction's base ("patient's" → "patient", "o'clock" → "oclock"). */
function withoutApostrophes(word: string): string {
  return word.replace(/'(s|re|ll|ve|d|m)$/, '').replace(/'/g, '');
}

/** True when normalizeWord gives '' (a function word), decided without stemming. */
function isStopWord(word: string): boolean {
  if (NEGATION_WORDS.has(word)) return false;
  if (STOP_WORDS.has(word)) return true;
  return word.includes("'") && STOP_WORDS.has(withoutApostrophes(word));
}

/** The normalized form of one lower-case word, or '' for stop words. */
export function normalizeWord(word: string): string {
  if (NEGATION_WORDS.has(word)) return 'not';
  if (isStopWord(word)) return '';
  const w = word.includes("'") ? withoutApostrophes(word) : word;
  const num = NUMBER_WORDS.get(w);
  if (num !== undefined) return num;
  if (/^\d/.test(w)) return w;
  const s = stem(w);
  return synonymOf.get(s) ?? s;
}

/** Normalized forms of COMMON_WORDS. */
const COMMON_FORMS: ReadonlySet<string> = new Set(COMMON_WORDS.map((w) => normalizeWord(w)).filter(Boolean));

/** What a word signals for negation scope, whatever the playbook: FLAG_* bits. */
function flagsOf(word: string): number {
  let flags = 0;
  if (NEGATION_WORDS.has(word)) flags |= FLAG_NEGATION;
  if (SCOPE_BREAKERS.has(word)) flags |= FLAG_SCOPE_BREAK;
  if (word === 'oh') flags |= FLAG_OH;
  if (word === 'problem' || word === 'problems') flags |= FLAG_PROBLEM;
  return flags;
}

function deletes(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/**
 * The terms of one compiled playbook. Terms are registered while the playbook compiles, then the
 * vocabulary is sealed: after that it never changes, so looking a word up is a pure function of the
 * word, and the memo of answers (bounded by MAX_MEMO) is a cache of that function only.
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly forms: string[] = [''];
  private readonly fuzzy = new Map<string, number[]>();
  private memo = new Map<string, number>();
  private sealed = false;

  /** Term ids are 1 .. size - 1. */
  get size(): number {
    return this.forms.length;
  }

  /**
   * Registers a normalized form as a term; returns its id (>= 1). `surface` is the word as written
   * in the phrase ("recorded"): misrecognitions are closer to it than to the stem ("record").
   */
  register(form: string, surface?: string): number {
    if (this.sealed)
      throw new TeachbackError('TEXT.VOCABULARY_SEALED', 'a sealed vocabulary takes no new terms');
    let id = this.ids.get(form);
    if (id === undefined) {
      id = this.forms.length;
      this.ids.set(form, id);
      this.forms.push(form);
      this.indexFuzzy(form, id);
    }
    if (surface && surface !== form) this.indexFuzzy(surface, id);
    if (this.memo.size > 0) this.memo = new Map();
    return id;
  }

  /** Ends registration: from now on the vocabulary is immutable. */
  seal(): this {
    this.sealed = true;
    return this;
  }

  private indexFuzzy(word: string, id: number): void {
    if (word.length < MIN_FUZZY_LENGTH - 1 || /^\d/.test(word)) return;
    for (const key of [word, ...deletes(word)]) {
      const list = this.fuzzy.get(key);
      if (!list) this.fuzzy.set(key, [id]);
      else if (!list.includes(id)) list.push(id);
    }
  }

  form(id: number): string {
    return this.forms[id] ?? '';
  }

  /** Term id of a lower-case word (0: not a term of this vocabulary). */
  termOf(word: string): number {
    const cached = this.memo.get(word);
    if (cached !== undefined) return cached;
    const form = normalizeWord(word);
    let id = form ? (this.ids.get(form) ?? 0) : 0;
    if (id === 0 && form.length >= MIN_FUZZY_LENGTH && !/^\d/.test(form)) id = this.nearTerm(form);
    if (id === 0 && form && word.length >= MIN_FUZZY_LENGTH && !/^\d/.test(word)) id = this.nearTerm(word);
    if (this.memo.size >= MAX_MEMO) this.memo = new Map();
    this.memo.set(word, id);
    return id;
  }

  /** A registered term within one edit (insert, delete, substitute) of `form`, if exactly one exists. */
  private nearTerm(form: string): number {
    let found = 0;
    for (const key of [form, ...deletes(form)]) {
      const list = this.fuzzy.get(key);
      if (!list) continue;
      for (const id of list) {
        if (found !== 0 && found !== id) return 0; // ambiguous: better no match than a wrong one
        found = id;
      }
    }
    return found;
  }
}

/** One text read with one vocabulary (for tests and one-off use). */
export interface AnalyzedUtterance {
  /** Term ids of the words that are terms, in order. */
  termIds: number[];
  /** Word position of each entry in termIds. */
  termPos: number[];
  /** Word positions of negation cues and scope breakers. */
  negPos: number[];
  breakPos: number[];
  /** Words in the utterance (clause breaks not counted). */
  wordCount: number;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39 || c === 8217;
}

/** Clause punctuation ends a negation's scope ("No, I'm worried"); it is kept as a "," word. */
/** Word positions skipped at a sentence end; larger than any phrase span or negation reach. */
const SENTENCE_GAP = 100;

/** Words whose trailing period is an abbreviation, not a sentence end ("Dr. Ruiz"). */
const ABBREVIATIONS = new Set([
  'dr',
  'mr',
  'mrs',
  'ms',
  'st',
  'jr',
  'sr',
  'vs',
  'etc',
  'no',
  'approx',
  'dept',
  'appt',
  'mt',
  'ft',
]);

function isClauseBreak(lower: string, i: number, c: number): boolean {
  if (c === 44 || c === 59 || c === 33 || c === 63 || c === 58) return true;
  if (c !== 46 || (i + 1 < lower.length && lower.charCodeAt(i + 1) > 32)) return false;
  // Look back at the word before the period.
  let j = i - 1;
  while (j >= 0 && isWordChar(lower.charCodeAt(j) | 32)) j--;
  return !ABBREVIATIONS.has(lower.slice(j + 1, i).toLowerCase());
}

function cleanWord(raw: string): string {
  return raw.replace(/\u2019/g, "'").replace(/^'+|'+$/g, '');
}

/**
 * Splits text into lower-case words (letters, digits, apostrophes) and "," for clause breaks.
 * This is the tokenize-only floor the scoring benchmark compares against.
 */
export function tokenize(text: string): string[] {
  const lower = text.toLowerCase();
  const words: string[] = [];
  let start = -1;
  let quote = false;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    if (isWordChar(c)) {
      if (start < 0) start = i;
      if (c === 39 || c === 8217) quote = true;
      continue;
    }
    if (start >= 0) {
      const raw = lower.slice(start, i);
      words.push(quote ? cleanWord(raw) : raw);
      start = -1;
      quote = false;
    }
    if (isClauseBreak(lower, i, c)) words.push(',');
  }
  return words;
}

/**
 * Word fingerprint (two 32-bit hashes and the length) → word code, for one analysis: a word seen
 * before in the transcript costs no string allocation or comparison. Open addressing; doubles when
 * half full. Code = ((index in `words` + 1) << FLAG_BITS) | flags; index part 0 for a stop word.
 */
export interface WordTable {
  mask: number;
  count: number;
  len: Int32Array;
  h1: Int32Array;
  h2: Int32Array;
  code: Int32Array;
  /** Words with an apostrophe, by their cleaned text. */
  quoted: Map<string, number>;
}

function newWordTable(size: number): WordTable {
  return {
    mask: size - 1,
    count: 0,
    len: new Int32Array(size),
    h1: new Int32Array(size),
    h2: new Int32Array(size),
    code: new Int32Array(size),
    quoted: new Map(),
  };
}

function putWord(t: WordTable, len: number, h1: number, h2: number, code: number): void {
  let slot = h1 & t.mask;
  while (t.len[slot] !== 0) slot = (slot + 1) & t.mask;
  t.len[slot] = len;
  t.h1[slot] = h1;
  t.h2[slot] = h2;
  t.code[slot] = code;
  t.count++;
}

function grown(t: WordTable): WordTable {
  const next = newWordTable((t.mask + 1) * 2);
  next.quoted = t.quoted;
  for (let slot = 0; slot <= t.mask; slot++) {
    if (t.len[slot] !== 0) putWord(next, t.len[slot]!, t.h1[slot]!, t.h2[slot]!, t.code[slot]!);
  }
  return next;
}

/**
 * Analyses of many texts in flat arrays, so a whole transcript costs a handful of allocations.
 * Independent of any playbook: `words` holds each distinct word that could be a term (stop words
 * are dropped), and text i's occurrences of them are tokenWord/tokenPos[tokenStart[i] ..
 * tokenStart[i+1]), likewise negation cues and scope breaks. `termsOf` reads it with a vocabulary.
 */
export interface TextAnalysis {
  /** Distinct non-stop words (lower case), in the order first seen. */
  words: string[];
  /** Index into `words` of each occurrence. */
  tokenWord: number[];
  /** Word position of each occurrence in its text. */
  tokenPos: number[];
  tokenStart: number[];
  negPos: number[];
  negStart: number[];
  breakPos: number[];
  breakStart: number[];
  /** Words per text (clause breaks not counted). */
  wordCount: number[];
  /** The words seen so far, while texts are added (analyzeInto). */
  seen: WordTable;
}

export function newTextAnalysis(): TextAnalysis {
  return {
    words: [],
    tokenWord: [],
    tokenPos: [],
    tokenStart: [0],
    negPos: [],
    negStart: [0],
    breakPos: [],
    breakStart: [0],
    wordCount: [],
    seen: newWordTable(1024),
  };
}

/** The code of a word met for the first time in this analysis. */
function firstSight(out: TextAnalysis, word: string): number {
  const flags = flagsOf(word);
  if (isStopWord(word)) return flags;
  out.words.push(word);
  return (out.words.length << FLAG_BITS) | flags;
}

/** Code of the word text[start, end) whose FNV-1a hash is `h1` and second hash `h2`. */
function spanCode(
  out: TextAnalysis,
  text: string,
  start: number,
  end: number,
  h1: number,
  h2: number,
): number {
  const len = end - start;
  const t = out.seen;
  let slot = h1 & t.mask;
  for (;;) {
    const l = t.len[slot]!;
    if (l === 0) break;
    if (l === len && t.h1[slot] === h1 && t.h2[slot] === h2) return t.code[slot]!;
    slot = (slot + 1) & t.mask;
  }
  const code = firstSight(out, text.slice(start, end).toLowerCase());
  if (t.count >= (t.mask + 1) >> 1) out.seen = grown(t);
  putWord(out.seen, len, h1, h2, code);
  return code;
}

function quotedCode(out: TextAnalysis, word: string): number {
  let code = out.seen.quoted.get(word);
  if (code === undefined) out.seen.quoted.set(word, (code = firstSight(out, word)));
  return code;
}

/** Tokenizes one text and appends its words to `out`, without allocating words already seen. */
export function analyzeInto(text: string, out: TextAnalysis): void {
  // ASCII capitals are folded as we go rather than lower-casing a copy of every utterance.
  const lower = text;
  let pos = 0;
  let start = -1;
  let quote = false;
  let hash = 0x811c9dc5;
  let hash2 = 0;
  let prevOh = false;
  let words = 0;
  const n = lower.length;
  for (let i = 0; i <= n; i++) {
    let c = i < n ? lower.charCodeAt(i) : 32;
    if (c >= 65 && c <= 90) c += 32;
    if (isWordChar(c)) {
      if (start < 0) {
        start = i;
        hash = 0x811c9dc5;
        hash2 = 0;
      }
      if (c === 39 || c === 8217) quote = true;
      hash = Math.imul(hash ^ c, 16777619);
      hash2 = (Math.imul(hash2, 31) + c) | 0;
      continue;
    }
    if (start >= 0) {
      let code: number;
      if (quote) {
        const w = cleanWord(lower.slice(start, i).toLowerCase());
        code = w === '' ? 0 : quotedCode(out, w);
      } else code = spanCode(out, lower, start, i, hash | 0, hash2);
      if (prevOh && code & FLAG_NEGATION && i - start === 2 && (lower.charCodeAt(start) | 32) === 110)
        code &= ~FLAG_NEGATION;
      prevOh = (code & FLAG_OH) !== 0;
      if (code & FLAG_PROBLEM) {
        const last = out.negPos.length - 1;
        if (last >= out.negStart[out.negStart.length - 1]! && out.negPos[last]! >= pos - 2) out.negPos.pop();
      }
      if (code !== 0) {
        const word = code >> FLAG_BITS;
        if (word !== 0) {
          out.tokenWord.push(word - 1);
          out.tokenPos.push(pos);
        }
        if (code & FLAG_NEGATION) out.negPos.push(pos);
        if (code & FLAG_SCOPE_BREAK) out.breakPos.push(pos);
      }
      pos++;
      words++;
      start = -1;
      quote = false;
    }
    if (isClauseBreak(lower, i, c)) {
      out.breakPos.push(pos);
      // A sentence end puts the next sentence far away: no phrase match or negation spans it.
      pos += c === 44 || c === 59 || c === 58 ? 1 : SENTENCE_GAP;
      prevOh = false;
    }
  }
  out.tokenStart.push(out.tokenWord.length);
  out.negStart.push(out.negPos.length);
  out.breakStart.push(out.breakPos.length);
  out.wordCount.push(words);
}

/**
 * An analysis read with one vocabulary: text i's terms are termIds/termPos[termStart[i] ..
 * termStart[i+1]). Made per (analysis, playbook) when scoring; never stored.
 */
export interface TermIndex {
  termIds: Int32Array;
  termPos: Int32Array;
  termStart: Int32Array;
  /** Most terms in one text: the scratch size a matcher needs. */
  mostPerText: number;
}

export function termsOf(ta: TextAnalysis, vocabulary: Vocabulary): TermIndex {
  const termOfWord = new Int32Array(ta.words.length);
  for (let w = 0; w < ta.words.length; w++) termOfWord[w] = vocabulary.termOf(ta.words[w]!);
  const texts = ta.wordCount.length;
  const termIds = new Int32Array(ta.tokenWord.length);
  const termPos = new Int32Array(ta.tokenWord.length);
  const termStart = new Int32Array(texts + 1);
  let m = 0;
  let most = 0;
  for (let t = 0; t < texts; t++) {
    termStart[t] = m;
    const end = ta.tokenStart[t + 1]!;
    for (let k = ta.tokenStart[t]!; k < end; k++) {
      const id = termOfWord[ta.tokenWord[k]!]!;
      if (id === 0) continue;
      termIds[m] = id;
      termPos[m] = ta.tokenPos[k]!;
      m++;
    }
    if (m - termStart[t]! > most) most = m - termStart[t]!;
  }
  termStart[texts] = m;
  return { termIds, termPos, termStart, mostPerText: most };
}

/** One text's analysis as plain lists, read with a vocabulary (for tests and one-off use). */
export function analyzeText(text: string, vocabulary: Vocabulary): AnalyzedUtterance {
  const a = newTextAnalysis();
  analyzeInto(text, a);
  const terms = termsOf(a, vocabulary);
  return {
    termIds: [...terms.termIds.subarray(0, terms.termStart[1])],
    termPos: [...terms.termPos.subarray(0, terms.termStart[1])],
    negPos: a.negPos,
    breakPos: a.breakPos,
    wordCount: a.wordCount[0]!,
  };
}

/** The normalized terms of an example phrasing, for compiling; '#' placeholders are dropped. */
export function phraseForms(phrase: string): { forms: string[]; surfaces: string[]; hasNegation: boolean } {
  const forms: string[] = [];
  const surfaces: string[] = [];
  let hasNegation = false;
  for (const w of tokenize(phrase)) {
    if (w === '' || w === ',') continue;
    if (NEGATION_WORDS.has(w)) hasNegation = true;
    const f = normalizeWord(w);
    if (f && !forms.includes(f)) {
      forms.push(f);
      surfaces.push(w);
    }
  }
  return { forms, surfaces, hasNegation };
}
