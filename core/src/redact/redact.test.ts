import { nameSpanStarts, plantedPhiCalls, redactionRecall, redactText } from './index';

const removed = (text: string, secret: string) => {
  const out = redactText(text).text;
  return !out.toLowerCase().includes(secret.toLowerCase());
};

describe('redactText', () => {
  it.each([
    [
      'phone, spoken',
      'you can reach me at five five five, oh one two three four five six',
      'five five five, oh one two three',
    ],
    ['date of birth, spoken', 'my date of birth is March third, nineteen sixty', 'March third'],
    ['email, spelled', "it's j o h n at example dot com", 'j o h n at example dot com'],
    ['email, written', 'send it to mary.lee@example.org please', 'mary.lee@example.org'],
    ['ssn, written', 'my social is 123-45-6789', '123-45-6789'],
    ['member id', 'my member ID is M44129873', 'M44129873'],
    [
      'address, spoken',
      "it's fourteen twenty maple street apartment three b",
      'fourteen twenty maple street',
    ],
    ['zip, spoken', 'the zip code is oh two one three nine', 'oh two one three nine'],
    ['name after cue', 'Hi, my name is Oluwaseun Haddad and I have a question', 'Oluwaseun Haddad'],
    ['drug', "I'm taking metformin twice a day", 'metformin'],
    ['condition', 'I was diagnosed with sarcoidosis last year', 'sarcoidosis'],
  ])('removes %s', (_, text, secret) => {
    expect(removed(text, secret)).toBe(true);
  });

  it('leaves ordinary call language alone', () => {
    for (const s of [
      'The monthly premium is thirty five dollars.',
      'Your plan covers three visits a year at no cost.',
      'Is this a scam? I already have a plan with Humana.',
      'My plan starts in 2025 and I pay 40 dollars.',
    ])
      expect(redactText(s).text).toBe(s);
  });

  it('keeps the kind of each span', () => {
    const r = redactText('my social is 123-45-6789 and my email is a@b.com');
    expect(r.spans.map((s) => s.kind)).toEqual(['ssn', 'email']);
    expect(r.text).toBe('my social is [SSN] and my email is [EMAIL]');
  });
});

describe('redactionRecall on the tuning seeds', () => {
  it('finds at least 95 % of planted identifiers of each kind', () => {
    const r = redactionRecall(plantedPhiCalls(1, 200));
    for (const [, e] of Object.entries(r.byKind)) expect(e.recall).toBeGreaterThanOrEqual(0.95);
    expect(r.overRedaction).toBeLessThan(0.05);
  });
});

describe('nameSpanStarts', () => {
  it('holds the start of every name span of the whole redaction (the name reader asks it first)', () => {
    const texts = [
      ...plantedPhiCalls(7, 300).flatMap((c) => c.utterances.map((u) => u.text)),
      'its for my dad walter nobodee, born march third nineteen forty',
      'this is dr. Amsel calling for Irene Castellanos at 12 Elm Street apartment 4',
      "that's s m i t h, member id M one two three four five",
    ];
    let names = 0;
    for (const text of texts) {
      const starts = new Set(nameSpanStarts(text));
      for (const span of redactText(text, { clinical: false }).spans) {
        if (span.kind !== 'name') continue;
        names++;
        expect({ text, start: span.start, found: starts.has(span.start) }).toEqual({
          text,
          start: span.start,
          found: true,
        });
      }
    }
    expect(names).toBeGreaterThan(100);
  });

  it('finds nothing in a turn without a name', () => {
    expect(nameSpanStarts('my knee has been hurting since tuesday and the swelling is worse')).toEqual([]);
  });

  // A turn with no capital and no listed first name skips the capital and first-name readers: a
  // listed name in lower case, in any case, or glued to punctuation must still reach them.
  it.each([
    ['a listed first name in lower case, no cue', 'so yesterday jordan drove me over', 'jordan'],
    ['a listed first name in capitals', 'SO YESTERDAY JORDAN DROVE ME OVER', 'JORDAN'],
    ['a listed first name after punctuation', 'ok,maria,drove me', 'maria'],
    ['an ambiguous name capitalized mid-sentence', 'we saw April yesterday', 'April'],
    ['a capitalized pair', 'we saw it and Tomas Okafor said so', 'Tomas Okafor'],
  ])('still reads %s', (_, text, name) => {
    expect(nameSpanStarts(text)).toContain(text.indexOf(name));
  });

  it('takes no first name glued to a digit or inside a longer word, as before', () => {
    expect(nameSpanStarts('code 3jordan and jordanville')).toEqual([]);
  });
});
