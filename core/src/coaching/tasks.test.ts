import { CoachingTask, type CoachingNote } from '../model/coaching';
import type { Finding, FindingStatus, Scorecard } from '../model/scorecard';
import { coachingTaskFor, type ScoredInteraction } from './tasks';

function finding(criterionId: string, category: Finding['category'], status: FindingStatus): Finding {
  return {
    criterionId,
    title: criterionId,
    category,
    severity: 'high',
    weight: 1,
    status,
    confidence: 0.9,
    evidence: [],
    explanation: '',
  };
}

function card(findings: Finding[]): Scorecard {
  return {
    interactionId: 'int-1',
    playbook: { id: 'p', version: '1' },
    score: 50,
    compliant: !findings.some((f) => f.category === 'compliance' && f.status === 'missed'),
    findings,
    needsReview: false,
    reviewReasons: [],
  };
}

const notes: CoachingNote[] = [
  { atMs: 30_000, criterionId: 'identity', text: 'At 0:30, you discussed results before identity.' },
  { atMs: 60_000, criterionId: 'closing', kind: 'strength', text: 'At 1:00, well done (Closing).' },
];

function scored(over: Partial<ScoredInteraction> = {}): ScoredInteraction {
  return {
    summary: { id: 'int-1', agentIds: ['agent-7', 'agent-9'], scoreVersion: 3 },
    scorecard: card([
      finding('greeting', 'adherence', 'missed'),
      finding('disclosure', 'compliance', 'met'),
      finding('identity', 'compliance', 'missed'),
      finding('hipaa', 'compliance', 'missed'),
    ]),
    escalations: [],
    coaching: notes,
    ...over,
  };
}

describe('coachingTaskFor', () => {
  it('opens a task for a compliance miss: first agent, first compliance miss, every note', () => {
    const task = coachingTaskFor(scored());
    expect(task).toEqual({
      id: 'auto-int-1-v3',
      interactionId: 'int-1',
      assignee: 'agent-7',
      status: 'open',
      source: { criterionId: 'identity' },
      notes,
    });
    // What it returns is a valid task as the store validates it.
    expect(CoachingTask.parse(task)).toEqual(task);
  });

  it('opens a task for an escalation when nothing of compliance was missed', () => {
    const task = coachingTaskFor(
      scored({
        scorecard: card([finding('identity', 'compliance', 'met')]),
        escalations: [{ type: 'mental_health_crisis' }, { type: 'medical_emergency' }],
      }),
    );
    expect(task?.source).toEqual({ escalationType: 'mental_health_crisis' });
  });

  it('names the compliance miss as the source when there is an escalation too', () => {
    const task = coachingTaskFor(scored({ escalations: [{ type: 'abusive_caller' }] }));
    expect(task?.source).toEqual({ criterionId: 'identity' });
  });

  it('opens none for misses outside compliance alone', () => {
    const s = scored({
      scorecard: card([
        finding('greeting', 'adherence', 'missed'),
        finding('empathy', 'soft-skill', 'missed'),
      ]),
    });
    expect(coachingTaskFor(s)).toBeUndefined();
  });

  it('opens none without a scorecard or without an agent on the call', () => {
    expect(coachingTaskFor(scored({ scorecard: null }))).toBeUndefined();
    expect(
      coachingTaskFor(scored({ summary: { id: 'int-1', agentIds: [], scoreVersion: 3 } })),
    ).toBeUndefined();
  });

  it('keys the task by scorecard version, version 0 when never versioned', () => {
    expect(coachingTaskFor(scored({ summary: { id: 'int-1', agentIds: ['a'], scoreVersion: 4 } }))?.id).toBe(
      'auto-int-1-v4',
    );
    expect(
      coachingTaskFor(scored({ summary: { id: 'int-1', agentIds: ['a'], scoreVersion: null } }))?.id,
    ).toBe('auto-int-1-v0');
  });

  it('copies the notes, so a later change to the input does not reach the task', () => {
    const coaching = [...notes];
    const task = coachingTaskFor(scored({ coaching }));
    coaching.pop();
    expect(task?.notes).toHaveLength(2);
  });
});
