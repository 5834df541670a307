import type { JudgeUtterance } from './port';

/**
 * Case, punctuation and spacing are not evidence: "Tuesday, at 3 PM." and "tuesday at 3 pm" are
 * the same words. Every run of punctuation or spacing becomes one space, so "I'll" and "I ll" match
 * (a recogniser or a judge may split a contraction), and accents are dropped.
 */
export function normalizeQuote(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface LocatedQuote {
  quote: string;
  /** First utterance the quote lies in, or -1 when it is not in the transcript. */
  utterance: number;
}

/**
 * Finds each quote in the transcript, within one utterance or running across consecutive ones
 * (a judge may quote a sentence the transcript split in two). Word boundaries count: "pm" is not
 * found inside "pmt". An empty quote is never found.
 */
export function locateQuotes(
  quotes: readonly string[],
  utterances: readonly JudgeUtterance[],
): LocatedQuote[] {
  const parts = utterances.map((u) => normalizeQuote(u.text));
  const starts: number[] = [];
  let joined = ' ';
  for (const p of parts) {
    starts.push(joined.length);
    joined += `${p} `;
  }
  return quotes.map((quote) => {
    const q = normalizeQuote(quote);
    if (q === '') return { quote, utterance: -1 };
    const at = joined.indexOf(` ${q} `);
    if (at < 0) return { quote, utterance: -1 };
    let u = 0;
    while (u + 1 < starts.length && starts[u + 1]! <= at + 1) u++;
    return { quote, utterance: utterances[u]!.index };
  });
}
