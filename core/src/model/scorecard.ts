import { z } from 'zod';
import { Speaker } from './transcript';

export const CriterionCategory = z.enum(['compliance', 'adherence', 'soft-skill']);
export type CriterionCategory = z.infer<typeof CriterionCategory>;

export const Severity = z.enum(['critical', 'high', 'medium', 'low']);
export type Severity = z.infer<typeof Severity>;

export const FindingStatus = z.enum(['met', 'missed', 'not_applicable']);
export type FindingStatus = z.infer<typeof FindingStatus>;

/** A pointer into the transcript that backs a finding: utterance index, time and the words said. */
export const Evidence = z.strictObject({
  utterance: z.number().int().nonnegative(),
  startMs: z.number().int().nonnegative().nullable(),
  speaker: Speaker,
  quote: z.string(),
  /** What this piece of evidence shows, e.g. `identifier:date-of-birth`, `phi:lab-result`. */
  label: z.string().optional(),
});
export type Evidence = z.infer<typeof Evidence>;

export const Finding = z.strictObject({
  criterionId: z.string(),
  title: z.string(),
  category: CriterionCategory,
  severity: Severity,
  weight: z.number().nonnegative(),
  status: FindingStatus,
  confidence: z.number().min(0).max(1),
  evidence: z.array(Evidence),
  explanation: z.string(),
  /** Criterion version (effective date) that applied to this call. */
  ruleVersion: z.string().optional(),
  /** Set when the decision rests on a low-confidence stretch of transcript. */
  lowConfidence: z.boolean().optional(),
});
export type Finding = z.infer<typeof Finding>;

export const Scorecard = z.strictObject({
  interactionId: z.string(),
  /**
   * The playbook and exact version that scored the call: with a store, the catalog's version number
   * (as text, e.g. "3"; see playbook/catalog.ts); without one, the playbook file's own version.
   */
  playbook: z.strictObject({ id: z.string(), version: z.string() }),
  /** 0..100: weighted share of applicable criteria that were met. */
  score: z.number().min(0).max(100),
  /** True when every compliance criterion is met or not applicable. */
  compliant: z.boolean(),
  findings: z.array(Finding),
  needsReview: z.boolean().default(false),
  reviewReasons: z.array(z.string()).default([]),
  scoredAt: z.string().optional(),
});
export type Scorecard = z.infer<typeof Scorecard>;
