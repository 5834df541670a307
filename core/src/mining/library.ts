import { redactText } from '../redact/redact';
import { tokens } from './text';
import type { MinedFinding, MiningCall, OutcomeOf } from './types';

/** A marked moment of an exemplary call: which finding or criterion it shows, and where. */
export interface ExemplaryMoment {
  utterance: number;
  speaker: 'agent' | 'customer' | 'system';
  /** De-identified. */
  quote: string;
  /** The finding key (mined pattern) or `criterion:<id>` it demonstrates. */
  shows: string;
  label: string;
}

export interface ExemplaryCall {
  interactionId: string;
  callType: string | null;
  agentId?: string;
  score: number | null;
  /** The whole call, de-identified for training use. */
  transcript: Array<{ speaker: 'agent' | 'customer' | 'system'; text: string }>;
  moments: ExemplaryMoment[];
}

export interface ExemplarOptions {
  outcome: OutcomeOf;
  /** Findings of the same call type; their `helps` patterns are the moments marked. */
  findings?: readonly MinedFinding[];
  /** Per call type. Default 5. */
  limit?: number;
  /** Least score (default 85) — the library is of calls that were both good and successful. */
  minScore?: number;
  /** Criterion id → title, for labelling criteria met. */
  criterionTitles?: Readonly<Record<string, string>>;
  deidentify?: (text: string) => string;
}

function momentsOf(
  call: MiningCall,
  findings: readonly MinedFinding[],
  deid: (t: string) => string,
): ExemplaryMoment[] {
  const out: ExemplaryMoment[] = [];
  const firstAct = new Map<string, number>();
  call.utterances.forEach((u, i) => {
    if (u.speaker !== 'agent') return;
    for (const a of u.acts ?? []) if (!firstAct.has(a)) firstAct.set(a, i);
  });
  for (const f of findings) {
    if (f.direction !== 'helps') continue;
    let at: number | undefined;
    if (f.kind === 'phrase' && f.phrase) {
      at = call.utterances.findIndex(
        (u) => u.speaker === 'agent' && ` ${tokens(u.text).join(' ')} `.includes(` ${f.phrase} `),
      );
    } else if (f.kind === 'act') at = firstAct.get(f.act!);
    else if (f.kind === 'act-order') {
      const a = firstAct.get(f.first!);
      const b = firstAct.get(f.second!);
      if (a !== undefined && b !== undefined && a < b) at = a;
    } else if (f.kind === 'objection-response' && f.phrase) {
      at = call.utterances.findIndex(
        (u, i) =>
          u.speaker === 'agent' &&
          i > 0 &&
          call.utterances[i - 1]!.speaker === 'customer' &&
          ` ${tokens(u.text).join(' ')} `.includes(` ${f.phrase} `),
      );
    }
    if (at === undefined || at < 0) continue;
    const u = call.utterances[at]!;
    out.push({ utterance: at, speaker: u.speaker, quote: deid(u.text), shows: f.key, label: f.label });
  }
  return out.sort((a, b) => a.utterance - b.utterance);
}

/**
 * Library candidates per call type: successful calls with the highest scores, with the moments
 * that show the mined winning patterns marked. They are proposals: a supervisor approves each
 * before an agent in ramp sees it.
 */
export function selectExemplars(calls: readonly MiningCall[], opts: ExemplarOptions): ExemplaryCall[] {
  const deid = opts.deidentify ?? ((t: string) => redactText(t).text);
  const minScore = opts.minScore ?? 85;
  const limit = opts.limit ?? 5;
  const byType = new Map<string, MiningCall[]>();
  for (const c of calls) {
    if (opts.outcome(c) !== true || (c.score ?? -1) < minScore) continue;
    const k = c.callType ?? '';
    byType.set(k, [...(byType.get(k) ?? []), c]);
  }
  const out: ExemplaryCall[] = [];
  for (const [, group] of [...byType.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const ranked = group
      .map((c) => ({ c, moments: momentsOf(c, opts.findings ?? [], deid) }))
      // Highest score first; among equals, the call that shows more winning patterns.
      .sort(
        (x, y) =>
          (y.c.score ?? 0) - (x.c.score ?? 0) ||
          y.moments.length - x.moments.length ||
          x.c.id.localeCompare(y.c.id),
      );
    for (const { c, moments } of ranked.slice(0, limit)) {
      const crit = Object.entries(c.criteria ?? {})
        .filter(([, s]) => s === 'met')
        .map(([id]) => id)
        .sort();
      out.push({
        interactionId: c.id,
        callType: c.callType ?? null,
        ...(c.agentId ? { agentId: c.agentId } : {}),
        score: c.score ?? null,
        transcript: c.utterances.map((u) => ({ speaker: u.speaker, text: deid(u.text) })),
        moments: [
          ...moments,
          ...crit.map((id) => ({
            utterance: -1,
            speaker: 'agent' as const,
            quote: '',
            shows: `criterion:${id}`,
            label: `met: ${opts.criterionTitles?.[id] ?? id}`,
          })),
        ],
      });
    }
  }
  return out;
}

export interface CriterionProgress {
  criterionId: string;
  title: string;
  category?: string;
  applicable: number;
  met: number;
  rate: number;
  consistent: boolean;
}

export interface Milestones {
  agentId: string;
  /** Calls looked at (the most recent `window`). */
  calls: number;
  consistent: CriterionProgress[];
  working: CriterionProgress[];
  /** The next skill to work on, or null when every criterion is met consistently. */
  next: CriterionProgress | null;
}

export interface MilestoneOptions {
  /** Most recent calls considered. Default 20. */
  window?: number;
  /** Met share that counts as consistent. Default 0.8. */
  threshold?: number;
  /** Applicable calls needed before a criterion can count as consistent. Default 5. */
  minApplicable?: number;
  criterionTitles?: Readonly<Record<string, string>>;
}

/**
 * An agent's milestones: criteria met consistently over their recent calls, and the next skill.
 * The next skill is a compliance criterion not yet consistent if there is one (those protect the
 * caller), else the criterion closest to consistent (the quickest win for someone in ramp).
 */
export function milestones(
  agentId: string,
  calls: readonly MiningCall[],
  opts: MilestoneOptions = {},
): Milestones {
  const window = opts.window ?? 20;
  const threshold = opts.threshold ?? 0.8;
  const minApplicable = opts.minApplicable ?? 5;
  const mine = calls
    .filter((c) => c.agentId === agentId)
    .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''))
    .slice(0, window);
  const acc = new Map<string, { met: number; applicable: number; category?: string }>();
  for (const c of mine)
    for (const [id, s] of Object.entries(c.criteria ?? {})) {
      if (s === 'not_applicable') continue;
      const e = acc.get(id) ?? { met: 0, applicable: 0 };
      const cat = c.criterionCategories?.[id];
      if (cat) e.category = cat;
      e.applicable++;
      if (s === 'met') e.met++;
      acc.set(id, e);
    }
  const rows: CriterionProgress[] = [...acc.entries()]
    .map(([id, e]) => ({
      criterionId: id,
      title: opts.criterionTitles?.[id] ?? id,
      ...(e.category ? { category: e.category } : {}),
      applicable: e.applicable,
      met: e.met,
      rate: e.met / e.applicable,
      consistent: e.applicable >= minApplicable && e.met / e.applicable >= threshold,
    }))
    .sort((a, b) => a.criterionId.localeCompare(b.criterionId));
  const working = rows.filter((r) => !r.consistent);
  const next =
    [...working].sort(
      (a, b) =>
        Number(b.category === 'compliance') - Number(a.category === 'compliance') ||
        b.rate - a.rate ||
        a.criterionId.localeCompare(b.criterionId),
    )[0] ?? null;
  return { agentId, calls: mine.length, consistent: rows.filter((r) => r.consistent), working, next };
}
