import type { Transcript } from '../model/transcript';
import { compilePlaybook } from '../playbook/compile';
import { scorePlaybook } from '../playbook/evaluate';
import type { PlaybookInput } from '../playbook/schema';
import { createLiveSession } from './session';
import type { GuidanceEvent, LiveUtterance } from './types';

/**
 * Live prompts read each rule part as the post-call scorer reads it (`readRules` in
 * core/src/playbook/evaluate.ts), on the utterances seen so far. Each case is a small call where
 * the engine used to read a part its own way (no `unless`; no `negated` or other parts of an
 * expectation, no `within` window; no clause breaks for `unless`) and so prompted, cleared or
 * scored otherwise than the scorer concludes. Phrase-only playbook (core loads no act model);
 * synthetic people.
 */

const base = { category: 'compliance', severity: 'high', weight: 1, tip: 'Do it.' } as const;

/** The agent names the results; a turn asking for the birth date "to pull up" them is the check itself. */
const results = {
  speaker: 'agent' as const,
  intent: 'phi',
  unless: { phrases: ['confirm your date of birth'] },
};

const pb: PlaybookInput = {
  id: 'reading',
  version: '1',
  title: 'Rule reading',
  intents: {
    phi: { phrases: ['your test results came back', 'your lab results'] },
    'phi-request': { phrases: ['calling about my test results'] },
    worried: { phrases: ["i'm so worried"] },
    'nurse-offer': { phrases: ['connect you with a nurse'] },
  },
  criteria: [
    {
      ...base,
      id: 'identity-verification',
      title: 'Identity verified before results',
      rule: {
        appliesWhen: { said: results },
        require: [
          {
            speaker: 'any',
            count: {
              atLeast: 2,
              of: [
                { label: 'date of birth', phrases: ['born on'], speaker: 'customer' },
                { label: 'full name', phrases: ['my name is'], speaker: 'customer' },
              ],
            },
            before: results,
          },
        ],
      },
    },
    {
      ...base,
      id: 'emergency-response',
      title: 'Emergency response',
      severity: 'critical',
      rule: {
        appliesWhen: { raised: { type: 'medical_emergency' } },
        require: [
          {
            label: 'emergency response',
            count: {
              atLeast: 1,
              of: [
                { label: '911', phrases: ['call 911'], with: [{ phrases: ['ambulance'] }] },
                // A denial: "I will not hang up" is staying on the line (only its negated mentions count).
                { label: 'stays on the line', phrases: ['i will hang up'], negated: true },
              ],
            },
            when: { raised: { type: 'medical_emergency' } },
            after: { trigger: true },
            withinTurnsOfTrigger: 4,
          },
        ],
      },
    },
  ],
  live: [
    {
      id: 'verify-before-results',
      kind: 'order_guard',
      criterion: 'identity-verification',
      when: { said: results },
      title: 'Verify identity first',
      text: 'Verify two identifiers before the results.',
    },
    {
      id: 'worried-about-results',
      kind: 'moment_prompt',
      // After results were discussed (as the scorer reads it), a worried caller is offered a nurse.
      when: { all: [{ said: results }, { said: { speaker: 'customer', intent: 'worried' } }] },
      followedWhen: { said: { speaker: 'agent', intent: 'nurse-offer' } },
      title: 'Worried about results',
      text: 'Offer to connect the caller with a nurse.',
    },
    {
      id: 'emergency-protocol',
      kind: 'protocol_card',
      criterion: 'emergency-response',
      when: { raised: { type: 'medical_emergency' } },
      title: 'Medical emergency',
      text: 'Tell the caller to call 911, or stay on the line.',
    },
  ],
};

const cp = compilePlaybook(pb);

type Line = [speaker: 'agent' | 'customer', sec: number, text: string];

function run(lines: Line[]) {
  const s = createLiveSession({ callId: 'c', playbook: cp, callDate: '2026-11-02' });
  const perLine: string[][] = lines.map(([speaker, sec, text], i) => {
    const lu: LiveUtterance = { id: `u${i}`, speaker, text, offsetMs: sec * 1000 };
    return s.push(lu).map(label);
  });
  return { s, perLine, all: perLine.flat() };
}

const label = (e: GuidanceEvent) => `${e.kind}:${e.ruleId}${e.reason ? `:${e.reason}` : ''}`;

function postCall(lines: Line[]): Record<string, string> {
  const t: Transcript = {
    utterances: lines.map(([speaker, sec, text]) => ({ speaker, startMs: sec * 1000, endMs: null, text })),
  };
  const card = scorePlaybook(t, cp, { interactionId: 'c', callDate: '2026-11-02' });
  return Object.fromEntries(card.findings.map((f) => [f.criterionId, f.status]));
}

describe('`unless` on a prompt trigger', () => {
  it('an agent asking for identifiers "to pull up" the results is not discussing them: no order guard', () => {
    const { all } = run([
      ['customer', 2, "Hi, I'm calling about my test results."],
      ['agent', 6, 'Sure, can I confirm your date of birth so I can open your lab results?'],
    ]);
    // Before: the engine ignored `unless` and warned the agent for doing the verification.
    expect(all).toEqual([]);
  });

  it('results named before the request, or in another sentence, are discussed: the guard fires', () => {
    expect(run([['agent', 4, 'Your test results came back, can I confirm your date of birth?']]).all).toEqual(
      ['order_guard:verify-before-results'],
    );
    expect(
      run([['agent', 4, 'Can I confirm your date of birth? Okay. Your test results came back normal.']]).all,
    ).toEqual(['order_guard:verify-before-results']);
  });
});

describe('`unless` inside `all` (the condition holds on the call so far)', () => {
  it('a ruled-out mention earlier in the call does not make the condition hold', () => {
    const lines: Line[] = [
      ['agent', 2, 'Can I confirm your date of birth so I can open your lab results?'],
      ['customer', 6, "I'm so worried, honestly."],
    ];
    // Before: `all` asked whether results were said "so far" ignoring `unless`, and fired.
    expect(run(lines).all).toEqual([]);
    const after = run([
      ...lines,
      ['customer', 9, 'I was born on May first, nineteen seventy. My name is Casey Testwell.'],
      ['agent', 14, 'Thanks Casey. Your test results came back and the doctor wants to talk them over.'],
    ]);
    // Results discussed for real: the caller's worry said earlier now counts with them.
    expect(after.perLine[3]).toEqual(['moment_prompt:worried-about-results']);
  });
});

describe('clause breaks for `unless` (findings and prompts alike)', () => {
  it('results said in the sentence after an identifier request count, as post-call', () => {
    const lines: Line[] = [
      ['agent', 3, 'Can I confirm your date of birth? Your test results came back normal.'],
      ['customer', 8, 'Great, thanks.'],
    ];
    const { s } = run(lines);
    const live = Object.fromEntries(s.findings().map((f) => [f.criterionId, f.status]));
    // Before: the live analysis kept no clause breaks, so the whole utterance was ruled out and
    // identity verification came out not_applicable live, missed post-call.
    expect(postCall(lines)['identity-verification']).toBe('missed');
    expect(live).toEqual(postCall(lines));
  });
});

describe('a second emergency: the card clears on what the criterion requires, read part by part', () => {
  const first: Line[] = [
    ['customer', 5, "I'm having crushing chest pain right now."],
    ['agent', 8, 'Please call 911 for an ambulance.'],
    ['customer', 200, "It's back, crushing chest pain right now and I can't breathe."],
  ];

  it('a `negated: true` part counts only when denied: "I will not hang up" answers the card', () => {
    const { perLine, s } = run([...first, ['agent', 203, 'I will not hang up, I am right here with you.']]);
    expect(perLine[2]).toContain('protocol_card:emergency-protocol');
    // Before: only the expectation's own words were read, never its parts: the card stayed open.
    expect(perLine[3]).toEqual(['clear:emergency-protocol:done']);
    expect(s.state().open).toEqual([]);
  });

  it('the same words not denied, or a part without its `with`, do not answer it', () => {
    const hangUp = run([...first, ['agent', 203, 'Okay, I will hang up and you call them.']]);
    expect(hangUp.perLine[3]).toEqual([]);
    const noWith = run([...first, ['agent', 203, 'You could call 911 if it gets worse.']]);
    expect(noWith.perLine[3]).toEqual([]);
    const withWith = run([...first, ['agent', 203, 'Call 911 for an ambulance, please.']]);
    expect(withWith.perLine[3]).toEqual(['clear:emergency-protocol:done']);
  });
});

describe('a window on what the criterion requires', () => {
  // The emergency response counts only in the first four minutes (a made-up policy window).
  const timed: PlaybookInput = {
    ...pb,
    id: 'reading-window',
    criteria: pb.criteria.map((c) =>
      c.id !== 'emergency-response'
        ? c
        : {
            ...c,
            rule: {
              appliesWhen: { raised: { type: 'medical_emergency' } },
              require: [
                {
                  label: 'emergency response',
                  phrases: ['hang up and call 911'],
                  within: { toMs: 240000 },
                  when: { raised: { type: 'medical_emergency' } },
                  after: { trigger: true },
                },
              ],
            },
          },
    ),
  };
  const cpw = compilePlaybook(timed);
  const lines: Line[] = [
    ['customer', 5, "I'm having crushing chest pain right now."],
    ['agent', 8, 'Please hang up and call 911.'],
    ['customer', 200, "It's back, crushing chest pain right now and I can't breathe."],
  ];
  const feed = (extra: Line) => {
    const s = createLiveSession({ callId: 'w', playbook: cpw, callDate: '2026-11-02' });
    return [...lines, extra].map(([speaker, sec, text], i) =>
      s.push({ id: `u${i}`, speaker, text, offsetMs: sec * 1000 }).map(label),
    );
  };

  it('the words inside the window answer the second card; the same words after it do not', () => {
    expect(feed(['agent', 210, 'Hang up and call 911 now, please.'])[3]).toEqual([
      'clear:emergency-protocol:done',
    ]);
    // Before: the window was not read, and a response scoring would not count cleared the card.
    expect(feed(['agent', 250, 'Hang up and call 911 now, please.'])[3]).toEqual([]);
  });
});
