import { writeCoachingNotes } from './coaching';
import { detectEscalations } from './escalation';
import type { CoachingNote } from './model/coaching';
import type { Escalation } from './model/escalation';
import type { Scorecard } from './model/scorecard';
import type { Transcript } from './model/transcript';
import type { CompiledPlaybook } from './playbook/compile';
import { evaluatePlaybook, type EvaluateOptions, type FindingExplanations } from './playbook/evaluate';
import { analyzeTranscript, type AnalyzedTranscript } from './playbook/match';

export interface ScoreResult {
  /** The canonical scorecard: store it as it is. */
  scorecard: Scorecard;
  /** Why each missed criterion was missed (moment and words), for coaching; not stored. */
  explanations: FindingExplanations;
  escalations: Escalation[];
  coaching: CoachingNote[];
}

/**
 * Scores one transcript: scorecard, escalations and coaching notes. Pure: a playbook whose rules
 * use learned acts needs `opts.actModel` (or a model attached when it was compiled).
 */
export function scoreTranscript(
  transcript: Transcript,
  playbook: CompiledPlaybook,
  opts: EvaluateOptions,
): ScoreResult {
  return scoreAnalyzed(analyzeTranscript(transcript), playbook, opts, transcript);
}

/**
 * Same, from an analysis made once: scoring one call against several playbooks analyzes the text
 * once and detects escalations once (pass them in).
 */
export function scoreAnalyzed(
  analyzed: AnalyzedTranscript,
  playbook: CompiledPlaybook,
  opts: EvaluateOptions,
  transcript?: Transcript,
  escalations: Escalation[] = detectEscalations(analyzed.utterances, {
    model: opts.escalationModel ?? playbook.escalationModel,
  }),
): ScoreResult {
  // The emergency-response criterion judges the agent's reply to these same escalations.
  const { scorecard, explanations } = evaluatePlaybook(
    analyzed,
    playbook,
    { ...opts, escalations },
    transcript,
  );
  return {
    scorecard,
    explanations,
    escalations,
    coaching: writeCoachingNotes(scorecard, explanations, escalations, playbook.playbook),
  };
}
