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
function pb(withUnless: boolean): PlaybookInput {
  const chart = {
    speaker: 'agent' as const,
    phrases: ['your chart'],
    ...(withUnless ? { unless: { phrases: ['can i get your name', 'your birth date'] } } : {}),
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
