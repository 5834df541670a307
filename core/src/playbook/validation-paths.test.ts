// A playbook error must point at the field to edit, down to the key (README: "an error names the
// criterion and the field"), not stop at the expectation or condition that holds it.
import { compilePlaybook } from './compile';
import type { PlaybookInput } from './schema';

const base = { title: 'T', category: 'compliance', severity: 'high', weight: 1, tip: 'Do it.' } as const;
const rule = (r: unknown, id = 'teach-back') =>
  ({ ...base, id, rule: r }) as PlaybookInput['criteria'][number];
const playbook = (...criteria: PlaybookInput['criteria']): PlaybookInput => ({
  id: 'test',
  version: '1',
  title: 'Test',
  intents: { greeting: { phrases: ['thanks for calling riverbend'] } },
  criteria,
});
const ok = (id: string) => rule({ require: [{ intent: 'greeting' }] }, id);

function messageOf(input: PlaybookInput): string {
  try {
    compilePlaybook(input);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the playbook to be refused');
}

describe('playbook validation names the field', () => {
  it('names `.intent` for an unknown intent, as the README shows', () => {
    const msg = messageOf(playbook(ok('greeting'), ok('closing'), rule({ require: [{ intent: 'foo' }] })));
    expect(msg).toContain('criteria[2] (teach-back).rule.require[0].intent: unknown intent "foo"');
  });

  it('names the list position of an unknown intent in a list', () => {
    const msg = messageOf(playbook(rule({ require: [{ intent: ['greeting', 'foo'] }] })));
    expect(msg).toContain('criteria[0] (teach-back).rule.require[0].intent[1]: unknown intent "foo"');
  });

  it('names the unknown intent inside a condition', () => {
    const msg = messageOf(
      playbook(rule({ appliesWhen: { said: { intent: 'zzz' } }, require: [{ intent: 'greeting' }] })),
    );
    expect(msg).toContain('rule.appliesWhen.said.intent: unknown intent "zzz"');
  });

  it('names the phrase that is unusable', () => {
    const msg = messageOf(
      playbook(rule({ require: [{ phrases: ['thanks for calling riverbend', 'the and of'] }] })),
    );
    expect(msg).toContain('rule.require[0].phrases[1]: phrase "the and of" has only stop words');
  });

  it('says what a condition may be when none of its shapes fits, instead of blaming one of them', () => {
    const msg = messageOf(playbook(rule({ appliesWhen: { sad: {} }, require: [{ intent: 'greeting' }] })));
    expect(msg).toContain('rule.appliesWhen: ');
    expect(msg).not.toContain('appliesWhen.said');
    expect(msg).toMatch(/said.*raised.*any.*all.*not/);
  });

  it('says an intent is a name or a list of names when it is neither', () => {
    const msg = messageOf(playbook(rule({ require: [{ intent: 5 }] })));
    expect(msg).toContain('rule.require[0].intent: ');
    expect(msg).toMatch(/intent name or a list/);
  });

  it('keeps the deepest reason a union branch gives', () => {
    expect(messageOf(playbook(rule({ require: [{ act: 'Bad Act' }] })))).toContain(
      'rule.require[0].act: an act name is lower-case words joined by dashes',
    );
    expect(
      messageOf(
        playbook(rule({ appliesWhen: { said: { intnet: 'x' } }, require: [{ intent: 'greeting' }] })),
      ),
    ).toContain('rule.appliesWhen.said: Unrecognized key: "intnet"');
  });
});
