import type { Utterance } from '../model';
import {
  createFeatureBuffer,
  createTokenizedTranscript,
  MAX_FEATURES,
  tokenizeTranscript,
  utteranceFeatures,
} from './features';
import {
  ACT_NAMES,
  detailGroupOf,
  type ActModel,
  type ActTag,
  type DetailGroup,
  type UtteranceActs,
} from './names';
import { decodeActWeights, type DecodedWeights } from './weights';

const ACT_COUNT = ACT_NAMES.length;

/** Finds the weight row of a feature (-1 when training never kept it). */
function rowOf(w: DecodedWeights, feature: number): number {
  const slots = w.slots;
  const mask = w.mask;
  let at = (feature & mask) << 1;
  while (slots[at + 1] !== -1 && slots[at] !== feature) at = (at + 2) & ((mask << 1) | 1);
  return slots[at + 1]!;
}

/**
 * Adds the rows' quantised weights of `width` heads into `sums` (reset first). Integer sums of
 * int16 weights are exact, so the result does not depend on the order of the features.
 */
function sumRows(
  rows: Int32Array,
  count: number,
  weights: Int16Array,
  width: number,
  sums: Int32Array,
): void {
  sums.fill(0);
  for (let k = 0; k < count; k++) {
    const base = rows[k]! * width;
    for (let c = 0; c < width; c++) sums[c] = (sums[c]! + weights[base + c]!) | 0;
  }
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Per act: the detail columns (offset into the detail heads) and names, or undefined. */
interface DetailColumns {
  from: number;
  details: readonly string[];
}

function detailColumnsByAct(w: DecodedWeights): (DetailColumns | undefined)[] {
  const byGroup = new Map<DetailGroup, { from: number; details: string[] }>();
  w.heads.forEach((h, c) => {
    if (!h.group || !h.detail) return;
    const entry = byGroup.get(h.group) ?? { from: c - ACT_COUNT, details: [] };
    entry.details.push(h.detail);
    byGroup.set(h.group, entry);
  });
  return ACT_NAMES.map((act) => {
    const group = detailGroupOf(act);
    return group ? byGroup.get(group) : undefined;
  });
}

class LinearActModel implements ActModel {
  readonly version: string;
  private readonly actSums = new Int32Array(ACT_COUNT);
  private readonly detailSums: Int32Array;
  private readonly detailColumns: (DetailColumns | undefined)[];
  private readonly tokens = createTokenizedTranscript();
  private readonly features = createFeatureBuffer();
  /** Weight rows of the current utterance's features (unknown features left out). */
  private readonly rows = new Int32Array(MAX_FEATURES);
  /** Indices of the acts fired in the current utterance (reused, no allocation). */
  private readonly fired = new Int32Array(ACT_COUNT);

  constructor(private readonly w: DecodedWeights) {
    this.version = w.version;
    this.detailSums = new Int32Array(w.heads.length - ACT_COUNT);
    this.detailColumns = detailColumnsByAct(w);
  }

  tagTranscript(utterances: readonly Utterance[]): UtteranceActs[] {
    const t = tokenizeTranscript(utterances, this.tokens);
    const out: UtteranceActs[] = new Array<UtteranceActs>(t.count);
    const w = this.w;
    const { thresholdLogits, bias, scale } = w;
    const { fired, rows, features, actSums } = this;
    for (let i = 0; i < t.count; i++) {
      const n = utteranceFeatures(t, i, features);
      let m = 0;
      for (let k = 0; k < n; k++) {
        const row = rowOf(w, features[k]!);
        if (row !== -1) rows[m++] = row;
      }
      sumRows(rows, m, w.actWeights, ACT_COUNT, actSums);
      let count = 0;
      let needsDetail = false;
      for (let a = 0; a < ACT_COUNT; a++) {
        if (bias[a]! + scale * actSums[a]! < thresholdLogits[a]!) continue;
        fired[count++] = a;
        if (this.detailColumns[a]) needsDetail = true;
      }
      // Details only for the few utterances where a detailed act fired, from the same rows.
      if (needsDetail) sumRows(rows, m, w.detailWeights, this.detailSums.length, this.detailSums);
      const acts: ActTag[] = [];
      for (let f = 0; f < count; f++) this.pushTags(acts, fired[f]!);
      out[i] = { index: i, acts };
    }
    return out;
  }

  /**
   * One tag per fired act; an act with details gets one tag per detail whose head says yes (logit
   * ≥ 0), or its single most likely detail when none does.
   */
  private pushTags(acts: ActTag[], a: number): void {
    const act = ACT_NAMES[a]!;
    const score = sigmoid(this.w.bias[a]! + this.w.scale * this.actSums[a]!);
    const cols = this.detailColumns[a];
    if (!cols) {
      acts.push({ act, score });
      return;
    }
    let best = 0;
    let bestLogit = -Infinity;
    let any = false;
    for (let d = 0; d < cols.details.length; d++) {
      const z = this.w.bias[ACT_COUNT + cols.from + d]! + this.w.scale * this.detailSums[cols.from + d]!;
      if (z > bestLogit) {
        bestLogit = z;
        best = d;
      }
      if (z >= 0) {
        acts.push({ act, score, detail: cols.details[d]! });
        any = true;
      }
    }
    if (!any) acts.push({ act, score, detail: cols.details[best]! });
  }
}

/**
 * Builds the act model from its weights (the parsed `acts.json`). Validates them first and throws
 * a TeachbackError (`ACTS.INVALID_WEIGHTS`) naming the field.
 */
export function loadActModel(weights: unknown): ActModel {
  return new LinearActModel(decodeActWeights(weights));
}
