import { contactCenterMetrics, repeatContacts, weekOf, type MetricFact } from './contact-center';
import { medianOrNull, rampTimes } from './ramp';

function fact(id: string, over: Partial<MetricFact> = {}): MetricFact {
  return { interactionId: id, startedAt: '2026-03-02T10:00:00.000Z', channel: 'voice', ...over };
}

describe('FCR', () => {
  // Contact c1 calls about billing on Mar 2, again on Mar 5 (within 7 days) and once more on Mar 20.
  const facts: MetricFact[] = [
    fact('a', { contactId: 'c1', callType: 'billing', startedAt: '2026-03-02T10:00:00Z' }),
    fact('b', { contactId: 'c1', callType: 'billing', startedAt: '2026-03-05T10:00:00Z', channel: 'sms' }),
    fact('c', { contactId: 'c1', callType: 'billing', startedAt: '2026-03-20T10:00:00Z' }),
    // Same contact, other call type on Mar 3: does not make `a` a repeat.
    fact('d', { contactId: 'c1', callType: 'scheduling', startedAt: '2026-03-03T10:00:00Z' }),
    fact('e', { callType: 'billing', startedAt: '2026-03-02T11:00:00Z' }),
  ];

  it('marks a repeat within the window on any channel, resolves the rest, leaves unjudgeable out', () => {
    const r = repeatContacts(facts, { asOf: '2026-03-30T00:00:00Z' });
    expect(Object.fromEntries(r)).toEqual({ a: true, b: false, c: false, d: false });
  });

  it('treats an interaction whose window has not elapsed as missing', () => {
    const r = repeatContacts(facts, { asOf: '2026-03-21T00:00:00Z' });
    expect(r.has('c')).toBe(false);
  });

  it('uses the configured window', () => {
    const r = repeatContacts(facts, { fcrWindowDays: 2, asOf: '2026-03-30T00:00:00Z' });
    expect(r.get('a')).toBe(false);
  });

  it('reports the rate with its counts: 3 resolved of 4 judged, 1 missing', () => {
    const [row] = contactCenterMetrics(facts, { by: 'all', period: 'all' }, { asOf: '2026-03-30T00:00:00Z' });
    expect(row!.metrics.fcr).toEqual({ value: 75, numerator: 3, denominator: 4, missing: 1 });
  });
});

describe('surveys, scores, handling', () => {
  const facts: MetricFact[] = [
    fact('1', {
      agentId: 'ag1',
      contactCenter: {
        answered: true,
        waitMs: 30000,
        handleMs: 300000,
        holdMs: 60000,
        holdCount: 1,
        transfers: 0,
      },
      surveys: [
        {
          answers: [
            { questionId: 'answered', kind: 'yes_no', value: 1 },
            { questionId: 'recommend', kind: 'nps', value: 10 },
          ],
        },
      ],
      score: 90,
      compliant: true,
      adherence: { met: 3, applicable: 4 },
    }),
    fact('2', {
      agentId: 'ag1',
      contactCenter: {
        answered: true,
        waitMs: 90000,
        talkMs: 200000,
        holdMs: 0,
        wrapUpMs: 40000,
        transfers: 2,
      },
      surveys: [
        {
          answers: [
            { questionId: 'sat', kind: 'csat', value: 3 },
            { questionId: 'r', kind: 'nps', value: 5 },
          ],
        },
      ],
      score: 60,
      compliant: false,
      adherence: { met: 1, applicable: 2 },
    }),
    fact('3', { agentId: 'ag1', contactCenter: { abandoned: true, waitMs: 120000 } }),
    fact('4', { agentId: 'ag1', surveys: [{ answers: [{ questionId: 'r', kind: 'nps', value: 8 }] }] }),
    fact('5', { agentId: 'ag2', startedAt: '2026-03-03T10:00:00Z', contactCenter: { answered: true } }),
  ];

  it('computes every rate and mean from hand-counted parts', () => {
    const rows = contactCenterMetrics(facts, { by: 'agent', period: 'all' });
    const m = rows.find((r) => r.key === 'ag1')!.metrics;
    expect(m.interactions).toBe(4);
    // CSAT: yes (satisfied) + csat 3 (not) = 1 of 2; facts 3 and 4 gave no CSAT answer.
    expect(m.csat).toEqual({ value: 50, numerator: 1, denominator: 2, missing: 2 });
    // NPS: 10 promoter, 5 detractor, 8 passive → (1 − 1) / 3 = 0.
    expect(m.nps).toEqual({ value: 0, promoters: 1, passives: 1, detractors: 1, responses: 3, missing: 1 });
    expect(m.compliance).toEqual({ value: 50, numerator: 1, denominator: 2, missing: 2 });
    // Adherence: (3 + 1) / (4 + 2) = 66.7 %.
    expect(m.adherence).toEqual({ value: 66.7, numerator: 4, denominator: 6, missing: 2 });
    // AHT: 300 000 and 200 000 + 0 + 40 000 → 270 000; fact 4 handled without a handle time.
    expect(m.aht).toEqual({ value: 270000, sum: 540000, count: 2, missing: 1 });
    // ASA: answered waits only (30 s, 90 s); the abandoned wait is not a speed of answer.
    expect(m.asa).toEqual({ value: 60000, sum: 120000, count: 2, missing: 1 });
    // Abandonment: 1 of the 3 whose fate is known; fact 4 is missing, not "answered".
    expect(m.abandonment).toEqual({ value: 33.3, numerator: 1, denominator: 3, missing: 1 });
    expect(m.hold).toEqual({ value: 30000, sum: 60000, count: 2, missing: 1 });
    expect(m.holdRate).toEqual({ value: 50, numerator: 1, denominator: 2, missing: 1 });
    expect(m.transfers).toEqual({ value: 50, numerator: 1, denominator: 2, missing: 1 });
    expect(m.transferCount).toBe(2);
  });

  it('reports missing data as null with the count, never as zero', () => {
    const m = contactCenterMetrics(facts, { by: 'agent', period: 'all' }).find(
      (r) => r.key === 'ag2',
    )!.metrics;
    expect(m.csat).toEqual({ value: null, numerator: 0, denominator: 0, missing: 1 });
    expect(m.aht.value).toBeNull();
    expect(m.aht.missing).toBe(1);
    expect(m.compliance.value).toBeNull();
    expect(m.fcr).toEqual({ value: null, numerator: 0, denominator: 0, missing: 1 });
  });

  it('groups by day and by week (weeks start on Monday, UTC)', () => {
    expect(
      contactCenterMetrics(facts, { by: 'all', period: 'day' }).map((r) => [
        r.period,
        r.metrics.interactions,
      ]),
    ).toEqual([
      ['2026-03-02', 4],
      ['2026-03-03', 1],
    ]);
    expect(weekOf('2026-03-08T23:59:00Z')).toBe('2026-03-02');
    expect(weekOf('2026-03-09T00:00:00Z')).toBe('2026-03-09');
  });

  it('keeps facts outside [from, to) out of the rows', () => {
    const rows = contactCenterMetrics(facts, { by: 'all', period: 'all', from: '2026-03-03T00:00:00Z' });
    expect(rows[0]!.metrics.interactions).toBe(1);
  });
});

describe('conversion by funnel stage', () => {
  it('counts an interaction in every stage up to the one it reached', () => {
    const opts = {
      funnelStages: ['lead', 'quoted', 'enrolled'],
      dispositionStages: { 'Sale Made': 'enrolled' },
    };
    const facts = [
      fact('1', { contactCenter: { stage: 'lead' } }),
      fact('2', { contactCenter: { stage: 'quoted' } }),
      fact('3', { disposition: 'Sale Made' }),
      fact('4', { disposition: 'Wrong number' }),
    ];
    const m = contactCenterMetrics(facts, { by: 'all', period: 'all' }, opts)[0]!.metrics;
    expect(m.conversion).toEqual([
      { stage: 'lead', value: 100, numerator: 3, denominator: 3, missing: 1 },
      { stage: 'quoted', value: 66.7, numerator: 2, denominator: 3, missing: 1 },
      { stage: 'enrolled', value: 33.3, numerator: 1, denominator: 3, missing: 1 },
    ]);
  });
});

describe('ramp time', () => {
  it('is the days until the rolling score reaches the team median, with the curve', () => {
    const scores = [
      // Agent means: v1 80, v2 90, new (60+70+100+50)/4 = 70 → team median 80.
      { agentId: 'v1', day: '2026-03-01', score: 80 },
      { agentId: 'v2', day: '2026-03-01', score: 90 },
      { agentId: 'new', day: '2026-03-02', score: 60 },
      { agentId: 'new', day: '2026-03-03', score: 70 },
      { agentId: 'new', day: '2026-03-05', score: 100 },
      { agentId: 'new', day: '2026-03-06', score: 50 },
    ];
    expect(medianOrNull([70, 90, 80])).toBe(80);
    const [r] = rampTimes([{ agentId: 'new', startDay: '2026-03-02' }], scores, { windowDays: 3 });
    // Windows of 3 days: d0 60; d1 (60+70)/2 = 65; d2 65; d3 (70+100)/2 = 85 ≥ 80 → ramp 3 days.
    expect(r!.teamMedian).toBe(80);
    expect(r!.curve.map((p) => p.rolling)).toEqual([60, 65, 65, 85, 75]);
    expect(r!.rampDays).toBe(3);
  });

  it('is null while the agent has not reached the median', () => {
    const [r] = rampTimes(
      [{ agentId: 'x', startDay: '2026-03-01' }],
      [{ agentId: 'x', day: '2026-03-01', score: 10 }],
      {
        teamMedian: 80,
      },
    );
    expect(r!.rampDays).toBeNull();
  });
});
