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

/** A supervisor's accepted override of one finding (an accepted dispute). */
export interface AcceptedOverride {
  disputeId: string;
  criterionId: string;
  /** The status the supervisor accepted. */
  status: FindingStatus;
  decidedBy: string;
}

/**
 * What becomes of an accepted override when the call is scored again:
 * - `reapply`: the criterion scores the same way as before and the new machine result differs from
 *   the override, so the override is applied to the new scorecard (machine result kept beside it);
 * - `agrees`: the new machine result already is the accepted status; nothing to apply;
 * - `reopen`: the criterion is still scored but its definition changed (another playbook, or a
 *   playbook version whose criterion scores differently), so the decision no longer applies as
 *   taken: the dispute goes back to a supervisor;
 * - `lapse`: the criterion is no longer scored at all; the call is flagged for review.
 */
export type OverrideFate = 'reapply' | 'agrees' | 'reopen' | 'lapse';

export function overrideFate(
  o: AcceptedOverride,
  next: Scorecard,
  criterionUnchanged: boolean,
): OverrideFate {
  const f = next.findings.find((x) => x.criterionId === o.criterionId);
  if (!f) return 'lapse';
  if (!criterionUnchanged) return 'reopen';
  return f.status === o.status ? 'agrees' : 'reapply';
}

/** The parts of a criterion that decide its status and weight (not its title, tip or wording of advice). */
export interface CriterionScoring {
  category: string;
  severity: string;
  weight: number;
  rule?: unknown;
  versions?: unknown;
  judge?: unknown;
}

/** True when two versions of a criterion score a call the same way (compared structurally). */
export function sameCriterionScoring(a: CriterionScoring, b: CriterionScoring): boolean {
  const pick = (c: CriterionScoring) =>
    canonicalJson({
      category: c.category,
      severity: c.severity,
      weight: c.weight,
      rule: c.rule ?? null,
      versions: c.versions ?? null,
      judge: c.judge ?? null,
    });
  return pick(a) === pick(b);
}

/**
 * Without the playbook definitions at hand (a file playbook, a version not in the catalog), the
 * findings themselves tell whether the criterion changed: its category, severity, weight and the
 * rule version (effective date) that applied.
 */
export function sameFindingCriterion(a: Finding, b: Finding): boolean {
  return (
    a.category === b.category &&
    a.severity === b.severity &&
    a.weight === b.weight &&
    (a.ruleVersion ?? null) === (b.ruleVersion ?? null)
  );
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** The result of carrying a call's accepted overrides onto its new machine scorecard. */
export interface CarriedOverrides {
  /** The scorecard to show: the machine card with the re-applied overrides (the same object when none). */
  card: Scorecard;
  reapplied: AcceptedOverride[];
  reopened: AcceptedOverride[];
  lapsed: AcceptedOverride[];
}

/**
 * Applies each accepted override to a new machine scorecard according to its fate. `unchanged`
 * tells, per criterion, whether the criterion scores the same way as when the override was taken.
 * Reopened and lapsed overrides add a review reason and mark the card as needing review.
 */
export function carryOverrides(
  machine: Scorecard,
  overrides: readonly AcceptedOverride[],
  unchanged: (criterionId: string) => boolean,
): CarriedOverrides {
  let card = machine;
  const out: CarriedOverrides = { card, reapplied: [], reopened: [], lapsed: [] };
  const reasons: string[] = [];
  for (const o of overrides) {
    const fate = overrideFate(o, card, unchanged(o.criterionId));
    if (fate === 'reapply') {
      card = overrideFinding(card, o.criterionId, o.status, `Overridden by ${o.decidedBy} after a dispute`);
      out.reapplied.push(o);
    } else if (fate === 'reopen') {
      out.reopened.push(o);
      reasons.push(`override-reopened:${o.criterionId}`);
    } else if (fate === 'lapse') {
      out.lapsed.push(o);
      reasons.push(`override-lapsed:${o.criterionId}`);
    }
  }
  if (reasons.length > 0)
    card = { ...card, needsReview: true, reviewReasons: [...card.reviewReasons, ...reasons] };
  return { ...out, card };
}
