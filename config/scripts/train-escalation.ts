/**
 * Trains the escalation classifier (core/src/escalation/classifier.ts) and writes
 * config/models/escalation.json.
 *
 *   npm run train:escalation [-- --check] [-- --cv K [--errors]] [-- --datasets DIR]
 *
 * Seed spread (round 16; config/scripts/escalation-seed-spread.sh): `--seed N` trains with
 * another seed, `--out PATH` writes there instead of config/models/escalation.json; experiments:
 * `--orders N` (averaged seeded orders), `--learning-rate X`, `--cv-seeds S` (operating points from
 * the out-of-fold scores of S cross-validations pooled). Without them: the committed procedure.
 *
 * Examples are the candidates the cue rules and the recall layer propose on
 * - the tuning part of the real consultations (escalation-datasets.ts `partOf`; the held-out part
 *   is never read here): a candidate is positive when escalation-judgements.json judges it genuine,
 *   negative otherwise (routine visits: nearly every mention of chest, breath or blood is not one);
 * - the synthetic cases of core/src/escalation/cases.ts (the cue rules' test table);
 * - the calls written for training in escalation-training.json.
 * - the first written held-out set (config/fixtures/escalation-heldout), training data since set 2
 *   was written. config/fixtures/escalation-heldout-2, -3, -4 and -5 are never read. Deterministic for a seed: `--check` retrains
 * and fails if the committed file differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as prettier from 'prettier';
import {
  DEFAULT_ESCALATION_TRAINING,
  loadEscalationModel,
  plateauMiddle,
  trainEscalationWeights,
  type EscalationSeverity,
  type EscalationType,
  type TrainingExample,
  type Utterance,
} from '@teachback/core';
// The cue rules' own case table and the candidate hook are reached directly: the script reads
// what the detector is built from, not a widened package API.
import { NEGATIVES, POSITIVES, type Turns } from '../../core/src/escalation/cases';
import { createEscalationMonitor, type CandidateRecord } from '../../core/src/escalation/monitor';
import { loadAll, partOf } from './escalation-datasets';

const args = process.argv.slice(2);
const dirAt = args.indexOf('--datasets');
const root = resolve(dirAt >= 0 ? args[dirAt + 1]! : join(__dirname, '..', '..', '..', 'shared', 'datasets'));
export const WEIGHTS_PATH = join(__dirname, '..', 'models', 'escalation.json');
// `--seed N` trains with another seed (the seed-spread measure: config/scripts/escalation-seed-spread.sh);
// `--out PATH` writes the weights there instead of the committed file.
const seedAt = args.indexOf('--seed');
const ordersAt = args.indexOf('--orders');
const rateAt = args.indexOf('--learning-rate');
const TRAINING = {
  ...DEFAULT_ESCALATION_TRAINING,
  ...(seedAt >= 0 ? { seed: Number(args[seedAt + 1]) } : {}),
  ...(ordersAt >= 0 ? { orders: Number(args[ordersAt + 1]) } : {}),
  ...(rateAt >= 0 ? { learningRate: Number(args[rateAt + 1]) } : {}),
};
const outAt = args.indexOf('--out');
const cvSeedsAt = args.indexOf('--cv-seeds');
const CV_SEEDS = cvSeedsAt >= 0 ? Number(args[cvSeedsAt + 1]) : 1;
const OUT_PATH = outAt >= 0 ? resolve(args[outAt + 1]!) : WEIGHTS_PATH;

interface Labelled {
  type: EscalationType;
  severity?: EscalationSeverity;
}

/** Candidates of one call, each labelled by `label(utterance, type)` (undefined = negative). */
function examplesOf(
  source: string,
  utterances: readonly Utterance[],
  label: (c: CandidateRecord) => Labelled | undefined,
): TrainingExample[] {
  const out: TrainingExample[] = [];
  const monitor = createEscalationMonitor({
    onCandidate: (c) => {
      const l = label(c);
      out.push({
        source,
        type: c.type,
        features: c.features,
        positive: l !== undefined,
        ruleRaised: c.ruleSeverity !== undefined && c.strict !== true,
        framed: c.ruleSeverity === undefined && c.framed,
        ...(c.strict === true ? { strict: true } : {}),
        utterance: c.utterance,
        ...(l?.severity ? { severity: l.severity } : {}),
      });
      // The quiet view of a framed candidate a cue rule also saw (see CandidateRecord).
      if (c.quietFeatures)
        out.push({
          source,
          type: c.type,
          features: c.quietFeatures,
          positive: l !== undefined,
          framed: true,
          utterance: c.utterance,
          augmented: true,
          ...(l?.severity ? { severity: l.severity } : {}),
        });
    },
  });
  for (const u of utterances) monitor.push(u);
  return out;
}

function callOf(turns: Turns): Utterance[] {
  const list = typeof turns === 'string' ? [turns] : turns;
  return list.map((line, i) => {
    const agent = line.startsWith('Agent: ') || line.startsWith('A:');
    return {
      speaker: agent ? 'agent' : 'customer',
      startMs: i * 5000,
      endMs: i * 5000 + 4000,
      text: line.replace(/^(?:Agent: |A:\s*|C:\s*)/, ''),
    };
  });
}

function realExamples(): TrainingExample[] {
  const raw = JSON.parse(readFileSync(join(__dirname, 'escalation-judgements.json'), 'utf8')) as {
    judgements: { key: string; type: EscalationType; verdict: 'genuine' | 'false' }[];
  };
  const genuine = new Set(
    raw.judgements.filter((j) => j.verdict === 'genuine').map((j) => `${j.key}:${j.type}`),
  );
  const out: TrainingExample[] = [];
  for (const d of loadAll(root)) {
    if (partOf(d) !== 'tuning') continue;
    out.push(
      ...examplesOf(`real:${d.source}/${d.id}`, d.utterances, (c) =>
        genuine.has(`${d.source}/${d.id}#${c.utterance}:${c.type}`)
          ? { type: c.type, ...(c.ruleSeverity ? { severity: c.ruleSeverity } : {}) }
          : undefined,
      ),
    );
  }
  return out;
}

/** The cue rules' case table: the named type on the last turn; what the rules raise elsewhere. */
function caseTableExamples(): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const [k, [type, , turns]] of POSITIVES.entries()) {
    const call = callOf(turns);
    const last = call.length - 1;
    out.push(
      ...examplesOf(`cases:positive/${k}`, call, (c) =>
        (c.utterance === last && c.type === type) || c.ruleSeverity !== undefined
          ? { type: c.type, ...(c.ruleSeverity ? { severity: c.ruleSeverity } : {}) }
          : undefined,
      ),
    );
  }
  for (const [k, [, turns]] of NEGATIVES.entries())
    out.push(...examplesOf(`cases:negative/${k}`, callOf(turns), () => undefined));
  return out;
}

interface WrittenCall {
  id: string;
  turns: string[];
  expect: { type: EscalationType; severity: EscalationSeverity }[];
}

/** Calls written for training: the expected escalations sit on the last caller turn. */
function writtenExamples(): TrainingExample[] {
  const { calls } = JSON.parse(readFileSync(join(__dirname, 'escalation-training.json'), 'utf8')) as {
    calls: WrittenCall[];
  };
  // Held-out set 1 became training data once held-out set 2 was written (issue 14): set 1's
  // figures are tuning figures from then on; set 2 (escalation-heldout-2) is never read here.
  const set1 = JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'escalation-heldout', 'calls.json'), 'utf8'),
  ) as { cases: WrittenCall[] };
  const out: TrainingExample[] = [];
  for (const w of [...calls, ...set1.cases.map((c) => ({ ...c, id: `h1/${c.id}` }))]) {
    const call = callOf(w.turns);
    const last = call.map((u) => u.speaker).lastIndexOf('customer');
    const mine = examplesOf(`written:${w.id}`, call, (c) =>
      c.utterance === last ? w.expect.find((e) => e.type === c.type) : undefined,
    );
    for (const e of w.expect)
      if (!mine.some((x) => x.positive && x.type === e.type))
        console.log(`no candidate: written ${w.id} ${e.type}`);
    out.push(...mine);
  }
  return out;
}

export function trainingExamples(): TrainingExample[] {
  return [...realExamples(), ...caseTableExamples(), ...writtenExamples()];
}

/** The group an example's call belongs to, for folds: a call never straddles two folds. */
function callKey(e: TrainingExample): string {
  return e.source;
}

const FOLDS = 5;

function foldOf(key: string, k: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % k;
}

/**
 * k-fold cross-validation by call over the training examples only (never the held-out part or
 * the written held-out calls): the tuning loop's measure.
 */
/** Which operating point a candidate falls under: raised by a cue rule, by a frame, or neither. */
type Bucket = 'rule' | 'strict' | 'frame' | 'recall';

interface Scored {
  type: EscalationType;
  p: number;
  positive: boolean;
  bucket: Bucket;
  group: string;
}

function bucketOf(e: TrainingExample): Bucket {
  return e.ruleRaised === true
    ? 'rule'
    : e.strict === true
      ? 'strict'
      : e.framed === true
        ? 'frame'
        : 'recall';
}

const GRID = [
  0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95,
];

/**
 * The operating point of each kind of candidate from the out-of-fold probabilities: the
 * threshold with the most caught escalations less twice the false ones on written calls and
 * REAL_FALSE_COST times those on the real consultations (a false alarm pulls a supervisor off the
 * floor; routine visits are what the product mostly hears, and the target allows 5 false alarms
 * over ~2,900 of them).
 */
const REAL_FALSE_COST = 5;

/**
 * Stability rule (round 11). The gain curve over the grid is flat near its best on most paths (a
 * handful of positives decide it), and the old choice — the best neighbour-averaged point, ties to
 * the stricter — sat on the edge of that flat part, so one more or one fewer example moved it by
 * up to 0.65 (round 10: frame-raised medical 0.8 -> 0.15, crisis 0.75 -> 0.95) and lost clear
 * cases. Now: every grid point whose gain is within PLATEAU_TOLERANCE of the best is near-optimal;
 * the widest run of adjacent near-optimal points is the plateau (ties: the stricter run), and the
 * threshold is its middle, so a retrain that shifts one edge by a grid step moves the point by
 * half a step at most.
 */
const PLATEAU_TOLERANCE = 1;

/** The fixed operating point of strict-frame candidates: a documented floor (see main). */
const STRICT_THRESHOLD = 0.3;

function chooseThreshold(scored: readonly Scored[], bucket: Bucket, type: EscalationType | 'pooled'): number {
  const mine = scored.filter((x) => x.bucket === bucket && (type === 'pooled' || x.type === type));
  const gainAt = (t: number): number => {
    const s = mine.filter((x) => x.p >= t);
    const falseWritten = s.filter((x) => !x.positive && x.group !== 'real').length;
    const falseReal = s.filter((x) => !x.positive && x.group === 'real').length;
    return s.filter((x) => x.positive).length - 2 * falseWritten - REAL_FALSE_COST * falseReal;
  };
  // Pooled over CV_SEEDS cross-validations the gains add up: the tolerance is one escalation per run.
  return plateauMiddle(GRID, GRID.map(gainAt), PLATEAU_TOLERANCE * CV_SEEDS);
}

function crossValidate(
  examples: readonly TrainingExample[],
  k: number,
  report: boolean,
  seed = TRAINING.seed,
): Scored[] {
  const rows = new Map<string, { pos: number; caught: number; neg: number; raised: number }>();
  const errors: string[] = [];
  const scored: Scored[] = [];
  for (let f = 0; f < k; f++) {
    const train = examples.filter((e) => foldOf(callKey(e), k) !== f);
    const model = loadEscalationModel(trainEscalationWeights(train, { ...TRAINING, seed }));
    for (const e of examples) {
      if (foldOf(callKey(e), k) !== f || e.augmented) continue;
      const group = e.source.replace(/[:/].*$/, '');
      const row = rows.get(group) ?? { pos: 0, caught: 0, neg: 0, raised: 0 };
      rows.set(group, row);
      const d = model.decide(e.features, e.type, e.ruleRaised === true, e.framed === true, e.strict === true);
      scored.push({
        type: e.type,
        p: d.probability,
        positive: e.positive,
        bucket: bucketOf(e),
        group,
      });
      if (e.positive) {
        row.pos++;
        if (d.raise) row.caught++;
        else errors.push(`  missed ${e.source}#${e.utterance} ${e.type} p=${d.probability.toFixed(2)}`);
      } else {
        row.neg++;
        if (d.raise) {
          row.raised++;
          errors.push(`  false ${e.source}#${e.utterance} ${e.type} p=${d.probability.toFixed(2)}`);
        }
      }
    }
  }
  if (!report) return scored;
  console.log(`\n${k}-fold cross-validation by call (training examples only)`);
  for (const [g, r] of rows)
    console.log(
      `${g.padEnd(8)} positives caught ${r.caught} of ${r.pos}; negatives raised ${r.raised} of ${r.neg}`,
    );
  if (args.includes('--errors')) for (const e of errors) console.log(e);
  // Operating points: what each threshold would catch and raise, apart for candidates the cue
  // rules raised and those they did not.
  for (const bucket of ['rule', 'strict', 'frame', 'recall'] as const) {
    const line: string[] = [];
    for (const t of GRID) {
      const s = scored.filter((x) => x.bucket === bucket);
      const tp = s.filter((x) => x.positive && x.p >= t).length;
      const fp = s.filter((x) => !x.positive && x.p >= t).length;
      const fpReal = s.filter((x) => !x.positive && x.p >= t && x.group === 'real').length;
      line.push(`${t}: ${tp}/${s.filter((x) => x.positive).length} fp ${fp} (real ${fpReal})`);
    }
    console.log(`${bucket}-raised ${line.join(' | ')}`);
  }
  for (const bucket of ['rule', 'strict', 'frame', 'recall'] as const)
    for (const type of ['medical_emergency', 'mental_health_crisis', 'abusive_caller'] as const) {
      const s = scored.filter((x) => x.bucket === bucket && x.type === type);
      const line = GRID.map((t) => {
        const tp = s.filter((x) => x.positive && x.p >= t).length;
        const fp = s.filter((x) => !x.positive && x.p >= t && x.group !== 'real').length;
        const fr = s.filter((x) => !x.positive && x.p >= t && x.group === 'real').length;
        return `${t}:${tp}/${fp}/${fr}`;
      });
      console.log(`  ${bucket} ${type} (caught/false written/false real) ${line.join(' ')}`);
    }
  return scored;
}

async function main(): Promise<void> {
  const examples = trainingExamples();
  const cvAt = args.indexOf('--cv');
  const scored = crossValidate(examples, cvAt >= 0 ? Number(args[cvAt + 1]) : FOLDS, cvAt >= 0);
  // `--cv-seeds S` (experiment, round 16): the operating points from the out-of-fold scores of S
  // cross-validations with different seeds pooled (seed + 1000 r), not from one.
  for (let r = 1; r < CV_SEEDS; r++)
    scored.push(...crossValidate(examples, FOLDS, false, TRAINING.seed + 1000 * r));
  const per = (bucket: Bucket): Record<EscalationType, number> => ({
    medical_emergency: chooseThreshold(scored, bucket, 'medical_emergency'),
    mental_health_crisis: chooseThreshold(scored, bucket, 'mental_health_crisis'),
    abusive_caller: chooseThreshold(scored, bucket, 'abusive_caller'),
  });
  const thresholds = {
    ruleRaised: per('rule'),
    recallOnly: per('recall'),
    frameRaised: per('frame'),
    // Strict frames (frames.ts STRICT_FRAMES) are rules with acuity in the frame: the classifier
    // may veto one only when it is confident the turn is not current (p < STRICT_THRESHOLD). A
    // fixed point, not a cross-validated one: the strict bucket is thin (24 positives over three
    // types) and its chosen point swung 0.8 -> 0.7 -> 0.95 between retrains, each time on the edge
    // of a cliff. Round 11's CV (out of fold): 23 of 24 strict positives caught at every point
    // from 0.05 to 0.5 and 22 above, false alarms 3 real (medical) + 2 written (crisis) below 0.5
    // and 3 + 1 from 0.5; the committed model's strict crisis candidates for intent with means on the read
    // tuning sets (set 3 q08, set 8 e03) score 0.45-0.46, so 0.5 would veto clear cases, and 0.3
    // keeps the veto for what the model is sure of. Real data: same raises at 0.3 and at 0.5.
    strictRaised: {
      medical_emergency: STRICT_THRESHOLD,
      mental_health_crisis: STRICT_THRESHOLD,
      abusive_caller: STRICT_THRESHOLD,
    },
  };
  console.log(`thresholds by cross-validation: ${JSON.stringify(thresholds)}`);
  if (cvAt >= 0) {
    // Out-of-fold results at the chosen operating points (the thresholds were chosen on these
    // same out-of-fold scores, so this is a tuning figure, not a held-out one).
    for (const group of ['real', 'cases', 'written']) {
      const s = scored.filter((x) => x.group === group);
      const raise = (x: Scored): boolean =>
        x.p >=
        (x.bucket === 'rule'
          ? thresholds.ruleRaised
          : x.bucket === 'strict'
            ? thresholds.strictRaised
            : x.bucket === 'frame'
              ? thresholds.frameRaised
              : thresholds.recallOnly)[x.type];
      console.log(
        `at the operating points: ${group.padEnd(8)} caught ${s.filter((x) => x.positive && raise(x)).length} of ${s.filter((x) => x.positive).length}, false ${s.filter((x) => !x.positive && raise(x)).length}`,
      );
    }
  }
  if (cvAt >= 0) return;
  const bySource = new Map<string, [number, number]>();
  for (const e of examples) {
    const key = e.source.startsWith('real:')
      ? e.source.replace(/\/.*$/, '')
      : e.source.replace(/[:/].*$/, '');
    const row = bySource.get(key) ?? [0, 0];
    row[0]++;
    if (e.positive) row[1]++;
    bySource.set(key, row);
  }
  for (const [k, [n, p]] of bySource)
    console.log(`${k.padEnd(22)} ${String(n).padStart(6)} candidates, ${p} positive`);
  const weights = trainEscalationWeights(examples, { ...TRAINING, thresholds });
  // Written in the repository's own format so `npm run lint` (prettier --check) accepts it as is.
  const options = await prettier.resolveConfig(WEIGHTS_PATH);
  const text = await prettier.format(JSON.stringify(weights), { ...options, filepath: WEIGHTS_PATH });
  if (args.includes('--check')) {
    const committed = readFileSync(WEIGHTS_PATH, 'utf8');
    if (committed !== text) {
      console.error(
        'config/models/escalation.json differs from a fresh training run: run npm run train:escalation',
      );
      process.exit(1);
    }
    console.log('committed escalation.json matches a fresh training run');
    return;
  }
  writeFileSync(OUT_PATH, text);
  console.log(`wrote ${OUT_PATH}: ${weights.keys.length} features, ${examples.length} examples`);
}

if (require.main === module)
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
