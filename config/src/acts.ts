import * as fs from 'node:fs';
import * as path from 'node:path';
import { TeachbackError, loadActModel, type ActModel } from '@teachback/core';

/** The committed act model weights (trained by `npm run train`). */
export const BUILTIN_ACT_WEIGHTS = path.resolve(__dirname, '..', 'models', 'acts.json');

let builtin: ActModel | undefined;

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
