import { NEGATIVES, POSITIVES } from './cases';
import { frameGateOf, mayBeFramed, mayHaveCandidateFrame } from './frame-gate';
import { CANDIDATE_FRAME_NEEDS, hasCandidateFrame, type FramedType } from './frames';
import { normalise } from './text';
import { seededRandom } from '../random';

const TYPES: readonly FramedType[] = ['abusive_caller', 'mental_health_crisis', 'medical_emergency'];

/** Every turn hasCandidateFrame frames is let through by the gate; returns how many it framed. */
function holds(texts: Iterable<string>): Record<FramedType, number> {
  const framed = { abusive_caller: 0, mental_health_crisis: 0, medical_emergency: 0 };
  for (const text of texts) {
    const n = normalise(text);
    const each = TYPES.filter((type) => mayHaveCandidateFrame(n, type));
    // The one-pass answer for all three is the answer for each.
    if (mayBeFramed(n, TYPES).join() !== each.join())
      throw new Error(`mayBeFramed disagrees with mayHaveCandidateFrame: ${JSON.stringify(text)}`);
    for (const type of TYPES) {
      if (!hasCandidateFrame(n, type)) continue;
      framed[type]++;
      if (!each.includes(type)) throw new Error(`gate stopped a ${type} frame: ${JSON.stringify(text)}`);
    }
  }
  return framed;
}

describe('mayHaveCandidateFrame', () => {
  it('lets through every turn of the escalation cases that has a candidate frame', () => {
    const turns = [...POSITIVES.map(([, t]) => t), ...NEGATIVES.map(([, t]) => t)].flatMap((t) =>
      typeof t === 'string' ? [t] : [...t, t.join(' ')],
    );
    const framed = holds(turns);
    // (The cases hold no red-flag pair; the random turns below do.)
    expect(framed.abusive_caller).toBeGreaterThan(10);
    expect(framed.mental_health_crisis).toBeGreaterThan(10);
  });

  it('never stops a frame in random turns over the patterns’ own words', () => {
    const sources = Object.values(CANDIDATE_FRAME_NEEDS)
      .flat(2)
      .map((re) => re.source);
    const vocabulary = [...new Set(sources.flatMap((s) => s.match(/[a-z][a-z']*/g) ?? []))];
    const phrases = [
      ...new Set(
        sources.flatMap((s) => s.split(/[|()]/).filter((p) => /^[a-z' ]+$/.test(p) && p.includes(' '))),
      ),
    ];
    // Plus the words of an insult or a threat aimed at the agent, whose frames need more than the
    // needs' own patterns spell.
    const fillers = [
      ...['i', 'my', 'you', 'the', 'and', 'he', 'she', 'is', 'now', 'just', 'so', 'a', 'are', 'an'],
      ...[
        "you're",
        'your',
        'idiot',
        'useless',
        'stupid',
        'moron',
        "i'll",
        'hurt',
        'find',
        'where',
        'you live',
      ],
    ];
    const suffixes = ['', '', '', 'ing', 's', 'ed', 'ly'];
    const marks = [' ', ' ', ' ', ', ', '. ', '  ', '\t', '? ', '!', ';'];
    const random = seededRandom(20261207);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const texts: string[] = [];
    for (let k = 0; k < 40_000; k++) {
      let text = '';
      const words = 2 + Math.floor(random() * 12);
      for (let w = 0; w < words; w++) {
        const r = random();
        const word = r < 0.3 ? pick(phrases) : r < 0.5 ? pick(fillers) : pick(vocabulary) + pick(suffixes);
        text += (random() < 0.05 ? word.toUpperCase() : word) + pick(marks);
      }
      texts.push(text);
    }
    const framed = holds(texts);
    // The sample must hold frames of every type for the check to mean anything.
    for (const type of TYPES) expect(framed[type]).toBeGreaterThan(50);
  });

  it('answers the same when the needs outgrow one gate (more groups than it holds)', () => {
    // Each crisis group once per word of a 40-word list: 400 groups, so several gates.
    const words = Array.from({ length: 40 }, (_, k) => `w${k}x`);
    const big = {
      ...CANDIDATE_FRAME_NEEDS,
      mental_health_crisis: words.flatMap((w) =>
        CANDIDATE_FRAME_NEEDS.mental_health_crisis.map((g) => [...g, new RegExp(`(?:^|\\s)${w}(?=\\s|$)`)]),
      ),
    };
    const gate = frameGateOf(big);
    const text = normalise('i want to die, w17x');
    expect(gate(text, TYPES)).toContain('mental_health_crisis');
    expect(gate(normalise('i want to die'), TYPES)).not.toContain('mental_health_crisis');
    expect(gate(normalise('i want to die, w77x'), TYPES)).not.toContain('mental_health_crisis');
    expect(gate(text, TYPES).includes('medical_emergency')).toBe(
      mayBeFramed(text, TYPES).includes('medical_emergency'),
    );
  });

  it('reads a group with an unreadable pattern by its readable ones first', () => {
    let asked = 0;
    // Unreadable to the opening reader (no `(?:^|\s)` opening); counts the times it is run.
    const unreadable = /zebra/;
    const counted = Object.assign(unreadable, {
      test(s: string): boolean {
        asked++;
        return RegExp.prototype.test.call(unreadable, s);
      },
    });
    const gate = frameGateOf({
      medical_emergency: [],
      abusive_caller: [[counted, /(?:^|\s)(?:striped horse|okapi)(?=\s|$)/]],
      mental_health_crisis: [],
    });
    expect(gate(normalise('a zebra is a striped horse'), TYPES)).toEqual(['abusive_caller']);
    expect(asked).toBe(1);
    // Without the readable pattern's opening the unreadable one is never run.
    expect(gate(normalise('a zebra is a horse'), TYPES)).toEqual([]);
    expect(asked).toBe(1);
    // With it, the unreadable one still decides.
    expect(gate(normalise('an okapi is not a horse'), TYPES)).toEqual([]);
    expect(asked).toBe(2);
  });

  it('stops routine turns', () => {
    for (const text of [
      'i have the letter right here in front of me',
      'do i need to check in at the front desk',
    ])
      for (const type of TYPES) expect(mayHaveCandidateFrame(normalise(text), type)).toBe(false);
  });
});
