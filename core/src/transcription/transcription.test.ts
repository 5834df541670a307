import { assembleUtterances } from './assemble';
import { assessTranscript, callConfidence, isLowConfidence, withAssessment } from './confidence';
import { normalizeWords, wordErrorRate } from './wer';

describe('wordErrorRate', () => {
  it('is 0 for the same words regardless of case and punctuation', () => {
    expect(wordErrorRate('Thank you, for calling!', 'thank you for calling').wer).toBe(0);
  });

  it('counts substitutions, deletions and insertions', () => {
    const r = wordErrorRate('can i have your date of birth', 'can you have date of the birth');
    expect(r).toMatchObject({ substitutions: 1, deletions: 1, insertions: 1, referenceWords: 7 });
    expect(r.wer).toBeCloseTo(3 / 7);
  });

  it('exceeds 1 when the hypothesis is mostly inserted words', () => {
    expect(wordErrorRate('yes', 'no no no').wer).toBe(3);
  });

  it('treats an empty reference with an empty hypothesis as perfect', () => {
    expect(wordErrorRate('', '').wer).toBe(0);
    expect(wordErrorRate('', 'hello').wer).toBe(1);
  });

  it("keeps inner apostrophes so don't is one word", () => {
    expect(normalizeWords("I don't know 'really'")).toEqual(['i', "don't", 'know', 'really']);
  });
});

describe('assembleUtterances', () => {
  it('offsets chunk times, orders channels on one timeline and joins a split sentence', () => {
    const utterances = assembleUtterances([
      {
        speaker: 'customer',
        channel: 0,
        offsetMs: 4000,
        spans: [{ text: 'my date of birth', startMs: 100, endMs: 1500, confidence: 0.8 }],
      },
      {
        speaker: 'agent',
        channel: 1,
        offsetMs: 0,
        spans: [{ text: 'thank you for calling', startMs: 200, endMs: 1800, confidence: 0.9 }],
      },
      {
        speaker: 'agent',
        channel: 1,
        offsetMs: 2000,
        spans: [
          { text: 'how can i help', startMs: 100, endMs: 1200, confidence: 0.5 },
          { text: '   ', startMs: 1300, endMs: 1400 },
        ],
      },
    ]);
    expect(utterances).toEqual([
      {
        speaker: 'agent',
        channel: 1,
        startMs: 200,
        endMs: 3200,
        text: 'thank you for calling how can i help',
        confidence: (0.9 * 4 + 0.5 * 4) / 8,
      },
      {
        speaker: 'customer',
        channel: 0,
        startMs: 4100,
        endMs: 5500,
        text: 'my date of birth',
        confidence: 0.8,
      },
    ]);
  });

  it('derives span confidence from word confidences weighted by duration', () => {
    const [u] = assembleUtterances([
      {
        speaker: 'unknown',
        offsetMs: 0,
        spans: [
          {
            text: 'hello there',
            startMs: 0,
            endMs: 400,
            words: [
              { text: 'hello', startMs: 0, endMs: 300, confidence: 1 },
              { text: 'there', startMs: 300, endMs: 400, confidence: 0.2 },
            ],
          },
        ],
      },
    ]);
    expect(u!.confidence).toBeCloseTo(0.8);
    expect(u!.channel).toBeUndefined();
  });

  it('keeps a speaker’s spans apart when the gap is long', () => {
    const out = assembleUtterances([
      {
        speaker: 'agent',
        offsetMs: 0,
        spans: [
          { text: 'one', startMs: 0, endMs: 500 },
          { text: 'two', startMs: 3000, endMs: 3500 },
        ],
      },
    ]);
    expect(out.map((u) => u.text)).toEqual(['one', 'two']);
  });
});

describe('assessTranscript', () => {
  const good = [
    {
      speaker: 'agent' as const,
      startMs: 0,
      endMs: 3000,
      text: 'thank you for calling how can i help',
      confidence: 0.9,
    },
    {
      speaker: 'customer' as const,
      startMs: 3500,
      endMs: 6000,
      text: 'i need to refill a prescription',
      confidence: 0.85,
    },
  ];

  it('does not flag a confident transcript with a normal speaking rate', () => {
    const a = assessTranscript(good, { speechMs: 5500 });
    expect(a.needsReview).toBe(false);
    expect(a.reviewReasons).toEqual([]);
    expect(a.confidence).toBeCloseTo((0.9 * 8 + 0.85 * 6) / 14);
  });

  it('flags low call confidence and low-confidence stretches with reasons', () => {
    const poor = good.map((u) => ({ ...u, confidence: 0.3 }));
    const a = assessTranscript(poor, { speechMs: 5500 });
    expect(a.needsReview).toBe(true);
    expect(a.reviewReasons.map((r) => r.split(':')[0])).toEqual([
      'low-confidence',
      'low-confidence-stretches',
    ]);
  });

  it('flags too few words for the amount of speech', () => {
    const a = assessTranscript(good, { speechMs: 60_000 });
    expect(a.reviewReasons).toEqual(['too-few-words: 14 words per minute of speech, expected at least 50']);
  });

  it('flags a transcript with no words', () => {
    expect(assessTranscript([], { speechMs: 8000 }).reviewReasons).toEqual([
      'no-words: speech was detected (8 s) but nothing was recognised',
    ]);
  });

  it('leaves confidence unset when no utterance has one and does not flag for that alone', () => {
    const plain = good.map(({ confidence: _c, ...u }) => u);
    expect(callConfidence(plain)).toBeUndefined();
    const a = assessTranscript(plain, { speechMs: 5500 });
    expect(a).toEqual({ needsReview: false, reviewReasons: [] });
    expect(withAssessment({ utterances: plain }, a)).toEqual({
      utterances: plain,
      needsReview: false,
      reviewReasons: [],
    });
  });

  it('isLowConfidence is false when confidence is unknown', () => {
    expect(isLowConfidence({ speaker: 'agent', startMs: null, endMs: null, text: 'x' })).toBe(false);
    expect(
      isLowConfidence({ speaker: 'agent', startMs: null, endMs: null, text: 'x', confidence: 0.2 }),
    ).toBe(true);
  });
});
