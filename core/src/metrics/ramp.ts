/** One scored interaction of an agent, for ramp time. */
export interface RampScore {
  agentId: string;
  /** YYYY-MM-DD */
  day: string;
  score: number;
}

export interface RampPoint {
  /** Days since the agent's start (0 = the start day). */
  dayIndex: number;
  day: string;
  /** Mean score of the agent's interactions in the trailing window ending that day; null if none. */
  rolling: number | null;
  interactions: number;
}

export interface RampResult {
  agentId: string;
  startDay: string;
  /** The team median the agent is measured against. */
  teamMedian: number | null;
  /** Days from the start until the rolling score first reached the team median; null if not yet. */
  rampDays: number | null;
  curve: RampPoint[];
}

const DAY_MS = 86_400_000;
const dayMs = (d: string): number => Date.parse(`${d}T00:00:00.000Z`);
const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The middle value (mean of the two middle values for an even count); null for none. */
export function medianOrNull(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Ramp time of each agent in `starts`:
 *
 *   teamMedian = median over the team's agents of each agent's mean score (all scores given)
 *   rolling(d) = mean of the agent's scores on days (d − windowDays, d]
 *   rampDays   = the first d ≥ 0 (days since start) with rolling(d) ≥ teamMedian, else null
 *
 * The curve has one point per day from the start to `until` (default: the agent's last scored
 * day). Rounded to one decimal. An agent with no score has a curve of nulls and rampDays null.
 */
export function rampTimes(
  starts: ReadonlyArray<{ agentId: string; startDay: string }>,
  scores: readonly RampScore[],
  opts: { windowDays?: number; until?: string; teamMedian?: number } = {},
): RampResult[] {
  const windowDays = opts.windowDays ?? 7;
  const byAgent = new Map<string, RampScore[]>();
  for (const s of scores) {
    let l = byAgent.get(s.agentId);
    if (!l) byAgent.set(s.agentId, (l = []));
    l.push(s);
  }
  const agentMeans = [...byAgent.values()].map((l) => l.reduce((a, s) => a + s.score, 0) / l.length);
  const teamMedian = opts.teamMedian ?? medianOrNull(agentMeans);
  return starts.map(({ agentId, startDay }) => {
    const mine = byAgent.get(agentId) ?? [];
    const lastDay = opts.until ?? mine.reduce((m, s) => (s.day > m ? s.day : m), startDay);
    const curve: RampPoint[] = [];
    let rampDays: number | null = null;
    for (let t = dayMs(startDay), i = 0; t <= dayMs(lastDay); t += DAY_MS, i++) {
      const inWindow = mine.filter((s) => dayMs(s.day) <= t && dayMs(s.day) > t - windowDays * DAY_MS);
      const rolling = inWindow.length
        ? Math.round((inWindow.reduce((a, s) => a + s.score, 0) / inWindow.length) * 10) / 10
        : null;
      curve.push({ dayIndex: i, day: dayOf(t), rolling, interactions: inWindow.length });
      if (rampDays === null && rolling !== null && teamMedian !== null && rolling >= teamMedian) rampDays = i;
    }
    return {
      agentId,
      startDay,
      teamMedian: teamMedian === null ? null : Math.round(teamMedian * 10) / 10,
      rampDays,
      curve,
    };
  });
}
