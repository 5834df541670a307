import type { CallSummary, InteractionDetail, SurveyResponse } from '@teachback/core';

/**
 * Produces the post-call summary of a scored interaction (core/src/summary's builder, or the LLM
 * judge where configured), or undefined when there is none. A plan given none pushes no summary:
 * the builder is wired in where the plans are built (connections / runtime), not here.
 */
export type SummaryFor = (tenantId: string, detail: InteractionDetail) => Promise<CallSummary | undefined>;

/**
 * Where a plan's sync saves the post-call survey answers it finds (the store's surveys role).
 * Saving the same response id again replaces it. A plan given none reads no surveys.
 */
export interface SurveySaver {
  save(tenantId: string, response: SurveyResponse): Promise<void>;
}
