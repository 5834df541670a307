import { z } from 'zod';
import { TeachbackError } from '../errors';
import type { EscalationSeverity, EscalationType } from '../model/escalation';

/**
 * The learned condition + acuity classifier: one logistic head per escalation type (is this a
 * current, acute condition of that type, said of the caller or someone with them now, and aimed
 * at the agent for abuse) and one softmax over severity grades, all linear over the hashed
 * candidate features (features.ts). Weights come in as data (config/models/escalation.json,
 * trained by `npm run train:escalation`); core reads no file.
 */
export const ESCALATION_WEIGHTS_FORMAT = 'teachback-escalation-classifier/1';

export const TYPE_HEADS: readonly EscalationType[] = [
  'medical_emergency',
  'mental_health_crisis',
  'abusive_caller',
];
export const SEVERITY_HEADS: readonly EscalationSeverity[] = ['moderate', 'high', 'critical'];
/** Outputs per feature row: the type heads, then the severity grades. */
export const OUTPUTS = TYPE_HEADS.length + SEVERITY_HEADS.length;

const Probability = z.number().min(0).max(1);
const PerType = z.strictObject({
  medical_emergency: Probability,
  mental_health_crisis: Probability,
  abusive_caller: Probability,
});

export const EscalationWeightsFile = z.strictObject({
  format: z.literal(ESCALATION_WEIGHTS_FORMAT),
  trainedOn: z.strictObject({
    seed: z.number().int(),
    examples: z.number().int(),
    positives: z.number().int(),
  }),
  /**
   * Probability at or above which a type head raises: one operating point for candidates the cue
   * rules raised (the model removes those it is confident are not current) and a stricter one
   * for candidates only the recall layer proposed (chosen by cross-validation in training).
   */
  thresholds: z.strictObject({
    ruleRaised: PerType,
    recallOnly: PerType,
    /**
     * Candidates no cue rule raised but a frame (frames.ts: an insult aimed at "you", a wish not
     * to exist, means with a plan) proposed: their own operating point. Absent in files before
     * round 6 (then they count as recall-only).
     */
    frameRaised: PerType.optional(),
    /**
     * Candidates no cue rule raised but a strict frame (frames.ts STRICT_FRAMES: an insult
     * predicated of "you", a threat aimed at "you", a wish not to exist said of oneself) did.
     * Absent in files before round 7 (then they count as frame-raised).
     */
    strictRaised: PerType.optional(),
  }),
  /** Weights are stored as integers of this quantum. */
  scale: z.number().positive(),
  /** Feature hashes, ascending; row i of `weights` belongs to keys[i]. */
  keys: z.array(z.number().int()),
  /** keys.length × OUTPUTS integers, row-major. */
  weights: z.array(z.number().int()),
});
export type EscalationWeightsFile = z.infer<typeof EscalationWeightsFile>;

export interface Decision {
  probability: number;
  raise: boolean;
}

export interface EscalationModel {
  /**
   * Probability that the candidate is a current escalation of `type`, and whether it raises
   * (`ruleRaised`: the cue rules alone raised it; `framed`: a frame proposed it).
   */
  decide(
    features: Int32Array,
    type: EscalationType,
    ruleRaised: boolean,
    framed?: boolean,
    strict?: boolean,
  ): Decision;
  /** The severity grade the model gives a raised candidate. */
  severity(features: Int32Array): EscalationSeverity;
}

export function loadEscalationModel(raw: unknown): EscalationModel {
  const parsed = EscalationWeightsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TeachbackError(
      'ESCALATION.INVALID_WEIGHTS',
      `escalation classifier weights: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  const file = parsed.data;
  if (file.weights.length !== file.keys.length * OUTPUTS)
    throw new TeachbackError(
      'ESCALATION.INVALID_WEIGHTS',
      `escalation classifier weights: weights has ${file.weights.length} entries, expected keys.length × ${OUTPUTS}`,
    );
  const rows = rowTable(file.keys);
  const w = Float64Array.from(file.weights, (x) => x * file.scale);
  const sum = (features: Int32Array, out: number, offset: number): number => {
    let z = 0;
    for (let i = 0; i < features.length; i++) {
      const r = rows(features[i]!);
      if (r >= 0) z += w[r * OUTPUTS + offset + out]!;
    }
    return z;
  };
  return {
    decide(features, type, ruleRaised, framed = false, strict = false) {
      const head = TYPE_HEADS.indexOf(type);
      const probability = 1 / (1 + Math.exp(-sum(features, head, 0)));
      const { thresholds } = file;
      const threshold = (
        ruleRaised
          ? thresholds.ruleRaised
          : strict && thresholds.strictRaised
            ? thresholds.strictRaised
            : (framed || strict) && thresholds.frameRaised
              ? thresholds.frameRaised
              : thresholds.recallOnly
      )[type];
      return { probability, raise: probability >= threshold };
    },
    severity(features) {
      let best = 0;
      let bestZ = -Infinity;
      for (let k = 0; k < SEVERITY_HEADS.length; k++) {
        const z = sum(features, k, TYPE_HEADS.length);
        if (z > bestZ) {
          bestZ = z;
          best = k;
        }
      }
      return SEVERITY_HEADS[best]!;
    },
  };
}

/**
 * Feature hash -> weight row, as an open-addressing table over typed arrays: every candidate
 * looks up ~150 features, and a Map's boxing showed in the profile.
 */
function rowTable(keys: readonly number[]): (hash: number) => number {
  let bits = 4;
  while (1 << bits < keys.length * 2) bits++;
  const size = 1 << bits;
  const mask = size - 1;
  const slotKeys = new Int32Array(size);
  const slotRows = new Int32Array(size).fill(-1);
  const slotOf = (h: number): number => Math.imul(h, 0x9e3779b1) >>> (32 - bits);
  keys.forEach((k, row) => {
    let at = slotOf(k);
    while (slotRows[at] !== -1) at = (at + 1) & mask;
    slotKeys[at] = k;
    slotRows[at] = row;
  });
  return (h) => {
    let at = slotOf(h);
    for (;;) {
      const row = slotRows[at]!;
      if (row === -1 || slotKeys[at] === h) return row;
      at = (at + 1) & mask;
    }
  };
}
