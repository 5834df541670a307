import { TeachbackError } from '../errors';
import type { Finding, FindingStatus, Scorecard } from '../model/scorecard';
import { agentDayMetrics } from './agent-day';

function finding(criterionId: string, category: Finding['category'], status: FindingStatus): Finding {
  return {
    criterionId,
    title: criterionId,
    category,
    severity: 'medium',
    weight: 1,
    status,
    confidence: 0.9,
    evidence: [],
    explanation: '',
  };
}

function card(id: string, compliant: boolean, adherence: FindingStatus[]): Scorecard {
  return {
    interactionId: id,
    playbook: { id: 'p', version: '1' },
    score: 0,
    compliant,
    findings: [
      finding('disclosure', 'compliance', compliant ? 'met' : 'missed'),
      ...adherence.map((s, i) => finding(`adh-${i}`, 'adherence', s)),
      finding('empathy', 'soft-skill', 'missed'),
    ],
    needsReview: false,
    reviewReasons: [],
  };
}

describe('agentDayMetrics', () => {
  it('computes compliance % over interactions and adherence % over applicable adherence findings', () => {
    // agent-1 on 11-01: 3 calls, 2 compliant → 66.7 %. Adherence: met, missed, n/a | met, met | missed
    // → 3 met of 5 applicable → 60 %. The soft-skill misses and the n/a count in neither.
    const rows = [
      {
        agentUserId: 'agent-1',
        day: '2026-11-01',
        scorecard: card('a', true, ['met', 'missed', 'not_applicable']),
      },
      { agentUserId: 'agent-1', day: '2026-11-01', scorecard: card('b', true, ['met', 'met']) },
      { agentUserId: 'agent-1', day: '2026-11-01', scorecard: card('c', false, ['missed']) },
    ];
    expect(agentDayMetrics(rows)).toEqual([
      { agentUserId: 'agent-1', day: '2026-11-01', compliancePct: 66.7, adherencePct: 60, interactions: 3 },
    ]);
  });

  it('keeps each agent and each day apart, in the order they first appear', () => {
    const rows = [
      { agentUserId: 'agent-2', day: '2026-11-02', scorecard: card('a', false, ['missed', 'missed', 'met']) },
      { agentUserId: 'agent-1', day: '2026-11-02', scorecard: card('b', true, ['met']) },
      { agentUserId: 'agent-2', day: '2026-11-03', scorecard: card('c', true, ['met']) },
      { agentUserId: 'agent-2', day: '2026-11-02', scorecard: card('d', true, ['met', 'met', 'met']) },
    ];
    // agent-2 on 11-02: 1 of 2 compliant → 50 %; 4 met of 6 → 66.7 %.
    expect(agentDayMetrics(rows)).toEqual([
      { agentUserId: 'agent-2', day: '2026-11-02', compliancePct: 50, adherencePct: 66.7, interactions: 2 },
      { agentUserId: 'agent-1', day: '2026-11-02', compliancePct: 100, adherencePct: 100, interactions: 1 },
      { agentUserId: 'agent-2', day: '2026-11-03', compliancePct: 100, adherencePct: 100, interactions: 1 },
    ]);
  });

  it('rounds to one decimal', () => {
    // 1 compliant of 7 = 14.285… → 14.3; 2 met of 3 = 66.66… → 66.7.
    const rows = Array.from({ length: 7 }, (_, i) => ({
      agentUserId: 'agent-1',
      day: '2026-11-01',
      scorecard: card(`c${i}`, i === 0, i === 0 ? ['met', 'met', 'missed'] : []),
    }));
    expect(agentDayMetrics(rows)[0]).toMatchObject({
      compliancePct: 14.3,
      adherencePct: 66.7,
      interactions: 7,
    });
  });

  it('scores adherence 100 when no adherence criterion applied that day', () => {
    const rows = [
      { agentUserId: 'agent-1', day: '2026-11-01', scorecard: card('a', false, ['not_applicable']) },
    ];
    expect(agentDayMetrics(rows)).toEqual([
      { agentUserId: 'agent-1', day: '2026-11-01', compliancePct: 0, adherencePct: 100, interactions: 1 },
    ]);
  });

  it('returns nothing for no rows', () => {
    expect(agentDayMetrics([])).toEqual([]);
  });

  it('rejects a day that is not a date, naming the row and field', () => {
    const rows = [
      { agentUserId: 'agent-1', day: '2026-11-01', scorecard: card('a', true, []) },
      { agentUserId: 'agent-1', day: '2026-02-30', scorecard: card('b', true, []) },
    ];
    let err: unknown;
    try {
      agentDayMetrics(rows);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TeachbackError);
    expect(err).toMatchObject({ code: 'METRICS.INVALID', details: { field: 'rows[1].day' } });
    expect((err as Error).message).toMatch(/^rows\[1\]\.day: /);
  });

  it('rejects an empty agent id', () => {
    const rows = [{ agentUserId: '', day: '2026-11-01', scorecard: card('a', true, []) }];
    expect(() => agentDayMetrics(rows)).toThrow(/rows\[0\]\.agentUserId/);
  });
});
