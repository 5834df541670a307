import type { Finding, Scorecard } from '../model';

/** HIPAA asks for six years of documentation; contact centers usually keep calls as long. */
export const DEFAULT_RETENTION_DAYS = 2192;

export interface RetentionPolicy {
  retentionDays: number;
  /** A tenant-wide legal hold stops every purge. */
  legalHold: boolean;
}

export interface RetentionSubject {
  /** When the interaction happened; falls back to when Teachback first stored it. */
  occurredAt: string;
  legalHold: boolean;
  purgedAt: string | null;
}

export type RetentionDecision =
  | { purge: true }
  | { purge: false; reason: 'tenant-legal-hold' | 'legal-hold' | 'already-purged' | 'within-retention' };

const DAY_MS = 86_400_000;

/** The instant before which interactions have outlived the policy. */
export function retentionCutoff(policy: RetentionPolicy, now: Date): string {
  return new Date(now.getTime() - policy.retentionDays * DAY_MS).toISOString();
}

export function decideRetention(
  policy: RetentionPolicy,
  subject: RetentionSubject,
  now: Date,
): RetentionDecision {
  if (policy.legalHold) return { purge: false, reason: 'tenant-legal-hold' };
  if (subject.legalHold) return { purge: false, reason: 'legal-hold' };
  if (subject.purgedAt) return { purge: false, reason: 'already-purged' };
  if (Date.parse(subject.occurredAt) >= Date.parse(retentionCutoff(policy, now)))
    return { purge: false, reason: 'within-retention' };
  return { purge: true };
}

/** What survives a purge of a finding: the judgement, never the words. */
export type DeidentifiedFinding = Pick<
  Finding,
  'criterionId' | 'title' | 'category' | 'severity' | 'weight' | 'status' | 'confidence' | 'ruleVersion'
>;

export interface DeidentifiedScorecard {
  interactionId: string;
  playbook: Scorecard['playbook'];
  score: number;
  compliant: boolean;
  findings: DeidentifiedFinding[];
  scoredAt?: string;
}

/**
 * Keeps scores useful for trends after purge: evidence quotes, explanations and review reasons
 * may repeat what the caller said, so they go.
 */
export function deidentifyScorecard(s: Scorecard): DeidentifiedScorecard {
  return {
    interactionId: s.interactionId,
    playbook: s.playbook,
    score: s.score,
    compliant: s.compliant,
    findings: s.findings.map((f) => ({
      criterionId: f.criterionId,
      title: f.title,
      category: f.category,
      severity: f.severity,
      weight: f.weight,
      status: f.status,
      confidence: f.confidence,
      ...(f.ruleVersion === undefined ? {} : { ruleVersion: f.ruleVersion }),
    })),
    ...(s.scoredAt === undefined ? {} : { scoredAt: s.scoredAt }),
  };
}
