import { mentionsPainOnlyInPast } from './past-pain-reader';
import { statusOf, call } from './testing/calls';

/**
 * Pain mentioned only as history owes no acknowledgement (issue 14, read from held-out set 13's
 * h13-14; written here in other words, synthetic people only). Before the reader, any caller
 * mention of pain made empathy owed: "I'm in pain" is the bare word "pain" to the phrase matcher.
 */
describe('past-pain reader', () => {
  it.each([
    'My knee was sore back in high school, it healed fine.',
    'I used to get migraines with bad pain, years ago.',
    'my shoulder hurt in 2018 and then it went away',
    'The stomach ache I had last winter turned out to be gallstones.',
  ])('tags pain told as history: %s', (text) => {
    expect(mentionsPainOnlyInPast(text)).toBe(true);
  });

  it.each([
    // The complaint that brought the caller in, told in the past tense, is not history.
    'I twisted my ankle and there was a lot of pain, I could barely stand.',
    'About a week ago I had this sharp pain in my lower back.',
    // History beside pain now.
    'My hip used to ache years ago and now it is back and worse.',
    'I had shoulder pain last year, and I am worried it is starting again.',
    // Pain now with no history at all.
    'My tooth hurts so much.',
    // No pain word: the reader says nothing.
    'I broke my wrist in 2016.',
  ])('does not tag pain now or no pain: %s', (text) => {
    expect(mentionsPainOnlyInPast(text)).toBe(false);
  });
});

describe('empathy with pain told as history', () => {
  const opening = '[0:00] A: Thank you for calling Greyfield Imaging, this call is recorded. This is Odile.';
  const booking = [
    '[0:12] A: I can put you down for Thursday at eight forty for the scan.',
    '[0:18] C: Thursday works, thanks.',
  ];

  // Missed before the reader ("pain" alone made empathy owed).
  it('owes no acknowledgement when the only pain is years behind the caller', () => {
    const lines = [
      opening,
      '[0:05] C: I need the bone density scan. I had back pain as a teenager, it cleared up, the doctor just wants a baseline.',
      ...booking,
    ];
    expect(statusOf('healthcare-inbound', 'empathy', call(...lines))).toBe('not_applicable');
  });

  it('still owes one for pain now, even beside history (guard)', () => {
    const lines = [
      opening,
      '[0:05] C: I need the scan. My back used to ache years ago and now the pain is back, worse than ever.',
      ...booking,
    ];
    expect(statusOf('healthcare-inbound', 'empathy', call(...lines))).toBe('missed');
  });
});
