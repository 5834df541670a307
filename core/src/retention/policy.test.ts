import { decideRetention, deidentifyScorecard, retentionCutoff, DEFAULT_RETENTION_DAYS } from './policy';

const now = new Date('2032-06-01T00:00:00.000Z');
const policy = { retentionDays: DEFAULT_RETENTION_DAYS, legalHold: false };

describe('retention', () => {
  it('defaults to six years', () => {
    expect(retentionCutoff(policy, now).slice(0, 10)).toBe('2026-06-01');
  });
  it('purges only what is past the cutoff and not held', () => {
    const old = { occurredAt: '2020-01-01T00:00:00Z', legalHold: false, purgedAt: null };
    expect(decideRetention(policy, old, now)).toEqual({ purge: true });
    expect(decideRetention(policy, { ...old, occurredAt: '2031-01-01T00:00:00Z' }, now)).toEqual({
      purge: false,
      reason: 'within-retention',
    });
    expect(decideRetention(policy, { ...old, legalHold: true }, now)).toEqual({
      purge: false,
      reason: 'legal-hold',
    });
    expect(decideRetention({ ...policy, legalHold: true }, old, now)).toEqual({
      purge: false,
      reason: 'tenant-legal-hold',
    });
    expect(decideRetention(policy, { ...old, purgedAt: '2032-01-01T00:00:00Z' }, now)).toEqual({
      purge: false,
      reason: 'already-purged',
    });
  });
  it('drops quotes and explanations from scorecards', () => {
    const d = deidentifyScorecard({
      interactionId: 'i-1',
      playbook: { id: 'p', version: '1' },
      score: 80,
      compliant: true,
      needsReview: false,
      reviewReasons: ['caller said DOB'],
      findings: [
        {
          criterionId: 'c1',
          title: 'Verify identity',
          category: 'compliance',
          severity: 'high',
          weight: 1,
          status: 'met',
          confidence: 0.9,
          evidence: [{ utterance: 1, startMs: 0, speaker: 'customer', quote: 'my birthday is 1 Jan 1970' }],
          explanation: 'Caller gave 1 Jan 1970',
        },
      ],
    });
    expect(JSON.stringify(d)).not.toContain('1970');
    expect(d.findings[0]).toMatchObject({ criterionId: 'c1', status: 'met' });
  });
});
