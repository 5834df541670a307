import type { Finding, Scorecard } from '../model';
import {
  calibrationAgreement,
  carryOverrides,
  overrideFate,
  overrideFinding,
  recomputeScore,
  sameCriterionScoring,
  sameFindingCriterion,
  type AcceptedOverride,
} from '.';

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

describe('carrying accepted overrides onto a new machine scorecard', () => {
  const accepted: AcceptedOverride = { disputeId: 'd1', criterionId: 'b', status: 'met', decidedBy: 'sam' };

  it('tells each fate apart', () => {
    const next = card([finding('a', 'met'), finding('b', 'missed')]);
    expect(overrideFate(accepted, next, true)).toBe('reapply');
    expect(overrideFate(accepted, next, false)).toBe('reopen');
    expect(overrideFate(accepted, card([finding('a', 'met'), finding('b', 'met')]), true)).toBe('agrees');
    expect(overrideFate(accepted, card([finding('a', 'met')]), true)).toBe('lapse');
  });

  it('re-applies an unchanged criterion with the machine status kept in the explanation', () => {
    const machine = card([finding('a', 'met', 2), finding('b', 'missed', 2)]);
    const out = carryOverrides(machine, [accepted], () => true);
    expect(out.reapplied).toEqual([accepted]);
    expect(out.card.score).toBe(100);
    expect(out.card.compliant).toBe(true);
    expect(out.card.findings[1]!.explanation).toBe('Overridden by sam after a dispute (machine: missed)');
    expect(out.card.needsReview).toBe(false);
    expect(machine.findings[1]!.status).toBe('missed');
  });

  it('leaves the card itself alone when the machine agrees, and flags reopened and lapsed ones', () => {
    const agreeing = card([finding('b', 'met')]);
    expect(carryOverrides(agreeing, [accepted], () => true).card).toBe(agreeing);
    const changed = carryOverrides(card([finding('b', 'missed')]), [accepted], () => false);
    expect(changed.reopened).toEqual([accepted]);
    expect(changed.card.findings[0]!.status).toBe('missed');
    expect(changed.card).toMatchObject({ needsReview: true, reviewReasons: ['override-reopened:b'] });
    const gone = carryOverrides(card([finding('a', 'missed')]), [accepted], () => true);
    expect(gone.lapsed).toEqual([accepted]);
    expect(gone.card.reviewReasons).toEqual(['override-lapsed:b']);
  });

  it('compares criteria by what scores them, not by their wording', () => {
    const base = { category: 'compliance', severity: 'high', weight: 1, rule: { any: ['a', 'b'] } };
    expect(sameCriterionScoring(base, { ...base, rule: { any: ['a', 'b'] } })).toBe(true);
    expect(sameCriterionScoring(base, { ...base, rule: { any: ['a', 'c'] } })).toBe(false);
    expect(sameCriterionScoring(base, { ...base, weight: 2 })).toBe(false);
    const f = finding('b', 'missed');
    expect(sameFindingCriterion(f, { ...f, status: 'met', title: 'renamed' })).toBe(true);
    expect(sameFindingCriterion(f, { ...f, ruleVersion: '2026-06-01' })).toBe(false);
  });
});
