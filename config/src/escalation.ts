import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  TeachbackError,
  createEscalationMonitor,
  loadEscalationModel,
  type EscalationModel,
  type EscalationMonitor,
} from '@teachback/core';

/** The committed escalation classifier weights (trained by `npm run train:escalation`). */
export const BUILTIN_ESCALATION_WEIGHTS = path.resolve(__dirname, '..', 'models', 'escalation.json');

let builtin: EscalationModel | undefined;

/** The built-in learned escalation classifier, loaded once per process. */
export function builtinEscalationModel(): EscalationModel {
  if (!builtin) builtin = loadEscalationModel(readEscalationWeights(BUILTIN_ESCALATION_WEIGHTS));
  return builtin;
}

/**
 * A live escalation monitor for one call that decides with the built-in classifier: the factory
 * adapters pass to their live watchers (e.g. adapter-genesys `watchEscalations(live, on,
 * newEscalationMonitor)`), so a live alert and the post-call scorecard agree.
 */
export function newEscalationMonitor(): EscalationMonitor {
  return createEscalationMonitor({ model: builtinEscalationModel() });
}

export function readEscalationWeights(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new TeachbackError(
      'ESCALATION.WEIGHTS_NOT_FOUND',
      `escalation classifier weights ${file} cannot be read`,
      { cause },
    );
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TeachbackError(
      'ESCALATION.INVALID_WEIGHTS',
      `escalation classifier weights ${file}: not valid JSON`,
      {
        cause,
      },
    );
  }
}
