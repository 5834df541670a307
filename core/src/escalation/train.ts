import type { EscalationSeverity, EscalationType } from '../model/escalation';
import { TeachbackError } from '../errors';
import { seededRandom, shuffleInPlace } from '../random';
import {
  ESCALATION_WEIGHTS_FORMAT,
  OUTPUTS,
  SEVERITY_HEADS,
  TYPE_HEADS,
  type EscalationWeightsFile,
} from './classifier';
import { isLexicalFeature } from './features';

/**
 * Training of the escalation classifier: logistic type heads and a softmax severity head over
 * the hashed candidate features, fitted with Adagrad in a seeded order and averaged over the
 * second half of the epochs, so the same examples and seed always give the same weights. Pure:
 * examples in, weights file out.
 */
export interface TrainingExample {
  /** Where the example came from (for review only). */
  source: string;
  type: EscalationType;
  features: Int32Array;
  /** A current escalation of `type`. */
  positive: boolean;
  /** The grade, for positives whose grade is known. */
  severity?: EscalationSeverity;
  /** The cue rules alone raised it (for review of what the model adds and removes). */
  ruleRaised?: boolean;
  /** Which utterance of the call (for review only). */
  utterance?: number;
  /** No cue rule raised it but a frame proposed it (its own operating point). */
  framed?: boolean;
  /** No cue rule raised it but a strict frame (frames.ts STRICT_FRAMES) did (its own operating point). */
  strict?: boolean;
  /** A second view of a candidate (monitor.ts `quietFeatures`): trained on, never scored in CV. */
  augmented?: boolean;
}

export interface EscalationTrainingOptions {
  seed: number;
  epochs: number;
  learningRate: number;
  l2: number;
  /** L2 of word features (caller and agent words, bigrams); `l2` is for structural ones. */
  l2Words: number;
  /** A feature must occur in this many examples to get a weight. */
  minCount: number;
  /** Weight of a positive example against a negative one (positives are rare in real calls). */
  positiveWeight: number;
  /** Runs in different seeded orders (seed, seed + 1, …) whose averaged weights are kept. */
  orders?: number;
  thresholds: {
    ruleRaised: Record<EscalationType, number>;
    recallOnly: Record<EscalationType, number>;
    frameRaised?: Record<EscalationType, number>;
    strictRaised?: Record<EscalationType, number>;
  };
}

export const DEFAULT_ESCALATION_TRAINING: EscalationTrainingOptions = {
  seed: 14,
  epochs: 30,
  learningRate: 0.3,
  l2: 1e-5,
  l2Words: 1e-3,
  minCount: 2,
  positiveWeight: 5,
  orders: 5,
  thresholds: {
    ruleRaised: { medical_emergency: 0.5, mental_health_crisis: 0.5, abusive_caller: 0.5 },
    recallOnly: { medical_emergency: 0.5, mental_health_crisis: 0.5, abusive_caller: 0.5 },
  },
};

const SCALE = 0.001;

export function trainEscalationWeights(
  examples: readonly TrainingExample[],
  options: EscalationTrainingOptions = DEFAULT_ESCALATION_TRAINING,
): EscalationWeightsFile {
  const counts = new Map<number, number>();
  for (const ex of examples) for (const f of ex.features) counts.set(f, (counts.get(f) ?? 0) + 1);
  const keys = [...counts].filter(([, n]) => n >= options.minCount).map(([k]) => k);
  keys.sort((a, b) => a - b);
  const row = new Map<number, number>();
  keys.forEach((k, i) => row.set(k, i));
  const l2Of = new Float64Array(keys.length * OUTPUTS);
  keys.forEach((k, i) =>
    l2Of.fill(isLexicalFeature(k) ? options.l2Words : options.l2, i * OUTPUTS, (i + 1) * OUTPUTS),
  );
  const rowsOf = examples.map((ex) => {
    const r: number[] = [];
    for (const f of ex.features) {
      const i = row.get(f);
      if (i !== undefined) r.push(i * OUTPUTS);
    }
    return Int32Array.from(r);
  });

  const avg = new Float64Array(keys.length * OUTPUTS);
  let averaged = 0;
  const T = TYPE_HEADS.length;
  // Several runs over the same examples in different seeded orders, averaged: a linear model
  // fitted by SGD on ~4,000 examples moves with the order it sees them in, and near an operating
  // point that movement decides whole escalations.
  for (let run = 0; run < (options.orders ?? 1); run++) {
    const w = new Float64Array(keys.length * OUTPUTS);
    const g2 = new Float64Array(keys.length * OUTPUTS).fill(1e-8);
    const next = seededRandom(options.seed + run);
    const order = examples.map((_, i) => i);

    const step = (rows: Int32Array, out: number, grad: number): void => {
      for (const r of rows) {
        const at = r + out;
        const g = grad + l2Of[at]! * w[at]!;
        g2[at]! += g * g;
        w[at]! -= (options.learningRate * g) / Math.sqrt(g2[at]!);
      }
    };

    for (let epoch = 0; epoch < options.epochs; epoch++) {
      shuffleInPlace(order, next);
      for (const i of order) {
        const ex = examples[i]!;
        const rows = rowsOf[i]!;
        const head = TYPE_HEADS.indexOf(ex.type);
        let z = 0;
        for (const r of rows) z += w[r + head]!;
        const p = 1 / (1 + Math.exp(-z));
        const weight = ex.positive ? options.positiveWeight : 1;
        step(rows, head, weight * (p - (ex.positive ? 1 : 0)));
        if (ex.positive && ex.severity !== undefined) {
          const zs = SEVERITY_HEADS.map((_, k) => {
            let s = 0;
            for (const r of rows) s += w[r + T + k]!;
            return s;
          });
          const max = Math.max(...zs);
          const e = zs.map((s) => Math.exp(s - max));
          const total = e.reduce((a, b) => a + b, 0);
          const target = SEVERITY_HEADS.indexOf(ex.severity);
          e.forEach((v, k) => step(rows, T + k, v / total - (k === target ? 1 : 0)));
        }
      }
      if (epoch >= Math.floor(options.epochs / 2)) {
        for (let k = 0; k < w.length; k++) avg[k]! += w[k]!;
        averaged++;
      }
    }
  }

  const weights = Array.from(avg, (v) => Math.round(v / averaged / SCALE));
  // Rows that rounded to all zeros carry nothing: leave them out of the file.
  const keptKeys: number[] = [];
  const keptWeights: number[] = [];
  keys.forEach((k, i) => {
    const slice = weights.slice(i * OUTPUTS, (i + 1) * OUTPUTS);
    if (slice.some((v) => v !== 0)) {
      keptKeys.push(k);
      keptWeights.push(...slice);
    }
  });
  return {
    format: ESCALATION_WEIGHTS_FORMAT,
    trainedOn: {
      seed: options.seed,
      examples: examples.length,
      positives: examples.filter((e) => e.positive).length,
    },
    thresholds: options.thresholds,
    scale: SCALE,
    keys: keptKeys,
    weights: keptWeights,
  };
}

/**
 * The operating point of one path from its gain curve over a grid of thresholds (round 11): the
 * grid points within `tolerance` of the best gain are near-optimal; the widest run of adjacent
 * near-optimal points is the plateau (ties: the stricter run) and the middle of it is chosen (the
 * stricter of two middles), so moving one edge of the plateau by a grid step moves the point by
 * half a step at most, instead of choosing an edge that the next retrain can push over a cliff.
 */
export function plateauMiddle(grid: readonly number[], gains: readonly number[], tolerance: number): number {
  if (grid.length === 0 || gains.length !== grid.length)
    throw new TeachbackError(
      'ESCALATION.INVALID_GRID',
      `plateauMiddle: gains has ${gains.length} entries, grid ${grid.length}; they must be equal and non-empty`,
    );
  const best = Math.max(...gains);
  let from = 0;
  let bestRun: [number, number] = [0, 0];
  for (let i = 0; i <= gains.length; i++) {
    const near = i < gains.length && gains[i]! >= best - tolerance;
    if (near && (i === 0 || gains[i - 1]! < best - tolerance)) from = i;
    if (!near && i > 0 && gains[i - 1]! >= best - tolerance) {
      const to = i - 1;
      if (to - from >= bestRun[1] - bestRun[0]) bestRun = [from, to];
    }
  }
  return grid[Math.ceil((bestRun[0] + bestRun[1]) / 2)]!;
}
