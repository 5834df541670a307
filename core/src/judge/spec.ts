import { z } from 'zod';

/**
 * A criterion written in plain language, answered by an LLM judge instead of a rule:
 * `judge: { engine: llm, question: "Did the agent offer a specific callback time?" }`.
 * Without a configured judge such a criterion is `not_applicable` (the offline engine stays the
 * default and never depends on it).
 */
export const JudgeSpec = z.strictObject({
  engine: z.literal('llm'),
  question: z.string().trim().min(10, 'ask a whole question (at least 10 characters)').max(500),
});
export type JudgeSpec = z.infer<typeof JudgeSpec>;
