import * as fs from 'node:fs';
import { ACT_NAMES, trainActWeights, type ActWeightsFile } from '@teachback/core';
import { BUILTIN_ACT_WEIGHTS, builtinActModel, readActCorpus, readActCorpusRows } from './index';

describe('the committed act model', () => {
  it('is exactly what `npm run train` produces from the committed corpus', () => {
    const committed = JSON.parse(fs.readFileSync(BUILTIN_ACT_WEIGHTS, 'utf8')) as ActWeightsFile;
    const retrained = trainActWeights(readActCorpus(), committed.training, committed.wordClusters);
    // Exact: training is deterministic (seeded order, no threads) and the weights are quantised
    // to 1/1000, so the same corpus and options give the same bytes.
    expect(retrained.version).toBe(committed.version);
    expect(retrained).toEqual(committed);
  });

  it('loads once per process and has a version', () => {
    const model = builtinActModel();
    expect(builtinActModel()).toBe(model);
    expect(model.version).toMatch(/^acts-\d+\.[0-9a-f]{8}$/);
  });

  it('is trained on a corpus of labelled calls using every act name', () => {
    const rows = readActCorpusRows();
    const used = new Set(rows.flatMap((r) => r.acts.map((a) => a.split(':')[0])));
    for (const act of ACT_NAMES) expect(used).toContain(act);
  });
});
