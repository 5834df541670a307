import { z } from 'zod';
import { TeachbackError, fieldPath } from '../errors';
import { decodeBase64 } from './base64';

/**
 * Word clusters: each known word's cluster at two granularities (coarse, fine), derived offline
 * from GloVe word vectors (config/scripts/acts-word-clusters.ts). They let the act model carry
 * what it learnt about a word to words it never saw in training but that sit near it in the
 * vector space ("exhausted" → "drained", "metformin" → "furosemide"). Training copies the table
 * into the weights file, so a model is one self-contained file.
 */
export const WORD_CLUSTERS_FORMAT = 'teachback.acts.word-clusters.v1';

export const WordClustersFile = z.strictObject({
  format: z.literal(WORD_CLUSTERS_FORMAT),
  /** Where the clusters come from (package, licence, method). */
  source: z.string().min(1),
  coarseClusters: z.number().int().min(1).max(255),
  fineClusters: z.number().int().min(1).max(65535),
  /** Lower-case alphabetic words separated by one space. */
  words: z.string(),
  /** base64 of one uint8 coarse cluster per word. */
  coarse: z.string(),
  /** base64 of one little-endian uint16 fine cluster per word. */
  fine: z.string(),
});
export type WordClustersFile = z.infer<typeof WordClustersFile>;

/** Open-addressing table: word hash at [2s], (coarse << 16 | fine) + 1 at [2s + 1], 0 = empty. */
export interface WordClusterTable {
  slots: Int32Array;
  mask: number;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** The token hash the tokenizer gives a lower-case alphabetic word. */
export function wordHash(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h;
}

function invalid(field: string, reason: string): TeachbackError {
  return new TeachbackError('ACTS.INVALID_WEIGHTS', `act model weights: wordClusters.${field}: ${reason}`, {
    details: { field: `wordClusters.${field}` },
  });
}

/** Validates the clusters and builds the lookup table. Throws TeachbackError naming the field. */
export function decodeWordClusters(raw: unknown): WordClusterTable {
  const parsed = WordClustersFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(fieldPath(issue.path), issue.message);
  }
  const file = parsed.data;
  // One pass over the words string, hashing as it goes: no per-word strings, so loading stays fast.
  const text = file.words;
  let count = text.length === 0 ? 0 : 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 32) count++;
  const coarse = decodeBase64(file.coarse);
  const fine = decodeBase64(file.fine);
  if (!coarse || coarse.length !== count) throw invalid('coarse', `expected ${count} bytes`);
  if (!fine || fine.length !== count * 2) throw invalid('fine', `expected ${count * 2} bytes`);
  let size = 1024;
  while (size * 0.5 < count) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size * 2);
  let h = FNV_OFFSET;
  let len = 0;
  let word = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    if (code !== 32) {
      if (code < 97 || code > 122) throw invalid('words', `word ${word} is not lower-case alphabetic`);
      h = Math.imul(h ^ code, FNV_PRIME);
      len++;
      continue;
    }
    if (len === 0) throw invalid('words', `word ${word} is empty`);
    const c = coarse[word]!;
    const f = fine[word * 2]! | (fine[word * 2 + 1]! << 8);
    if (c >= file.coarseClusters || f >= file.fineClusters)
      throw invalid('coarse', `word ${word}: cluster out of range`);
    let slot = h & mask;
    while (slots[slot * 2 + 1] !== 0 && slots[slot * 2] !== h) slot = (slot + 1) & mask;
    slots[slot * 2] = h;
    slots[slot * 2 + 1] = ((c << 16) | f) + 1;
    h = FNV_OFFSET;
    len = 0;
    word++;
  }
  return { slots, mask };
}

/** (coarse << 16 | fine) + 1 of a token hash, or 0 when the word has no cluster. */
export function clusterOf(table: WordClusterTable, h: number): number {
  const { slots, mask } = table;
  let slot = h & mask;
  for (;;) {
    const v = slots[slot * 2 + 1]!;
    if (v === 0 || slots[slot * 2] === h) return v;
    slot = (slot + 1) & mask;
  }
}
