import type { Channel } from '../model/interaction';
import type { ContactCenterFacts, SurveyResponse } from '../model/contact-center';

/**
 * One interaction as the contact-center metrics see it. No PHI: the person is only the resolved
 * contact id of the unified timeline (core/src/timeline), never a name or a number.
 */
export interface MetricFact {
  interactionId: string;
  /** ISO-8601 start (or the time the platform first saw it). */
  startedAt: string;
  channel: Channel;
  agentId?: string | undefined;
  teamId?: string | undefined;
  queue?: string | undefined;
  callType?: string | undefined;
  /** The timeline's resolved contact (identity resolution across platforms and channels). */
  contactId?: string | undefined;
  disposition?: string | undefined;
  contactCenter?: ContactCenterFacts | undefined;
  /** Present once the interaction is scored. */
  score?: number | undefined;
  compliant?: boolean | undefined;
  /** Adherence findings of the scorecard: met, and met-or-missed (not-applicable counts in neither). */
  adherence?: { met: number; applicable: number } | undefined;
  /** Survey answers given about this interaction (any source). */
  surveys?: ReadonlyArray<Pick<SurveyResponse, 'answers'>> | undefined;
  /** FCR outcome when already known (the SQL path computes it in the database). */
  repeatContact?: boolean | undefined;
}

/**
 * A rate with the counts behind it. `value` is numerator / denominator × 100 to one decimal, or
 * null when the denominator is 0; `missing` counts the interactions of the group that lacked the
 * fact needed to place them in either part (reported, never silently counted as zero).
 */
export interface Rate {
  value: number | null;
  numerator: number;
  denominator: number;
  missing: number;
}

/** A mean with the counts behind it; `value` null when nothing was measured. Milliseconds unless named. */
export interface Mean {
  value: number | null;
  sum: number;
  count: number;
  missing: number;
}

export interface NetPromoter {
  /** %promoters − %detractors, −100..100, one decimal; null without answers. */
  value: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  responses: number;
  /** Interactions of the group with no NPS answer. */
  missing: number;
}

export interface FunnelStageRate extends Rate {
  stage: string;
}

export interface ContactCenterMetrics {
  interactions: number;
  fcr: Rate;
  csat: Rate;
  nps: NetPromoter;
  compliance: Rate;
  adherence: Rate;
  /** One entry per configured stage, in funnel order. */
  conversion: FunnelStageRate[];
  aht: Mean;
  asa: Mean;
  abandonment: Rate;
  hold: Mean;
  /** Share of handled interactions put on hold at least once. */
  holdRate: Rate;
  transfers: Rate;
  /** Total transfers counted (a call transferred twice counts 2). */
  transferCount: number;
}

/**
 * Additive counts for one group. Both the in-memory path and the SQL path produce these, and
 * `finishMetrics` turns them into rates, so every formula lives in one place.
 */
export interface MetricSums {
  interactions: number;
  fcrResolved: number;
  fcrEligible: number;
  csatSatisfied: number;
  csatAnswers: number;
  csatMissing: number;
  npsPromoters: number;
  npsPassives: number;
  npsDetractors: number;
  npsMissing: number;
  scored: number;
  compliant: number;
  adherenceMet: number;
  adherenceApplicable: number;
  /** reached[i]: interactions whose stage is at or beyond stage i; stageKnown: any mapped stage. */
  stageReached: number[];
  stageKnown: number;
  handleSum: number;
  handleCount: number;
  handled: number;
  waitSum: number;
  waitCount: number;
  abandoned: number;
  offered: number;
  holdSum: number;
  holdCount: number;
  held: number;
  transferred: number;
  transferKnown: number;
  transferCount: number;
}

export interface MetricOptions {
  /** FCR window in days (default 7). */
  fcrWindowDays?: number;
  /** Funnel stages in order, e.g. ['lead', 'quoted', 'application', 'enrolled']. */
  funnelStages?: readonly string[];
  /** Disposition (or wrap-up code) → stage, used when the platform gave no stage. */
  dispositionStages?: Readonly<Record<string, string>>;
  /**
   * The last moment the data covers (default: the latest start among the facts). An interaction
   * whose FCR window has not elapsed by then cannot be judged yet: it counts as missing.
   */
  asOf?: string;
}

export const DEFAULT_FCR_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;

export function emptySums(stages: number): MetricSums {
  return {
    interactions: 0,
    fcrResolved: 0,
    fcrEligible: 0,
    csatSatisfied: 0,
    csatAnswers: 0,
    csatMissing: 0,
    npsPromoters: 0,
    npsPassives: 0,
    npsDetractors: 0,
    npsMissing: 0,
    scored: 0,
    compliant: 0,
    adherenceMet: 0,
    adherenceApplicable: 0,
    stageReached: new Array<number>(stages).fill(0),
    stageKnown: 0,
    handleSum: 0,
    handleCount: 0,
    handled: 0,
    waitSum: 0,
    waitCount: 0,
    abandoned: 0,
    offered: 0,
    holdSum: 0,
    holdCount: 0,
    held: 0,
    transferred: 0,
    transferKnown: 0,
    transferCount: 0,
  };
}

export function addSums(a: MetricSums, b: MetricSums): MetricSums {
  const out = emptySums(a.stageReached.length);
  for (const k of Object.keys(out) as (keyof MetricSums)[]) {
    if (k === 'stageReached') continue;
    out[k] = a[k] + b[k];
  }
  out.stageReached = a.stageReached.map((n, i) => n + (b.stageReached[i] ?? 0));
  return out;
}

function pct(n: number, d: number): number | null {
  return d === 0 ? null : Math.round((n / d) * 1000) / 10;
}
function rate(numerator: number, denominator: number, missing: number): Rate {
  return { value: pct(numerator, denominator), numerator, denominator, missing };
}
function mean(sum: number, count: number, missing: number): Mean {
  return { value: count === 0 ? null : Math.round(sum / count), sum, count, missing };
}

/**
 * The formulas (see core/src/metrics/README.md):
 *
 *   FCR          = resolved / eligible, eligible = answered (not abandoned) interactions with a
 *                  resolved contact and a call type whose window has elapsed; resolved = no other
 *                  interaction of that contact with that call type, on any channel, in (start, start + window]
 *   CSAT         = satisfied answers / CSAT answers (csat 4–5 of 5, or yes on a yes/no question)
 *   NPS          = 100 × (promoters 9–10 − detractors 0–6) / NPS answers
 *   compliance   = compliant scorecards / scorecards
 *   adherence    = adherence findings met / adherence findings met or missed
 *   conversion_s = interactions reaching stage s or a later one / interactions with a known stage
 *   AHT          = Σ handle time / handled interactions that report it (handle = talk + hold + wrap-up)
 *   ASA          = Σ wait of answered interactions / answered interactions that report their wait
 *   abandonment  = abandoned / offered (offered = answered or abandoned is known)
 *   hold         = Σ hold time / handled interactions that report it; holdRate = held ≥ once / those
 *   transfers    = interactions transferred ≥ once / handled interactions that report transfers
 *
 * `missing` is the number of the group's interactions the formula could not place.
 */
export function finishMetrics(s: MetricSums, stages: readonly string[]): ContactCenterMetrics {
  const n = s.interactions;
  return {
    interactions: n,
    fcr: rate(s.fcrResolved, s.fcrEligible, n - s.fcrEligible),
    csat: rate(s.csatSatisfied, s.csatAnswers, s.csatMissing),
    nps: {
      value:
        s.npsPromoters + s.npsPassives + s.npsDetractors === 0
          ? null
          : Math.round(
              ((s.npsPromoters - s.npsDetractors) / (s.npsPromoters + s.npsPassives + s.npsDetractors)) *
                1000,
            ) / 10,
      promoters: s.npsPromoters,
      passives: s.npsPassives,
      detractors: s.npsDetractors,
      responses: s.npsPromoters + s.npsPassives + s.npsDetractors,
      missing: s.npsMissing,
    },
    compliance: rate(s.compliant, s.scored, n - s.scored),
    adherence: rate(s.adherenceMet, s.adherenceApplicable, n - s.scored),
    conversion: stages.map((stage, i) => ({
      stage,
      ...rate(s.stageReached[i] ?? 0, s.stageKnown, n - s.stageKnown),
    })),
    aht: mean(s.handleSum, s.handleCount, s.handled - s.handleCount),
    asa: mean(s.waitSum, s.waitCount, n - s.abandoned - s.waitCount),
    abandonment: rate(s.abandoned, s.offered, n - s.offered),
    hold: mean(s.holdSum, s.holdCount, s.handled - s.holdCount),
    holdRate: rate(s.held, s.holdCount, s.handled - s.holdCount),
    transfers: rate(s.transferred, s.transferKnown, s.handled - s.transferKnown),
    transferCount: s.transferCount,
  };
}

/** Answered unless the platform said otherwise; abandoned only when it said so. */
export function wasAbandoned(cc: ContactCenterFacts | undefined): boolean | undefined {
  if (!cc) return undefined;
  if (cc.abandoned !== undefined) return cc.abandoned;
  if (cc.answered !== undefined) return !cc.answered;
  return undefined;
}

/** Handle time as reported, else talk + hold + wrap-up when all three are known. */
export function handleTimeOf(cc: ContactCenterFacts | undefined): number | undefined {
  if (!cc) return undefined;
  if (cc.handleMs !== undefined) return cc.handleMs;
  if (cc.talkMs !== undefined && cc.holdMs !== undefined && cc.wrapUpMs !== undefined)
    return cc.talkMs + cc.holdMs + cc.wrapUpMs;
  return undefined;
}

/** The funnel stage index reached, from the platform's stage or the disposition mapping; -1 when unknown. */
export function stageIndexOf(f: MetricFact, opts: MetricOptions): number {
  const stages = opts.funnelStages ?? [];
  const stage =
    f.contactCenter?.stage ?? (f.disposition ? opts.dispositionStages?.[f.disposition] : undefined);
  return stage === undefined ? -1 : stages.indexOf(stage);
}

/**
 * Adds one interaction to a group's sums. `repeat` is the FCR outcome: true when the same contact
 * came back about the same call type within the window, undefined when it cannot be judged.
 */
export function accumulate(
  s: MetricSums,
  f: MetricFact,
  repeat: boolean | undefined,
  opts: MetricOptions,
): void {
  s.interactions++;
  const cc = f.contactCenter;
  const abandoned = wasAbandoned(cc);
  if (abandoned !== undefined) {
    s.offered++;
    if (abandoned) s.abandoned++;
  }
  // Only calls an agent took have a handle, hold or transfer fact; an abandoned call has none to miss.
  if (abandoned !== true) {
    s.handled++;
    const h = handleTimeOf(cc);
    if (h !== undefined) {
      s.handleSum += h;
      s.handleCount++;
    }
    if (cc?.holdMs !== undefined) {
      s.holdSum += cc.holdMs;
      s.holdCount++;
      if (cc.holdMs > 0 || (cc.holdCount ?? 0) > 0) s.held++;
    }
    if (cc?.transfers !== undefined) {
      s.transferKnown++;
      s.transferCount += cc.transfers;
      if (cc.transfers > 0) s.transferred++;
    }
  }
  if (abandoned === false && cc?.waitMs !== undefined) {
    s.waitSum += cc.waitMs;
    s.waitCount++;
  }
  if (abandoned !== true && repeat !== undefined) {
    s.fcrEligible++;
    if (!repeat) s.fcrResolved++;
  }
  let csatAnswered = false;
  let npsAnswered = false;
  for (const r of f.surveys ?? []) {
    for (const a of r.answers) {
      if (a.value === undefined) continue;
      if (a.kind === 'csat') {
        csatAnswered = true;
        s.csatAnswers++;
        if (a.value >= 4) s.csatSatisfied++;
      } else if (a.kind === 'yes_no') {
        csatAnswered = true;
        s.csatAnswers++;
        if (a.value === 1) s.csatSatisfied++;
      } else if (a.kind === 'nps') {
        npsAnswered = true;
        if (a.value >= 9) s.npsPromoters++;
        else if (a.value >= 7) s.npsPassives++;
        else s.npsDetractors++;
      }
    }
  }
  if (!csatAnswered) s.csatMissing++;
  if (!npsAnswered) s.npsMissing++;
  if (f.score !== undefined || f.compliant !== undefined) {
    s.scored++;
    if (f.compliant) s.compliant++;
    if (f.adherence) {
      s.adherenceMet += f.adherence.met;
      s.adherenceApplicable += f.adherence.applicable;
    }
  }
  const st = stageIndexOf(f, opts);
  if (st >= 0) {
    s.stageKnown++;
    for (let i = 0; i <= st; i++) s.stageReached[i]!++;
  }
}

/**
 * FCR outcome of every fact, keyed by interaction id: true = the same contact came back about the
 * same call type on any channel within the window; false = resolved; absent = cannot be judged
 * (no resolved contact, no call type, or the window runs past `asOf`). Looks across all facts
 * given, so pass the window after the period too.
 */
export function repeatContacts(facts: readonly MetricFact[], opts: MetricOptions = {}): Map<string, boolean> {
  const windowMs = (opts.fcrWindowDays ?? DEFAULT_FCR_WINDOW_DAYS) * DAY_MS;
  const asOf = opts.asOf
    ? Date.parse(opts.asOf)
    : Math.max(...facts.map((f) => Date.parse(f.startedAt)), Number.NEGATIVE_INFINITY);
  const byThread = new Map<string, { id: string; t: number; known?: boolean }[]>();
  for (const f of facts) {
    if (f.repeatContact !== undefined || !f.contactId || !f.callType) continue;
    const k = `${f.contactId}\u0000${f.callType}`;
    let list = byThread.get(k);
    if (!list) byThread.set(k, (list = []));
    list.push({ id: f.interactionId, t: Date.parse(f.startedAt) });
  }
  const out = new Map<string, boolean>();
  for (const f of facts) if (f.repeatContact !== undefined) out.set(f.interactionId, f.repeatContact);
  for (const list of byThread.values()) {
    list.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
    list.forEach((x, i) => {
      const next = list[i + 1];
      if (next && next.t - x.t <= windowMs) out.set(x.id, true);
      // A later contact beyond the window proves the window passed without a repeat.
      else if (next || x.t + windowMs <= asOf) out.set(x.id, false);
    });
  }
  return out;
}

export type MetricGroupBy = 'agent' | 'team' | 'queue' | 'call-type' | 'channel' | 'all';
export type MetricPeriod = 'day' | 'week' | 'all';

/** The Monday (UTC) of the ISO week a moment falls in, YYYY-MM-DD. */
export function weekOf(iso: string): string {
  const d = new Date(Date.parse(iso));
  const dow = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - dow))
    .toISOString()
    .slice(0, 10);
}

export function periodOf(iso: string, period: MetricPeriod): string {
  if (period === 'all') return 'all';
  return period === 'day' ? new Date(Date.parse(iso)).toISOString().slice(0, 10) : weekOf(iso);
}

export function groupKeyOf(f: MetricFact, by: MetricGroupBy): string | null {
  switch (by) {
    case 'agent':
      return f.agentId ?? null;
    case 'team':
      return f.teamId ?? null;
    case 'queue':
      return f.queue ?? null;
    case 'call-type':
      return f.callType ?? null;
    case 'channel':
      return f.channel;
    case 'all':
      return 'all';
  }
}

export interface MetricRow {
  /** The agent / team / queue / call type / channel; null groups the interactions lacking it. */
  key: string | null;
  /** YYYY-MM-DD (the day, or the Monday of the week), or 'all'. */
  period: string;
  metrics: ContactCenterMetrics;
}

/**
 * Contact-center metrics of the facts whose start is in [from, to), grouped by `by` and `period`,
 * sorted by period then key. Facts outside the range are still used to judge FCR (a call on the
 * last day is resolved only if nobody called back in the next `fcrWindowDays`).
 */
export function contactCenterMetrics(
  facts: readonly MetricFact[],
  q: { from?: string; to?: string; by: MetricGroupBy; period: MetricPeriod },
  opts: MetricOptions = {},
): MetricRow[] {
  const stages = opts.funnelStages ?? [];
  const repeats = repeatContacts(facts, opts);
  const from = q.from ? Date.parse(q.from) : Number.NEGATIVE_INFINITY;
  const to = q.to ? Date.parse(q.to) : Number.POSITIVE_INFINITY;
  const groups = new Map<string, { key: string | null; period: string; sums: MetricSums }>();
  for (const f of facts) {
    const t = Date.parse(f.startedAt);
    if (t < from || t >= to) continue;
    const key = groupKeyOf(f, q.by);
    const period = periodOf(f.startedAt, q.period);
    const gk = `${period}\u0000${key ?? '\u0001'}`;
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { key, period, sums: emptySums(stages.length) }));
    accumulate(g.sums, f, repeats.get(f.interactionId), opts);
  }
  return [...groups.values()]
    .sort((a, b) =>
      a.period !== b.period
        ? a.period < b.period
          ? -1
          : 1
        : (a.key ?? '\uffff') < (b.key ?? '\uffff')
          ? -1
          : 1,
    )
    .map((g) => ({ key: g.key, period: g.period, metrics: finishMetrics(g.sums, stages) }));
}
