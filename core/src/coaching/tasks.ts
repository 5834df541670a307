import type { CoachingNote, CoachingTask } from '../model/coaching';
import type { Escalation } from '../model/escalation';
import type { Scorecard } from '../model/scorecard';
import type { InteractionSummary } from '../store/records';

/** What a coaching task is decided from: the store's InteractionDetail fits as it is. */
export interface ScoredInteraction {
  summary: Pick<InteractionSummary, 'id' | 'agentIds' | 'scoreVersion'>;
  scorecard: Scorecard | null;
  escalations: readonly Pick<Escalation, 'type'>[];
  coaching: readonly CoachingNote[];
}

/** The id of the task opened automatically for one scorecard version of an interaction. */
export function autoCoachingTaskId(interactionId: string, scoreVersion: number): string {
  return `auto-${interactionId}-v${scoreVersion}`;
}

/**
 * The coaching task a scored interaction opens, or undefined when it needs none. A task is opened
 * when a compliance criterion was missed or an escalation was raised; soft-skill and adherence
 * misses alone are left to the notes. It goes to the first agent on the call (none: no task) and
 * carries every coaching note. Its source is the first compliance miss in scorecard order, else
 * the first escalation. The id is derived from the interaction and the scorecard version, so a
 * replay rewrites the same task and a re-score opens a new one.
 */
export function coachingTaskFor(s: ScoredInteraction): CoachingTask | undefined {
  const agent = s.summary.agentIds[0];
  if (!s.scorecard || !agent) return undefined;
  const miss = s.scorecard.findings.find((f) => f.category === 'compliance' && f.status === 'missed');
  const escalation = s.escalations[0];
  if (!miss && !escalation) return undefined;
  return {
    id: autoCoachingTaskId(s.summary.id, s.summary.scoreVersion ?? 0),
    interactionId: s.summary.id,
    assignee: agent,
    status: 'open',
    source: miss ? { criterionId: miss.criterionId } : { escalationType: escalation!.type },
    notes: [...s.coaching],
  };
}
