import { z } from 'zod';

export const Speaker = z.enum(['agent', 'customer', 'system', 'unknown']);
export type Speaker = z.infer<typeof Speaker>;

/**
 * One turn of talk. Times are milliseconds from the start of the interaction; they are null when
 * the source gave none (e.g. plain-text transcripts without timestamps).
 */
export const Utterance = z.strictObject({
  speaker: Speaker,
  startMs: z.number().int().nonnegative().nullable(),
  endMs: z.number().int().nonnegative().nullable(),
  text: z.string(),
  confidence: z.number().min(0).max(1).optional(),
  /** Audio channel or platform participant the utterance came from, when known. */
  channel: z.number().int().nonnegative().optional(),
});
export type Utterance = z.infer<typeof Utterance>;

export const TranscriptSource = z.enum(['platform', 'asr', 'import', 'live']);

export const Transcript = z.strictObject({
  utterances: z.array(Utterance),
  language: z.string().optional(),
  source: TranscriptSource.optional(),
  /** Engine or platform that produced it, e.g. `genesys-sta`, `sphinx`, `harper-valley`. */
  engine: z.string().optional(),
  /** Call-level confidence 0..1 (mean of utterance confidences weighted by length), if known. */
  confidence: z.number().min(0).max(1).optional(),
  /** Set when the transcript is likely poor and a person should check the scorecard. */
  needsReview: z.boolean().optional(),
  reviewReasons: z.array(z.string()).optional(),
});
export type Transcript = z.infer<typeof Transcript>;
