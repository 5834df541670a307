/** Words compared by WER: lower case, punctuation dropped, inner apostrophes kept ("don't"). */
export function normalizeWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'\s]+/gu, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w.length > 0);
}

export interface WordErrorRate {
  /** (substitutions + deletions + insertions) / reference words; can exceed 1. */
  wer: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  referenceWords: number;
  hypothesisWords: number;
}

/**
 * Word error rate by word-level Levenshtein alignment. An empty reference gives wer 0 for an
 * empty hypothesis and 1 otherwise, so "nothing to say, nothing said" is not an error.
 */
export function wordErrorRate(reference: string, hypothesis: string): WordErrorRate {
  const ref = normalizeWords(reference);
  const hyp = normalizeWords(hypothesis);
  const n = ref.length;
  const m = hyp.length;
  // cost[j] and ops[j] hold the best alignment of ref[0..i) with hyp[0..j) for the current row.
  type Ops = { s: number; d: number; i: number };
  let prev: Ops[] = Array.from({ length: m + 1 }, (_, j) => ({ s: 0, d: 0, i: j }));
  for (let i = 1; i <= n; i++) {
    const row: Ops[] = [{ s: 0, d: i, i: 0 }];
    for (let j = 1; j <= m; j++) {
      const diag = prev[j - 1]!;
      const up = prev[j]!;
      const left = row[j - 1]!;
      const same = ref[i - 1] === hyp[j - 1];
      const candidates: Ops[] = [
        same ? diag : { ...diag, s: diag.s + 1 },
        { ...up, d: up.d + 1 },
        { ...left, i: left.i + 1 },
      ];
      let best = candidates[0]!;
      for (const c of candidates) if (c.s + c.d + c.i < best.s + best.d + best.i) best = c;
      row.push(best);
    }
    prev = row;
  }
  const last = prev[m]!;
  const errors = last.s + last.d + last.i;
  return {
    wer: n === 0 ? (m === 0 ? 0 : 1) : errors / n,
    substitutions: last.s,
    deletions: last.d,
    insertions: last.i,
    referenceWords: n,
    hypothesisWords: m,
  };
}
