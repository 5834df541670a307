import type { Utterance } from '../model';
import {
  createTokenizedTranscript,
  emitFeatures,
  tokenizeTranscript,
  type FeatureSink,
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

/** Accumulates the logits of a column range [from, to) for the features streamed into it. */
class LogitSink implements FeatureSink {
  readonly logits: Float64Array;
  from = 0;
  to = 0;
  private readonly k: number;

  constructor(private readonly w: DecodedWeights) {
    this.k = w.heads.length;
    this.logits = new Float64Array(this.k);
  }

  reset(from: number, to: number): void {
    this.from = from;
    this.to = to;
    for (let c = from; c < to; c++) this.logits[c] = this.w.bias[c]!;
  }

  add(feature: number): void {
    const { slotKeys, slotRows, mask, weights } = this.w;
    let slot = feature & mask;
    let row = slotRows[slot]!;
    while (row !== -1 && slotKeys[slot] !== feature) {
      slot = (slot + 1) & mask;
      row = slotRows[slot]!;
    }
    if (row === -1) return;
    const logits = this.logits;
    for (let c = this.from; c < this.to; c++) logits[c] = logits[c]! + weights[row + c]!;
  }
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Column range of each group's detail heads. */
function groupColumns(w: DecodedWeights): Map<DetailGroup, { from: number; details: string[] }> {
  const out = new Map<DetailGroup, { from: number; details: string[] }>();
  w.heads.forEach((h, c) => {
    if (!h.group || !h.detail) return;
    const entry = out.get(h.group) ?? { from: c, details: [] };
    entry.details.push(h.detail);
    out.set(h.group, entry);
  });
  return out;
}

const GROUP_OF_ACT = ACT_NAMES.map((a) => detailGroupOf(a));

class LinearActModel implements ActModel {
  readonly version: string;
  private readonly sink: LogitSink;
  private readonly groups: Map<DetailGroup, { from: number; details: string[] }>;
  private readonly detailFrom: number;
  private readonly tokens = createTokenizedTranscript();

  constructor(private readonly w: DecodedWeights) {
    this.version = w.version;
    this.sink = new LogitSink(w);
    this.groups = groupColumns(w);
    this.detailFrom = ACT_COUNT;
  }

  tagTranscript(utterances: readonly Utterance[]): UtteranceActs[] {
    const t = tokenizeTranscript(utterances, this.tokens);
    const out: UtteranceActs[] = new Array<UtteranceActs>(t.count);
    const { thresholds } = this.w;
    const logits = this.sink.logits;
    for (let i = 0; i < t.count; i++) {
      this.sink.reset(0, ACT_COUNT);
      emitFeatures(t, i, this.sink);
      let acts: ActTag[] | undefined;
      let needsDetail = false;
      for (let a = 0; a < ACT_COUNT; a++) {
        const score = sigmoid(logits[a]!);
        if (score < thresholds[a]!) continue;
        (acts ??= []).push({ act: ACT_NAMES[a]!, score });
        if (GROUP_OF_ACT[a]) needsDetail = true;
      }
      if (acts && needsDetail) acts = this.withDetails(t, i, acts);
      out[i] = { index: i, acts: acts ?? [] };
    }
    return out;
  }

  /** Second pass over the features, only for the few utterances where a detailed act fired. */
  private withDetails(t: TokenizedTranscript, i: number, acts: ActTag[]): ActTag[] {
    this.sink.reset(this.detailFrom, this.w.heads.length);
    emitFeatures(t, i, this.sink);
    const out: ActTag[] = [];
    for (const tag of acts) {
      const group = detailGroupOf(tag.act);
      const cols = group ? this.groups.get(group) : undefined;
      if (!cols) {
        out.push(tag);
        continue;
      }
      let best = 0;
      let bestLogit = -Infinity;
      let fired = false;
      cols.details.forEach((detail, d) => {
        const z = this.sink.logits[cols.from + d]!;
        if (z > bestLogit) {
          bestLogit = z;
          best = d;
        }
        if (z >= 0) {
          out.push({ act: tag.act, score: tag.score, detail });
          fired = true;
        }
      });
      if (!fired) out.push({ act: tag.act, score: tag.score, detail: cols.details[best]! });
    }
    return out;
  }
}

/**
 * Builds the act model from its weights (the parsed `acts.json`). Validates them first and throws
 * a TeachbackError (`ACTS.INVALID_WEIGHTS`) naming the field.
 */
export function loadActModel(weights: unknown): ActModel {
  return new LinearActModel(decodeActWeights(weights));
}
