import { scoreTranscript, type Transcript, type Utterance } from '@teachback/core';
import { builtinActModel, readActCorpusRows } from './index';
import { loadCompiledPlaybook } from './playbooks';

/**
 * This round's generalisation mechanisms on wording written for this test only (asserted below
 * not to be in the corpus): word clusters, identifiers carried from a request to its answer,
 * teach-back vs comprehension check, and empathy owed after a raised emergency. Synthetic people.
 */
type Turn = ['agent' | 'customer', string];
const A = (text: string): Turn => ['agent', text];
const C = (text: string): Turn => ['customer', text];

function tag(turns: Turn[]) {
  const utterances: Utterance[] = turns.map(([speaker, text]) => ({
    speaker,
    text,
    startMs: null,
    endMs: null,
  }));
  return builtinActModel().tagTranscript(utterances);
}
const last = (turns: Turn[]) => {
  const t = tag(turns);
  return t[t.length - 1]!.acts;
};
const has = (acts: { act: string; detail?: string }[], act: string, detail?: string): boolean =>
  acts.some((a) => a.act === act && (detail === undefined || a.detail === detail));

const normalise = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const UNDER_TEST: string[] = [];
function t(turns: Turn[]): Turn[] {
  UNDER_TEST.push(turns[turns.length - 1]![1]);
  return turns;
}

const medicareAnswer = t([
  A('Before we look at plans, could you read me your birth date and your Medicare number?'),
  C('april the twentieth fifty three, and it is 6QJ2-WV7-RC45'),
]);
const memberAnswer = t([
  A('Can I have the member ID off your card and the zip code where you live?'),
  C('KLP 308 5521, zip 60614'),
]);
const nameOnly = t([A('Name and date of birth for the account?'), C('Wendell Farago.')]);
const teachBacks = [
  t([
    A('Starting tonight, one capsule with supper, and stop the old one once this bottle is empty.'),
    A('Say that plan back to me in your words so I know it came across right.'),
  ]),
  t([
    A('Your scan is at the east entrance, come twenty minutes early and skip breakfast.'),
    A('Give me the rundown: what happens on the morning of the scan?'),
  ]),
  t([
    A('Change the bandage every evening and keep it dry in the shower.'),
    A("How will you handle the bandage tonight? I'd like to hear it from your side."),
  ]),
];
const comprehensionChecks = [
  t([A('Use the drops twice a day for a week.'), A('Make sense so far?')]),
  t([A('Bring your insurance card on Friday.'), A('Everything clear on your end?')]),
  t([A('The refill will be ready after three.'), A('Does that work for you, any questions?')]),
];
const distress = [
  t([A('How can I help?'), C("this insurance mess is eating me up, i haven't slept right in a week")]),
  t([
    A('What can I do for you?'),
    C("I'm completely fried, I've been on the phone with you people all morning"),
  ]),
  t([A('How are you doing today?'), C('My shoulder is throbbing like mad and the pills do nothing.')]),
];

describe('act model: this round on unseen wording', () => {
  it('uses test-only strings (no turn under test is a corpus utterance)', () => {
    const corpus = new Set(readActCorpusRows().map((r) => normalise(r.text)));
    expect(UNDER_TEST.filter((s) => corpus.has(normalise(s)))).toEqual([]);
  });

  it('an answer to "birth date and Medicare number?" gives both identifiers, the code included', () => {
    const acts = last(medicareAnswer);
    expect(has(acts, 'identifier-provide', 'dob')).toBe(true);
    expect(has(acts, 'identifier-provide', 'member-id')).toBe(true);
  });

  it('an answer to "member ID and zip?" gives both', () => {
    const acts = last(memberAnswer);
    expect(has(acts, 'identifier-provide', 'member-id')).toBe(true);
    expect(has(acts, 'identifier-provide', 'address')).toBe(true);
  });

  it('a name alone answers only the name, not the date of birth also asked for', () => {
    const acts = last(nameOnly);
    expect(has(acts, 'identifier-provide', 'name')).toBe(true);
    expect(has(acts, 'identifier-provide', 'dob')).toBe(false);
  });

  it('tags teach-back requests in new words, and never as a comprehension check too', () => {
    const found = teachBacks.filter((c) => has(last(c), 'teach-back-request'));
    expect(found.length).toBeGreaterThanOrEqual(2);
    for (const c of teachBacks) {
      const acts = last(c);
      expect(has(acts, 'teach-back-request') && has(acts, 'comprehension-check')).toBe(false);
    }
  });

  it('a comprehension check is never a teach-back request', () => {
    for (const c of comprehensionChecks) expect(has(last(c), 'teach-back-request')).toBe(false);
    expect(
      comprehensionChecks.filter((c) => has(last(c), 'comprehension-check')).length,
    ).toBeGreaterThanOrEqual(2);
  });

  // Measured when written: 1 of 3 ("eating me up" is caught; "completely fried" and "throbbing
  // like mad" are missed, see the model card's known limits). The bar stays at what was measured
  // so a regression fails; raise it when the model catches more.
  it('tags distress said figuratively or as exhaustion in new words (known limit: 1 of 3)', () => {
    expect(distress.filter((c) => has(last(c), 'distress')).length).toBeGreaterThanOrEqual(1);
  });
});

function call(...lines: string[]): Transcript {
  return {
    utterances: lines.map((l, i) => {
      const m = /^([AC]): (.*)$/.exec(l);
      if (!m) throw new Error(`bad test line ${i}`);
      return {
        speaker: m[1] === 'A' ? 'agent' : 'customer',
        startMs: i * 5000,
        endMs: i * 5000 + 4000,
        text: m[2]!,
      };
    }),
  };
}
function status(playbook: string, criterion: string, t: Transcript): string {
  const r = scoreTranscript(t, loadCompiledPlaybook(playbook), {
    interactionId: 't',
    callDate: '2026-12-01',
  });
  return r.scorecard.findings.find((f) => f.criterionId === criterion)!.status;
}

describe('built-in criteria: this round', () => {
  it('empathy is owed when the caller raises an emergency in plain words, and met when the agent acknowledges it', () => {
    const acknowledged = call(
      'A: Westfield Clinic, this call is recorded.',
      "C: I can't get my breath and my lips have gone blue.",
      "A: That sounds terrifying, and I'm staying with you. Hang up and call 911 now, or I'll conference them in.",
    );
    expect(status('healthcare-inbound', 'empathy', acknowledged)).toBe('met');
  });

  it('empathy is missed when the agent goes on with routine business after an emergency', () => {
    const ignored = call(
      'A: Westfield Clinic, this call is recorded.',
      "C: I need to move my visit, and I'm having crushing chest pain right now.",
      'A: What day works better?',
      'C: Friday.',
      'A: Friday at two it is.',
    );
    expect(status('healthcare-inbound', 'empathy', ignored)).toBe('missed');
  });

  it('empathy stays not applicable on a calm routine call', () => {
    const calm = call(
      'A: Westfield Clinic, this call is recorded.',
      'C: Just calling to see what time the lab opens tomorrow.',
      'A: Seven thirty.',
    );
    expect(status('healthcare-inbound', 'empathy', calm)).toBe('not_applicable');
  });

  it('identity verification is met in a Medicare call when the answer gives the birth date and a Medicare number code', () => {
    const t = call(
      'A: Harborline Medicare Advisors, this call is recorded.',
      'A: Before we look at plans, could you read me your birth date and your Medicare number?',
      'C: april the twentieth fifty three, and it is 6QJ2-WV7-RC45',
      'A: Thanks. I see you take Farxiga and atorvastatin, so I will check both on each formulary.',
    );
    expect(status('medicare-sales', 'identity-verification', t)).toBe('met');
  });

  it('teach-back is missed when instructions end with a comprehension check only', () => {
    const t = call(
      'A: Westfield Clinic, this call is recorded.',
      'C: Hi, I need the instructions for my knee injection.',
      'A: Sure, name and birth date?',
      'C: Tobiah Quarles, 3/9/1961.',
      'A: Thanks. Your injection is Monday at 9. No ibuprofen for three days before, and wear shorts.',
      'A: Make sense so far?',
      'C: Yep.',
    );
    expect(status('healthcare-inbound', 'teach-back', t)).toBe('missed');
  });

  it('teach-back is met when the agent asks for the plan back in new words', () => {
    const t = call(
      'A: Westfield Clinic, this call is recorded.',
      'C: Hi, I need the instructions for my knee injection.',
      'A: Sure, name and birth date?',
      'C: Tobiah Quarles, 3/9/1961.',
      'A: Thanks. Your injection is Monday at 9. No ibuprofen for three days before, and wear shorts.',
      'A: Say that plan back to me in your words so I know it came across right.',
      'C: No ibuprofen from Friday, shorts, Monday at nine.',
    );
    expect(status('healthcare-inbound', 'teach-back', t)).toBe('met');
  });
});
