import type { CoachingNote } from '../model/coaching';
import type { Escalation, EscalationType } from '../model/escalation';
import type { Scorecard } from '../model/scorecard';
import type { Playbook } from '../playbook/schema';
import { formatClock, type FindingExplanations } from '../playbook/evaluate';
import { writeStrengthNotes } from './strengths';

const ESCALATION_WORDS: Record<EscalationType, string> = {
  medical_emergency: 'a possible medical emergency',
  mental_health_crisis: 'a possible mental-health crisis',
  abusive_caller: 'abuse or threats directed at you',
};

const DEFAULT_ESCALATION_TIPS: Record<EscalationType, string> = {
  medical_emergency: 'Direct the caller to 911 and follow the emergency protocol before anything else.',
  mental_health_crisis:
    'Stay with the caller, give the 988 Suicide & Crisis Lifeline and warm-transfer per protocol.',
  abusive_caller:
    'Set a calm boundary once, then follow the abusive-caller policy and involve your supervisor.',
};

/**
 * One note per missed criterion and per escalation, plus one or two strengths (met criteria, tied
 * to the agent's turn that earned them), anchored to the moment it is about:
 * "At 2:34, you discussed test results before completing the identity verification (...). Next
 * time: ...". Notes never quote the caller: they may be pushed to coaching tools that are not
 * cleared for PHI.
 */
export function writeCoachingNotes(
  card: Scorecard,
  explanations: FindingExplanations,
  escalations: readonly Escalation[],
  playbook: Playbook,
): CoachingNote[] {
  const notes: CoachingNote[] = [];
  const tips = new Map(playbook.criteria.map((c) => [c.id, c.tip]));
  for (const f of card.findings) {
    if (f.status !== 'missed') continue;
    const failure = explanations[f.criterionId];
    const atMs = failure?.atMs ?? f.evidence[0]?.startMs ?? null;
    const what = failure?.what ?? f.explanation.replace(/^Missed: /, '').replace(/\.$/, '');
    const note: CoachingNote = {
      atMs,
      criterionId: f.criterionId,
      text: `At ${formatClock(atMs)}, ${what}. Next time: ${tips.get(f.criterionId) ?? ''}`.trim(),
    };
    const u = failure?.atUtterance ?? f.evidence[0]?.utterance;
    if (u !== undefined && u !== null) note.utterance = u;
    notes.push(note);
  }
  for (const e of escalations) {
    const tip = playbook.escalationTips[e.type] ?? DEFAULT_ESCALATION_TIPS[e.type];
    notes.push({
      atMs: e.startMs,
      escalationType: e.type,
      utterance: e.utterance,
      text: `At ${formatClock(e.startMs)}, the caller signalled ${ESCALATION_WORDS[e.type]}${e.signal ? ` (${e.signal.replace(/[-_]/g, ' ')})` : ''}. Next time: ${tip}`,
    });
  }
  notes.push(...writeStrengthNotes(card.findings, playbook));
  return notes.sort((a, b) => (a.atMs ?? Number.MAX_SAFE_INTEGER) - (b.atMs ?? Number.MAX_SAFE_INTEGER));
}
