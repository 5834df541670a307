import { z } from 'zod';

/** How urgently a person must act: `critical` now, `high` soon in this call, `moderate` review. */
export const EscalationSeverity = z.enum(['critical', 'high', 'moderate']);
export type EscalationSeverity = z.infer<typeof EscalationSeverity>;

export const EscalationType = z.enum(['medical_emergency', 'mental_health_crisis', 'abusive_caller']);
export type EscalationType = z.infer<typeof EscalationType>;

export const EscalationAction = z.strictObject({
  at: z.string(),
  action: z.enum(['detected', 'routed', 'acknowledged', 'resolved', 'dismissed']),
  by: z.string().optional(),
  note: z.string().optional(),
  /** Where a `routed` action sent it (a nurse line, 911, the 988 crisis line, a supervisor). */
  routedTo: z.string().optional(),
});

export const Escalation = z.strictObject({
  type: EscalationType,
  severity: EscalationSeverity,
  utterance: z.number().int().nonnegative(),
  startMs: z.number().int().nonnegative().nullable(),
  quote: z.string(),
  /** Which signal fired, e.g. `chest-pain`, `suicidal-ideation`, `threat`. */
  signal: z.string().optional(),
  /** Why it was raised at this severity, e.g. `chest-pain, current: "right now"; intensified: "crushing"`. */
  reason: z.string().optional(),
  routedTo: z.string().optional(),
  actions: z.array(EscalationAction).default([]),
});
export type Escalation = z.infer<typeof Escalation>;
