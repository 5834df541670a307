import * as fs from 'node:fs';
import * as path from 'node:path';
import { TeachbackError, loadCallTypeModel, type CallTypeModel } from '@teachback/core';

/** The trained call-type classifier (npm run train:calltypes), beside src/ and dist/ alike. */
export const BUILTIN_CALLTYPE_WEIGHTS = path.resolve(__dirname, '..', 'models', 'calltypes.json');

let builtin: CallTypeModel | undefined;

/** Loads config/models/calltypes.json once per process. */
export function builtinCallTypeModel(): CallTypeModel {
  if (!builtin) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(BUILTIN_CALLTYPE_WEIGHTS, 'utf8'));
    } catch (cause) {
      throw new TeachbackError('CALLTYPES.WEIGHTS_NOT_FOUND', 'call-type weights cannot be read', { cause });
    }
    builtin = loadCallTypeModel(raw);
  }
  return builtin;
}
