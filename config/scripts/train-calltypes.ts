/**
 * Trains the call-type classifier (core/src/calltypes/model.ts) on the tuning part of the
 * labelled real dialogues (calltype-datasets.ts) and reports accuracy on the held-out part, which
 * training never reads. Writes config/models/calltypes.json.
 *
 *   npm run train:calltypes [-- --check] [-- --datasets DIR]
 *
 * Deterministic: `--check` retrains and fails if the committed file differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { loadCallTypeModel, trainCallTypeModel, type CallType } from '@teachback/core';
import { calltypePartOf, datasetsRoot, loadLabelled, type LabelledDialogue } from './calltype-datasets';

const args = process.argv.slice(2);
const dirAt = args.indexOf('--datasets');
const root = datasetsRoot(dirAt >= 0 ? args[dirAt + 1] : undefined);
export const CALLTYPE_WEIGHTS_PATH = join(__dirname, '..', 'models', 'calltypes.json');

const all = loadLabelled(root);
const tuning = all.filter((d) => calltypePartOf(d) === 'tuning');
const heldOut = all.filter((d) => calltypePartOf(d) === 'held-out');
const weights = trainCallTypeModel(
  tuning.map((d) => ({ label: d.label, utterances: d.utterances })),
  { version: 'calltypes-2026-12-07', minDocs: 3, alpha: 1, minConfidence: 0.5, balanced: true },
);
async function main(): Promise<void> {
  // Written in the repository's own format so `npm run lint` (prettier --check) accepts it as is.
  const options = await prettier.resolveConfig(CALLTYPE_WEIGHTS_PATH);
  const text = await prettier.format(JSON.stringify(weights), {
    ...options,
    filepath: CALLTYPE_WEIGHTS_PATH,
  });
  if (args.includes('--check')) {
    if (readFileSync(CALLTYPE_WEIGHTS_PATH, 'utf8') !== text) {
      console.error('config/models/calltypes.json differs from a fresh training run');
      process.exit(1);
    }
  } else writeFileSync(CALLTYPE_WEIGHTS_PATH, text);
}

const model = loadCallTypeModel(weights);
function evaluate(part: LabelledDialogue[], name: string): void {
  const confusion = new Map<string, number>();
  const bySource = new Map<string, { n: number; ok: number }>();
  let ok = 0;
  for (const d of part) {
    const p = model.predict(d.utterances);
    // What classify.ts would answer: below minConfidence the call is `other`.
    const said: CallType = p.confidence >= weights.minConfidence ? p.callType : 'other';
    if (said === d.label) ok++;
    confusion.set(`${d.label} -> ${said}`, (confusion.get(`${d.label} -> ${said}`) ?? 0) + 1);
    const s = bySource.get(d.source) ?? { n: 0, ok: 0 };
    s.n++;
    if (said === d.label) s.ok++;
    bySource.set(d.source, s);
  }
  console.log(`${name}: ${part.length} dialogues, accuracy ${((100 * ok) / part.length).toFixed(1)} %`);
  for (const [src, s] of [...bySource].sort())
    console.log(
      `  ${src.padEnd(28)} ${String(s.ok).padStart(4)}/${String(s.n).padEnd(4)} ${((100 * s.ok) / s.n).toFixed(1)} %`,
    );
  console.log('  confusion (label -> said):');
  for (const [k, n] of [...confusion].sort()) console.log(`    ${k}: ${n}`);
}
console.log(`vocabulary ${Object.keys(weights.words).length} words, classes ${weights.classes.join(', ')}`);
void main().then(() => {
  evaluate(tuning, 'tuning (trained on)');
  evaluate(heldOut, 'held-out (never trained on)');
});
