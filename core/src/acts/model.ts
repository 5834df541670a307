import type { Utterance } from '../model';
import { identifierCues } from './identifier-cues';
import {
  createFeatureBuffer,
  createTokenizedTranscript,
  MAX_FEATURES,
  sentenceFeatures,
  tokenizeTranscript,
  utteranceFeatures,
  type TokenizedTranscript,
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

/**
 * A sentence is scored without the rest of its turn, so it is trusted a little less than the whole
 * turn. 2 was chosen by 3-fold cross-validation inside the training part of the corpus (never the
 * held-out part): same micro-F1 as not scoring sentences, with higher recall (0.745 vs 0.708).
 */
const SENTENCE_MARGIN = 2;

/**
 * An answer to "date of birth and Medicare number?" gives both, even when the number (a code like
 * 1EG4-TE5-MK72) looks like nothing the detail heads have seen: an `identifier-provide` holding
 * an id-like code right after the other speaker's member-id request carries the member id.
 * (Carrying every requested identifier whose detail logit passed a floor was tried too; chosen
 * out-of-fold on two halves of the training dialogues, held-out fifth left out, it added nothing
 * once this rule existed — requested-identifier F1 0.880 without, 0.879 at a floor of -1.5 — and
 * it credited a date of birth to answers that gave only a name.)
 */
const REQUEST = ACT_NAMES.indexOf('identifier-request');
const PROVIDE = ACT_NAMES.indexOf('identifier-provide');
const PHI = ACT_NAMES.indexOf('phi-disclosure');
const BENEFITS = ACT_NAMES.indexOf('plan-benefits');

/**
 * Acts a reader never gives one turn together (the labelling guide's hard cases): when both fire,
 * the one further above its threshold stays. A teach-back request is not a comprehension check.
 */
const EXCLUSIVE: ReadonlyArray<readonly [number, number]> = [
  [ACT_NAMES.indexOf('teach-back-request'), ACT_NAMES.indexOf('comprehension-check')],
];

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

/** `sumRows` over one detail group's columns only (the other columns of `sums` are left as they are). */
function sumColumns(
  rows: Int32Array,
  count: number,
  weights: Int16Array,
  width: number,
  cols: DetailColumns,
  sums: Int32Array,
): void {
  const to = cols.from + cols.details.length;
  // Column by column, the running sum in a local: the same integer sums as summing row by row.
  for (let c = cols.from; c < to; c++) {
    let sum = 0;
    for (let k = 0; k < count; k++) sum = (sum + weights[rows[k]! * width + c]!) | 0;
    sums[c] = sum;
  }
}

/**
 * The act heads' weights two to a float64: a pair (hi, lo) of int16 weights is stored as
 * hi * 2^26 + lo. A turn has at most MAX_FEATURES rows, so |Σ lo| < MAX_FEATURES * 2^15 < 2^25
 * and |Σ hi * 2^26| < 2^51: every partial sum is an integer below 2^53, exact in a double, and
 * round(sum / 2^26) gives Σ hi back exactly (the lo part is under half a lane). So tagging adds 9
 * doubles per feature instead of 18 int16s, with the same integer sums to the bit (the hot path
 * of tagging: ~25 % faster).
 */
const LANE = 2 ** 26;
const PACKED = MAX_FEATURES * 2 ** 15 < LANE / 2 && ACT_COUNT === 18;

function packActWeights(actWeights: Int16Array): Float64Array | null {
  if (!PACKED) return null;
  const rows = actWeights.length / ACT_COUNT;
  const packed = new Float64Array(rows * 9);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < 9; c++)
      packed[r * 9 + c] = actWeights[r * 18 + 2 * c]! * LANE + actWeights[r * 18 + 2 * c + 1]!;
  }
  return packed;
}

/** `sumRows` over the act heads, from the packed weights when there are (see above). */
function sumActRows(
  rows: Int32Array,
  count: number,
  weights: Int16Array,
  packed: Float64Array | null,
  sums: Int32Array,
): void {
  if (packed === null) {
    sumRows(rows, count, weights, ACT_COUNT, sums);
    return;
  }
  // Nine locals rather than a typed array: V8 keeps them in registers.
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  let p4 = 0;
  let p5 = 0;
  let p6 = 0;
  let p7 = 0;
  let p8 = 0;
  for (let k = 0; k < count; k++) {
    const base = rows[k]! * 9;
    p0 += packed[base + 0]!;
    p1 += packed[base + 1]!;
    p2 += packed[base + 2]!;
    p3 += packed[base + 3]!;
    p4 += packed[base + 4]!;
    p5 += packed[base + 5]!;
    p6 += packed[base + 6]!;
    p7 += packed[base + 7]!;
    p8 += packed[base + 8]!;
  }
  let hi: number;
  sums[0] = hi = Math.round(p0 / LANE);
  sums[1] = p0 - hi * LANE;
  sums[2] = hi = Math.round(p1 / LANE);
  sums[3] = p1 - hi * LANE;
  sums[4] = hi = Math.round(p2 / LANE);
  sums[5] = p2 - hi * LANE;
  sums[6] = hi = Math.round(p3 / LANE);
  sums[7] = p3 - hi * LANE;
  sums[8] = hi = Math.round(p4 / LANE);
  sums[9] = p4 - hi * LANE;
  sums[10] = hi = Math.round(p5 / LANE);
  sums[11] = p5 - hi * LANE;
  sums[12] = hi = Math.round(p6 / LANE);
  sums[13] = p6 - hi * LANE;
  sums[14] = hi = Math.round(p7 / LANE);
  sums[15] = p7 - hi * LANE;
  sums[16] = hi = Math.round(p8 / LANE);
  sums[17] = p8 - hi * LANE;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Per act: the detail columns (offset into the detail heads) and names, or undefined. */
interface DetailColumns {
  /** The group's ordinal (acts of one group share its columns). */
  group: number;
  from: number;
  details: readonly string[];
}

function detailColumnsByAct(w: DecodedWeights): (DetailColumns | undefined)[] {
  const byGroup = new Map<DetailGroup, { group: number; from: number; details: string[] }>();
  w.heads.forEach((h, c) => {
    if (!h.group || !h.detail) return;
    const entry = byGroup.get(h.group) ?? { group: byGroup.size, from: c - ACT_COUNT, details: [] };
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
  /** The act weights two to a double (see packActWeights); null: summed from the int16s. */
  private readonly packed: Float64Array | null;
  private readonly tokens = createTokenizedTranscript();
  private readonly features = createFeatureBuffer();
  /** Weight rows of the current utterance's features (unknown features left out). */
  private readonly rows = new Int32Array(MAX_FEATURES);
  private readonly sentenceRows = new Int32Array(MAX_FEATURES);
  /** Row of every feature of the current turn, in feature order (-1 = unknown feature). */
  private readonly allRows = new Int32Array(MAX_FEATURES);
  private readonly groups = new Int32Array(MAX_FEATURES);
  private readonly reused = new Int32Array(MAX_FEATURES);
  private readonly fresh = new Int32Array(4);
  private readonly freshCount = new Int32Array(1);
  private readonly sentenceSums = new Int32Array(ACT_COUNT);
  /** Sums of the rows every sentence of the current turn shares (fixed and previous-turn features). */
  private readonly contextSums = new Int32Array(ACT_COUNT);
  /** Act logits of the current utterance: the best of the whole turn and each of its sentences. */
  private readonly logits = new Float64Array(ACT_COUNT);
  /** Indices of the acts fired in the current utterance (reused, no allocation). */
  private readonly fired = new Int32Array(ACT_COUNT);

  constructor(private readonly w: DecodedWeights) {
    this.version = w.version;
    this.detailSums = new Int32Array(w.heads.length - ACT_COUNT);
    this.detailColumns = detailColumnsByAct(w);
    this.packed = packActWeights(w.actWeights);
  }

  tagTranscript(utterances: readonly Utterance[]): UtteranceActs[] {
    const t = tokenizeTranscript(utterances, this.tokens, this.w.clusters);
    const out: UtteranceActs[] = new Array<UtteranceActs>(t.count);
    const w = this.w;
    const { thresholdLogits, bias, scale } = w;
    const { fired, rows, actSums, logits, features, allRows } = this;
    // The probe of rowOf, inlined with the table in locals: it runs for every feature of the call.
    const { slots, mask } = w;
    const wrap = (mask << 1) | 1;
    for (let i = 0; i < t.count; i++) {
      const n = utteranceFeatures(t, i, features, t.starts[i]!, t.starts[i + 1]!, this.groups);
      let m = 0;
      for (let k = 0; k < n; k++) {
        const feature = features[k]!;
        let at = (feature & mask) << 1;
        while (slots[at + 1] !== -1 && slots[at] !== feature) at = (at + 2) & wrap;
        const row = slots[at + 1]!;
        allRows[k] = row;
        if (row !== -1) rows[m++] = row;
      }
      sumActRows(rows, m, w.actWeights, this.packed, actSums);
      for (let a = 0; a < ACT_COUNT; a++) logits[a] = bias[a]! + scale * actSums[a]!;
      this.scoreSentences(t, i, n);
      let count = 0;
      for (let a = 0; a < ACT_COUNT; a++) {
        if (logits[a]! < thresholdLogits[a]!) continue;
        fired[count++] = a;
      }
      count = this.dropExclusive(count);
      // Details only for the few utterances where a detailed act fired, and only its group's
      // columns, from the same rows (pushTags reads no other column).
      let summed = 0;
      for (let f = 0; f < count; f++) {
        const cols = this.detailColumns[fired[f]!];
        if (cols === undefined || (summed & (1 << cols.group)) !== 0) continue;
        summed |= 1 << cols.group;
        sumColumns(rows, m, w.detailWeights, this.detailSums.length, cols, this.detailSums);
      }
      const acts: ActTag[] = [];
      for (let f = 0; f < count; f++) this.pushTags(acts, fired[f]!);
      if (i > 0 && t.speakers[i] !== t.speakers[i - 1]) {
        this.carryRequested(acts, out[i - 1]!.acts, t.codes[i] === 1);
        attributeByForm(acts, out[i - 1]!.acts, utterances[i]!.text);
      } else attributeByForm(acts, NO_TAGS, utterances[i]!.text);
      this.separateClaimsFromBenefits(acts);
      out[i] = { index: i, acts };
    }
    return out;
  }

  /**
   * A turn often does several things ("you're verified. I see your results came back."), and in
   * a linear model the words of one sentence can drown the cue of another. So each sentence of a
   * multi-sentence turn is scored too (same context), and an act's logit is the best of the whole
   * turn and its sentences less SENTENCE_MARGIN.
   */
  private scoreSentences(t: TokenizedTranscript, i: number, n: number): void {
    const start = t.starts[i]!;
    const end = t.starts[i + 1]!;
    const { sentenceEnds } = t;
    const { allRows, groups, reused, fresh, freshCount, sentenceRows, contextSums, sentenceSums } = this;
    // Every sentence shares the turn's fixed features (bar its length) and the previous turn's
    // features: sum those rows once per turn, then add each sentence's own. Integer sums, so the
    // result is exactly the sum over sentenceFeatures' list, in any order.
    let from = start;
    let shared = -1;
    let fixedCount = 0;
    let contextCount = 0;
    const w = this.w;
    for (let j = start; j < end; j++) {
      const last = j === end - 1;
      if (!last && !sentenceEnds[j]) continue;
      if (last && from === start) return; // one sentence: already scored as the whole turn
      const r = sentenceFeatures(t, i, groups, n, from, j + 1, reused, fresh, freshCount);
      if (shared === -1) {
        fixedCount = groups[0]! - 1; // feature 0 and 2..groups[0]-1 (1 is the length)
        contextCount = n - (groups[end - start]! + (end > start ? 1 : 0));
        let m = 0;
        for (let k = 2; k < groups[0]!; k++) if (allRows[k] !== -1) sentenceRows[m++] = allRows[k]!;
        if (allRows[0] !== -1) sentenceRows[m++] = allRows[0]!;
        for (let k = n - contextCount; k < n; k++) if (allRows[k] !== -1) sentenceRows[m++] = allRows[k]!;
        sumActRows(sentenceRows, m, w.actWeights, this.packed, contextSums);
        shared = 1;
      }
      let m = 0;
      for (let k = fixedCount; k < r - contextCount; k++) {
        const row = allRows[reused[k]!]!;
        if (row !== -1) sentenceRows[m++] = row;
      }
      for (let k = 0; k < freshCount[0]!; k++) {
        const row = rowOf(w, fresh[k]!);
        if (row !== -1) sentenceRows[m++] = row;
      }
      sumActRows(sentenceRows, m, w.actWeights, this.packed, sentenceSums);
      for (let a = 0; a < ACT_COUNT; a++) {
        const z = w.bias[a]! + w.scale * ((sentenceSums[a]! + contextSums[a]!) | 0) - SENTENCE_MARGIN;
        if (z > this.logits[a]!) this.logits[a] = z;
      }
      from = j + 1;
    }
  }

  /** Keeps one act of each exclusive pair that both fired (the larger margin over its threshold). */
  private dropExclusive(count: number): number {
    const { fired, logits } = this;
    const th = this.w.thresholdLogits;
    for (const [x, y] of EXCLUSIVE) {
      let fx = -1;
      let fy = -1;
      for (let f = 0; f < count; f++) {
        if (fired[f] === x) fx = f;
        else if (fired[f] === y) fy = f;
      }
      if (fx < 0 || fy < 0) continue;
      const drop = logits[x]! - th[x]! >= logits[y]! - th[y]! ? fy : fx;
      for (let f = drop; f < count - 1; f++) fired[f] = fired[f + 1]!;
      count--;
    }
    return count;
  }

  /**
   * Plan benefits (premiums, copays) and the caller's own claims share their words; a sentence is
   * one or the other (labelling guide). When `phi-disclosure` fired with only the claims-billing
   * detail beside `plan-benefits`, the act further above its threshold stays.
   */
  private separateClaimsFromBenefits(acts: ActTag[]): void {
    // Loops, not filter/some: this runs for every utterance and most have no act at all.
    let phi = 0;
    let benefits = false;
    for (const a of acts) {
      if (a.act === 'phi-disclosure') {
        if (a.detail !== 'claims-billing') return;
        phi++;
      } else if (a.act === 'plan-benefits') benefits = true;
    }
    if (phi === 0 || !benefits) return;
    const { logits } = this;
    const th = this.w.thresholdLogits;
    const phiMargin = logits[PHI]! - th[PHI]!;
    const benefitsMargin = logits[BENEFITS]! - th[BENEFITS]!;
    const drop = phiMargin >= benefitsMargin ? 'plan-benefits' : 'phi-disclosure';
    for (let k = acts.length - 1; k >= 0; k--) if (acts[k]!.act === drop) acts.splice(k, 1);
  }

  /** Adds the member id to an answer holding an id-like code after a member-id request (see above). */
  private carryRequested(acts: ActTag[], previous: readonly ActTag[], hasCode: boolean): void {
    if (!hasCode) return;
    const provided = acts.find((a) => a.act === ACT_NAMES[PROVIDE]);
    if (!provided || acts.some((a) => a.act === provided.act && a.detail === 'member-id')) return;
    if (previous.some((r) => r.act === ACT_NAMES[REQUEST] && r.detail === 'member-id'))
      acts.push({ act: provided.act, score: provided.score, detail: 'member-id' });
  }

  /**
   * One tag per fired act; an act with details gets one tag per detail whose head says yes (logit
   * ≥ 0), or its single most likely detail when none does.
   */
  private pushTags(acts: ActTag[], a: number): void {
    const act = ACT_NAMES[a]!;
    const score = sigmoid(this.logits[a]!);
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
 * An answer to an identifier request gives every identifier whose form it shows: "March 3rd
 * 1971, and 555-201-7788" after "your birthday and the phone number we have?" provides the date
 * of birth and the phone, even when the detail heads name only one (they read words, and one
 * answer to a two-part question holds both). Only for an `identifier-provide` that fired, right
 * after the other speaker's identifier request or giving a name in the same turn; a date counts
 * only with a year.
 */
const NO_TAGS: readonly ActTag[] = [];
/** A date introduced as when something happens or happened ("on 3/4/2026", "since 1/2/2025"). */
const EVENT_DATE = /\b(?:on|since|from|for|until|by|before|after)\s+(?:the\s+)?\d{1,2}[/.-]\d/i;

function attributeByForm(acts: ActTag[], previous: readonly ActTag[], text: string): void {
  const provided = acts.find((a) => a.act === ACT_NAMES[PROVIDE]);
  if (!provided) return;
  // Asked for, or volunteered beside the caller's name ("it's Ada Lund, 6/6/1959, about my
  // scan"): a turn that presents someone by name gives whatever identifiers its form shows.
  const presents = acts.some((a) => a.act === provided.act && a.detail === 'name');
  const asked = previous.some((r) => r.act === ACT_NAMES[REQUEST]);
  if (!presents && !asked) return;
  for (const detail of identifierCues(text)) {
    // Unasked, a date brought in as an event's ("my appointment on 12/15/2026") is no birth date.
    if (!asked && detail === 'dob' && EVENT_DATE.test(text)) continue;
    if (!acts.some((a) => a.act === provided.act && a.detail === detail))
      acts.push({ act: provided.act, score: provided.score, detail });
  }
}

/**
 * Builds the act model from its weights (the parsed `acts.json`). Validates them first and throws
 * a TeachbackError (`ACTS.INVALID_WEIGHTS`) naming the field.
 */
export function loadActModel(weights: unknown): ActModel {
  return new LinearActModel(decodeActWeights(weights));
}
