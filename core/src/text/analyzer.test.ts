import { analyzeInto, clausesOf, newTextAnalysis, tokenize } from './analyzer';

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

/** What analyzeInto gives one text, as plain arrays. */
function analysisOf(text: string): { tokens: number[]; neg: number[]; breaks: number[] } {
  const out = newTextAnalysis();
  analyzeInto(text, out);
  return {
    tokens: out.tokenPos.slice(out.tokenStart[0], out.tokenStart[1]),
    neg: out.negPos.slice(out.negStart[0], out.negStart[1]),
    breaks: out.breakPos.slice(out.breakStart[0], out.breakStart[1]),
  };
}

describe('a filler set off by commas', () => {
  it('does not end the clause: reads as the sentence without the filler', () => {
    const pairs: [string, string][] = [
      ['They cannot, uh, refill it before Friday', 'They cannot refill it before Friday'],
      ['I, erm, never got, hmm, the letter about my claim', 'I never got the letter about my claim'],
      ['She has not, um, uh, booked, ah, the visit', 'She has not booked the visit'],
    ];
    for (const [disfluent, plain] of pairs)
      expect([disfluent, analysisOf(disfluent)]).toEqual([disfluent, analysisOf(plain)]);
  });
  it('drops the commas around the filler from tokenize and clausesOf alike', () => {
    const text = 'They cannot, uh, refill it, but, Mm, the pharmacy can.';
    expect(tokenize(text)).toEqual([
      'they',
      'cannot',
      'uh',
      'refill',
      'it',
      ',',
      'but',
      'mm',
      'the',
      'pharmacy',
      'can',
      ',',
    ]);
    expect(clausesOf(text).map((c) => [c.from, c.to, c.words.join(' ')])).toEqual([
      [0, 4, 'they cannot uh refill it'],
      [5, 9, 'but mm the pharmacy can'],
    ]);
  });
  it('numbers clauses as analyzeInto does', () => {
    for (const text of [
      'We, um, cannot, er, see it; no, uh, nothing else, um.',
      "Well, uh, I don't, uhm, think so, like, at all.",
    ]) {
      const breaks = breaksOf(text);
      for (const c of clausesOf(text).slice(0, -1))
        expect([text, breaks]).toEqual([text, expect.arrayContaining([c.to])]);
    }
  });
  it('keeps the break after a reply "no": "No, um, I\'m worried" does not negate "worried"', () => {
    const a = analysisOf("No, um, I'm worried about the bill");
    expect(a.neg).toEqual([0]);
    expect(a.breaks.some((b) => b > 0 && b <= a.tokens[1]!)).toBe(true);
  });
  it('leaves a comma without a filler, or around "like", a clause break', () => {
    expect(analysisOf("Well, I don't know").breaks).toEqual([1]);
    expect(tokenize("Well, I don't know")).toEqual(['well', ',', 'i', "don't", 'know']);
    const like = analysisOf("We don't, like, offer every plan");
    expect(like.breaks.length).toBe(2);
    expect(tokenize("We don't, like, offer every plan")).toContain(',');
  });
});
