import stem from 'wink-porter2-stemmer';
import { NEGATION_WORDS, NUMBER_WORDS, SCOPE_BREAKERS, STOP_WORDS, SYNONYM_GROUPS } from './lexicon';

/**
 * Turns words into integer term ids once, so matching a transcript against any number of
 * playbooks costs one Map lookup per word. A word maps to a term when its normalized form
 * (lower case, number words as digits, Porter2 stem, synonym group) is a term some compiled
 * phrase uses, or is one small misrecognition away from such a term (ASR noise).
 */

export const FLAG_NEGATION = 1;
export const FLAG_SCOPE_BREAK = 2;
const FLAG_BITS = 2;

/** Words shorter than this are never fuzzy-matched: too many real words are one edit apart. */
const MIN_FUZZY_LENGTH = 5;
const MAX_MEMO = 250_000;

const synonymOf = new Map<string, string>();
for (const group of SYNONYM_GROUPS) {
  const head = stem(group[0]!);
  for (const word of group) synonymOf.set(stem(word), head);
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

  /** Encoded lookup: (termId << FLAG_BITS) | flags. termId 0 = not a term. */
  lookup(word: string): number {
    const cached = this.memo.get(word);
    if (cached !== undefined) return cached;
    let flags = 0;
    if (NEGATION_WORDS.has(word)) flags |= FLAG_NEGATION;
    if (SCOPE_BREAKERS.has(word)) flags |= FLAG_SCOPE_BREAK;
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
  wordCount: number;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39 || (c >= 65 && c <= 90);
}

/** Splits text into lower-case words (letters, digits, apostrophes). The tokenize-only floor. */
export function tokenize(text: string): string[] {
  const lower = text.toLowerCase();
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    if (isWordChar(c) || c === 8217) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      words.push(
        lower
          .slice(start, i)
          .replace(/\u2019/g, "'")
          .replace(/^'+|'+$/g, ''),
      );
      start = -1;
    }
    // Clause punctuation ends a negation's scope ("No, I'm worried"); kept as a "," word.
    if (c === 44 || c === 59 || c === 33 || c === 63 || c === 58) words.push(',');
    else if (c === 46 && (i + 1 >= lower.length || lower.charCodeAt(i + 1) <= 32)) words.push(',');
  }
  return words;
}

export function analyzeText(text: string): AnalyzedUtterance {
  const words = tokenize(text);
  const out: AnalyzedUtterance = {
    termIds: [],
    termPos: [],
    negPos: [],
    breakPos: [],
    wordCount: words.length,
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '') continue;
    let code = terms.lookup(w);
    // "oh no" is an exclamation, not a negation.
    if (code & FLAG_NEGATION && w === 'no' && i > 0 && words[i - 1] === 'oh') code &= ~FLAG_NEGATION;
    if (code === 0) continue;
    const id = code >> FLAG_BITS;
    if (id !== 0) {
      out.termIds.push(id);
      out.termPos.push(i);
    }
    if (code & FLAG_NEGATION) out.negPos.push(i);
    if (code & FLAG_SCOPE_BREAK) out.breakPos.push(i);
  }
  return out;
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
