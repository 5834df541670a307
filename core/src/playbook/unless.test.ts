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

/** "Two identifiers before the chart is discussed"; the request turn may name the chart as its purpose. */
function pb(
  withUnless: boolean,
  unless: object = { phrases: ['can i get your name', 'your birth date'] },
): PlaybookInput {
  const chart = {
    speaker: 'agent' as const,
    phrases: ['your chart'],
    ...(withUnless ? { unless } : {}),
  };
  return {
    id: 'test',
    version: '1',
    title: 'Test',
    intents: {},
    criteria: [
      {
        ...base,
        id: 'ids',
        rule: {
          appliesWhen: { said: chart },
          require: [
            {
              label: 'identifiers',
              count: {
                atLeast: 2,
                of: [
                  { label: 'name', phrases: ['my name is'], speaker: 'customer' },
                  { label: 'birth date', phrases: ['born on'], speaker: 'customer' },
                ],
              },
              before: chart,
            },
          ],
        },
      },
    ],
  };
}

function statusOf(p: PlaybookInput, t: Transcript): string {
  const cp = compilePlaybook(p);
  return evaluatePlaybook(analyzeTranscript(t), cp, { interactionId: 'x' }, t).scorecard.findings[0]!.status;
}

describe('`unless` on a topic and anchor', () => {
  const request = '[0:05] A: Can I get your name and birth date so I can open your chart?';
  const answer = '[0:09] C: My name is Rolo Fakename and I was born on May 2 1980.';
  const disclosure = '[0:15] A: Okay, your chart shows the knee brace was shipped.';

  it('without it, the request naming the chart is the anchor and nothing can come before it', () => {
    expect(statusOf(pb(false), call(request, answer, disclosure))).toBe('missed');
  });
  it('with it, the request is not the anchor: the later disclosure is', () => {
    expect(statusOf(pb(true), call(request, answer, disclosure))).toBe('met');
  });
  it('a disclosure said before the request in the same turn still anchors', () => {
    const t = call(
      '[0:05] A: Your chart shows the knee brace shipped. Can I get your name and birth date?',
      answer,
    );
    expect(statusOf(pb(true), t)).toBe('missed');
  });
  it('a request with no disclosure anywhere leaves the criterion not applicable', () => {
    expect(statusOf(pb(true), call(request, answer))).toBe('not_applicable');
  });
  it('is rejected on a criterion anchor, naming the field', () => {
    const p = pb(true);
    const rule = p.criteria[0]!.rule!;
    rule.require![0]!.before = { criterion: 'ids', unless: { phrases: ['x y'] } };
    expect(() => compilePlaybook(p)).toThrow(/before(\.unless)?: .*(exactly one|needs)/);
  });
});

describe('`unless` with `with`: the words rule out only beside what `with` names', () => {
  // A look-up named before the request ("to open your chart, ...") is the request's purpose; a
  // look-up alone is not, and must not hide the read-out after it.
  const lookUp = pb(true, {
    phrases: ['can i get your name', 'to open'],
    with: [{ phrases: ['can i get your name'] }],
  });
  const answer = '[0:09] C: My name is Rolo Fakename and I was born on May 2 1980.';
  it('in a turn that asks for identifiers, the look-up is not the anchor', () => {
    const t = call(
      '[0:05] A: To open your chart, can I get your name and birth date?',
      answer,
      '[0:15] A: Your chart shows the brace shipped.',
    );
    expect(statusOf(lookUp, t)).toBe('met');
  });
  it('a purpose clause of the request’s sentence is its purpose, whatever its verb or side', () => {
    const purpose = pb(true, {
      phrases: ['can i get your name'],
      with: [{ phrases: ['can i get your name'] }],
    });
    for (const ask of [
      'To check something in your chart, can I get your name and birth date?',
      'Can I get your name and birth date, so that I can check your chart?',
    ]) {
      const t = call(`[0:05] A: ${ask}`, answer, '[0:15] A: Your chart shows the brace shipped.');
      expect([ask, statusOf(purpose, t)]).toEqual([ask, 'met']);
    }
  });
  it('a clause that is no purpose, or a purpose in another sentence, still anchors', () => {
    const purpose = pb(true, {
      phrases: ['can i get your name'],
      with: [{ phrases: ['can i get your name'] }],
    });
    for (const ask of [
      'Your chart shows the brace shipped, can I get your name and birth date?',
      'To be quick, your chart shows the brace shipped. Can I get your name and birth date?',
    ]) {
      expect([ask, statusOf(purpose, call(`[0:05] A: ${ask}`, answer))]).toEqual([ask, 'missed']);
    }
  });
  it('in a turn that asks for nothing, the look-up does not rule the topic out', () => {
    const t = call('[0:05] A: Okay, to open your chart and see the brace order.', answer);
    expect(statusOf(lookUp, t)).toBe('missed');
  });
  it('a `with` entry that is unknown is rejected, naming the field', () => {
    const p = pb(true, { phrases: ['to open'], with: [{ intent: 'nope' }] });
    expect(() => compilePlaybook(p)).toThrow(/unless\.with\[0\]\.intent: unknown intent "nope"/);
  });
});

describe('a phrase that says a negation', () => {
  // "i wouldn't worry about it": only where a negation cue governs one of its words, in one clause.
  const p: PlaybookInput = {
    id: 'neg',
    version: '1',
    title: 'Neg',
    intents: {},
    criteria: [
      {
        ...base,
        id: 'reassure',
        rule: {
          forbid: [{ label: 'reassurance', speaker: 'agent', phrases: ["i wouldn't worry about it"] }],
        },
      },
    ],
  };
  const statusOfLine = (line: string): string => statusOf(p, call(`[0:05] A: ${line}`));
  it('matches where the negation bears on the word', () => {
    expect(statusOfLine('Honestly I would not worry about it.')).toBe('missed');
    expect(statusOfLine("Don't worry, it's fine.")).toBe('missed');
  });
  it('does not match a negation in another clause or an "oh no"', () => {
    expect(statusOfLine("I can tell you're worried, and he won't eat, that's hard.")).toBe('met');
    expect(statusOfLine('Oh no, that sounds so worrying for you.')).toBe('met');
    expect(statusOfLine("I'm sorry you're worried. I can't advise on that, the nurse will call.")).toBe(
      'met',
    );
  });
});
