/*
 * The statistics the miner rests on, written out so each can be checked against a textbook value:
 * the Mantel–Haenszel odds ratio across strata (queues) with the Robins–Breslow–Greenland
 * confidence interval, the Cochran–Mantel–Haenszel test, Benjamini–Hochberg, and the log-odds ratio
 * with an informative Dirichlet prior of Monroe, Colaresi & Quinn (2008).
 */

/** One stratum's 2×2 table: feature present/absent × outcome success/other, counted in calls. */
export interface Table2x2 {
  /** feature & success */
  a: number;
  /** feature & other */
  b: number;
  /** no feature & success */
  c: number;
  /** no feature & other */
  d: number;
}

export interface StratifiedEffect {
  /** Mantel–Haenszel common odds ratio (feature vs not, for success). */
  oddsRatio: number;
  logOddsRatio: number;
  /** 95 % interval of the odds ratio (Robins–Breslow–Greenland variance of log OR). */
  ci: [number, number];
  /** Two-sided CMH p-value (1 df, continuity corrected). */
  p: number;
  /** Calls with the feature, in strata that carry information. */
  callsWith: number;
  callsWithout: number;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Two-sided p-value of a standard normal statistic. */
export function twoSidedP(z: number): number {
  return Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
}

/**
 * Mantel–Haenszel estimate over strata. Strata where the feature or the outcome does not vary
 * carry no information and drop out of every sum, which is what "compare within queue" means.
 */
export function mantelHaenszel(strata: readonly Table2x2[]): StratifiedEffect {
  let R = 0;
  let S = 0;
  let PR = 0;
  let PS_QR = 0;
  let QS = 0;
  let sumA = 0;
  let sumE = 0;
  let sumV = 0;
  let withF = 0;
  let withoutF = 0;
  for (const t of strata) {
    const n = t.a + t.b + t.c + t.d;
    if (n < 2) continue;
    const n1 = t.a + t.b;
    const n0 = t.c + t.d;
    const m1 = t.a + t.c;
    const m0 = t.b + t.d;
    if (n1 === 0 || n0 === 0 || m1 === 0 || m0 === 0) continue;
    withF += n1;
    withoutF += n0;
    const r = (t.a * t.d) / n;
    const s = (t.b * t.c) / n;
    const p = (t.a + t.d) / n;
    const q = (t.b + t.c) / n;
    R += r;
    S += s;
    PR += p * r;
    PS_QR += p * s + q * r;
    QS += q * s;
    sumA += t.a;
    sumE += (n1 * m1) / n;
    sumV += (n1 * n0 * m1 * m0) / (n * n * (n - 1));
  }
  if (R === 0 && S === 0) {
    return {
      oddsRatio: 1,
      logOddsRatio: 0,
      ci: [0, Infinity],
      p: 1,
      callsWith: withF,
      callsWithout: withoutF,
    };
  }
  // A zero cell sum makes the point estimate 0 or ∞; add ½ to both sums so it stays finite and
  // the interval (not the estimate) says how little is known.
  const Rh = R === 0 || S === 0 ? R + 0.5 : R;
  const Sh = R === 0 || S === 0 ? S + 0.5 : S;
  const or = Rh / Sh;
  const lor = Math.log(or);
  const varLog = R > 0 && S > 0 ? PR / (2 * R * R) + PS_QR / (2 * R * S) + QS / (2 * S * S) : 1 / Rh + 1 / Sh;
  const se = Math.sqrt(varLog);
  const chi = sumV > 0 ? Math.max(0, Math.abs(sumA - sumE) - 0.5) ** 2 / sumV : 0;
  return {
    oddsRatio: or,
    logOddsRatio: lor,
    ci: [Math.exp(lor - 1.96 * se), Math.exp(lor + 1.96 * se)],
    p: twoSidedP(Math.sqrt(chi)),
    callsWith: withF,
    callsWithout: withoutF,
  };
}

/**
 * Benjamini–Hochberg step-up at level q: returns, for each p-value in input order, whether it is a
 * discovery. Under the global null the chance of any discovery is at most q.
 */
export function benjaminiHochberg(ps: readonly number[], q: number): boolean[] {
  const m = ps.length;
  const order = ps.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  let cut = -1;
  for (let k = 0; k < m; k++) if (order[k]!.p <= ((k + 1) / m) * q) cut = k;
  const out = new Array<boolean>(m).fill(false);
  for (let k = 0; k <= cut; k++) out[order[k]!.i] = true;
  return out;
}

export interface LogOddsResult {
  term: string;
  /** δ: log-odds of the term in the success corpus minus in the other corpus, prior-smoothed. */
  delta: number;
  variance: number;
  z: number;
}

/**
 * Monroe, Colaresi & Quinn (2008) "Fightin' Words", eq. 16–22: the log-odds ratio of each term
 * between two corpora with an informative Dirichlet prior proportional to the pooled counts
 * (`priorScale` = α0, the prior's total pseudo-count). Frequent words no longer dominate because
 * the z-score divides by the term's own variance.
 */
export function logOddsDirichlet(
  countsA: ReadonlyMap<string, number>,
  countsB: ReadonlyMap<string, number>,
  prior: ReadonlyMap<string, number>,
  priorScale = 1000,
): Map<string, LogOddsResult> {
  const nA = sum(countsA);
  const nB = sum(countsB);
  const priorTotal = sum(prior);
  const out = new Map<string, LogOddsResult>();
  if (priorTotal === 0) return out;
  const a0 = priorScale;
  for (const [term, pc] of prior) {
    const aw = (pc / priorTotal) * a0;
    if (aw <= 0) continue;
    const yA = countsA.get(term) ?? 0;
    const yB = countsB.get(term) ?? 0;
    const lA = Math.log((yA + aw) / (nA + a0 - yA - aw));
    const lB = Math.log((yB + aw) / (nB + a0 - yB - aw));
    const delta = lA - lB;
    const variance = 1 / (yA + aw) + 1 / (yB + aw);
    out.set(term, { term, delta, variance, z: delta / Math.sqrt(variance) });
  }
  return out;
}

/**
 * Combines per-stratum log-odds (δ, variance) by inverse-variance weighting, so a term that is
 * only more frequent because the high-converting queue says it more is not rewarded twice.
 */
export function stratifiedLogOdds(
  perStratum: ReadonlyArray<ReadonlyMap<string, LogOddsResult>>,
): Map<string, LogOddsResult> {
  const acc = new Map<string, { w: number; wd: number }>();
  for (const m of perStratum)
    for (const [term, r] of m) {
      const e = acc.get(term) ?? { w: 0, wd: 0 };
      e.w += 1 / r.variance;
      e.wd += r.delta / r.variance;
      acc.set(term, e);
    }
  const out = new Map<string, LogOddsResult>();
  for (const [term, { w, wd }] of acc) {
    const delta = wd / w;
    const variance = 1 / w;
    out.set(term, { term, delta, variance, z: delta / Math.sqrt(variance) });
  }
  return out;
}

/**
 * Two-proportion z-test (pooled), used for a criterion's miss rate this month against last month.
 */
export function twoProportions(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): { diff: number; ci: [number, number]; z: number; p: number } {
  if (n1 === 0 || n2 === 0) return { diff: 0, ci: [-1, 1], z: 0, p: 1 };
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pp = (x1 + x2) / (n1 + n2);
  const se0 = Math.sqrt(pp * (1 - pp) * (1 / n1 + 1 / n2));
  const z = se0 > 0 ? (p2 - p1) / se0 : 0;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  return { diff: p2 - p1, ci: [p2 - p1 - 1.96 * se, p2 - p1 + 1.96 * se], z, p: twoSidedP(z) };
}

function sum(m: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}
