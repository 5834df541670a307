import { TeachbackError } from '../errors';
import type { Utterance } from '../model';
import {
  createFeatureBuffer,
  createTokenizedTranscript,
  MAX_FEATURES,
  sentenceFeatures,
  tokenizeTranscript,
  utteranceFeatures,
} from './features';
import { ACT_NAMES, HEADS, loadActModel, trainActWeights, type TrainingCall } from './index';

/** A tiny labelled corpus written for these tests: enough for the model to learn the cues. */
function tinyCorpus(): TrainingCall[] {
  const calls: TrainingCall[] = [];
  const names = ['Ana', 'Ben', 'Cleo', 'Dmitri', 'Esi', 'Farah', 'Gus', 'Hana'];
  names.forEach((name, i) => {
    calls.push({
      id: `verify-${i}`,
      turns: [
        { speaker: 'agent', text: 'This call is recorded for quality.', labels: ['recording-disclosure'] },
        {
          speaker: 'agent',
          text: `Can you confirm your date of birth is May ${i + 1}?`,
          labels: ['identifier-request:dob'],
        },
        {
          speaker: 'customer',
          text: i % 2 ? 'Yes.' : 'Yes, that is right.',
          labels: ['identifier-confirm:dob'],
        },
        {
          speaker: 'agent',
          text: `Thanks ${name}. Any questions about your visit?`,
          labels: ['comprehension-check'],
        },
        { speaker: 'customer', text: i % 2 ? 'Yes.' : 'Yes, one.', labels: [] },
        { speaker: 'customer', text: 'Should I stop the pills?', labels: ['clinical-question'] },
      ],
    });
  });
  return calls;
}

const utterance = (speaker: Utterance['speaker'], text: string): Utterance => ({
  speaker,
  text,
  startMs: null,
  endMs: null,
});

describe('act model training and inference', () => {
  const weights = trainActWeights(tinyCorpus(), { folds: 1 });

  it('is deterministic: the same corpus and seed give the same weights, a new seed differs', () => {
    expect(trainActWeights(tinyCorpus(), { folds: 1 })).toEqual(weights);
    expect(trainActWeights(tinyCorpus(), { folds: 1, seed: 99 }).weights).not.toEqual(weights.weights);
  });

  it('uses the previous turn: "yes" after a date-of-birth check confirms it, "yes" after "any questions" does not', () => {
    const model = loadActModel(weights);
    const tagged = model.tagTranscript([
      utterance('agent', 'Can you confirm your date of birth is June 9?'),
      utterance('customer', 'Yes.'),
      utterance('agent', 'Great. Any questions about your visit?'),
      utterance('customer', 'Yes.'),
    ]);
    expect(tagged[1]!.acts.map((a) => [a.act, a.detail])).toContainEqual(['identifier-confirm', 'dob']);
    expect(tagged[3]!.acts.map((a) => a.act)).not.toContain('identifier-confirm');
    expect(tagged[2]!.acts.map((a) => a.act)).toContain('comprehension-check');
  });

  it('tags every utterance with its index and the same result every time', () => {
    const model = loadActModel(weights);
    const call = [
      utterance('agent', 'this call is recorded'),
      utterance('customer', 'ok'),
      utterance('system', ''),
    ];
    const first = model.tagTranscript(call);
    expect(first.map((u) => u.index)).toEqual([0, 1, 2]);
    expect(model.tagTranscript(call)).toEqual(first);
    for (const u of first) for (const tag of u.acts) expect(tag.score).toBeGreaterThanOrEqual(0);
  });
});

describe('act weights validation', () => {
  const good = trainActWeights(tinyCorpus(), { folds: 1 });

  function errorOf(weights: unknown): TeachbackError {
    try {
      loadActModel(weights);
    } catch (e) {
      if (e instanceof TeachbackError) return e;
      throw e;
    }
    throw new Error('expected loadActModel to throw');
  }

  it.each([
    ['a missing field', { ...good, scale: undefined }, 'scale'],
    [
      'a threshold above 1',
      { ...good, heads: good.heads.map((h, i) => (i === 2 ? { ...h, threshold: 2 } : h)) },
      'heads[2].threshold',
    ],
    [
      'heads in the wrong order',
      { ...good, heads: [good.heads[1], good.heads[0], ...good.heads.slice(2)] },
      'heads[0].name',
    ],
    ['too few heads', { ...good, heads: good.heads.slice(1) }, 'heads'],
    ['keys that are not base64', { ...good, keys: 'not*base64!' }, 'keys'],
    ['weights of the wrong length', { ...good, weights: good.weights.slice(0, -4) }, 'weights'],
    ['an unknown format', { ...good, format: 'other' }, 'format'],
  ])('rejects %s, naming the field', (_why, weights, field) => {
    const e = errorOf(weights);
    expect(e.code).toBe('ACTS.INVALID_WEIGHTS');
    expect(e.message).toContain(`${field}:`);
    expect(e.details).toEqual({ field });
  });

  it('rejects something that is not an object', () => {
    expect(errorOf('weights').message).toContain('(root)');
  });

  it('has one head per act, then the detail heads', () => {
    expect(HEADS.slice(0, ACT_NAMES.length).map((h) => h.name)).toEqual([...ACT_NAMES]);
    expect(good.heads.map((h) => h.name)).toEqual(HEADS.map((h) => h.name));
  });
});

describe('tokenizer', () => {
  const hashes = (text: string): number[] => {
    const t = tokenizeTranscript([{ speaker: 'agent', text }], createTokenizedTranscript());
    return [...t.tokens.slice(t.starts[0], t.starts[1])];
  };

  it('treats case, apostrophes and punctuation like ASR text without them', () => {
    expect(hashes("Don't WORRY, it's fine.")).toEqual(hashes('dont worry its fine'));
  });

  it('keeps a question mark and maps numbers to their shape', () => {
    expect(hashes('born 1961?')).toEqual(hashes('born 1984 ?'));
    expect(hashes('born 1961?')).not.toEqual(hashes('born 1961'));
    expect(hashes('born 61')).not.toEqual(hashes('born 1961'));
  });
});

describe('sentence features', () => {
  // The model scores each sentence of a multi-sentence turn from the turn's own features; this
  // checks that shortcut against computing the sentence's features from scratch.
  const call: Utterance[] = [
    utterance('agent', 'Thanks for calling. This call is recorded. How can I help?'),
    utterance('customer', "Hi. I'm calling about my results; my A1C was 7.9. Is that bad?"),
    utterance('agent', "You're verified. I see your results came back! Dr. Lee wants to see you."),
    utterance('customer', 'ok'),
    utterance('agent', 'one sentence without punctuation at all'),
    utterance('agent', '?. ! ;'),
  ];

  it('are exactly the features of the sentence computed on its own', () => {
    const t = tokenizeTranscript(call, createTokenizedTranscript());
    const whole = createFeatureBuffer();
    const groups = new Int32Array(MAX_FEATURES);
    const reused = new Int32Array(MAX_FEATURES);
    const fresh = new Int32Array(4);
    const freshCount = new Int32Array(1);
    const reference = createFeatureBuffer();
    let sentences = 0;
    for (let i = 0; i < t.count; i++) {
      const start = t.starts[i]!;
      const end = t.starts[i + 1]!;
      const n = utteranceFeatures(t, i, whole, start, end, groups);
      let from = start;
      for (let j = start; j < end; j++) {
        if (j !== end - 1 && !t.sentenceEnds[j]) continue;
        const r = sentenceFeatures(t, i, groups, n, from, j + 1, reused, fresh, freshCount);
        const shortcut = [...reused.slice(0, r)]
          .map((k) => whole[k]!)
          .concat([...fresh.slice(0, freshCount[0])]);
        const expected = [...reference.slice(0, utteranceFeatures(t, i, reference, from, j + 1))];
        expect(shortcut.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
        sentences++;
        from = j + 1;
      }
    }
    expect(sentences).toBeGreaterThan(8);
  });
});
