import stem from 'wink-porter2-stemmer';
import {
  COMMON_WORDS,
  NEGATION_WORDS,
  NUMBER_WORDS,
  SCOPE_BREAKERS,
  STOP_WORDS,
  SYNONYM_GROUPS,
} from './lexicon';

/**
 * Turns words into integer term ids once, so matching a transcript against any number of
 * playbooks costs one Map lookup per word. A word maps to a term when its normalized form
 * (lower case, number words as digits, Porter2 stem, synonym group) is a term some compiled
 * phrase uses, or is one small misrecognition away from such a term (ASR noise).
 */

export const FLAG_NEGATION = 1;
export const FLAG_SCOPE_BREAK = 2;
/** The word "oh": "oh no" is an exclamation, not a negation. */
const FLAG_OH = 4;
/** The word "problem": "no problem" / "not a problem" is a pleasantry, not a negation. */
const FLAG_PROBLEM = 8;
const FLAG_BITS = 4;
/** Open-addressing table of recently seen plain words (no apostrophe), sized for a vocabulary. */
const FAST_BITS = 18;
const FAST_SIZE = 1 << FAST_BITS;

/** Words shorter than this are never fuzzy-matched: too many real words are one edit apart. */
const MIN_FUZZY_LENGTH = 6;
const MAX_MEMO = 250_000;

const synonymOf = new Map<string, string>();
for (const group of SYNONYM_GROUPS) {
  const head = stem(group[0]!);
  for (const word of group) synonymOf.set(stem(word), head);
}

/** Normalized forms of COMMON_WORDS (filled once normalizeWord is defined). */
let commonForms: ReadonlySet<string> | undefined;

/** True for the normalized form of a very frequent conversational word ("you", "call"). */
export function isCommonForm(form: string): boolean {
  commonForms ??= new Set(COMMON_WORDS.map((w) => normalizeWord(w)).filter(Boolean));
  return commonForms.has(form);
}

/** The normalized form of one lower-case word, or '' for stop words. */
export function normalizeWord(word: string): string {
  let w = word;
  if (NEGATION_WORDS.has(w)) return 'not';
  if (w.includes("'")) {
    if (STOP_WORDS.has(w)) return '';
    w = w.replace(/'(s|re|ll|ve|d|m)$/, '').replace(/'/g, '');
  }
  if (STOP_WORDS.has(w)) return '';
  const num = NUMBER_WORDS.get(w);
  if (num !== undefined) return num;
  if (/^\d/.test(w)) return w;
  const s = stem(w);
  return synonymOf.get(s) ?? s;
}

function deletes(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

class TermDictionary {
  private readonly ids = new Map<string, number>();
  private readonly forms: string[] = [''];
  private readonly fuzzy = new Map<string, number[]>();
  private memo = new Map<string, number>();
  /** Fast path: word text and its code per hash slot, looked up without allocating the word. */
  // Identified by two independent 32-bit hashes and the length (a 64-bit fingerprint), so a hit
  // needs no character comparison.
  private fastLen = new Int32Array(FAST_SIZE);
  private fastHash2 = new Int32Array(FAST_SIZE);
  private fastHash1 = new Int32Array(FAST_SIZE);
  private fastCodes = new Int32Array(FAST_SIZE);
  private fastCount = 0;

  get size(): number {
    return this.forms.length;
  }

  /**
   * Registers a normalized form as a term; returns its id (>= 1). `surface` is the word as written
   * in the phrase ("recorded"): misrecognitions are closer to it than to the stem ("record").
   */
  register(form: string, surface?: string): number {
    let id = this.ids.get(form);
    if (id === undefined) {
      id = this.forms.length;
      this.ids.set(form, id);
      this.forms.push(form);
      this.indexFuzzy(form, id);
    }
    if (surface && surface !== form) this.indexFuzzy(surface, id);
    // Cached "not a term" answers may now be wrong.
    this.memo = new Map();
    this.clearFast();
    return id;
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

  private clearFast(): void {
    if (this.fastCount === 0) return;
    this.fastLen.fill(0);
    this.fastCount = 0;
  }

  /**
   * Code of the word text[start, end) (ASCII letters folded to lower case) whose FNV-1a hash is
   * `h1` and second hash `h2`. A word already seen costs no string allocation or comparison.
   */
  lookupSpan(text: string, start: number, end: number, h1: number, h2: number): number {
    const len = end - start;
    let slot = h1 & (FAST_SIZE - 1);
    for (;;) {
      const l = this.fastLen[slot]!;
      if (l === 0) break;
      if (l === len && this.fastHash1[slot] === h1 && this.fastHash2[slot] === h2)
        return this.fastCodes[slot]!;
      slot = (slot + 1) & (FAST_SIZE - 1);
    }
    const code = this.lookup(text.slice(start, end).toLowerCase());
    if (this.fastCount >= FAST_SIZE >> 1) {
      this.clearFast();
      slot = h1 & (FAST_SIZE - 1);
    }
    this.fastLen[slot] = len;
    this.fastHash1[slot] = h1;
    this.fastHash2[slot] = h2;
    this.fastCodes[slot] = code;
    this.fastCount++;
    return code;
  }

  /** Encoded lookup: (termId << FLAG_BITS) | flags. termId 0 = not a term. */
  lookup(word: string): number {
    const cached = this.memo.get(word);
    if (cached !== undefined) return cached;
    let flags = 0;
    if (NEGATION_WORDS.has(word)) flags |= FLAG_NEGATION;
    if (SCOPE_BREAKERS.has(word)) flags |= FLAG_SCOPE_BREAK;
    if (word === 'oh') flags |= FLAG_OH;
    if (word === 'problem' || word === 'problems') flags |= FLAG_PROBLEM;
    const form = normalizeWord(word);
    let id = form ? (this.ids.get(form) ?? 0) : 0;
    if (id === 0 && form.length >= MIN_FUZZY_LENGTH && !/^\d/.test(form)) id = this.nearTerm(form);
    if (id === 0 && form && word.length >= MIN_FUZZY_LENGTH && !/^\d/.test(word)) id = this.nearTerm(word);
    const code = (id << FLAG_BITS) | flags;
    if (this.memo.size >= MAX_MEMO) this.memo = new Map();
    this.memo.set(word, code);
    return code;
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

/** Shared by every compiled playbook in the process. */
export const terms = new TermDictionary();

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
 * Analyses of many texts in flat arrays, so a whole transcript costs a handful of allocations:
 * text i's terms are termIds/termPos[termStart[i] .. termStart[i+1]), likewise negations and breaks.
 */
export interface TextAnalysis {
  termIds: number[];
  termPos: number[];
  termStart: number[];
  negPos: number[];
  negStart: number[];
  breakPos: number[];
  breakStart: number[];
  /** Words per text (clause breaks not counted). */
  wordCount: number[];
}

export function newTextAnalysis(): TextAnalysis {
  return {
    termIds: [],
    termPos: [],
    termStart: [0],
    negPos: [],
    negStart: [0],
    breakPos: [],
    breakStart: [0],
    wordCount: [],
  };
}

/** Tokenizes one text and appends its term codes to `out`, without allocating words already seen. */
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
        code = w === '' ? 0 : terms.lookup(w);
      } else code = terms.lookupSpan(lower, start, i, hash | 0, hash2);
      if (prevOh && code & FLAG_NEGATION && i - start === 2 && (lower.charCodeAt(start) | 32) === 110)
        code &= ~FLAG_NEGATION;
      prevOh = (code & FLAG_OH) !== 0;
      if (code & FLAG_PROBLEM) {
        const last = out.negPos.length - 1;
        if (last >= out.negStart[out.negStart.length - 1]! && out.negPos[last]! >= pos - 2) out.negPos.pop();
      }
      if (code !== 0) {
        const id = code >> FLAG_BITS;
        if (id !== 0) {
          out.termIds.push(id);
          out.termPos.push(pos);
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
  out.termStart.push(out.termIds.length);
  out.negStart.push(out.negPos.length);
  out.breakStart.push(out.breakPos.length);
  out.wordCount.push(words);
}

/** One text's analysis as plain lists (for tests and one-off use). */
export function analyzeText(text: string): AnalyzedUtterance {
  const a = newTextAnalysis();
  analyzeInto(text, a);
  return {
    termIds: a.termIds,
    termPos: a.termPos,
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
