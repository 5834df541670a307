import type { Transcript, Utterance } from '../model/transcript';
import { compilePlaybook } from '../playbook/compile';
import type { PlaybookInput } from '../playbook/schema';
import { scoreTranscript } from '../scoring';
import { STRENGTH_QUOTE_MAX } from './strengths';

/** "[mm:ss] A: text" lines → transcript; A = agent, C = caller. */
function call(...lines: string[]): Transcript {
  const utterances: Utterance[] = lines.map((l) => {
    const m = /^\[(\d+):(\d\d)\] ([AC]): (.*)$/.exec(l)!;
    const start = (Number(m[1]) * 60 + Number(m[2])) * 1000;
    return { speaker: m[3] === 'A' ? 'agent' : 'customer', startMs: start, endMs: start + 3000, text: m[4]! };
  });
  return { utterances };
}

const base = { category: 'soft-skill', severity: 'medium', weight: 1, tip: 'Do it.' } as const;

const playbook: PlaybookInput = {
  id: 'strengths-test',
  version: '1',
  title: 'Strengths test',
  criteria: [
    {
      ...base,
      id: 'recording',
      title: 'Recording disclosure',
      category: 'compliance',
      severity: 'high',
      rule: { require: [{ phrases: ['this call may be recorded'], within: { toMs: 30_000 } }] },
    },
    {
      ...base,
      id: 'teach-back',
      title: 'Teach-back after instructions',
      rule: {
        appliesWhen: {
          said: { phrases: ['take two tablets', 'bring your insurance card'], speaker: 'agent' },
        },
        require: [
          {
            phrases: ['repeat back the dosing'],
            after: { trigger: true },
            when: { said: { phrases: ['take two tablets', 'bring your insurance card'], speaker: 'agent' } },
          },
        ],
      },
    },
    {
      ...base,
      id: 'empathy',
      title: 'Empathy',
      rule: {
        appliesWhen: { said: { phrases: ['i am worried', 'i am scared'], speaker: 'customer' } },
        require: [{ phrases: ['i understand how worrying that is'] }],
      },
    },
    {
      ...base,
      id: 'caller-name',
      title: 'Caller gave a name',
      rule: {
        appliesWhen: { said: { phrases: ['my name is'], speaker: 'customer' } },
        require: [{ phrases: ['my name is'], speaker: 'customer' }],
      },
    },
  ],
};

function notesFor(t: Transcript) {
  return scoreTranscript(t, compilePlaybook(playbook), { interactionId: 'c1' }).coaching;
}

describe('coaching strengths', () => {
  const good = call(
    '[0:01] A: Hello, this call may be recorded.',
    '[0:05] C: My name is Robin Sample and I am worried about my pills.',
    '[0:20] A: I understand how worrying that is, let us sort it out.',
    '[0:40] A: Take two tablets each morning with food.',
    '[1:12] A: Could you repeat back the dosing so I know I explained it well?',
    '[1:20] C: Two tablets every morning with breakfast.',
  );

  it('names one or two strengths tied to the agent turn that earned them', () => {
    const strengths = notesFor(good).filter((n) => n.kind === 'strength');
    expect(strengths.length).toBeGreaterThanOrEqual(1);
    expect(strengths.length).toBeLessThanOrEqual(2);
    const teachBack = strengths.find((n) => n.criterionId === 'teach-back');
    expect(teachBack).toMatchObject({ atMs: 72_000, utterance: 4 });
    expect(teachBack!.text).toBe(
      'At 1:12, well done (Teach-back after instructions): you said "Could you repeat back the dosing so I know I explained it well?".',
    );
  });

  it('prefers criteria the agent met in response to a moment over ones every call meets', () => {
    const ids = notesFor(good)
      .filter((n) => n.kind === 'strength')
      .map((n) => n.criterionId)
      .sort();
    expect(ids).toEqual(['empathy', 'teach-back']);
  });

  it('never quotes the caller, and never builds a strength from caller-only evidence', () => {
    const notes = notesFor(good);
    for (const n of notes) {
      expect(n.text).not.toMatch(/Robin|Sample|breakfast|pills/);
    }
    expect(notes.some((n) => n.criterionId === 'caller-name')).toBe(false);
  });

  it('names the moment without quoting when the agent turn is long', () => {
    const long = `I understand how worrying that is, ${'and I want you to know we will look at every part of this with the pharmacy today '.repeat(2)}`;
    expect(long.length).toBeGreaterThan(STRENGTH_QUOTE_MAX);
    const notes = notesFor(call('[0:02] C: I am scared about the bill.', `[0:09] A: ${long}`)).filter(
      (n) => n.kind === 'strength',
    );
    expect(notes).toEqual([
      {
        atMs: 9000,
        criterionId: 'empathy',
        utterance: 1,
        kind: 'strength',
        text: 'At 0:09, well done (Empathy).',
      },
    ]);
  });

  it('prefers turns it can quote over a higher-severity strength it cannot', () => {
    const pb = structuredClone(playbook);
    pb.criteria.find((c) => c.id === 'empathy')!.severity = 'critical';
    pb.criteria.push({
      ...base,
      id: 'welcome',
      title: 'Warm close',
      rule: {
        appliesWhen: { said: { phrases: ['thanks so much'], speaker: 'customer' } },
        require: [{ phrases: ['you are very welcome'] }],
      },
    });
    const long = `I understand how worrying that is, ${'and we will look at every part of this with the pharmacy today '.repeat(2)}`;
    const t = call(
      '[0:02] C: I am scared about the bill.',
      `[0:09] A: ${long}`,
      '[0:40] A: Take two tablets each morning with food.',
      '[1:12] A: Could you repeat back the dosing for me?',
      '[1:20] C: Thanks so much.',
      '[1:22] A: You are very welcome.',
    );
    const strengths = scoreTranscript(t, compilePlaybook(pb), { interactionId: 'c2' }).coaching.filter(
      (n) => n.kind === 'strength',
    );
    expect(strengths.map((n) => n.criterionId)).toEqual(['teach-back', 'welcome']);
  });

  it('keeps the misses beside the strengths, in call order', () => {
    const notes = notesFor(
      call(
        '[0:01] A: Hello, this call may be recorded.',
        '[0:40] A: Bring your insurance card on Tuesday.',
        '[0:50] A: Anything else today?',
      ),
    );
    expect(notes.map((n) => [n.criterionId, n.kind ?? 'improve'])).toEqual([
      ['recording', 'strength'],
      ['teach-back', 'improve'],
    ]);
  });

  it('names no strength when nothing was met', () => {
    const notes = notesFor(call('[0:45] A: Bring your insurance card on Tuesday.', '[0:50] A: Bye.'));
    expect(notes.filter((n) => n.kind === 'strength')).toEqual([]);
    expect(notes.length).toBeGreaterThan(0);
  });
});
