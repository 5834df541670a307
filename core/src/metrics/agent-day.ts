import { z } from 'zod';
import { TeachbackError, fieldPath } from '../errors';
import type { Scorecard } from '../model/scorecard';

/** One scored interaction, attributed to the agent who handled it and the workday it belongs to. */
export interface AgentDayScorecard {
  agentUserId: string;
  /** Workday the interaction belongs to, YYYY-MM-DD. */
  day: string;
  scorecard: Scorecard;
}

/** What one agent's scored interactions of one day add up to. Numbers only: no PHI. */
export interface AgentDayMetric {
  agentUserId: string;
  day: string;
  /** Share of the agent's scored interactions that day with every compliance item met, 0..100. */
  compliancePct: number;
  /** Share of the applicable adherence criteria (met or missed) that were met, 0..100. */
  adherencePct: number;
  interactions: number;
}

const RowKey = z.object({ agentUserId: z.string().min(1), day: z.iso.date() });

/** Percent to one decimal; an empty denominator asked nothing of the agent, so it counts as 100. */
function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10;
}

/**
 * Aggregates scorecards per (agent, day):
 *
 *   compliancePct = 100 × (interactions whose scorecard is compliant) / (interactions)
 *   adherencePct  = 100 × (adherence findings met) / (adherence findings met or missed)
 *
 * each rounded to one decimal; not-applicable findings count in neither part. A day with no
 * applicable adherence criterion scores 100 (nothing was asked and nothing was missed). Metrics come
 * out in the order each (agent, day) first appears in `rows`. Throws METRICS.INVALID naming the
 * row and field when an agent id is empty or a day is not a YYYY-MM-DD date.
 */
export function agentDayMetrics(rows: readonly AgentDayScorecard[]): AgentDayMetric[] {
  const groups = new Map<
    string,
    { metric: AgentDayMetric; compliant: number; met: number; applicable: number }
  >();
  rows.forEach((r, i) => {
    const key = RowKey.safeParse(r);
    if (!key.success) {
      const issue = key.error.issues[0]!;
      const field = `rows${fieldPath([i, ...issue.path])}`;
      throw new TeachbackError('METRICS.INVALID', `${field}: ${issue.message}`, { details: { field } });
    }
    const k = `${r.agentUserId}|${r.day}`;
    let g = groups.get(k);
    if (!g) {
      const metric = {
        agentUserId: r.agentUserId,
        day: r.day,
        compliancePct: 0,
        adherencePct: 0,
        interactions: 0,
      };
      g = { metric, compliant: 0, met: 0, applicable: 0 };
      groups.set(k, g);
    }
    g.metric.interactions++;
    if (r.scorecard.compliant) g.compliant++;
    for (const f of r.scorecard.findings) {
      if (f.category !== 'adherence' || f.status === 'not_applicable') continue;
      g.applicable++;
      if (f.status === 'met') g.met++;
    }
  });
  return [...groups.values()].map(({ metric, compliant, met, applicable }) => ({
    ...metric,
    compliancePct: percent(compliant, metric.interactions),
    adherencePct: percent(met, applicable),
  }));
}
