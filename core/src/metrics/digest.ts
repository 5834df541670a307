import type { FollowUpItem } from '../store/follow-ups';
import type { ContactCenterMetrics, Mean, Rate } from './contact-center';

export interface DigestAgentRow {
  agentId: string;
  /** Staff display name (not PHI). */
  name?: string | undefined;
  metrics: ContactCenterMetrics;
}

export interface WeeklyDigestInput {
  tenantId: string;
  supervisor: { id: string; name: string; email?: string | null | undefined };
  week: { from: string; to: string };
  team: ContactCenterMetrics | null;
  agents: readonly DigestAgentRow[];
  /** Follow-ups of the supervisor's agents that were missed or are open past due. */
  followUps: readonly Pick<FollowUpItem, 'id' | 'interactionId' | 'agentId' | 'dueAt' | 'status'>[];
}

/** The webhook payload: numbers and ids only. The promise text (PHI) is never in it. */
export interface WeeklyDigestPayload {
  type: 'teachback.weekly-digest';
  version: 1;
  tenantId: string;
  supervisorId: string;
  week: { from: string; to: string };
  team: ContactCenterMetrics | null;
  agents: { agentId: string; name: string | null; metrics: ContactCenterMetrics }[];
  followUps: {
    missed: number;
    overdue: number;
    items: {
      id: string;
      interactionId: string;
      agentId: string | null;
      dueAt: string | null;
      status: string;
    }[];
  };
}

const showRate = (r: Rate): string =>
  r.value === null ? `n/a (${r.missing} missing)` : `${r.value}% (${r.numerator}/${r.denominator})`;
const showMean = (m: Mean): string =>
  m.value === null ? `n/a (${m.missing} missing)` : `${Math.round(m.value / 1000)} s`;

/**
 * One supervisor's weekly digest: the webhook payload and a plain-text email body. Staff names,
 * ids and numbers only; missed follow-ups are listed by interaction id and due time, never by
 * what was promised or to whom.
 */
export function weeklyDigest(input: WeeklyDigestInput): {
  payload: WeeklyDigestPayload;
  email: { subject: string; text: string };
} {
  const missed = input.followUps.filter((f) => f.status === 'missed');
  const overdue = input.followUps.filter((f) => f.status === 'open');
  const payload: WeeklyDigestPayload = {
    type: 'teachback.weekly-digest',
    version: 1,
    tenantId: input.tenantId,
    supervisorId: input.supervisor.id,
    week: input.week,
    team: input.team,
    agents: input.agents.map((a) => ({ agentId: a.agentId, name: a.name ?? null, metrics: a.metrics })),
    followUps: {
      missed: missed.length,
      overdue: overdue.length,
      items: input.followUps.map((f) => ({
        id: f.id,
        interactionId: f.interactionId,
        agentId: f.agentId,
        dueAt: f.dueAt,
        status: f.status,
      })),
    },
  };
  const lines = [
    `Hello ${input.supervisor.name},`,
    '',
    `Your team's week ${input.week.from.slice(0, 10)} to ${input.week.to.slice(0, 10)} (exclusive):`,
  ];
  if (input.team) {
    const t = input.team;
    lines.push(
      `  Interactions ${t.interactions}; FCR ${showRate(t.fcr)}; CSAT ${showRate(t.csat)}; NPS ${t.nps.value ?? 'n/a'} (${t.nps.responses} answers)`,
      `  Compliance ${showRate(t.compliance)}; adherence ${showRate(t.adherence)}; AHT ${showMean(t.aht)}; ASA ${showMean(t.asa)}; abandonment ${showRate(t.abandonment)}`,
    );
  } else lines.push('  No interactions this week.');
  if (input.agents.length) {
    lines.push('', 'By agent:');
    for (const a of input.agents)
      lines.push(
        `  ${a.name ?? a.agentId}: ${a.metrics.interactions} interactions; compliance ${showRate(a.metrics.compliance)}; FCR ${showRate(a.metrics.fcr)}; CSAT ${showRate(a.metrics.csat)}; AHT ${showMean(a.metrics.aht)}`,
      );
  }
  lines.push('', `Follow-ups not kept: ${missed.length} missed, ${overdue.length} open past due.`);
  for (const f of input.followUps.slice(0, 50))
    lines.push(
      `  ${f.status} — interaction ${f.interactionId}, agent ${f.agentId ?? 'unknown'}, due ${f.dueAt ?? 'no time given'}`,
    );
  lines.push('', 'Open Teachback for details. This message holds no patient information.');
  return {
    payload,
    email: {
      subject: `Teachback weekly digest, week of ${input.week.from.slice(0, 10)}`,
      text: lines.join('\n'),
    },
  };
}
