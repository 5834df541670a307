import type { FindingStatus } from '../model';

/** One reviewer's blind score of one criterion on one call. */
export interface CalibrationMark {
  reviewer: string;
  criterionId: string;
  status: FindingStatus;
}

export interface CriterionAgreement {
  criterionId: string;
  /** The machine's status on the scorecard the reviewers saw, when the call was scored. */
  machine: FindingStatus | null;
  marks: Array<{ reviewer: string; status: FindingStatus }>;
  /** Share of reviewer pairs that agree (null with fewer than two reviewers). */
  betweenReviewers: number | null;
  /** Share of reviewers who agree with the machine (null without a machine status). */
  withMachine: number | null;
}

export interface CalibrationSummary {
  reviewers: string[];
  criteria: CriterionAgreement[];
  /** Over every criterion: pairs agreeing / pairs compared. */
  betweenReviewers: number | null;
  /** Over every mark: marks equal to the machine's / marks with a machine status. */
  withMachine: number | null;
}

/**
 * Agreement on a calibrated call, per criterion and overall, as simple shares (not kappa): a
 * supervisor reads "3 of 4 reviewers agreed with the machine", which is what they act on.
 */
export function calibrationAgreement(
  marks: readonly CalibrationMark[],
  machine: ReadonlyMap<string, FindingStatus>,
): CalibrationSummary {
  const byCriterion = new Map<string, Array<{ reviewer: string; status: FindingStatus }>>();
  for (const m of marks) {
    const list = byCriterion.get(m.criterionId) ?? [];
    list.push({ reviewer: m.reviewer, status: m.status });
    byCriterion.set(m.criterionId, list);
  }
  let pairs = 0;
  let pairsAgree = 0;
  let withM = 0;
  let withMAgree = 0;
  const criteria: CriterionAgreement[] = [];
  for (const [criterionId, list] of [...byCriterion].sort(([a], [b]) => a.localeCompare(b))) {
    let p = 0;
    let pa = 0;
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        p++;
        if (list[i]!.status === list[j]!.status) pa++;
      }
    const m = machine.get(criterionId) ?? null;
    const agreeM = m === null ? 0 : list.filter((x) => x.status === m).length;
    pairs += p;
    pairsAgree += pa;
    if (m !== null) {
      withM += list.length;
      withMAgree += agreeM;
    }
    criteria.push({
      criterionId,
      machine: m,
      marks: [...list].sort((a, b) => a.reviewer.localeCompare(b.reviewer)),
      betweenReviewers: p === 0 ? null : pa / p,
      withMachine: m === null || list.length === 0 ? null : agreeM / list.length,
    });
  }
  return {
    reviewers: [...new Set(marks.map((m) => m.reviewer))].sort(),
    criteria,
    betweenReviewers: pairs === 0 ? null : pairsAgree / pairs,
    withMachine: withM === 0 ? null : withMAgree / withM,
  };
}
