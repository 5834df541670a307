import type { Utterance } from '../model';
import { seededRandom, shuffleInPlace } from '../random';
import { encodeBase64 } from './base64';
import { createFeatureBuffer, FEATURE_TEMPLATE, tokenizeTranscript, utteranceFeatures } from './features';
import { dialogueOf } from './dialogue';
import { ACT_NAMES, DETAIL_GROUPS, type DetailGroup } from './names';
import { ACT_WEIGHTS_FORMAT, HEADS, type ActWeightsFile } from './weights';
import { decodeWordClusters, type WordClusterTable, type WordClustersFile } from './word-clusters';

/**
 * Training of the act model: one logistic regression per head (act or detail) over the hashed
 * features, fitted jointly with Adagrad in a seeded order, so the same corpus and seed always
 * give the same weights. Pure: the corpus comes in as data, the weights go out as data.
 */

/** A labelled call: its turns in order, each with its labels ("act" or "act:detail"). */
export interface TrainingCall {
  id: string;
  turns: readonly (Pick<Utterance, 'speaker' | 'text'> & { labels: readonly string[] })[];
}

export interface TrainingOptions {
  seed: number;
  epochs: number;
  learningRate: number;
  l2: number;
  /** A feature must occur in this many training utterances to get a weight. */
  minCount: number;
  /**
   * Folds (by call) of the out-of-fold predictions that choose each act's threshold by F1; 1 keeps
   * every threshold at 0.5.
   */
  folds: number;
  /** Average the weights over the second half of the epochs. */
  average: boolean;
  /** Fits averaged, each with its own example order (seed, seed + 1, …). */
  bags: number;
}

export const DEFAULT_TRAINING: TrainingOptions = {
  seed: 14,
  epochs: 12,
  learningRate: 0.2,
  l2: 1e-4,
  minCount: 2,
  folds: 1,
  average: true,
  bags: 3,
};

const K = HEADS.length;
const A = ACT_NAMES.length;
/** Weight quantum of the committed file: 1/1000 keeps it small and exact to compare. */
const SCALE = 0.001;

interface Example {
  call: number;
  features: Int32Array;
  /** 1 where the head's label is positive. */
  targets: Uint8Array;
  /** 1 where the head is trained on this example (detail heads only when their act fired). */
  active: Uint8Array;
}

const HEAD_INDEX = new Map(HEADS.map((h, i) => [h.name, i]));
const GROUP_OF_ACT = new Map<string, DetailGroup>();
for (const [group, spec] of Object.entries(DETAIL_GROUPS) as [DetailGroup, { acts: readonly string[] }][]) {
  for (const act of spec.acts) GROUP_OF_ACT.set(act, group);
}

/** Turns "act" / "act:detail" labels into head targets. Unknown labels are the caller's to reject. */
function targetsOf(labels: readonly string[]): { targets: Uint8Array; active: Uint8Array } {
  const targets = new Uint8Array(K);
  const active = new Uint8Array(K);
  active.fill(1, 0, A);
  for (const label of labels) {
    const [act, detail] = label.split(':') as [string, string | undefined];
    const a = HEAD_INDEX.get(act);
    if (a === undefined || a >= A) throw new Error(`unknown act label "${label}"`);
    targets[a] = 1;
    const group = GROUP_OF_ACT.get(act);
    if (!group) continue;
    for (const d of DETAIL_GROUPS[group].details) active[HEAD_INDEX.get(`${group}:${d}`)!] = 1;
    if (detail !== undefined) {
      const h = HEAD_INDEX.get(`${group}:${detail}`);
      if (h === undefined) throw new Error(`unknown detail in label "${label}"`);
      targets[h] = 1;
    }
  }
  return { targets, active };
}

function buildExamples(calls: readonly TrainingCall[], clusters: WordClusterTable | null): Example[] {
  const out: Example[] = [];
  const buffer = createFeatureBuffer();
  calls.forEach((call, c) => {
    const t = tokenizeTranscript(call.turns, undefined, clusters);
    call.turns.forEach((turn, i) => {
      const n = utteranceFeatures(t, i, buffer);
      out.push({ call: c, features: buffer.slice(0, n), ...targetsOf(turn.labels) });
    });
  });
  return out;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

interface Fitted {
  keys: Int32Array;
  rowOf: Map<number, number>;
  weights: Float64Array;
  bias: Float64Array;
}

/** Rows of each example's features in the fitted vocabulary (-1 when the feature has no row). */
function rowsOf(features: Int32Array, rowOf: Map<number, number>): Int32Array {
  const rows = new Int32Array(features.length);
  for (let i = 0; i < features.length; i++) rows[i] = rowOf.get(features[i]!) ?? -1;
  return rows;
}

function fit(examples: readonly Example[], o: TrainingOptions): Fitted {
  const df = new Map<number, number>();
  for (const ex of examples) {
    for (const f of new Set(ex.features)) df.set(f, (df.get(f) ?? 0) + 1);
  }
  const keys = Int32Array.from([...df].filter(([, n]) => n >= o.minCount).map(([f]) => f)).sort();
  const rowOf = new Map<number, number>();
  keys.forEach((f, r) => rowOf.set(f, r));
  const rows = examples.map((ex) => rowsOf(ex.features, rowOf));

  // Rare acts get heavier positives so they are not drowned by the silent majority.
  const positiveWeight = new Float64Array(K);
  for (let h = 0; h < K; h++) {
    let pos = 0;
    let n = 0;
    for (const ex of examples) {
      if (!ex.active[h]) continue;
      n++;
      pos += ex.targets[h]!;
    }
    positiveWeight[h] = pos === 0 ? 1 : Math.min(6, Math.max(1, Math.sqrt((n - pos) / pos)));
  }

  const weights = new Float64Array(keys.length * K);
  const squares = new Float64Array(keys.length * K);
  const bias = new Float64Array(K);
  const biasSquares = new Float64Array(K);
  const weightSum = new Float64Array(o.average ? weights.length : 0);
  const biasSum = new Float64Array(K);
  let averaged = 0;
  const order = examples.map((_, i) => i);
  const random = seededRandom(o.seed);
  const eps = 1e-6;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const e of order) {
      const ex = examples[e]!;
      const r = rows[e]!;
      for (let h = 0; h < K; h++) {
        if (!ex.active[h]) continue;
        let z = bias[h]!;
        for (let f = 0; f < r.length; f++) if (r[f]! >= 0) z += weights[r[f]! * K + h]!;
        const y = ex.targets[h]!;
        const g = (sigmoid(z) - y) * (y ? positiveWeight[h]! : 1);
        if (Math.abs(g) < 1e-4) continue;
        biasSquares[h] = biasSquares[h]! + g * g;
        bias[h] = bias[h]! - (o.learningRate * g) / Math.sqrt(biasSquares[h]! + eps);
        for (let f = 0; f < r.length; f++) {
          if (r[f]! < 0) continue;
          const at = r[f]! * K + h;
          const grad = g + o.l2 * weights[at]!;
          squares[at] = squares[at]! + grad * grad;
          weights[at] = weights[at]! - (o.learningRate * grad) / Math.sqrt(squares[at]! + eps);
        }
      }
    }
    // Averaging the weights of the second half of the epochs steadies the model: a small corpus
    // otherwise swings with the order of the last few examples.
    if (o.average && epoch >= o.epochs / 2) {
      averaged += 1;
      for (let i = 0; i < weights.length; i++) weightSum[i] = weightSum[i]! + weights[i]!;
      for (let h = 0; h < K; h++) biasSum[h] = biasSum[h]! + bias[h]!;
    }
  }
  if (averaged > 0) {
    for (let i = 0; i < weights.length; i++) weights[i] = weightSum[i]! / averaged;
    for (let h = 0; h < K; h++) bias[h] = biasSum[h]! / averaged;
  }
  return { keys, rowOf, weights, bias };
}

/**
 * The average of `o.bags` fits that differ only in their seeded example order: on a small corpus
 * one order's last few examples move the weights noticeably, and averaging removes that.
 */
function fitBagged(examples: readonly Example[], o: TrainingOptions): Fitted {
  const bags = Math.max(1, o.bags);
  const first = fit(examples, o);
  for (let b = 1; b < bags; b++) {
    const next = fit(examples, { ...o, seed: o.seed + b });
    for (let i = 0; i < first.weights.length; i++) first.weights[i] = first.weights[i]! + next.weights[i]!;
    for (let h = 0; h < K; h++) first.bias[h] = first.bias[h]! + next.bias[h]!;
  }
  for (let i = 0; i < first.weights.length; i++) first.weights[i] = first.weights[i]! / bags;
  for (let h = 0; h < K; h++) first.bias[h] = first.bias[h]! / bags;
  return first;
}

function actProbabilities(model: Fitted, ex: Example): Float64Array {
  const r = rowsOf(ex.features, model.rowOf);
  const p = new Float64Array(A);
  for (let h = 0; h < A; h++) {
    let z = model.bias[h]!;
    for (let f = 0; f < r.length; f++) if (r[f]! >= 0) z += model.weights[r[f]! * K + h]!;
    p[h] = sigmoid(z);
  }
  return p;
}

/** FNV-1a of an id: folds are by dialogue, never by utterance, so no call leaks across folds. */
function callHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Each act's threshold maximises F1 over out-of-fold predictions of the training corpus itself;
 * the held-out and by-source evaluations never see them being chosen.
 */
function chooseThresholds(
  calls: readonly TrainingCall[],
  examples: readonly Example[],
  o: TrainingOptions,
): Float64Array {
  const thresholds = new Float64Array(A).fill(0.5);
  if (o.folds < 2) return thresholds;
  const foldOf = calls.map((c) => callHash(dialogueOf(c.id)) % o.folds);
  const probs: Float64Array[] = new Array<Float64Array>(examples.length);
  for (let fold = 0; fold < o.folds; fold++) {
    const train = examples.filter((ex) => foldOf[ex.call] !== fold);
    const model = fit(train, o);
    examples.forEach((ex, i) => {
      if (foldOf[ex.call] === fold) probs[i] = actProbabilities(model, ex);
    });
  }
  for (let h = 0; h < A; h++) {
    const positives = examples.reduce((n, ex) => n + ex.targets[h]!, 0);
    if (positives < 5) continue;
    let bestF1 = -1;
    for (let step = 2; step <= 18; step++) {
      const t = step / 20;
      let tp = 0;
      let fp = 0;
      examples.forEach((ex, i) => {
        if (probs[i]![h]! < t) return;
        if (ex.targets[h]) tp++;
        else fp++;
      });
      const f1 = (2 * tp) / (tp + fp + positives);
      // Strictly better only: ties keep the lower threshold (recall matters more in compliance).
      if (f1 > bestF1 + 1e-9) {
        bestF1 = f1;
        thresholds[h] = t;
      }
    }
  }
  return thresholds;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Trains on the given calls and returns the weights file (the content of `acts.json`). */
export function trainActWeights(
  calls: readonly TrainingCall[],
  options: Partial<TrainingOptions> = {},
  /** Word clusters to use as features; copied into the result so the model file is self-contained. */
  wordClusters?: WordClustersFile,
): ActWeightsFile {
  const o = { ...DEFAULT_TRAINING, ...options };
  const examples = buildExamples(calls, wordClusters ? decodeWordClusters(wordClusters) : null);
  const thresholds = chooseThresholds(calls, examples, o);
  const model = fitBagged(examples, o);

  // Quantise, then drop rows that became all zero: they would only cost table space.
  const quantised = new Int16Array(model.weights.length);
  for (let i = 0; i < quantised.length; i++) {
    quantised[i] = Math.max(-32767, Math.min(32767, Math.round(model.weights[i]! / SCALE)));
  }
  const keptKeys: number[] = [];
  const keptRows: number[] = [];
  model.keys.forEach((key, r) => {
    for (let h = 0; h < K; h++) {
      if (quantised[r * K + h] !== 0) {
        keptKeys.push(key);
        keptRows.push(r);
        return;
      }
    }
  });
  const keyBytes = new Uint8Array(keptKeys.length * 4);
  const keyView = new DataView(keyBytes.buffer);
  keptKeys.forEach((key, i) => keyView.setInt32(i * 4, key, true));
  const weightBytes = new Uint8Array(keptRows.length * K * 2);
  const weightView = new DataView(weightBytes.buffer);
  keptRows.forEach((r, i) => {
    for (let h = 0; h < K; h++) weightView.setInt16((i * K + h) * 2, quantised[r * K + h]!, true);
  });
  const keys = encodeBase64(keyBytes);
  const weights = encodeBase64(weightBytes);
  return {
    format: ACT_WEIGHTS_FORMAT,
    version: `acts-${FEATURE_TEMPLATE}.${callHash(keys + weights)
      .toString(16)
      .padStart(8, '0')}`,
    featureTemplate: FEATURE_TEMPLATE,
    heads: HEADS.map((h, i) => ({
      name: h.name,
      bias: round(model.bias[i]!, 4),
      threshold: i < A ? thresholds[i]! : 0.5,
    })),
    scale: SCALE,
    keys,
    weights,
    training: {
      ...o,
      corpusUtterances: examples.length,
      corpusCalls: calls.length,
    },
    ...(wordClusters ? { wordClusters } : {}),
  };
}
