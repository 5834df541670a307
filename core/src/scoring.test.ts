import { Scorecard } from './model/scorecard';
import type { Transcript, Utterance } from './model/transcript';
import { compilePlaybook } from './playbook/compile';
import type { PlaybookInput } from './playbook/schema';
import { scoreTranscript } from './scoring';

/** "[mm:ss] A: text" lines → transcript; A = agent, C = caller. */
function call(...lines: string[]): Transcript {
  const utterances: Utterance[] = lines.map((l) => {
    const m = /^\[(\d+):(\d\d)\] ([AC]): (.*)$/.exec(l)!;
    const start = (Number(m[1]) * 60 + Number(m[2])) * 1000;
    return { speaker: m[3] === 'A' ? 'agent' : 'customer', startMs: start, endMs: start + 3000, text: m[4]! };
  });
  return { utterances };
}

const playbook: PlaybookInput = {
  id: 'scoring-test',
  version: '3',
  title: 'Scoring test',
  criteria: [
    {
      id: 'recording',
      title: 'Recording disclosure',
      category: 'compliance',
      severity: 'high',
      weight: 2,
      tip: 'Say it in the first 30 seconds.',
      rule: { require: [{ phrases: ['this call may be recorded'], within: { toMs: 30_000 } }] },
    },
    {
      id: 'closing',
      title: 'Closing',
      category: 'adherence',
      severity: 'low',
      weight: 1,
      tip: 'Ask it before you end.',
      rule: { require: [{ phrases: ['anything else i can help with'] }] },
    },
  ],
};

describe('scoreTranscript', () => {
  // The disclosure comes at 0:45, after its 30-second window; the closing is met.
  const late = call(
    '[0:02] A: Thanks for calling, how can I help?',
    '[0:45] A: By the way, this call may be recorded.',
    '[1:10] A: Is there anything else I can help with?',
  );

  it('returns a scorecard that is the canonical model, storable as it is', () => {
    const { scorecard } = scoreTranscript(late, compilePlaybook(playbook), { interactionId: 'c1' });
    // Strict schema: a field the model does not know (a miss explanation) would be rejected.
    expect(Scorecard.parse(scorecard)).toEqual(scorecard);
    expect(scorecard.findings.map((f) => [f.criterionId, f.status])).toEqual([
      ['recording', 'missed'],
      ['closing', 'met'],
    ]);
    expect(scorecard.score).toBe(33.3); // 1 of 3 weight points
    expect(scorecard.compliant).toBe(false);
  });

  it('gives the explanation of each miss separately, by criterion id', () => {
    const { explanations } = scoreTranscript(late, compilePlaybook(playbook), { interactionId: 'c1' });
    expect(Object.keys(explanations)).toEqual(['recording']);
    // The miss is placed where the window closed, not where the late words came.
    expect(explanations.recording).toEqual({
      what: expect.stringContaining('0:45'),
      atUtterance: null,
      atMs: 30_000,
    });
  });

  it('writes the coaching note of a miss from its explanation', () => {
    const { explanations, coaching } = scoreTranscript(late, compilePlaybook(playbook), {
      interactionId: 'c1',
    });
    const note = coaching.find((n) => n.criterionId === 'recording')!;
    expect(note.atMs).toBe(30_000);
    expect(note.text).toBe(
      `At 0:30, ${explanations.recording!.what}. Next time: Say it in the first 30 seconds.`,
    );
  });

  it('has no explanations when nothing was missed', () => {
    const good = call('[0:02] A: This call may be recorded.', '[0:20] A: Anything else I can help with?');
    const r = scoreTranscript(good, compilePlaybook(playbook), { interactionId: 'c2' });
    expect(r.scorecard.score).toBe(100);
    expect(r.explanations).toEqual({});
  });
});
