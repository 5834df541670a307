import { analyzeInto, clausesOf, newTextAnalysis } from './analyzer';

/** Word positions analyzeInto gives the clause breaks of one text. */
function breaksOf(text: string): number[] {
  const out = newTextAnalysis();
  analyzeInto(text, out);
  return out.breakPos.slice(out.breakStart[0], out.breakStart[1]);
}

describe('clausesOf', () => {
  it('numbers words as analyzeInto does: each clause ends at one of its breaks', () => {
    for (const text of [
      'To look up your current coverage, can I get your full name, date of birth and your Medicare number?',
      'Sure. Dr. Ruiz said so; your biopsy came back benign, and can I get your date of birth?',
      "no punctuation at all just words and more words i can't stop",
    ]) {
      const clauses = clausesOf(text);
      const breaks = breaksOf(text);
      for (const c of clauses.slice(0, -1))
        expect([text, breaks]).toEqual([text, expect.arrayContaining([c.to])]);
    }
  });
  it('keeps function words, splits sentences and reads abbreviations as no sentence end', () => {
    const clauses = clausesOf('Sure. To open your chart, Dr. Ruiz needs your name.');
    expect(clauses.map((c) => [c.sentence, c.words.join(' ')])).toEqual([
      [0, 'sure'],
      [1, 'to open your chart'],
      [1, 'dr ruiz needs your name'],
    ]);
  });
});
