import { TeachbackError } from '../errors';
import type { Utterance } from '../model';
import { encodeBase64 } from './base64';
import {
  createFeatureBuffer,
  createTokenizedTranscript,
  MAX_FEATURES,
  sentenceFeatures,
  tokenizeTranscript,
  utteranceFeatures,
} from './features';
import { loadActModel, trainActWeights, type TrainingCall } from './index';
import { decodeWordClusters, WORD_CLUSTERS_FORMAT, type WordClustersFile } from './word-clusters';

const TIRED = ['exhausted', 'depleted', 'weary', 'fatigued', 'spent', 'wiped', 'sapped', 'frazzled'];
TIRED.push('tired', 'sleepy', 'burned', 'haggard');
const CALM = ['fine', 'okay', 'good', 'great', 'calm', 'happy', 'glad', 'content', 'pleased', 'relaxed'];
CALM.push('cheerful', 'chill');

/** A hand-made cluster table: words of one feeling share a cluster, as GloVe neighbours would. */
function clusters(groups: Record<string, string[]>): WordClustersFile {
  const words: string[] = [];
  const coarse: number[] = [];
  const fine: number[] = [];
  Object.values(groups).forEach((list, g) => {
    for (const w of list) {
      words.push(w);
      coarse.push(g % 4);
      fine.push(g);
    }
  });
  const fineBytes = new Uint8Array(fine.length * 2);
  const view = new DataView(fineBytes.buffer);
  fine.forEach((f, i) => view.setUint16(i * 2, f, true));
  return {
    format: WORD_CLUSTERS_FORMAT,
    source: 'hand-made for tests',
    coarseClusters: 4,
    fineClusters: 64,
    words: words.join(' '),
    coarse: encodeBase64(Uint8Array.from(coarse)),
    fine: encodeBase64(fineBytes),
  };
}

const table = clusters({
  tired: [...TIRED, 'drained'],
  thing: ['bill', 'invoice', 'statement', 'letter'],
  calm: [...CALM, 'serene'],
});

const utterance = (speaker: Utterance['speaker'], text: string): Utterance => ({
  speaker,
  text,
  startMs: null,
  endMs: null,
});

/**
 * Distress said with twelve words of one cluster, each once (so below the word features' minimum
 * count: only the cluster can carry them), beside calm replies of the same shape; the test then
 * uses a word of the cluster that training never saw.
 */
function distressCorpus(): TrainingCall[] {
  const calls: TrainingCall[] = [];
  for (let i = 0; i < 12; i++) {
    calls.push({
      id: `c-${i}`,
      turns: [
        { speaker: 'agent', text: 'Let me look at it.', labels: [] },
        { speaker: 'customer', text: `I am so ${TIRED[i]!} by this bill`, labels: ['distress:exhaustion'] },
        { speaker: 'agent', text: 'Let me look at it.', labels: [] },
        { speaker: 'customer', text: `I am so ${CALM[i]!} by this bill`, labels: [] },
        { speaker: 'agent', text: 'Let me look at it.', labels: [] },
        { speaker: 'customer', text: `I am so ${CALM[(i + 5) % 12]!} by this bill`, labels: [] },
      ],
    });
  }
  return calls;
}

describe('word clusters as act features', () => {
  it('carry what training learnt about a word to unseen words of the same cluster', () => {
    const model = loadActModel(trainActWeights(distressCorpus(), { folds: 1 }, table));
    const wordsOnly = loadActModel(trainActWeights(distressCorpus(), { folds: 1 }));
    const distress = (m: typeof model, word: string): number =>
      m
        .tagTranscript([
          utterance('agent', 'Let me look at it.'),
          utterance('customer', `I am so ${word} by this bill`),
        ])[1]!
        .acts.find((a) => a.act === 'distress')?.score ?? 0;
    // Neither "drained" nor "serene" was in training; their clusters were.
    expect(distress(model, 'drained')).toBeGreaterThan(0.5);
    expect(distress(model, 'serene')).toBe(0);
    // Without clusters both are just unknown words and get the same answer.
    expect(distress(wordsOnly, 'drained')).toBe(distress(wordsOnly, 'serene'));
  });

  it('are copied into the weights, so a model file is self-contained and trains deterministically', () => {
    const weights = trainActWeights(distressCorpus(), { folds: 1 }, table);
    expect(weights.wordClusters).toEqual(table);
    expect(trainActWeights(distressCorpus(), { folds: 1 }, table)).toEqual(weights);
  });

  it.each([
    [
      'words that are not lower-case alphabetic',
      { ...table, words: table.words.replace('bill', 'Bill') },
      'words',
    ],
    ['a coarse table of the wrong length', { ...table, coarse: encodeBase64(new Uint8Array(2)) }, 'coarse'],
    ['an unknown format', { ...table, format: 'x' }, 'format'],
  ])('rejects %s, naming the field', (_why, bad, field) => {
    let error: unknown;
    try {
      decodeWordClusters(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TeachbackError);
    expect((error as TeachbackError).code).toBe('ACTS.INVALID_WEIGHTS');
    expect((error as TeachbackError).details).toEqual({ field: `wordClusters.${field}` });
  });

  it('keep the sentence shortcut exact: a sentence scores as if computed on its own', () => {
    const call = [
      utterance('agent', 'This bill is fine. I am drained? Okay!'),
      utterance('customer', 'Weary; exhausted. great letter'),
    ];
    const t = tokenizeTranscript(call, createTokenizedTranscript(), decodeWordClusters(table));
    const whole = createFeatureBuffer();
    const reference = createFeatureBuffer();
    const groups = new Int32Array(MAX_FEATURES);
    const reused = new Int32Array(MAX_FEATURES);
    const fresh = new Int32Array(4);
    const freshCount = new Int32Array(1);
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
    expect(sentences).toBe(6);
  });
});
