import type { Finding, Scorecard } from '../model';
import { calibrationAgreement, overrideFinding, recomputeScore } from '.';

const finding = (
  criterionId: string,
  status: Finding['status'],
  weight = 1,
  category: Finding['category'] = 'compliance',
): Finding => ({
  criterionId,
  title: criterionId,
  category,
  severity: 'high',
  weight,
  status,
  confidence: 0.9,
  evidence: [],
  explanation: 'machine',
});

const card = (findings: Finding[]): Scorecard => ({
  interactionId: 'ix',
  playbook: { id: 'p', version: '1' },
  ...recomputeScore(findings),
  findings,
  needsReview: false,
  reviewReasons: [],
});

describe('overrideFinding', () => {
  it('recomputes score and compliance from the reviewer status and keeps the machine status in the explanation', () => {
    const c = card([
      finding('a', 'met', 2),
      finding('b', 'missed', 2),
      finding('c', 'not_applicable', 5, 'adherence'),
    ]);
    expect(c.score).toBe(50);
    expect(c.compliant).toBe(false);
    const o = overrideFinding(c, 'b', 'met', 'dispute accepted by sam');
    expect(o.score).toBe(100);
    expect(o.compliant).toBe(true);
    expect(o.findings[1]!.explanation).toBe('dispute accepted by sam (machine: missed)');
    expect(c.findings[1]!.status).toBe('missed');
  });

  it('scores 100 when nothing applies and refuses an unknown criterion', () => {
    const c = card([finding('a', 'missed')]);
    expect(overrideFinding(c, 'a', 'not_applicable', 'n').score).toBe(100);
    expect(() => overrideFinding(c, 'zzz', 'met', 'n')).toThrow(RangeError);
  });
});

describe('calibrationAgreement', () => {
  it('gives per-criterion shares between reviewers and with the machine', () => {
    const s = calibrationAgreement(
      [
        { reviewer: 'sam', criterionId: 'a', status: 'met' },
        { reviewer: 'quinn', criterionId: 'a', status: 'met' },
        { reviewer: 'sam', criterionId: 'b', status: 'missed' },
        { reviewer: 'quinn', criterionId: 'b', status: 'met' },
      ],
      new Map([
        ['a', 'met'],
        ['b', 'missed'],
      ]),
    );
    expect(s.reviewers).toEqual(['quinn', 'sam']);
    expect(s.criteria.map((c) => [c.criterionId, c.betweenReviewers, c.withMachine])).toEqual([
      ['a', 1, 1],
      ['b', 0, 0.5],
    ]);
    expect(s.betweenReviewers).toBe(0.5);
    expect(s.withMachine).toBe(0.75);
  });

  it('has no between-reviewer figure with one reviewer', () => {
    const s = calibrationAgreement([{ reviewer: 'sam', criterionId: 'a', status: 'met' }], new Map());
    expect(s.betweenReviewers).toBeNull();
    expect(s.withMachine).toBeNull();
  });
});
