import type { PromptOutcome } from '../live/types';
import { benjaminiHochberg, logOddsDirichlet, mantelHaenszel, twoProportions } from './stats';
import { DEFAULT_OBJECTIONS, ngrams, objectionIn, tokens } from './text';
import type { MiningCall } from './types';

/** What a screen reported about one prompt on one call, with the call's outcome when known. */
export interface PromptOutcomeRecord {
  ruleId: string;
  callId: string;
  outcome: PromptOutcome;
  callSucceeded?: boolean;
}

/** A rule (playbook version or criterion version) with a date it starts to apply. */
export interface UpcomingRule {
  playbookId: string;
  /** Catalog version number, or the criterion id for a criterion's dated rule version. */
  ref: string;
  effectiveFrom: string;
  note: string;
}

export interface MonthlyReviewOptions {
  /** YYYY-MM of the month reviewed; compared with the month before. */
  month: string;
  minCalls?: number;
  fdr?: number;
  /** Live prompt outcomes of the month (empty when live guidance is not used). */
  prompts?: readonly PromptOutcomeRecord[];
  /** Dated rules known to the catalog; those starting within `horizonDays` after the month are listed. */
  rules?: readonly UpcomingRule[];
  horizonDays?: number;
  objections?: Readonly<Record<string, readonly string[]>>;
}

export interface MonthlyReview {
  month: string;
  previousMonth: string;
  calls: { month: number; previous: number };
  criteria: Array<{
    criterionId: string;
    missRate: number;
    previousMissRate: number;
    change: number;
    ci: [number, number];
    p: number;
    significant: boolean;
    calls: number;
  }>;
  trendingPhrases: Array<{ phrase: string; z: number; count: number; previousCount: number }>;
  objections: Array<{
    objection: string;
    rate: number;
    previousRate: number;
    p: number;
    significant: boolean;
  }>;
  prompts: Array<{
    ruleId: string;
    shown: number;
    followed: number;
    dismissed: number;
    followRate: number;
    ignored: boolean;
    /** Odds ratio of success when followed vs not, when outcomes were given. */
    effect?: { oddsRatio: number; ci: [number, number]; helps: boolean };
  }>;
  upcomingRules: UpcomingRule[];
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The monthly review of a tenant: criteria whose miss rate moved (two-proportion test, BH over
 * criteria), customer phrases trending against the month before (Monroe log-odds, |z| ≥ 3.3 and
 * enough calls), objections more or less frequent, prompts agents ignore or that no longer help,
 * and dated rules about to take effect.
 */
export function monthlyReview(calls: readonly MiningCall[], opts: MonthlyReviewOptions): MonthlyReview {
  const minCalls = opts.minCalls ?? 30;
  const fdr = opts.fdr ?? 0.05;
  const prev = previousMonth(opts.month);
  const cur = calls.filter((c) => c.startedAt?.startsWith(opts.month));
  const old = calls.filter((c) => c.startedAt?.startsWith(prev));

  // Criteria miss rates.
  const ids = new Set<string>();
  for (const c of [...cur, ...old]) for (const id of Object.keys(c.criteria ?? {})) ids.add(id);
  const rates = [...ids].sort().map((id) => {
    const count = (cs: MiningCall[]) => {
      let missed = 0;
      let n = 0;
      for (const c of cs) {
        const s = c.criteria?.[id];
        if (s === 'met' || s === 'missed') n++;
        if (s === 'missed') missed++;
      }
      return { missed, n };
    };
    const a = count(old);
    const b = count(cur);
    return { id, a, b, t: twoProportions(a.missed, a.n, b.missed, b.n) };
  });
  const testable = rates.filter((r) => r.a.n >= minCalls && r.b.n >= minCalls);
  const sig = benjaminiHochberg(
    testable.map((r) => r.t.p),
    fdr,
  );
  const criteria = testable.map((r, i) => ({
    criterionId: r.id,
    missRate: r.b.n ? r.b.missed / r.b.n : 0,
    previousMissRate: r.a.n ? r.a.missed / r.a.n : 0,
    change: r.t.diff,
    ci: r.t.ci,
    p: r.t.p,
    significant: sig[i]!,
    calls: r.a.n + r.b.n,
  }));

  // Customer phrases: this month against last.
  const countsCur = new Map<string, number>();
  const countsOld = new Map<string, number>();
  const callsCur = new Map<string, number>();
  const callsOld = new Map<string, number>();
  const countInto = (cs: MiningCall[], counts: Map<string, number>, perCall: Map<string, number>) => {
    for (const c of cs) {
      const seen = new Set<string>();
      for (const u of c.utterances)
        if (u.speaker === 'customer')
          for (const g of ngrams(tokens(u.text), 3)) {
            counts.set(g, (counts.get(g) ?? 0) + 1);
            seen.add(g);
          }
      for (const g of seen) perCall.set(g, (perCall.get(g) ?? 0) + 1);
    }
  };
  countInto(cur, countsCur, callsCur);
  countInto(old, countsOld, callsOld);
  const prior = new Map(countsCur);
  for (const [k, v] of countsOld) prior.set(k, (prior.get(k) ?? 0) + v);
  const lo = logOddsDirichlet(countsCur, countsOld, prior, 500);
  const trendingPhrases = [...lo.values()]
    .filter(
      (r) => r.z >= 3.3 && (callsCur.get(r.term) ?? 0) >= Math.min(minCalls, Math.max(5, cur.length / 20)),
    )
    .sort((a, b) => b.z - a.z)
    .slice(0, 20)
    .map((r) => ({
      phrase: r.term,
      z: r.z,
      count: callsCur.get(r.term) ?? 0,
      previousCount: callsOld.get(r.term) ?? 0,
    }));

  // Objections: share of calls with each kind.
  const lex = opts.objections ?? DEFAULT_OBJECTIONS;
  const share = (cs: MiningCall[], kind: string) =>
    cs.filter((c) => c.utterances.some((u) => u.speaker === 'customer' && objectionIn(u.text, lex) === kind))
      .length;
  const objRows = Object.keys(lex).map((kind) => {
    const a = share(old, kind);
    const b = share(cur, kind);
    return { kind, a, b, t: twoProportions(a, old.length, b, cur.length) };
  });
  const objSig = benjaminiHochberg(
    objRows.map((r) => r.t.p),
    fdr,
  );
  const objections = objRows.map((r, i) => ({
    objection: r.kind,
    rate: cur.length ? r.b / cur.length : 0,
    previousRate: old.length ? r.a / old.length : 0,
    p: r.t.p,
    significant: objSig[i]! && old.length >= minCalls && cur.length >= minCalls,
  }));

  // Prompts.
  const byRule = new Map<string, PromptOutcomeRecord[]>();
  for (const p of opts.prompts ?? []) byRule.set(p.ruleId, [...(byRule.get(p.ruleId) ?? []), p]);
  const prompts = [...byRule.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ruleId, rs]) => {
      const shown = rs.length;
      const followed = rs.filter((r) => r.outcome === 'followed').length;
      const dismissed = rs.filter((r) => r.outcome === 'dismissed' || r.outcome === 'muted').length;
      const withOutcome = rs.filter((r) => r.callSucceeded !== undefined);
      let effect: MonthlyReview['prompts'][number]['effect'];
      if (withOutcome.length >= minCalls) {
        const t = { a: 0, b: 0, c: 0, d: 0 };
        for (const r of withOutcome) {
          const f = r.outcome === 'followed';
          if (f && r.callSucceeded) t.a++;
          else if (f) t.b++;
          else if (r.callSucceeded) t.c++;
          else t.d++;
        }
        const e = mantelHaenszel([t]);
        effect = { oddsRatio: e.oddsRatio, ci: e.ci, helps: e.ci[0] > 1 };
      }
      return {
        ruleId,
        shown,
        followed,
        dismissed,
        followRate: shown ? followed / shown : 0,
        ignored: shown >= minCalls && followed / shown < 0.2,
        ...(effect ? { effect } : {}),
      };
    });

  // Rules starting soon after the month's end.
  const [y, m] = opts.month.split('-').map(Number) as [number, number];
  const monthEnd = new Date(Date.UTC(y, m, 1));
  const horizon = new Date(monthEnd.getTime() + (opts.horizonDays ?? 45) * 86_400_000);
  const upcomingRules = (opts.rules ?? [])
    .filter((r) => {
      const d = new Date(`${r.effectiveFrom}T00:00:00Z`);
      return d >= new Date(Date.UTC(y, m - 1, 1)) && d < horizon;
    })
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));

  return {
    month: opts.month,
    previousMonth: prev,
    calls: { month: cur.length, previous: old.length },
    criteria,
    trendingPhrases,
    objections,
    prompts,
    upcomingRules,
  };
}

/**
 * Dated rules from the catalog: later versions with an effective date, and criterion rule
 * versions (`versions[].effectiveFrom`, e.g. a CMS change written ahead of time).
 */
export function datedRules(
  versions: ReadonlyArray<{ id: string; version: number; effectiveFrom: string | null; note: string }>,
  playbooks: ReadonlyArray<{
    id: string;
    criteria: ReadonlyArray<{
      id: string;
      title: string;
      versions?:
        ReadonlyArray<{ effectiveFrom?: string | undefined; label?: string | undefined }> | undefined;
    }>;
  }>,
): UpcomingRule[] {
  const out: UpcomingRule[] = [];
  for (const v of versions)
    if (v.effectiveFrom && v.version > 1)
      out.push({ playbookId: v.id, ref: `v${v.version}`, effectiveFrom: v.effectiveFrom, note: v.note });
  for (const p of playbooks)
    for (const c of p.criteria)
      for (const rv of c.versions ?? [])
        if (rv.effectiveFrom)
          out.push({
            playbookId: p.id,
            ref: c.id,
            effectiveFrom: rv.effectiveFrom,
            note: `${c.title}${rv.label ? `: ${rv.label}` : ''}`,
          });
  return out;
}
