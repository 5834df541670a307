import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { redactText, wordHash } from '@teachback/core';
import { readActWordClusters } from './acts';

/**
 * A medication named in a turn, read through the word clusters the act model already uses
 * (GloVe vectors, `models/acts-word-clusters.json`), not from a list of drug names: a word counts
 * when the vectors put it in a cluster that holds the built-in `medication-names` lexicon's
 * drugs, so "Symbicort", "amphetamine" or "Xanax" count although no playbook lists them. The
 * identity-verification rule (healthcare-inbound) reads it as `act: medication-named` beside the
 * clinical referents of its PHI-in-other-words topic.
 *
 * The tag fires only where the drug is someone's: the turn names or refers to a person.
 *
 * Everyday words of those clusters ("treatment", "patients", "drug", "alcohol", "tested") are
 * left out by frequency: only words beyond the 20,000 most frequent count (the cluster file
 * lists words by frequency; "dental", "fertility", "pediatric" fall below), adjectives of a
 * specialty ("orthodontic", "gynecological") are left out, and only words of five letters or more (short acronyms such as
 * "ect" or "cbt" are ambiguous and one ASR slip from everyday words).
 */
export const MEDICATION_NAMED_ACT = 'medication-named';

/** A cluster is a medication cluster when at least this many lexicon drugs fall in it. */
const SEEDS_PER_CLUSTER = 3;
/** Words ranked below this (the most frequent) are everyday words, never a medication. */
const EVERYDAY_RANK = 20_000;
/**
 * Adjectives of those clusters name a specialty or a kind of care, and clinics are named after
 * them ("Brightsmile Dental", "Northside Pediatric", "Lakeview Orthodontics"): not a drug.
 */
const SPECIALTY_SUFFIX = /(ic|ics|ical|ary)$/;
const MIN_LENGTH = 5;

const PLAYBOOKS = path.resolve(__dirname, '..', 'playbooks');

let words: ReadonlySet<string> | undefined;
/**
 * Generic drug names the word clusters cannot know (newer than the vectors, or too rare) end in a
 * stem of the official naming scheme (USAN / INN stems): -pril, -sartan, -olol, -statin, -prazole,
 * -gliflozin, -glutide, -xaban, -mab, -vir … ("empagliflozin", "dulaglutide", "edoxaban",
 * "dupilumab"). Of the 100,000 words of the cluster file only drugs end in them ("-tide" is left
 * out: "peptide", "riptide"); "april" is the one English word and is left out by length.
 */
const GENERIC_STEM =
  /(?:pril|sartan|olol|statin|prazole|dipine|cillin|mycin|cycline|floxacin|azole|tinib|gliflozin|glutide|xaban|parin|lukast|triptan|setron|azepam|zolam|oxetine|afil|mab|vir)$/;
const MIN_STEM_LENGTH = 6;
/** Last letters of the stems: most words are not looked at further. */
const STEM_LAST_LETTERS = [...'lnebtmr'].map((ch) => ch.charCodeAt(0));
/**
 * GENERIC_STEM's suffixes, read from its own source, by last letter: drugsIn tests a word's ending
 * in place and makes the word's string only when one matches (most words of six or more letters
 * ending in one of those letters are everyday words: "schedule", "afternoon"). Null when the
 * pattern is not a plain list of lower-case suffixes: then the pattern itself is asked.
 */
const STEM_SUFFIXES: ReadonlyMap<number, readonly string[]> | null = (() => {
  const m = /^\(\?:([a-z|]+)\)\$$/.exec(GENERIC_STEM.source);
  if (!m || GENERIC_STEM.flags !== '') return null;
  const byLast = new Map<number, string[]>();
  for (const suffix of m[1]!.split('|')) {
    if (suffix === '') return null;
    const last = suffix.charCodeAt(suffix.length - 1);
    let list = byLast.get(last);
    if (!list) byLast.set(last, (list = []));
    list.push(suffix);
  }
  return byLast;
})();

/** Whether the ASCII-letter word text[start, end) ends in a GENERIC_STEM suffix, read in place. */
function hasStemSuffix(text: string, start: number, end: number): boolean {
  if (STEM_SUFFIXES === null) return GENERIC_STEM.test(text.slice(start, end).toLowerCase());
  const list = STEM_SUFFIXES.get(text.charCodeAt(end - 1) | 32);
  if (list === undefined) return false;
  for (const suffix of list) {
    const n = suffix.length;
    if (end - start < n) continue;
    let k = 2;
    while (k <= n && (text.charCodeAt(end - k) | 32) === suffix.charCodeAt(n - k)) k++;
    if (k > n) return true;
  }
  return false;
}

/** FNV-1a hashes of `words`: scanning a turn hashes its letters and allocates nothing. */
let hashes: HashSet | undefined;

// core's wordHash (FNV-1a), computed inline while scanning a turn.
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** The words read as a medication (lexicon drugs and their cluster neighbours), built once. */
export function medicationWords(): ReadonlySet<string> {
  if (words) return words;
  const lexicons = parseYaml(fs.readFileSync(path.join(PLAYBOOKS, 'shared-lexicons.yaml'), 'utf8')) as Record<
    string,
    string[]
  >;
  const seeds = new Set((lexicons['medication-names'] ?? []).map((w) => w.toLowerCase()));
  const file = readActWordClusters();
  const list = file.words.split(' ');
  const fine = Buffer.from(file.fine, 'base64');
  const fineOf = (i: number): number => fine[i * 2]! | (fine[i * 2 + 1]! << 8);
  const seedsIn = new Map<number, number>();
  list.forEach((w, i) => {
    if (seeds.has(w)) seedsIn.set(fineOf(i), (seedsIn.get(fineOf(i)) ?? 0) + 1);
  });
  const out = new Set(seeds);
  list.forEach((w, i) => {
    if (i < EVERYDAY_RANK || w.length < MIN_LENGTH || SPECIALTY_SUFFIX.test(w)) return;
    if ((seedsIn.get(fineOf(i)) ?? 0) >= SEEDS_PER_CLUSTER) out.add(w);
  });
  words = out;
  hashes = hashSet([...out].map(wordHash));
  return out;
}

/**
 * The words' hashes in an open-addressing table of int32s (load <= 0.5): every turn probes it once
 * per long word, and a Set of numbers boxes the hashes outside the small-integer range.
 */
interface HashSet {
  slots: Int32Array;
  mask: number;
  /** Whether hash 0 (the empty slot's value) is in the set. */
  zero: boolean;
}

function hashSet(values: readonly number[]): HashSet {
  let size = 1024;
  while (size < values.length * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size);
  let zero = false;
  for (const v of values) {
    if (v === 0) {
      zero = true;
      continue;
    }
    let at = v & mask;
    while (slots[at] !== 0 && slots[at] !== v) at = (at + 1) & mask;
    slots[at] = v;
  }
  return { slots, mask, zero };
}

function hasHash(set: HashSet, h: number): boolean {
  if (h === 0) return set.zero;
  const { slots, mask } = set;
  let at = h & mask;
  for (;;) {
    const v = slots[at]!;
    if (v === h) return true;
    if (v === 0) return false;
    at = (at + 1) & mask;
  }
}

/**
 * A person the turn is about: a personal pronoun ("your", "his", "she's") or a name the
 * redaction name reader finds that is not the drug itself ("the Symbicort for Tobias"). A drug
 * named with no one it belongs to is stock or general information ("we restock Sudafed every
 * Monday"), not anyone's record.
 */
const PERSON =
  /\b(you|your|yours|you're|youre|you've|he|she|he's|she's|hes|shes|him|his|her|hers|they|them|their)\b/i;

/**
 * True when the text names a medication (a lexicon drug or a cluster neighbour) as someone's: a
 * person is named or referred to in the same turn.
 */
export function namesMedication(text: string): boolean {
  const drugs = drugsIn(text);
  if (drugs.length === 0) return false;
  if (PERSON.test(text)) return true;
  return redactText(text, { clinical: false }).spans.some(
    (span) =>
      span.kind === 'name' &&
      !text
        .slice(span.start, span.end)
        .toLowerCase()
        .split(/[^a-z]+/)
        .some((w) => drugs.includes(w)),
  );
}

/** The medication words of the text, lower case. Runs on every turn: hashes first, strings on a hit. */
function drugsIn(text: string): string[] {
  const known = medicationWords();
  const hashed = hashes!;
  const out: string[] = [];
  let h = FNV_OFFSET;
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    let c = i < text.length ? text.charCodeAt(i) : 32;
    if (c >= 65 && c <= 90) c += 32;
    if (c >= 97 && c <= 122) {
      if (start < 0) {
        start = i;
        h = FNV_OFFSET;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
      continue;
    }
    if (start >= 0 && i - start >= MIN_LENGTH) {
      if (hasHash(hashed, h)) {
        const w = text.slice(start, i).toLowerCase();
        if (known.has(w)) out.push(w);
      } else if (
        i - start >= MIN_STEM_LENGTH &&
        STEM_LAST_LETTERS.includes(text.charCodeAt(i - 1) | 32) &&
        hasStemSuffix(text, start, i)
      ) {
        const w = text.slice(start, i).toLowerCase();
        if (GENERIC_STEM.test(w)) out.push(w);
      }
    }
    start = -1;
  }
  return out;
}
