/**
 * `npm run train`: retrains the dialogue-act model from the labelled corpus (config/corpus) and
 * writes config/models/acts.json. Deterministic: the same corpus and seed give the same file.
 */
import * as fs from 'node:fs';
import * as prettier from 'prettier';
import { trainActWeights } from '@teachback/core';
import { BUILTIN_ACT_WEIGHTS, readActCorpus, readActWordClusters } from '@teachback/config';

async function main(): Promise<void> {
  const started = Date.now();
  const calls = readActCorpus();
  const weights = trainActWeights(calls, {}, readActWordClusters());
  // Written in the repository's own format so `npm run lint` (prettier --check) accepts it as is.
  const options = await prettier.resolveConfig(BUILTIN_ACT_WEIGHTS);
  fs.writeFileSync(
    BUILTIN_ACT_WEIGHTS,
    await prettier.format(JSON.stringify(weights), { ...options, filepath: BUILTIN_ACT_WEIGHTS }),
  );
  const kb = Math.round(fs.statSync(BUILTIN_ACT_WEIGHTS).size / 1024);
  process.stdout.write(
    `trained ${weights.version} on ${weights.training.corpusUtterances} utterances in ${calls.length} calls ` +
      `(${((Date.now() - started) / 1000).toFixed(1)} s) -> ${BUILTIN_ACT_WEIGHTS} (${kb} KiB)\n`,
  );
}

void main();
