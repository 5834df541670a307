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
  const words = file.words.length ? file.words.split(' ') : [];
  const coarse = decodeBase64(file.coarse);
  const fine = decodeBase64(file.fine);
  if (!coarse || coarse.length !== words.length) throw invalid('coarse', `expected ${words.length} bytes`);
  if (!fine || fine.length !== words.length * 2) throw invalid('fine', `expected ${words.length * 2} bytes`);
  const fineView = new DataView(fine.buffer, fine.byteOffset, fine.byteLength);
  let size = 1024;
  while (size * 0.5 < words.length) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size * 2);
  words.forEach((w, i) => {
    if (!/^[a-z]+$/.test(w)) throw invalid('words', `word ${i} is not lower-case alphabetic`);
    const c = coarse[i]!;
    const f = fineView.getUint16(i * 2, true);
    if (c >= file.coarseClusters || f >= file.fineClusters)
      throw invalid('coarse', `word ${i}: cluster out of range`);
    const h = wordHash(w);
    let slot = h & mask;
    while (slots[slot * 2 + 1] !== 0 && slots[slot * 2] !== h) slot = (slot + 1) & mask;
    slots[slot * 2] = h;
    slots[slot * 2 + 1] = ((c << 16) | f) + 1;
  });
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
