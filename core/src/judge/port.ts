import { z } from 'zod';
import type { Speaker } from '../model/transcript';

/** One utterance as the judge sees it: its index is how quotes are traced back. */
export interface JudgeUtterance {
  index: number;
  speaker: Speaker;
  text: string;
}

export interface JudgeRequest {
  criterionId: string;
  /** Changes whenever the question (or the playbook version) changes, so a cached answer never outlives it. */
  criterionVersion: string;
  question: string;
  utterances: readonly JudgeUtterance[];
  /** (transcript hash, criterion id + version): the same call asked the same question is answered once. */
  cacheKey: string;
}

/**
 * What the judge must answer. Quotes are verbatim words of the transcript backing the answer;
 * they are checked against it before the answer is used. Unknown fields are dropped.
 */
export const JudgeAnswer = z.object({
  answer: z.enum(['met', 'missed', 'not_applicable']),
  quotes: z.array(z.string()).max(20),
  rationale: z.string().max(2000),
});
export type JudgeAnswer = z.infer<typeof JudgeAnswer>;

/** An LLM (or any other) judge: answers one plain-language criterion for one transcript. */
export interface Judge {
  /** e.g. `llm:gpt-4o-mini`; recorded in explanations. */
  readonly name: string;
  judge(request: JudgeRequest): Promise<JudgeAnswer>;
}

/** Where answers outlive the process (a store implements it); keyed by {@link JudgeRequest.cacheKey}. */
export interface JudgeCache {
  get(key: string): Promise<JudgeAnswer | undefined>;
  set(key: string, answer: JudgeAnswer): Promise<void>;
}
