import stem from 'wink-porter2-stemmer';
import { TeachbackError } from '../errors';
import {
  COMMON_WORDS,
  FILLERS,
  NEGATION_WORDS,
  NUMBER_WORDS,
  SCOPE_BREAKERS,
  STANDALONE_REPLIES,
  STOP_WORDS,
  SYNONYM_GROUPS,
} from './lexicon';

/**
 * Words become integer term ids so that matching is integer work. A transcript is analyzed once,
 * independently of any playbook: its distinct words and where each occurs. Each compiled playbook
 * owns a Vocabulary (the terms its phrases use) that maps a word to a term when its normalized
 * form (lower case, number words as digits, Porter2 stem, synonym group) is one of those terms, or
 * is one small misrecognition away from exactly one (ASR noise). No playbook sees another's
 * terms, so a playbook scores the same whatever else the process compiled, and in whatever order;
 * what a sealed vocabulary remembers between calls is a bounded cache of a pure function.
 */

export const FLAG_NEGATION = 1;
export const FLAG_SCOPE_BREAK = 2;
/** The word "oh": "oh no" is an exclamation, not a negation. */
const FLAG_OH = 4;
/**
 * Words after which a just-said "no" / "not a" negates nothing: "no problem" / "not a problem" is
 * a pleasantry, "no wonder you're nervous" says the feeling is natural (an acknowledgement, not a
 * denial of "nervous", nor "I wouldn't worry about it").
 */
const FLAG_PROBLEM = 8;
const NEGATION_IDIOM_WORDS = ['problem', 'problems', 'wonder'];
const FLAG_BITS = 4;

/** Words shorter than this are never fuzzy-matched: too many real words are one edit apart. */
const MIN_FUZZY_LENGTH = 6;
/** Most word lookups a vocabulary remembers; past it the memo starts afresh (bounded memory). */
const MAX_MEMO = 250_000;
/** Slots of a vocabulary's fingerprint cache (16 bytes each): a contact center's spoken vocabulary. */
const VOCABULARY_CACHE_SLOTS = 1 << 16;

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
  if (NEGATION_IDIOM_WORDS.includes(word)) flags |= FLAG_PROBLEM;
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
  /** Fingerprint cache of termOf answers, made on first use (see WordTable). */
  private seen: WordTable | undefined;
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
    this.memo = new Map();
    this.seen = undefined;
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

  /**
   * Term id of the word text[start, start + len) (ASCII capitals folded) whose fingerprint is
   * (h1, h2, len): a word looked up before costs no string allocation.
   */
  termOfSpan(text: string, start: number, len: number, h1: number, h2: number): number {
    this.seen ??= newWordTable(VOCABULARY_CACHE_SLOTS);
    const known = findWord(this.seen, len, h1, h2);
    if (known >= 0) return known;
    const id = this.termOf(text.slice(start, start + len).toLowerCase());
    // Bounded: past half full the cache starts afresh.
    if (this.seen.count >= VOCABULARY_CACHE_SLOTS >> 1) this.seen = newWordTable(VOCABULARY_CACHE_SLOTS);
    putWord(this.seen, len, h1, h2, id);
    return id;
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

/** A comma that opens ", um," mid-clause: not a break, and the filler after it takes no word position. */
const FILLER_OPEN = 1;
/** A comma that closes ", um,": not a break. */
const FILLER_CLOSE = 2;

function isWordCharAt(text: string, i: number): boolean {
  let c = text.charCodeAt(i);
  if (c >= 65 && c <= 90) c += 32;
  return isWordChar(c);
}

function lowerAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** A word of up to 4 ASCII letters packed into one number: 7 bits a letter, then the length. */
function packWord(text: string, a: number, b: number): number {
  let code = b - a;
  for (let k = a; k < b; k++) code = code * 128 + (lowerAt(text, k) & 127);
  return code;
}

const FILLER_CODES: ReadonlySet<number> = new Set([...FILLERS].map((w) => packWord(w, 0, w.length)));

/** Whether text[a, b) is a filler (FILLERS), without making a string. */
function isFillerAt(text: string, a: number, b: number): boolean {
  if (b - a < 2 || b - a > 4) return false;
  // Every filler opens with u, e, a, h or m and has m, h or r second: most words stop here.
  const c0 = lowerAt(text, a);
  if (c0 !== 117 && c0 !== 101 && c0 !== 97 && c0 !== 104 && c0 !== 109) return false;
  const c1 = lowerAt(text, a + 1);
  if (c1 !== 109 && c1 !== 104 && c1 !== 114) return false;
  return FILLER_CODES.has(packWord(text, a, b));
}

/**
 * Whether the comma at text[i] only sets off a hesitation ("we don't, um, offer …", "I, uh, uh,
 * can't"): FILLER_OPEN when the next word is a filler followed by a comma and a word that is not a
 * whole reply ("No, um, I'm worried" keeps its break) comes before; FILLER_CLOSE when the word
 * before is a filler with a comma before it; else 0 (an ordinary clause break). Such commas do not
 * end the clause, for negation scope, phrase spans or clausesOf, and take no word position, nor
 * does the filler after an opening one, so the sentence reads as it would without the filler.
 */
function fillerComma(text: string, i: number): number {
  const n = text.length;
  // The word after the comma (no filler is longer than 4 letters).
  let a = i + 1;
  while (a < n && text.charCodeAt(a) === 32) a++;
  // Most commas are followed by a word no filler starts like (u, e, a, h, m): one compare.
  const c0 = a < n ? text.charCodeAt(a) | 32 : 0;
  let b = a;
  if (c0 === 117 || c0 === 101 || c0 === 97 || c0 === 104 || c0 === 109)
    while (b < n && b - a <= 4 && isWordCharAt(text, b)) b++;
  if (b > a && isFillerAt(text, a, b) && !(b < n && isWordCharAt(text, b))) {
    while (b < n && text.charCodeAt(b) === 32) b++;
    if (b < n && text.charCodeAt(b) === 44) {
      let e = i;
      while (e > 0 && text.charCodeAt(e - 1) === 32) e--;
      let s = e;
      while (s > 0 && isWordCharAt(text, s - 1)) s--;
      if (s < e && !STANDALONE_REPLIES.has(text.slice(s, e).toLowerCase())) return FILLER_OPEN;
    }
  }
  // The word before the comma; no filler ends other than in m, h or r.
  let e = i;
  while (e > 0 && text.charCodeAt(e - 1) === 32) e--;
  const last = e > 0 ? text.charCodeAt(e - 1) | 32 : 0;
  if (last !== 109 && last !== 104 && last !== 114) return 0;
  let s = e;
  while (s > 0 && e - s <= 4 && isWordCharAt(text, s - 1)) s--;
  if (!isFillerAt(text, s, e) || (s > 0 && isWordCharAt(text, s - 1))) return 0;
  while (s > 0 && text.charCodeAt(s - 1) === 32) s--;
  return s > 0 && text.charCodeAt(s - 1) === 44 ? FILLER_CLOSE : 0;
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
    if (isClauseBreak(lower, i, c) && (c !== 44 || fillerComma(lower, i) === 0)) words.push(',');
  }
  return words;
}

/** One clause of a text, numbered as analyzeInto numbers word positions (see clausesOf). */
export interface Clause {
  /** Word position of the clause's first word, and one past its last. */
  from: number;
  to: number;
  /** Index of the sentence the clause belongs to. */
  sentence: number;
  /** Its words, lower case, function words included. */
  words: string[];
}

/**
 * The clauses of one text (split at clause punctuation, sentences at sentence ends), with word
 * positions exactly as analyzeInto gives them. For the rare reads that need the function words
 * analysis drops, such as whether a clause opens as a purpose ("to …", "so I can …"); not for the
 * per-word hot path.
 */
export function clausesOf(text: string): Clause[] {
  const out: Clause[] = [];
  let cur: Clause = { from: 0, to: 0, sentence: 0, words: [] };
  let pos = 0;
  let sentence = 0;
  let start = -1;
  let quote = false;
  let silent = false;
  for (let i = 0; i <= text.length; i++) {
    let c = i < text.length ? text.charCodeAt(i) : 32;
    if (c >= 65 && c <= 90) c += 32;
    if (isWordChar(c)) {
      if (start < 0) start = i;
      if (c === 39 || c === 8217) quote = true;
      continue;
    }
    if (start >= 0) {
      const raw = text.slice(start, i).toLowerCase();
      if (cur.words.length === 0) cur.from = pos;
      cur.words.push(quote ? cleanWord(raw) : raw);
      // A filler set off by commas takes no position (see fillerComma).
      if (silent) silent = false;
      else pos++;
      cur.to = pos;
      start = -1;
      quote = false;
    }
    if (c === 44) {
      const filler = fillerComma(text, i);
      if (filler !== 0) {
        silent = filler === FILLER_OPEN;
        continue;
      }
    }
    if (i < text.length && isClauseBreak(text, i, c)) {
      if (cur.words.length > 0) out.push(cur);
      const sentenceEnd = !(c === 44 || c === 59 || c === 58);
      pos += sentenceEnd ? SENTENCE_GAP : 1;
      if (sentenceEnd) sentence++;
      cur = { from: pos, to: pos, sentence, words: [] };
    }
  }
  if (cur.words.length > 0) out.push(cur);
  return out;
}

/**
 * Word fingerprint (two 32-bit hashes and the length: 64 bits and more, so a hit needs no
 * character comparison) → a number. Open addressing over one Int32Array, 4 ints per slot.
 */
export interface WordTable {
  mask: number;
  count: number;
  /** Per slot: length (0 = empty), h1, h2, value. */
  slots: Int32Array;
}

function newWordTable(size: number): WordTable {
  return { mask: size - 1, count: 0, slots: new Int32Array(size * 4) };
}

/** The value stored for the fingerprint, or -1. */
function findWord(t: WordTable, len: number, h1: number, h2: number): number {
  const s = t.slots;
  let slot = h1 & t.mask;
  for (;;) {
    const i = slot << 2;
    const l = s[i]!;
    if (l === 0) return -1;
    if (l === len && s[i + 1] === h1 && s[i + 2] === h2) return s[i + 3]!;
    slot = (slot + 1) & t.mask;
  }
}

function putWord(t: WordTable, len: number, h1: number, h2: number, value: number): void {
  const s = t.slots;
  let slot = h1 & t.mask;
  while (s[slot << 2] !== 0) slot = (slot + 1) & t.mask;
  const i = slot << 2;
  s[i] = len;
  s[i + 1] = h1;
  s[i + 2] = h2;
  s[i + 3] = value;
  t.count++;
}

function grown(t: WordTable): WordTable {
  const next = newWordTable((t.mask + 1) * 2);
  const s = t.slots;
  for (let i = 0; i < s.length; i += 4) if (s[i] !== 0) putWord(next, s[i]!, s[i + 1]!, s[i + 2]!, s[i + 3]!);
  return next;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

/** The fingerprint hashes analyzeInto computes for a lower-case word. */
function fingerprint(word: string): [h1: number, h2: number] {
  let h1 = FNV_OFFSET;
  let h2 = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, FNV_PRIME);
    h2 = (Math.imul(h2, 31) + c) | 0;
  }
  return [h1 | 0, h2];
}

/** In FUNCTION_WORDS values only: the word is a stop word. */
const FLAG_STOP = 1 << FLAG_BITS;

/**
 * Words that are stop words or carry a FLAG_*, by fingerprint → FLAG_STOP | flags. Built once from
 * the word lists and never written again; every other word is a non-stop word without flags.
 */
const FUNCTION_WORDS: WordTable = (() => {
  const all = new Set([...STOP_WORDS, ...NEGATION_WORDS, ...SCOPE_BREAKERS, 'oh', ...NEGATION_IDIOM_WORDS]);
  const t = newWordTable(4096);
  for (const w of all) {
    const [h1, h2] = fingerprint(w);
    putWord(t, w.length, h1, h2, (isStopWord(w) ? FLAG_STOP : 0) | flagsOf(w));
  }
  return t;
})();

/**
 * Analyses of many texts in flat arrays, so a whole transcript costs a handful of allocations.
 * Independent of any playbook: each distinct word that could be a term (stop words are dropped) is
 * listed once, by fingerprint and where it first occurs, and text i's occurrences of them are
 * tokenWord/tokenPos[tokenStart[i] .. tokenStart[i+1]); likewise negation cues and scope breaks.
 * `termsOf` reads it with one vocabulary.
 */
export interface TextAnalysis {
  texts: string[];
  /** Distinct words: fingerprint, and text index and offset of the first occurrence. */
  wordH1: number[];
  wordH2: number[];
  wordLen: number[];
  wordText: number[];
  wordStart: number[];
  /** Distinct words written with an apostrophe, cleaned ("patient's"), by word index. */
  wordQuoted: Map<number, string>;
  /** Index of each occurrence's word. */
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
  /** Words seen so far → ((word index + 1) << FLAG_BITS) | flags, index part 0 for a stop word. */
  seen: WordTable;
  /** The same for words with an apostrophe, by cleaned text. */
  seenQuoted: Map<string, number>;
}

/** `expectedWords`: about how many words the texts hold, to size the word table once. */
export function newTextAnalysis(expectedWords = 256): TextAnalysis {
  let size = 256;
  while (size < expectedWords) size <<= 1;
  return {
    texts: [],
    wordH1: [],
    wordH2: [],
    wordLen: [],
    wordText: [],
    wordStart: [],
    wordQuoted: new Map(),
    tokenWord: [],
    tokenPos: [],
    tokenStart: [0],
    negPos: [],
    negStart: [0],
    breakPos: [],
    breakStart: [0],
    wordCount: [],
    seen: newWordTable(size),
    seenQuoted: new Map(),
  };
}

/** Lists a new distinct word; returns its code. */
function addWord(
  out: TextAnalysis,
  h1: number,
  h2: number,
  len: number,
  start: number,
  flags: number,
): number {
  out.wordH1.push(h1);
  out.wordH2.push(h2);
  out.wordLen.push(len);
  out.wordText.push(out.texts.length - 1);
  out.wordStart.push(start);
  return (out.wordH1.length << FLAG_BITS) | flags;
}

/** Code of the word text[start, end) whose hashes are h1 and h2 (see TextAnalysis.seen). */
function spanCode(out: TextAnalysis, start: number, end: number, h1: number, h2: number): number {
  const len = end - start;
  const known = findWord(out.seen, len, h1, h2);
  if (known >= 0) return known;
  const fn = findWord(FUNCTION_WORDS, len, h1, h2);
  const code =
    fn < 0
      ? addWord(out, h1, h2, len, start, 0)
      : fn & FLAG_STOP
        ? fn & ~FLAG_STOP
        : addWord(out, h1, h2, len, start, fn);
  if (out.seen.count >= (out.seen.mask + 1) >> 1) out.seen = grown(out.seen);
  putWord(out.seen, len, h1, h2, code);
  return code;
}

function quotedCode(out: TextAnalysis, word: string, start: number): number {
  let code = out.seenQuoted.get(word);
  if (code !== undefined) return code;
  const flags = flagsOf(word);
  if (isStopWord(word)) code = flags;
  else {
    code = addWord(out, 0, 0, word.length, start, flags);
    out.wordQuoted.set((code >> FLAG_BITS) - 1, word);
  }
  out.seenQuoted.set(word, code);
  return code;
}

/** Tokenizes one text and appends its words to `out`, without allocating words already seen. */
export function analyzeInto(text: string, out: TextAnalysis): void {
  out.texts.push(text);
  // ASCII capitals are folded as we go rather than lower-casing a copy of every utterance.
  const lower = text;
  let pos = 0;
  let start = -1;
  let quote = false;
  let hash = FNV_OFFSET;
  let hash2 = 0;
  let prevOh = false;
  let silent = false;
  let words = 0;
  const n = lower.length;
  for (let i = 0; i <= n; i++) {
    let c = i < n ? lower.charCodeAt(i) : 32;
    if (c >= 65 && c <= 90) c += 32;
    if (isWordChar(c)) {
      if (start < 0) {
        start = i;
        hash = FNV_OFFSET;
        hash2 = 0;
      }
      if (c === 39 || c === 8217) quote = true;
      hash = Math.imul(hash ^ c, FNV_PRIME);
      hash2 = (Math.imul(hash2, 31) + c) | 0;
      continue;
    }
    if (start >= 0 && silent) {
      // A filler set off by commas ("don't, um, offer"): no position, no token (see fillerComma).
      silent = false;
      words++;
      start = -1;
      quote = false;
    } else if (start >= 0) {
      let code: number;
      if (quote) {
        const w = cleanWord(lower.slice(start, i).toLowerCase());
        code = w === '' ? 0 : quotedCode(out, w, start);
      } else code = spanCode(out, start, i, hash | 0, hash2);
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
    if (c === 44) {
      const filler = fillerComma(lower, i);
      if (filler !== 0) {
        silent = filler === FILLER_OPEN;
        continue;
      }
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
  const n = ta.wordH1.length;
  const termOfWord = new Int32Array(n);
  for (let w = 0; w < n; w++) {
    const quoted = ta.wordQuoted.size > 0 ? ta.wordQuoted.get(w) : undefined;
    termOfWord[w] =
      quoted !== undefined
        ? vocabulary.termOf(quoted)
        : vocabulary.termOfSpan(
            ta.texts[ta.wordText[w]!]!,
            ta.wordStart[w]!,
            ta.wordLen[w]!,
            ta.wordH1[w]!,
            ta.wordH2[w]!,
          );
  }
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
