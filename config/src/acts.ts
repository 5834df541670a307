import * as fs from 'node:fs';
import * as path from 'node:path';
import { TeachbackError, WordClustersFile, loadActModel, type ActModel } from '@teachback/core';

/** The committed act model weights (trained by `npm run train`). */
export const BUILTIN_ACT_WEIGHTS = path.resolve(__dirname, '..', 'models', 'acts.json');

/**
 * Word clusters derived from GloVe vectors (`config/scripts/acts-word-clusters.ts`); training
 * copies them into the weights so the model file stays self-contained.
 */
export const ACT_WORD_CLUSTERS = path.resolve(__dirname, '..', 'models', 'acts-word-clusters.json');

let builtin: ActModel | undefined;

/** The committed word clusters, validated (errors name the field). */
export function readActWordClusters(file = ACT_WORD_CLUSTERS): WordClustersFile {
  const parsed = WordClustersFile.safeParse(readActWeights(file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TeachbackError(
      'ACTS.INVALID_WEIGHTS',
      `word clusters ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** The built-in dialogue-act model, loaded once per process. */
export function builtinActModel(): ActModel {
  if (!builtin) builtin = loadActModel(readActWeights(BUILTIN_ACT_WEIGHTS));
  return builtin;
}

export function readActWeights(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new TeachbackError('ACTS.WEIGHTS_NOT_FOUND', `act model weights ${file} cannot be read`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TeachbackError('ACTS.INVALID_WEIGHTS', `act model weights ${file}: not valid JSON`, { cause });
  }
}
