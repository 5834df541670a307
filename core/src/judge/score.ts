import { writeCoachingNotes } from '../coaching';
import type { Utterance } from '../model/transcript';
import type { CompiledPlaybook } from '../playbook/compile';
import type { ScoreResult } from '../scoring';
import { applyJudge, type ApplyJudgeOptions } from './resolve';

/**
 * The async step after offline scoring when a judge is configured: fills the `judge: llm`
 * criteria, then rewrites the coaching notes so a judged miss (or strength) gets its note.
 */
export async function judgeScoreResult(
  result: ScoreResult,
  utterances: readonly Utterance[],
  playbook: CompiledPlaybook,
  opts: ApplyJudgeOptions,
): Promise<ScoreResult> {
  const judged = await applyJudge(result, utterances, playbook.playbook, opts);
  if (judged.scorecard === result.scorecard) return result;
  const { scorecard, explanations } = judged;
  return {
    scorecard,
    explanations,
    escalations: result.escalations,
    coaching: writeCoachingNotes(scorecard, explanations, result.escalations, playbook.playbook),
  };
}
