import { CRISIS_CANDIDATE } from './frames';
import { OpeningWordGate, openingsOf } from './opening-words';
import { seededRandom } from '../random';

/** The spaced text the frame patterns run on (frames.ts). */
function spaced(n: string): string {
  return ' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ';
}

describe('openingsOf', () => {
  it('reads the first word, or the first two where the pattern spells them', () => {
    expect(openingsOf(/(?:^|\s)(?:want|wish|would rather|ready to)(?=\s|$)/)).toEqual(
      new Set(['want', 'wish', 'would rather', 'ready to']),
    );
    expect(openingsOf(/(?:^|\s)(?:no|not any) point(?: \w+)?(?=\s|$|[,.!?])/)).toEqual(
      new Set(['no point', 'not any']),
    );
    // A second word it cannot spell leaves the first alone.
    expect(openingsOf(/(?:^|\s)(?:fine|better off)(?: \w+){0,4} (?:without me)(?=\s|$)/)).toEqual(
      new Set(['fine without', 'fine', 'better off']),
    );
    expect(openingsOf(/(?:^|\s)od(?:'d)?(?=\s|$)/)).toEqual(new Set(['od', "od'd"]));
  });

  it('gives up on what it cannot prove ends a word', () => {
    expect(openingsOf(/(?:^|\s)(?:want)/)).toBeUndefined(); // "wanted" would match
    expect(openingsOf(/(?:^|\s)want\b/)).toBeUndefined();
    expect(openingsOf(/(?:^|\s)(want)(?=\s)/)).toBeUndefined();
    expect(openingsOf(/(?:^|\s)\w+ (?:die)(?=\s)/)).toBeUndefined();
    expect(openingsOf(/want(?=\s|$)/)).toBeUndefined();
    expect(openingsOf(/(?:^|\s)want(?=\s|$)/i)).toBeUndefined();
    expect(openingsOf(/(?:^|\s)[a-z]+ing(?=\s|$)/)).toBeUndefined(); // nothing spelled before the class
  });

  it('reads a first word spelled up to a class as a prefix opening', () => {
    expect(openingsOf(/(?:^|\s)wan[a-z]+(?=\s|$)/)).toEqual(new Set(['wan*']));
    expect(openingsOf(/(?:^|\s)(?:squeez\w*|crush\w*|heavy) (?:chest|arm)(?=\s|$)/)).toEqual(
      new Set([
        'squeez*',
        'squeez chest',
        'squeez arm',
        'crush*',
        'crush chest',
        'crush arm',
        'heavy chest',
        'heavy arm',
      ]),
    );
    // A range later in the pattern no longer makes it unreadable.
    expect(openingsOf(/(?:^|\s)sugar (?:[1-4]\d|low)(?=\s|$)/)).toEqual(new Set(['sugar low', 'sugar']));
  });
});

describe('OpeningWordGate', () => {
  it('lets a turn through only with an opening of every pattern of some group', () => {
    const gate = new OpeningWordGate([
      [/(?:^|\s)(?:want|wish)(?=\s|$)/, /(?:^|\s)(?:die|be gone)(?=\s|$)/],
      [/(?:^|\s)a burden(?=\s|$)/],
    ]);
    expect(gate.mayMatch('some days i wish i could just die')).toBe(true);
    expect(gate.mayMatch('i wish the bill was gone')).toBe(false);
    expect(gate.mayMatch("i don't want to be, a burden.")).toBe(true);
    expect(gate.mayMatch('a, burden')).toBe(true); // the spaced text reads "a burden"
    expect(gate.mayMatch('a heavy burden')).toBe(false);
    expect(gate.mayMatch('')).toBe(false);
  });

  it('matches a prefix opening at the start of any longer word, never inside one', () => {
    const gate = new OpeningWordGate([[/(?:^|\s)(?:squeez\w*|numb\w*)(?=\s|$)/]]);
    expect(gate.mayMatch('it keeps squeezing, all day')).toBe(true);
    expect(gate.mayMatch('my hand went numb.')).toBe(true);
    expect(gate.mayMatch('squeez')).toBe(true);
    expect(gate.mayMatch('a squee toy')).toBe(false);
    expect(gate.mayMatch('the unnumbered page')).toBe(false);
  });

  it('never stops a turn the crisis candidate test matches (random turns over the patterns’ own words)', () => {
    const gate = new OpeningWordGate(CRISIS_CANDIDATE);
    const vocabulary = [
      ...new Set(CRISIS_CANDIDATE.flat().flatMap((re) => re.source.match(/[a-z][a-z']*/g) ?? [])),
    ].filter((w) => w.length > 1 || w === 'i' || w === 'a');
    // Whole phrases too ("nothing to live for"), so multi-word alternatives get matched.
    const phrases = [
      ...new Set(
        CRISIS_CANDIDATE.flat().flatMap((re) =>
          re.source.split(/[|()]/).filter((p) => /^[a-z' ]+$/.test(p) && p.includes(' ')),
        ),
      ),
    ];
    const marks = [' ', ' ', ' ', ', ', '. ', '  ', '\t', '? ', '!', ';'];
    const random = seededRandom(20261207);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    let matched = 0;
    let passedOthers = 0;
    for (let k = 0; k < 30_000; k++) {
      let text = '';
      const words = 2 + Math.floor(random() * 10);
      for (let w = 0; w < words; w++) text += pick(random() < 0.3 ? phrases : vocabulary) + pick(marks);
      const t = spaced(text);
      const matches = CRISIS_CANDIDATE.some((all) => all.every((re) => re.test(t)));
      if (matches) matched++;
      else if (gate.mayMatch(text)) passedOthers++;
      if (matches && !gate.mayMatch(text)) throw new Error(`gate stopped a match: ${JSON.stringify(text)}`);
    }
    // The sample must hold matches for the check to mean anything.
    expect(matched).toBeGreaterThan(500);
    expect(passedOthers).toBeGreaterThan(0);
  });
});
