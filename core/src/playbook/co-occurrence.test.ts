import { replayLiveSession } from '../live/session';
import type { Transcript, Utterance } from '../model/transcript';
import { compilePlaybook } from './compile';
import { evaluatePlaybook } from './evaluate';
import { analyzeTranscript } from './match';
import type { PlaybookInput } from './schema';

function call(...lines: string[]): Transcript {
  const utterances: Utterance[] = lines.map((l) => {
    const m = /^\[(\d+):(\d\d)\] ([AC]): (.*)$/.exec(l)!;
    const start = (Number(m[1]) * 60 + Number(m[2])) * 1000;
    return { speaker: m[3] === 'A' ? 'agent' : 'customer', startMs: start, endMs: start + 3000, text: m[4]! };
  });
  return { utterances };
}

const base = { title: 'T', category: 'compliance', severity: 'high', weight: 1, tip: 'Do it.' } as const;

/**
 * "The agreed product types are confirmed before the plan details": a bare mention of the form
 * is no confirmation, the form named beside a product type is. And "instructions owe a
 * read-back", except where the instruction is advice (scored elsewhere).
 */
function pb(): PlaybookInput {
  const details = { speaker: 'agent' as const, phrases: ['the monthly premium'] };
  const instructed = {
    speaker: 'agent' as const,
    phrases: ['take two tablets'],
    without: [{ phrases: ['should be fine'] }],
  };
  return {
    id: 'test',
    version: '1',
    title: 'Test',
    intents: {},
    criteria: [
      {
        ...base,
        id: 'scope',
        rule: {
          appliesWhen: { said: details },
          require: [
            {
              label: 'scope confirmed',
              count: {
                atLeast: 1,
                of: [
                  { label: 'scope', phrases: ['you agreed to discuss'] },
                  {
                    label: 'scope',
                    phrases: ['gizmo plans'],
                    with: [{ phrases: ['scope form', 'sign up sheet'] }],
                  },
                ],
              },
              before: details,
            },
          ],
        },
      },
      {
        ...base,
        id: 'read-back',
        category: 'adherence',
        rule: {
          appliesWhen: { said: instructed },
          require: [
            {
              label: 'read-back',
              phrases: ['repeat the plan back'],
              when: { said: instructed },
              after: { trigger: true },
            },
          ],
        },
      },
    ],
    live: [
      {
        id: 'read-back-due',
        kind: 'teach_back_reminder',
        when: { said: instructed },
        title: 'Read-back',
        text: 'Ask for a read-back.',
      },
    ],
  };
}

function statusOf(criterion: string, t: Transcript): string {
  const cp = compilePlaybook(pb());
  const card = evaluatePlaybook(analyzeTranscript(t), cp, { interactionId: 'x' }, t).scorecard;
  return card.findings.find((f) => f.criterionId === criterion)!.status;
}

describe('`with`: co-occurrence in one utterance', () => {
  const details = '[0:30] A: The monthly premium is zero.';
  it('the product type beside the form counts as the confirmation', () => {
    const t = call('[0:10] A: Your scope form says gizmo plans only.', details);
    expect(statusOf('scope', t)).toBe('met');
  });
  it('a bare mention of the form does not', () => {
    const t = call('[0:10] A: I will send the scope form later.', details);
    expect(statusOf('scope', t)).toBe('missed');
  });
  it('nor does the product type alone, or the two in different turns', () => {
    expect(statusOf('scope', call('[0:10] A: Do you want gizmo plans?', details))).toBe('missed');
    const t = call('[0:10] A: There is a scope form.', '[0:15] A: We have gizmo plans.', details);
    expect(statusOf('scope', t)).toBe('missed');
  });
  it('a script line without `with` still counts on its own', () => {
    expect(statusOf('scope', call('[0:10] A: You agreed to discuss gizmo things.', details))).toBe('met');
  });
  it('a negated co-occurring phrase does not count', () => {
    const t = call("[0:10] A: Gizmo plans, and we don't need a sign up sheet.", details);
    expect(statusOf('scope', t)).toBe('missed');
  });
  it('is rejected on an expectation that has only parts, naming the field', () => {
    const p = pb();
    const e = p.criteria[0]!.rule!.require![0]!;
    e.with = [{ phrases: ['scope form'] }];
    expect(() => compilePlaybook(p)).toThrow(/require\[0\]: `with` \/ `without` need/);
  });
});

describe('`without`: an utterance that also says something else does not count', () => {
  it('an instruction that is also advice is not an instruction (not applicable)', () => {
    const t = call('[0:10] A: Take two tablets tonight, you should be fine.');
    expect(statusOf('read-back', t)).toBe('not_applicable');
  });
  it('a plain instruction still owes the read-back', () => {
    expect(statusOf('read-back', call('[0:10] A: Take two tablets at bedtime.'))).toBe('missed');
    const t = call('[0:10] A: Take two tablets at bedtime.', '[0:20] A: Repeat the plan back to me.');
    expect(statusOf('read-back', t)).toBe('met');
  });
  it('the live session reads the same rule: no prompt on the advice turn, one on the instruction', () => {
    const kindsOf = (t: Transcript): string[] =>
      replayLiveSession(
        { callId: 'live', playbook: compilePlaybook(pb()), callDate: '2026-12-07' },
        t.utterances.map((u, i) => ({
          type: 'utterance' as const,
          utterance: {
            id: `u${i}`,
            speaker: u.speaker === 'agent' ? ('agent' as const) : ('customer' as const),
            offsetMs: u.startMs ?? 0,
            text: u.text,
          },
        })),
      ).events.map((e) => e.kind);
    expect(kindsOf(call('[0:10] A: Take two tablets tonight, you should be fine.'))).toEqual([]);
    expect(kindsOf(call('[0:10] A: Take two tablets at bedtime.'))).toEqual(['teach_back_reminder']);
  });
});

describe('`negated: true` on a part: the part is a denial', () => {
  const denialPb = (): PlaybookInput => ({
    id: 'denial',
    version: '1',
    title: 'Denial',
    intents: {},
    criteria: [
      {
        ...base,
        id: 'disclaimer',
        rule: {
          require: [
            {
              label: 'disclaimer',
              allOf: [
                { label: 'not every gizmo', phrases: ['sell every gizmo'], negated: true },
                { label: 'gizmo count', phrases: ['gizmos'], with: [{ phrases: ['makers'] }] },
              ],
            },
          ],
        },
      },
    ],
  });
  const statusIn = (t: Transcript): string => {
    const cp = compilePlaybook(denialPb());
    const card = evaluatePlaybook(analyzeTranscript(t), cp, { interactionId: 'x' }, t).scorecard;
    return card.findings[0]!.status;
  };
  it('counts only where its words are negated, whatever the negative words', () => {
    expect(statusIn(call("[0:10] A: We can't sell every gizmo.", '[0:15] A: Three makers, 12 gizmos.'))).toBe(
      'met',
    );
    expect(
      statusIn(
        call('[0:10] A: We are not able to sell you every gizmo.', '[0:15] A: Three makers, 12 gizmos.'),
      ),
    ).toBe('met');
    expect(statusIn(call('[0:10] A: We sell every gizmo.', '[0:15] A: Three makers, 12 gizmos.'))).toBe(
      'missed',
    );
  });
  it('a one-word phrase denied once and then said plainly in the same turn counts as said', () => {
    const t = call("[0:10] A: We don't sell every gizmo; three makers have 12 gizmos.");
    expect(statusIn(t)).toBe('met');
  });
  it("reads a denial's `with` words inside the negation that makes it a denial", () => {
    const withPlace = (): PlaybookInput => {
      const p = denialPb();
      p.criteria[0]!.rule!.require![0]!.allOf![0] = {
        label: 'not every gizmo',
        phrases: ['sell every gizmo'],
        negated: true,
        with: [{ phrases: ['where you live'] }],
      };
      return p;
    };
    const statusWith = (t: Transcript): string => {
      const card = evaluatePlaybook(
        analyzeTranscript(t),
        compilePlaybook(withPlace()),
        { interactionId: 'x' },
        t,
      );
      return card.scorecard.findings[0]!.status;
    };
    // One "not" reaches both the gizmos and the place: the place is still said.
    const inside = call(
      '[0:10] A: We do not sell every gizmo where you live.',
      '[0:15] A: Three makers, 12 gizmos.',
    );
    expect(statusWith(inside)).toBe('met');
    const nowhere = call('[0:10] A: We do not sell every gizmo.', '[0:15] A: Three makers, 12 gizmos.');
    expect(statusWith(nowhere)).toBe('missed');
  });
});

describe('a two-word phrase is a collocation within one clause', () => {
  const twoWordPb = (): PlaybookInput => ({
    id: 'two',
    version: '1',
    title: 'Two',
    intents: {},
    criteria: [
      { ...base, id: 'device', rule: { require: [{ label: 'device', phrases: ['heart monitor'] }] } },
    ],
  });
  const statusIn = (t: Transcript): string => {
    const card = evaluatePlaybook(
      analyzeTranscript(t),
      compilePlaybook(twoWordPb()),
      { interactionId: 'x' },
      t,
    );
    return card.scorecard.findings[0]!.status;
  };
  it('matches the words in one clause, not across a clause break', () => {
    expect(statusIn(call('[0:00] A: Your heart monitor is ready.'))).toBe('met');
    expect(statusIn(call('[0:00] A: Elm Heart Associates, this line is monitored.'))).toBe('missed');
  });
});

describe('`or` on an anchor: the first of several topics', () => {
  // "Identifiers before the record": the record named outright, or a referent beside a value.
  const record = { speaker: 'agent' as const, phrases: ['your gizmo report'] };
  const inOtherWords = {
    speaker: 'agent' as const,
    phrases: ['widget'],
    with: [{ phrases: ['came back'] }],
  };
  const orPb = (): PlaybookInput => ({
    id: 'or',
    version: '1',
    title: 'Or',
    intents: {},
    criteria: [
      {
        ...base,
        id: 'verify',
        rule: {
          appliesWhen: { any: [{ said: record }, { said: inOtherWords }] },
          require: [
            { label: 'identifier', phrases: ['date of birth'], before: { ...record, or: [inOtherWords] } },
          ],
        },
      },
    ],
  });
  const statusIn = (t: Transcript): string => {
    const cp = compilePlaybook(orPb());
    const card = evaluatePlaybook(analyzeTranscript(t), cp, { interactionId: 'x' }, t).scorecard;
    return card.findings[0]!.status;
  };
  it('an alternative said first is the anchor', () => {
    const late = call(
      '[0:10] A: The widget came back at 8.2.',
      '[0:20] A: Date of birth?',
      '[0:30] A: Your gizmo report.',
    );
    expect(statusIn(late)).toBe('missed');
    const inOrder = call('[0:10] A: Date of birth?', '[0:20] A: The widget came back at 8.2.');
    expect(statusIn(inOrder)).toBe('met');
  });
  it('an alternative is read with its own `with`', () => {
    const t = call('[0:10] A: We sell widgets.', '[0:20] A: Date of birth?', '[0:30] A: Your gizmo report.');
    expect(statusIn(t)).toBe('met');
  });
  it('is rejected on a criterion or trigger anchor, naming the field', () => {
    const p = orPb();
    p.criteria[0]!.rule!.require![0]!.before = { criterion: 'verify', or: [inOtherWords] };
    expect(() => compilePlaybook(p)).toThrow(/before\.or: needs/);
  });
});
