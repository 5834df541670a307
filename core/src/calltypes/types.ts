import { z } from 'zod';

/** The call types a healthcare contact center runs a separate process for. */
export const CALL_TYPES = [
  'scheduling',
  'billing-insurance',
  'clinical-question',
  'prescription-refill',
  'emergency',
  'medicare-sales',
  'other',
] as const;
export const CallType = z.enum(CALL_TYPES);
export type CallType = z.infer<typeof CallType>;

/** Where a call type came from, strongest first. */
export type CallTypeSource =
  'platform' | 'queue' | 'disposition' | 'escalation' | 'acts' | 'conversation' | 'none';

/** Why the classifier chose a type: the platform field, or the utterance that weighed most. */
export type CallTypeEvidence =
  | { kind: 'field'; field: 'callType' | 'queue' | 'disposition'; value: string }
  | { kind: 'utterance'; utterance: number; startMs: number | null; quote: string; why: string }
  | { kind: 'none'; why: string };

export interface CallTypeResult {
  callType: CallType;
  source: CallTypeSource;
  /** 0..1; 1 for a platform mapping. */
  confidence: number;
  evidence: CallTypeEvidence;
}
