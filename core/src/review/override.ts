import type { Finding, FindingStatus, Scorecard } from '../model';

/**
 * The score as the playbook engine computes it (playbook/evaluate.ts): the weighted share of
 * applicable criteria met, one decimal; compliant when no compliance criterion is missed.
 */
export function recomputeScore(findings: readonly Finding[]): { score: number; compliant: boolean } {
  let earned = 0;
  let possible = 0;
  for (const f of findings) {
    if (f.status === 'not_applicable') continue;
    possible += f.weight;
    if (f.status === 'met') earned += f.weight;
  }
  return {
    score: possible === 0 ? 100 : Math.round((1000 * earned) / possible) / 10,
    compliant: findings.every((f) => f.category !== 'compliance' || f.status !== 'missed'),
  };
}

/**
 * A reviewer's decision on one finding applied to a scorecard: the finding takes the reviewer's
 * status, the score and compliance are recomputed, and the explanation says who changed it so the
 * new version explains itself. The machine's version is left untouched (the caller stores this
 * as a new version beside it).
 */
export function overrideFinding(
  card: Scorecard,
  criterionId: string,
  status: FindingStatus,
  note: string,
): Scorecard {
  let found = false;
  const findings = card.findings.map((f) => {
    if (f.criterionId !== criterionId) return f;
    found = true;
    return { ...f, status, confidence: 1, explanation: `${note} (machine: ${f.status})` };
  });
  if (!found) throw new RangeError(`no finding for criterion ${criterionId}`);
  return { ...card, findings, ...recomputeScore(findings) };
}
