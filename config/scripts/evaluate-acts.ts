/**
 * `npm run evaluate:acts`: per-act precision/recall of the act model on data it was not trained
 * on, two ways: (1) a held-out fifth of the dialogues (chosen by a hash of the dialogue id, never
 * used to train or tune) and (2) by source: trained on the written calls only, tested on the real
 * conversations. Nothing is chosen on either test set.
 */
import {
  WRITTEN_SOURCE,
  evaluateActModel,
  formatActScores,
  isHeldOut,
  loadActModel,
  trainActWeights,
  type CorpusCall,
} from '@teachback/core';
import { readActCorpus, readActWordClusters } from '@teachback/config';

const clusters = process.argv.includes('--no-clusters') ? undefined : readActWordClusters();

function report(title: string, train: CorpusCall[], test: CorpusCall[]): string {
  const model = loadActModel(trainActWeights(train, {}, clusters));
  const utterances = (calls: CorpusCall[]): number => calls.reduce((n, c) => n + c.turns.length, 0);
  const heading =
    `${title}: trained on ${utterances(train)} utterances (${train.length} calls), ` +
    `tested on ${utterances(test)} utterances (${test.length} calls)`;
  return formatActScores(heading, evaluateActModel(model, test));
}

const calls = readActCorpus();
const out = [
  report(
    'Held-out split (by dialogue)',
    calls.filter((c) => !isHeldOut(c)),
    calls.filter((c) => isHeldOut(c)),
  ),
  report(
    'Split by source (train written, test real)',
    calls.filter((c) => c.source === WRITTEN_SOURCE),
    calls.filter((c) => c.source !== WRITTEN_SOURCE),
  ),
];
process.stdout.write(out.join('\n\n') + '\n');
