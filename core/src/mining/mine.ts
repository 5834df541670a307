import { redactText } from '../redact/redact';
import {
  benjaminiHochberg,
  logOddsDirichlet,
  mantelHaenszel,
  stratifiedLogOdds,
  type LogOddsResult,
  type Table2x2,
} from './stats';
import { DEFAULT_OBJECTIONS, ngrams, objectionIn, tokens } from './text';
import type { FindingExample, FindingKind, MinedFinding, MiningCall, MiningResult, OutcomeOf } from './types';

export interface MiningOptions {
  outcome: OutcomeOf;
  /** Name shown in results and change notes (conversion, csat, ...). */
  outcomeName: string;
  /** Confounder strata (default: the queue). Patterns are compared within a stratum only. */
  stratum?: (call: MiningCall) => string;
  /** Nothing is tested, let alone suggested, with fewer calls showing (or lacking) it. Default 30. */
  minCalls?: number;
  /** Benjamini–Hochberg false discovery rate over every pattern tested in the run. Default 0.05. */
  fdr?: number;
  /** Longest phrase, in words. Default 3. */
  maxNgram?: number;
  objections?: Readonly<Record<string, readonly string[]>>;
  /** Example calls per finding. Default 3. */
  examples?: number;
  /** Applied to every quote; default the PHI redactor. */
  deidentify?: (text: string) => string;
  /** Monroe et al. prior strength α0. Default 500. */
  priorScale?: number;
}

interface Where {
  call: number;
  utterance: number;
  quote: string;
}

interface Feature {
  key: string;
  kind: FindingKind;
  universe: string;
  calls: Set<number>;
  where: Map<number, Where>;
  meta: Pick<MinedFinding, 'phrase' | 'act' | 'first' | 'second' | 'objection'>;
}

/**
 * Contrasts successful calls with the others and returns the patterns that separate them, with
 * effect sizes, intervals, counts and de-identified examples. Call it with the calls of one call
 * type (see `mineByCallType`).
 */
export function mine(calls: readonly MiningCall[], options: MiningOptions): MiningResult {
  const minCalls = options.minCalls ?? 30;
  const fdr = options.fdr ?? 0.05;
  const maxN = options.maxNgram ?? 3;
  const objections = options.objections ?? DEFAULT_OBJECTIONS;
  const deid = options.deidentify ?? ((t: string) => redactText(t).text);
  const stratumOf = options.stratum ?? ((c: MiningCall) => c.queue ?? 'unknown');

  const used: MiningCall[] = [];
  const outcome: boolean[] = [];
  for (const c of calls) {
    const o = options.outcome(c);
    if (o === undefined) continue;
    used.push(c);
    outcome.push(o);
  }
  const strataNames = [...new Set(used.map(stratumOf))].sort();
  const stratum = used.map((c) => strataNames.indexOf(stratumOf(c)));

  const features = new Map<string, Feature>();
  const universes = new Map<string, Set<number>>();
  universes.set('all', new Set(used.map((_, i) => i)));
  const add = (
    key: string,
    kind: FindingKind,
    universe: string,
    i: number,
    where: Where,
    meta: Feature['meta'],
  ) => {
    let f = features.get(key);
    if (!f) {
      f = { key, kind, universe, calls: new Set(), where: new Map(), meta };
      features.set(key, f);
    }
    f.calls.add(i);
    if (!f.where.has(i)) f.where.set(i, where);
  };
  const inUniverse = (u: string, i: number) => {
    let s = universes.get(u);
    if (!s) universes.set(u, (s = new Set()));
    s.add(i);
  };

  // Per-stratum token counts for the Monroe log-odds of agent phrases.
  const countsBy = strataNames.map(() => ({
    ok: new Map<string, number>(),
    other: new Map<string, number>(),
  }));

  used.forEach((call, i) => {
    const firstAct = new Map<string, number>();
    let pendingObjection: { kind: string; at: number } | undefined;
    const seenObjection = new Set<string>();
    call.utterances.forEach((u, ui) => {
      if (u.speaker === 'agent') {
        const toks = tokens(u.text);
        const grams = ngrams(toks, maxN);
        const counts = outcome[i] ? countsBy[stratum[i]!]!.ok : countsBy[stratum[i]!]!.other;
        for (const g of grams) {
          counts.set(g, (counts.get(g) ?? 0) + 1);
          add(
            `phrase:agent:${g}`,
            'phrase',
            'all',
            i,
            { call: i, utterance: ui, quote: u.text },
            { phrase: g },
          );
        }
        for (const act of u.acts ?? []) {
          if (!firstAct.has(act)) firstAct.set(act, ui);
          add(`act:agent:${act}`, 'act', 'all', i, { call: i, utterance: ui, quote: u.text }, { act });
        }
        if (pendingObjection) {
          const obj = pendingObjection;
          pendingObjection = undefined;
          const u2 = `objection:${obj.kind}`;
          const quote = `${call.utterances[obj.at]!.text} → ${u.text}`;
          for (const g of grams)
            add(
              `objection-response:${obj.kind}:${g}`,
              'objection-response',
              u2,
              i,
              { call: i, utterance: ui, quote },
              { objection: obj.kind, phrase: g },
            );
        }
      } else if (u.speaker === 'customer') {
        const kind = objectionIn(u.text, objections);
        // The first time each objection comes up is the moment the response is judged on.
        if (kind && !seenObjection.has(kind)) {
          seenObjection.add(kind);
          inUniverse(`objection:${kind}`, i);
          pendingObjection = { kind, at: ui };
        }
      }
    });
    const acts = [...firstAct.keys()].sort();
    for (let x = 0; x < acts.length; x++)
      for (let y = x + 1; y < acts.length; y++) {
        const A = acts[x]!;
        const B = acts[y]!;
        const u = `both:${A}|${B}`;
        inUniverse(u, i);
        const aFirst = firstAct.get(A)! < firstAct.get(B)!;
        if (aFirst)
          add(
            `act-order:${A}<${B}`,
            'act-order',
            u,
            i,
            { call: i, utterance: firstAct.get(A)!, quote: call.utterances[firstAct.get(A)!]!.text },
            { first: A, second: B },
          );
        else {
          // Make sure the feature exists even if no call in the population says A first.
          if (!features.has(`act-order:${A}<${B}`))
            features.set(`act-order:${A}<${B}`, {
              key: `act-order:${A}<${B}`,
              kind: 'act-order',
              universe: u,
              calls: new Set(),
              where: new Map(),
              meta: { first: A, second: B },
            });
        }
        const f = features.get(`act-order:${A}<${B}`)!;
        if (!aFirst && !f.where.has(i))
          f.where.set(i, {
            call: i,
            utterance: firstAct.get(B)!,
            quote: call.utterances[firstAct.get(B)!]!.text,
          });
      }
  });

  const logOdds = stratifiedLogOdds(
    countsBy.map(({ ok, other }) => {
      const prior = new Map<string, number>(ok);
      for (const [k, v] of other) prior.set(k, (prior.get(k) ?? 0) + v);
      return logOddsDirichlet(ok, other, prior, options.priorScale ?? 500);
    }),
  );

  const tableFor = (calls: Set<number>, universe: Set<number>, extra?: (i: number) => number) => {
    const groups = new Map<number, Table2x2>();
    for (const i of universe) {
      const g = stratum[i]! * 64 + (extra ? extra(i) : 0);
      let t = groups.get(g);
      if (!t) groups.set(g, (t = { a: 0, b: 0, c: 0, d: 0 }));
      const has = calls.has(i);
      if (has && outcome[i]) t.a++;
      else if (has) t.b++;
      else if (outcome[i]) t.c++;
      else t.d++;
    }
    return [...groups.values()];
  };

  const tested: Array<{ f: Feature; universe: Set<number>; eff: ReturnType<typeof mantelHaenszel> }> = [];
  for (const f of features.values()) {
    const universe = universes.get(f.universe)!;
    const withF = f.calls.size;
    if (withF < minCalls || universe.size - withF < minCalls) continue;
    tested.push({ f, universe, eff: mantelHaenszel(tableFor(f.calls, universe)) });
  }
  const discovered = benjaminiHochberg(
    tested.map((t) => t.eff.p),
    fdr,
  );
  const m = tested.length;
  // BH-adjusted q for reporting: min over k ≥ rank of p(k)·m/k.
  const order = tested.map((t, i) => ({ p: t.eff.p, i })).sort((a, b) => a.p - b.p);
  const q = new Array<number>(m).fill(1);
  let run = 1;
  for (let k = m - 1; k >= 0; k--) {
    run = Math.min(run, (order[k]!.p * m) / (k + 1));
    q[order[k]!.i] = run;
  }
  const cutoff = Math.max(0, ...tested.filter((_, i) => discovered[i]).map((t) => t.eff.p));

  /*
   * Correlated patterns: a planted phrase makes its sub-phrases significant too, and one winning
   * act order makes the orders it implies significant. In order of strength, a discovery is kept
   * only if it stays significant (at the BH cut-off) within strata of queue × the kept findings it
   * overlaps most; otherwise it is reported as explained by that finding.
   */
  const kept: Array<{ t: (typeof tested)[number]; q: number }> = [];
  const explained: Array<{ key: string; by: string }> = [];
  const candidates = tested
    .map((t, i) => ({ t, q: q[i]!, d: discovered[i]! }))
    // A discovery whose own interval still includes 1 (a sparse table, where the continuity-
    // corrected test and the ½-corrected interval disagree) is not a finding anyone should act on.
    .filter((x) => x.d && (x.t.eff.ci[0] > 1 || x.t.eff.ci[1] < 1))
    .sort((a, b) => a.t.eff.p - b.t.eff.p || b.t.f.key.length - a.t.f.key.length);
  for (const cand of candidates) {
    const related = kept
      .map((k) => ({ k, r: Math.abs(phi(cand.t.f.calls, k.t.f.calls, cand.t.universe)) }))
      .filter((x) => x.r > 0.1)
      .sort((a, b) => b.r - a.r)
      .slice(0, 3);
    if (related.length > 0) {
      // Each related finding splits the strata three ways: outside its universe, with, without.
      const adj = mantelHaenszel(
        tableFor(cand.t.f.calls, cand.t.universe, (i) =>
          related.reduce(
            (acc, x, d) => acc + 3 ** d * (!x.k.t.universe.has(i) ? 0 : x.k.t.f.calls.has(i) ? 1 : 2),
            0,
          ),
        ),
      );
      if (adj.p > cutoff || Math.sign(adj.logOddsRatio) !== Math.sign(cand.t.eff.logOddsRatio)) {
        explained.push({ key: cand.t.f.key, by: related[0]!.k.t.f.key });
        continue;
      }
    }
    kept.push(cand);
  }

  /*
   * Say each kept pattern in its most specific form: the longest phrase that marks (almost) the
   * same calls, and a response to an objection rather than the bare phrase when the phrase is
   * almost only said as that response.
   */
  for (let i = 0; i < kept.length; i++) {
    const k = kept[i]!;
    if (k.t.f.kind !== 'phrase' && k.t.f.kind !== 'objection-response') continue;
    let best = k;
    for (const c of candidates) {
      if (c === k || !c.t.f.meta.phrase || c.t.f.kind === 'act' || c.t.f.kind === 'act-order') continue;
      if (kept.includes(c)) continue;
      if (Math.sign(c.t.eff.logOddsRatio) !== Math.sign(k.t.eff.logOddsRatio)) continue;
      const specific = c.t.f.kind === 'objection-response' && best.t.f.kind === 'phrase';
      const longer =
        ` ${c.t.f.meta.phrase} `.includes(` ${best.t.f.meta.phrase} `) &&
        c.t.f.meta.phrase.length > best.t.f.meta.phrase!.length;
      if (!specific && !(longer && c.t.f.kind === best.t.f.kind)) continue;
      if (
        specific &&
        !` ${c.t.f.meta.phrase} `.includes(` ${best.t.f.meta.phrase} `) &&
        !` ${best.t.f.meta.phrase} `.includes(` ${c.t.f.meta.phrase} `)
      )
        continue;
      if (overlap(c.t.f.calls, best.t.f.calls) < 0.8) continue;
      best = c;
    }
    if (best !== k) {
      explained.push({ key: k.t.f.key, by: best.t.f.key });
      kept[i] = best;
    }
  }

  const findings = kept.map(({ t, q }) => toFinding(t.f, t.universe, t.eff, q));
  function toFinding(
    f: Feature,
    universe: Set<number>,
    eff: ReturnType<typeof mantelHaenszel>,
    qv: number,
  ): MinedFinding {
    const helps = eff.logOddsRatio > 0;
    let ok = 0;
    let okWithout = 0;
    for (const i of universe) {
      if (!outcome[i]) continue;
      if (f.calls.has(i)) ok++;
      else okWithout++;
    }
    const withF = f.calls.size;
    const without = universe.size - withF;
    // The examples show the arrangement that goes with success, on successful calls.
    const exampleCalls = [...universe].filter((i) => outcome[i] && f.calls.has(i) === helps);
    const examples: FindingExample[] = [];
    for (const i of exampleCalls) {
      if (examples.length >= (options.examples ?? 3)) break;
      const w = f.where.get(i);
      if (!w) continue;
      examples.push({ interactionId: used[i]!.id, utterance: w.utterance, quote: deid(w.quote) });
    }
    const lo: LogOddsResult | undefined = f.kind === 'phrase' ? logOdds.get(f.meta.phrase!) : undefined;
    let first = f.meta.first;
    let second = f.meta.second;
    if (f.kind === 'act-order' && !helps) [first, second] = [second, first];
    const effect = helps
      ? { oddsRatio: eff.oddsRatio, logOddsRatio: eff.logOddsRatio, ci: eff.ci }
      : { oddsRatio: eff.oddsRatio, logOddsRatio: eff.logOddsRatio, ci: eff.ci };
    return {
      key: f.key,
      kind: f.kind,
      direction: f.kind === 'act-order' ? 'helps' : helps ? 'helps' : 'hurts',
      label: labelOf(f, helps, first, second),
      ...f.meta,
      ...(first !== undefined ? { first, second } : {}),
      effect:
        f.kind === 'act-order' && !helps
          ? {
              oddsRatio: 1 / effect.oddsRatio,
              logOddsRatio: -effect.logOddsRatio,
              ci: [1 / effect.ci[1], 1 / effect.ci[0]],
              p: eff.p,
              q: qv,
            }
          : { ...effect, p: eff.p, q: qv },
      ...(lo ? { logOdds: { delta: lo.delta, z: lo.z } } : {}),
      calls: f.kind === 'act-order' && !helps ? without : withF,
      universe: universe.size,
      successWith: f.kind === 'act-order' && !helps ? rate(okWithout, without) : rate(ok, withF),
      successWithout: f.kind === 'act-order' && !helps ? rate(ok, withF) : rate(okWithout, without),
      examples,
    };
  }

  return {
    callType: used[0]?.callType ?? null,
    outcome: options.outcomeName,
    calls: used.length,
    successes: outcome.filter(Boolean).length,
    strata: strataNames,
    tested: m,
    minCalls,
    fdr,
    findings,
    explained,
  };
}

/** One mining run per call type (calls without a call type are grouped as `unknown`). */
export function mineByCallType(calls: readonly MiningCall[], options: MiningOptions): MiningResult[] {
  const groups = new Map<string, MiningCall[]>();
  for (const c of calls) {
    const k = c.callType ?? 'unknown';
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, cs]) => ({ ...mine(cs, options), callType: k }));
}

function rate(x: number, n: number): number {
  return n === 0 ? 0 : x / n;
}

/** |A ∩ B| / max(|A|, |B|): how nearly two patterns mark the same calls. */
function overlap(a: Set<number>, b: Set<number>): number {
  let both = 0;
  for (const i of a) if (b.has(i)) both++;
  return both / Math.max(1, a.size, b.size);
}

function phi(a: Set<number>, b: Set<number>, universe: Set<number>): number {
  let n11 = 0;
  let n1 = 0;
  let m1 = 0;
  for (const i of universe) {
    const x = a.has(i);
    const y = b.has(i);
    if (x) n1++;
    if (y) m1++;
    if (x && y) n11++;
  }
  const n = universe.size;
  const den = Math.sqrt(n1 * (n - n1) * m1 * (n - m1));
  return den === 0 ? 0 : (n * n11 - n1 * m1) / den;
}

function labelOf(f: Feature, helps: boolean, first?: string, second?: string): string {
  switch (f.kind) {
    case 'phrase':
      return `agent says "${f.meta.phrase}"`;
    case 'act':
      return `agent ${f.meta.act}`;
    case 'act-order':
      return `${first} before ${second}`;
    case 'objection-response':
      return `after a ${f.meta.objection} objection, agent says "${f.meta.phrase}"`;
  }
  return helps ? f.key : f.key;
}
