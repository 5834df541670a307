import { finishMetrics, emptySums } from './contact-center';
import { weeklyDigest } from './digest';

describe('weeklyDigest', () => {
  const sums = {
    ...emptySums(0),
    interactions: 3,
    scored: 2,
    compliant: 1,
    fcrEligible: 2,
    fcrResolved: 2,
    csatMissing: 3,
  };
  const m = finishMetrics(sums, []);
  const d = weeklyDigest({
    tenantId: 'clinic',
    supervisor: { id: 'sam', name: 'Sam Supervisor' },
    week: { from: '2026-11-16T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z' },
    team: m,
    agents: [{ agentId: 'ga-alex', name: 'Alex Agent', metrics: m }],
    followUps: [
      {
        id: 'f1',
        interactionId: 'ix-1',
        agentId: 'ga-alex',
        dueAt: '2026-11-18T17:00:00.000Z',
        status: 'missed',
      },
      {
        id: 'f2',
        interactionId: 'ix-2',
        agentId: 'ga-alex',
        dueAt: '2026-11-19T17:00:00.000Z',
        status: 'open',
      },
    ],
  });

  it('carries the numbers and the follow-ups not kept in the webhook payload', () => {
    expect(d.payload.followUps).toMatchObject({ missed: 1, overdue: 1 });
    expect(d.payload.agents[0]).toMatchObject({ agentId: 'ga-alex', name: 'Alex Agent' });
    expect(d.payload.team!.compliance).toEqual({ value: 50, numerator: 1, denominator: 2, missing: 1 });
  });

  it('writes an email body with rates and their counts, missing shown as n/a', () => {
    expect(d.email.subject).toBe('Teachback weekly digest, week of 2026-11-16');
    expect(d.email.text).toContain('Compliance 50% (1/2)');
    expect(d.email.text).toContain('CSAT n/a (3 missing)');
    expect(d.email.text).toContain('missed — interaction ix-1, agent ga-alex, due 2026-11-18T17:00:00.000Z');
    expect(d.email.text).toContain('Follow-ups not kept: 1 missed, 1 open past due.');
  });
});
