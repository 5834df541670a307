import { ACT_NAMES } from '../acts/names';
import { TeachbackError } from '../errors';
import type { Escalation } from '../model/escalation';
import type { Transcript, Utterance } from '../model/transcript';
import { ACT_LABELS, type ActTagger, type ActTagLike } from './acts-port';
import { compilePlaybook } from './compile';
import { evaluatePlaybook, scorePlaybook, type EvaluateOptions } from './evaluate';
import { analyzeTranscript } from './match';
import type { PlaybookInput } from './schema';

/**
 * The rule engine over learned acts. A small fake act model stands in for the learned one: it tags
 * an utterance when a pattern matches, so each test controls exactly which acts exist and the
 * engine's logic (order, counting, windows, applicability, versions) is what is tested.
 */
const PATTERNS: Array<[RegExp, ActTagLike]> = [
  [/\bA1C\b|\bresults?\b/i, { act: 'phi-disclosure', score: 0.9, detail: 'results' }],
  [/\brefill\b/i, { act: 'phi-disclosure', score: 0.8, detail: 'medication' }],
  [/\bdenied\b/i, { act: 'phi-disclosure', score: 0.55, detail: 'claims-billing' }],
  [/\bbirthday\b|\bborn\b/i, { act: 'identifier-confirm', score: 0.9, detail: 'dob' }],
  [/\bgo by\b|\bname\b/i, { act: 'identifier-confirm', score: 0.9, detail: 'name' }],
  [/\bzip\b/i, { act: 'identifier-confirm', score: 0.9, detail: 'address' }],
  [/\bhumor me\b|\btell me back\b/i, { act: 'teach-back-request', score: 0.9 }],
  [/\bmake sense\b/i, { act: 'comprehension-check', score: 0.9 }],
  [/\btwice a day\b|\bbefore bed\b/i, { act: 'instruction', score: 0.85 }],
  [/\bwit's end\b|\bkilling me\b/i, { act: 'distress', score: 0.8, detail: 'figurative' }],
  [/\bworried\b/i, { act: 'distress', score: 0.9, detail: 'worry' }],
  [/\bthat's a lot\b|\bsorry\b/i, { act: 'empathy', score: 0.8 }],
  [/\b911\b/i, { act: 'emergency-instruction', score: 0.95 }],
  [/\b988\b/i, { act: 'crisis-routing', score: 0.95 }],
];

function fakeModel(): ActTagger & { calls: number } {
  return {
    version: 'fake-1',
    calls: 0,
    tagTranscript(utterances: readonly Utterance[]) {
      this.calls++;
      return utterances.map((u, index) => ({
        index,
        acts: PATTERNS.filter(([re]) => re.test(u.text)).map(([, tag]) => tag),
      }));
    },
  };
}

/** "[mm:ss] A: text" lines → transcript; speaker A = agent, C = customer. */
function call(...lines: string[]): Transcript {
  const utterances: Utterance[] = lines.map((l) => {
    const m = /^\[(\d+):(\d\d)\] ([AC]): (.*)$/.exec(l)!;
    const start = (Number(m[1]) * 60 + Number(m[2])) * 1000;
    return { speaker: m[3] === 'A' ? 'agent' : 'customer', startMs: start, endMs: start + 3000, text: m[4]! };
  });
  return { utterances };
}

const base = { title: 'T', category: 'compliance', severity: 'high', weight: 1, tip: 'Do it.' } as const;

function playbook(
  criteria: PlaybookInput['criteria'],
  intents: PlaybookInput['intents'] = {},
): PlaybookInput {
  return { id: 'test', version: '1', title: 'Test', intents, criteria };
}

/** The first criterion's finding, with the explanation of its miss (if missed) as `failure`. */
function finding(pb: PlaybookInput, t: Transcript, opts: Partial<EvaluateOptions> = {}) {
  const cp = compilePlaybook(pb);
  const { scorecard, explanations } = evaluatePlaybook(
    analyzeTranscript(t),
    cp,
    { interactionId: 'x', actModel: fakeModel(), ...opts },
    t,
  );
  const f = scorecard.findings[0]!;
  return { ...f, failure: explanations[f.criterionId] };
}

const identity = playbook([
  {
    ...base,
    id: 'identity',
    rule: {
      appliesWhen: { said: { speaker: 'agent', act: 'phi-disclosure' } },
      require: [
        {
          label: 'identity verification',
          speaker: 'any',
          count: {
            atLeast: 2,
            of: [
              { label: 'date of birth', act: 'identifier-confirm', detail: ['dob'] },
              { label: 'full name', act: 'identifier-confirm', detail: ['name'] },
              { label: 'address', act: 'identifier-confirm', detail: ['address'] },
            ],
          },
          before: { speaker: 'agent', act: 'phi-disclosure' },
        },
      ],
    },
  },
]);

describe('rules over learned acts', () => {
  it('applies when the act happens in words no phrase lists, and is met when two identifiers come first', () => {
    const f = finding(
      identity,
      call(
        '[0:01] A: Could I get the name you go by and the zip on file?',
        '[0:05] C: Dana Sample, zip 12345.',
        '[0:09] A: And your birthday?',
        '[0:12] C: Third of March.',
        '[0:15] A: Thanks. Your A1C came back at 6.1.',
      ),
    );
    expect(f.status).toBe('met');
    // Explanations still quote the evidence utterances.
    expect(f.evidence.map((e) => e.quote)).toContain('Could I get the name you go by and the zip on file?');
    expect(f.explanation).toMatch(/identity verification: .*full name/i);
  });

  it('is missed when the PHI act comes before the second identifier, naming what was discussed', () => {
    const f = finding(
      identity,
      call(
        '[0:01] A: What name do you go by?',
        '[0:05] C: Dana Sample.',
        '[0:09] A: Okay Dana, your refill of lisinopril shipped Monday.',
        '[0:15] A: And your birthday?',
      ),
    );
    expect(f.status).toBe('missed');
    expect(f.explanation).toMatch(/before you discussed the caller's medications/);
    expect(f.evidence.some((e) => e.quote.includes('refill of lisinopril'))).toBe(true);
  });

  it('is not applicable when no PHI act is tagged', () => {
    const f = finding(identity, call('[0:01] A: We open at nine on Saturdays.'));
    expect(f.status).toBe('not_applicable');
    expect(f.explanation).toMatch(/the agent did not mention the caller's health information/);
  });

  it('filters by detail and minScore', () => {
    const onlyResults = playbook([
      {
        ...base,
        id: 'r',
        rule: { require: [{ speaker: 'agent', act: 'phi-disclosure', detail: ['results'] }] },
      },
    ]);
    expect(finding(onlyResults, call('[0:01] A: Your refill shipped.')).status).toBe('missed');
    expect(finding(onlyResults, call('[0:01] A: Your results are in.')).status).toBe('met');
    const confident = playbook([
      { ...base, id: 'c', rule: { require: [{ speaker: 'agent', act: 'phi-disclosure', minScore: 0.6 }] } },
    ]);
    expect(finding(confident, call('[0:01] A: The claim was denied.')).status).toBe('missed');
    expect(finding(confident, call('[0:01] A: Your refill shipped.')).status).toBe('met');
  });

  it('respects the speaker of an act', () => {
    const pb = playbook([
      { ...base, id: 's', rule: { require: [{ speaker: 'agent', act: 'phi-disclosure' }] } },
    ]);
    expect(finding(pb, call('[0:01] C: I want my results.')).status).toBe('missed');
  });

  it('teach-back: a comprehension check is not teach-back; an act in the instruction turn counts', () => {
    const pb = playbook([
      {
        ...base,
        id: 'tb',
        rule: {
          appliesWhen: { said: { speaker: 'agent', act: 'instruction' } },
          require: [
            {
              speaker: 'agent',
              act: 'teach-back-request',
              when: { said: { speaker: 'agent', act: 'instruction' } },
              after: { trigger: true },
            },
          ],
        },
      },
    ]);
    expect(finding(pb, call('[0:01] A: Use it twice a day.', '[0:05] A: Does that make sense?')).status).toBe(
      'missed',
    );
    expect(
      finding(pb, call('[0:01] A: Use it twice a day. Humor me and tell me back what you will do.')).status,
    ).toBe('met');
    expect(finding(pb, call('[0:01] A: Humor me.', '[0:05] A: Use it twice a day.')).status).toBe('missed');
  });

  it('combines an organisation script phrase with an act: either counts', () => {
    const pb = playbook(
      [{ ...base, id: 'emp', rule: { require: [{ speaker: 'agent', intent: 'our-line', act: 'empathy' }] } }],
      { 'our-line': { phrases: ['we are in this together at Acme Health'] } },
    );
    expect(finding(pb, call('[0:01] A: We are in this together at Acme Health.')).status).toBe('met');
    expect(finding(pb, call("[0:01] A: Oh, that's a lot to carry.")).status).toBe('met');
    expect(finding(pb, call('[0:01] A: Next question.')).status).toBe('missed');
  });

  it('a negated phrase of the same block marks a denial the act does not override', () => {
    const pb = playbook(
      [
        {
          ...base,
          id: 'd',
          rule: {
            appliesWhen: { said: { speaker: 'customer', intent: 'worry', act: 'distress' } },
            require: [{ speaker: 'agent', act: 'empathy' }],
          },
        },
      ],
      { worry: { phrases: ["I'm really worried about it"] } },
    );
    expect(finding(pb, call("[0:01] C: I'm not worried about it, just want my records.")).status).toBe(
      'not_applicable',
    );
    expect(finding(pb, call("[0:01] C: I'm worried about it, honestly.")).status).toBe('missed');
  });

  it('picks the rule version by call date, each version over acts', () => {
    const pb = playbook([
      {
        ...base,
        id: 'v',
        versions: [
          { effectiveTo: '2026-10-01', rule: { require: [{ speaker: 'agent', act: 'empathy' }] } },
          {
            effectiveFrom: '2026-10-01',
            rule: { require: [{ speaker: 'agent', act: 'teach-back-request' }] },
          },
        ],
      },
    ]);
    const t = call('[0:01] A: So sorry about that.');
    expect(finding(pb, t, { callDate: '2026-09-30' }).status).toBe('met');
    expect(finding(pb, t, { callDate: '2026-10-01' }).status).toBe('missed');
  });

  it('a `not` condition over an act', () => {
    const pb = playbook([
      {
        ...base,
        id: 'n',
        rule: {
          appliesWhen: { not: { said: { speaker: 'customer', act: 'distress' } } },
          require: [{ speaker: 'agent', phrases: ['anything else today'] }],
        },
      },
    ]);
    expect(finding(pb, call("[0:01] C: I'm at my wit's end."), {}).status).toBe('not_applicable');
    expect(finding(pb, call('[0:01] C: Hello.', '[0:03] A: Anything else today?')).status).toBe('met');
  });

  it('tags a call once when it is scored against two playbooks from one analysis', () => {
    const model = fakeModel();
    const t = call('[0:01] A: Your results are in.');
    const a = compilePlaybook(identity);
    const analyzed = analyzeTranscript(t);
    const first = evaluatePlaybook(analyzed, a, { interactionId: 'x', actModel: model });
    const second = evaluatePlaybook(analyzed, a, { interactionId: 'x', actModel: model });
    expect(model.calls).toBe(1);
    expect(second.scorecard.findings[0]!.status).toBe(first.scorecard.findings[0]!.status);
  });
});

describe('emergency response (raised escalations)', () => {
  const pb = playbook([
    {
      ...base,
      id: 'emergency-response',
      severity: 'critical',
      rule: {
        appliesWhen: { raised: { type: ['medical_emergency', 'mental_health_crisis'] } },
        require: [
          {
            label: 'emergency response per protocol',
            speaker: 'agent',
            act: ['emergency-instruction', 'crisis-routing'],
            when: { raised: { type: ['medical_emergency', 'mental_health_crisis'] } },
            after: { trigger: true },
            withinTurnsOfTrigger: 3,
          },
        ],
      },
    },
  ]);
  const esc = (utterance: number): Escalation => ({
    type: 'medical_emergency',
    severity: 'critical',
    utterance,
    startMs: 0,
    quote: '',
    actions: [],
  });

  it('is met when the agent sends the caller to 911 within a few turns', () => {
    const t = call('[0:01] C: Crushing pain in my chest.', '[0:04] A: Hang up and call 911 now.');
    const f = finding(pb, t, { escalations: [esc(0)] });
    expect(f.status).toBe('met');
    expect(f.evidence[0]!.quote).toBe('Hang up and call 911 now.');
  });

  it('is missed when the agent carries on with routine business', () => {
    const t = call(
      '[0:01] C: Crushing pain in my chest.',
      '[0:04] A: Okay. Your results are in.',
      '[0:08] C: Okay.',
      '[0:10] A: Anything else?',
      '[0:12] C: No.',
      '[0:14] A: Oh, and if it gets worse call 911.',
    );
    const f = finding(pb, t, { escalations: [esc(0)] });
    expect(f.status).toBe('missed');
    expect(f.failure?.what).toMatch(/the caller raised a medical emergency/);
    expect(f.explanation).toMatch(/it came only at 0:14/);
  });

  it('is not applicable when nothing was raised', () => {
    const f = finding(pb, call('[0:01] C: Hi.', '[0:02] A: Hello.'), { escalations: [] });
    expect(f.status).toBe('not_applicable');
    expect(f.explanation).toBe('Not applicable: no medical emergency or mental-health crisis was raised.');
  });

  it('ignores escalations of other types', () => {
    const abusive: Escalation = { ...esc(0), type: 'abusive_caller' };
    expect(finding(pb, call('[0:01] C: You idiot.'), { escalations: [abusive] }).status).toBe(
      'not_applicable',
    );
  });
});

describe('validation of act rules names the field', () => {
  const compileError = (criteria: PlaybookInput['criteria']): string => {
    try {
      compilePlaybook(playbook(criteria));
    } catch (e) {
      expect(e).toBeInstanceOf(TeachbackError);
      return (e as Error).message;
    }
    throw new Error('expected an error');
  };

  it('an unknown act', () => {
    expect(compileError([{ ...base, id: 'a', rule: { require: [{ act: 'phi-disclose' }] } }])).toMatch(
      /criteria\[0\] \(a\)\.rule\.require\[0\]\.act: unknown act "phi-disclose"/,
    );
  });
  it('detail without act', () => {
    expect(
      compileError([
        { ...base, id: 'a', rule: { require: [{ phrases: ['hello there friend'], detail: ['dob'] }] } },
      ]),
    ).toMatch(/rule\.require\[0\]\.detail: needs `act`/);
  });
  it('minScore out of range', () => {
    expect(
      compileError([{ ...base, id: 'a', rule: { require: [{ act: 'empathy', minScore: 2 }] } }]),
    ).toMatch(/criteria\[0\] \(a\)\.rule\.require\[0\]\.minScore: must be between 0 and 1/);
  });
  it('an unknown escalation type inside a condition names the inner field', () => {
    expect(
      compileError([
        {
          ...base,
          id: 'a',
          rule: { appliesWhen: { raised: { type: 'heart_attack' as never } }, require: [{ act: 'empathy' }] },
        },
      ]),
    ).toMatch(/criteria\[0\] \(a\)\.rule\.appliesWhen\.raised\.type: Invalid option/);
  });
  it('withinTurnsOfTrigger without when', () => {
    expect(
      compileError([{ ...base, id: 'a', rule: { require: [{ act: 'empathy', withinTurnsOfTrigger: 2 }] } }]),
    ).toMatch(/require\[0\]\.withinTurnsOfTrigger: needs a `when` condition/);
  });
  it('an act playbook scored without a model', () => {
    const cp = compilePlaybook(identity);
    expect(() => scorePlaybook(call('[0:01] A: Hi.'), cp, { interactionId: 'x' })).toThrow(
      /uses? learned acts .*actModel/,
    );
  });
});

describe('act labels', () => {
  it('every act of the act layer has an explanation label', () => {
    expect(ACT_NAMES.filter((a) => !(a in ACT_LABELS))).toEqual([]);
  });
});
