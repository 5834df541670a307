import { z } from 'zod';
import { TeachbackError, fieldPath } from '../errors';
import { decodeBase64 } from './base64';
import { FEATURE_TEMPLATE } from './features';
import { ACT_NAMES, DETAIL_GROUPS, type ActName, type DetailGroup } from './names';
import { decodeWordClusters, WordClustersFile, type WordClusterTable } from './word-clusters';

export const ACT_WEIGHTS_FORMAT = 'teachback.acts.v1';

/** One output of the linear model: an act, or one detail of a detail group. */
export interface Head {
  name: string;
  act?: ActName;
  group?: DetailGroup;
  detail?: string;
}

/** Acts first (in ACT_NAMES order), then each group's details: the column order of the weights. */
export const HEADS: readonly Head[] = [
  ...ACT_NAMES.map((act) => ({ name: act, act })),
  ...(Object.entries(DETAIL_GROUPS) as [DetailGroup, { details: readonly string[] }][]).flatMap(
    ([group, spec]) => spec.details.map((detail) => ({ name: `${group}:${detail}`, group, detail })),
  ),
];

/** The committed weights file (`config/models/acts.json`). */
export const ActWeightsFile = z.strictObject({
  format: z.literal(ACT_WEIGHTS_FORMAT),
  version: z.string().min(1),
  featureTemplate: z.literal(FEATURE_TEMPLATE),
  heads: z.array(
    z.strictObject({
      name: z.string().min(1),
      bias: z.number().finite(),
      /** Probability at or above which the act fires; details fire at 0.5 (or the best one). */
      threshold: z.number().min(0).max(1),
    }),
  ),
  /** Weight of one quantum of `weights`. */
  scale: z.number().positive().finite(),
  /** base64 of little-endian int32 feature hashes, strictly increasing. */
  keys: z.string(),
  /** base64 of little-endian int16 quantised weights, keys × heads, row-major. */
  weights: z.string(),
  training: z.strictObject({
    seed: z.number().int(),
    epochs: z.number().int().positive(),
    learningRate: z.number().positive(),
    l2: z.number().nonnegative(),
    minCount: z.number().int().positive(),
    folds: z.number().int().positive(),
    average: z.boolean(),
    bags: z.number().int().positive(),
    corpusUtterances: z.number().int().nonnegative(),
    corpusCalls: z.number().int().nonnegative(),
  }),
  /** The word clusters the features use (absent: words only). */
  wordClusters: WordClustersFile.optional(),
});
export type ActWeightsFile = z.infer<typeof ActWeightsFile>;

export interface DecodedWeights {
  version: string;
  heads: readonly Head[];
  bias: Float64Array;
  thresholds: Float64Array;
  /** The thresholds as logits, so the hot path compares sums and computes a sigmoid only for fired acts. */
  thresholdLogits: Float64Array;
  /**
   * Open addressing, interleaved so one probe touches one cache line: slot s holds the feature
   * hash at [2s] and its row at [2s + 1] (-1 when the slot is empty).
   */
  slots: Int32Array;
  mask: number;
  /** Quantised act weights, rows × acts; the hot path reads only these. */
  actWeights: Int16Array;
  /** Quantised detail weights, rows × details; read only when a detailed act fired. */
  detailWeights: Int16Array;
  scale: number;
  clusters: WordClusterTable | null;
}

function invalid(field: string, reason: string): TeachbackError {
  return new TeachbackError('ACTS.INVALID_WEIGHTS', `act model weights: ${field}: ${reason}`, {
    details: { field },
  });
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The file's little-endian int32s: a view of the bytes where the machine is little-endian too
 * (every model load reads ~1 M values: no DataView call per value), else read one by one.
 */
function littleEndianInt32s(bytes: Uint8Array): Int32Array {
  const n = bytes.length >> 2;
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int32Array.from({ length: n }, (_, i) => view.getInt32(i * 4, true));
}

/** The file's little-endian int16s (see littleEndianInt32s). */
function littleEndianInt16s(bytes: Uint8Array): Int16Array {
  const n = bytes.length >> 1;
  if (LITTLE_ENDIAN && bytes.byteOffset % 2 === 0) return new Int16Array(bytes.buffer, bytes.byteOffset, n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int16Array.from({ length: n }, (_, i) => view.getInt16(i * 2, true));
}

/** Validates the weights file and builds the lookup table. Throws TeachbackError naming the field. */
export function decodeActWeights(raw: unknown): DecodedWeights {
  const parsed = ActWeightsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(fieldPath(issue.path), issue.message);
  }
  const file = parsed.data;
  if (file.heads.length !== HEADS.length) {
    throw invalid('heads', `expected ${HEADS.length} heads (acts then details), got ${file.heads.length}`);
  }
  file.heads.forEach((h, i) => {
    if (h.name !== HEADS[i]!.name) throw invalid(`heads[${i}].name`, `expected "${HEADS[i]!.name}"`);
  });
  const keyBytes = decodeBase64(file.keys);
  if (!keyBytes || keyBytes.length % 4 !== 0) throw invalid('keys', 'not base64 of int32 values');
  const weightBytes = decodeBase64(file.weights);
  const rows = keyBytes.length / 4;
  const k = HEADS.length;
  if (!weightBytes) throw invalid('weights', 'not base64');
  if (weightBytes.length !== rows * k * 2) {
    throw invalid(
      'weights',
      `expected ${rows * k * 2} bytes (${rows} keys × ${k} heads × int16), got ${weightBytes.length}`,
    );
  }
  const keys = littleEndianInt32s(keyBytes);
  const quantised = littleEndianInt16s(weightBytes);
  let size = 1024;
  while (size * 0.7 < rows) size *= 2; // load ≤ 0.7 keeps probes short and the table small
  const mask = size - 1;
  const slots = new Int32Array(size * 2);
  for (let s = 1; s < slots.length; s += 2) slots[s] = -1;
  let last = -Infinity;
  for (let r = 0; r < rows; r++) {
    const key = keys[r]!;
    if (key <= last) throw invalid('keys', `not strictly increasing at key ${r}`);
    last = key;
    let slot = key & mask;
    while (slots[slot * 2 + 1] !== -1) slot = (slot + 1) & mask;
    slots[slot * 2] = key;
    slots[slot * 2 + 1] = r;
  }
  const acts = ACT_NAMES.length;
  const details = k - acts;
  const actWeights = new Int16Array(rows * acts);
  const detailWeights = new Int16Array(rows * details);
  for (let r = 0; r < rows; r++) {
    const base = r * k;
    for (let h = 0; h < acts; h++) actWeights[r * acts + h] = quantised[base + h]!;
    for (let h = 0; h < details; h++) detailWeights[r * details + h] = quantised[base + acts + h]!;
  }
  return {
    version: file.version,
    heads: HEADS,
    bias: Float64Array.from(file.heads, (h) => h.bias),
    thresholds: Float64Array.from(file.heads, (h) => h.threshold),
    thresholdLogits: Float64Array.from(file.heads, (h) => Math.log(h.threshold / (1 - h.threshold))),
    slots,
    mask,
    actWeights,
    detailWeights,
    scale: file.scale,
    clusters: file.wordClusters ? decodeWordClusters(file.wordClusters) : null,
  };
}
