import type { Transcript, Utterance } from '../model/transcript';
import { compilePlaybook, parsePlaybook } from './compile';
import { evaluatePlaybook, scorePlaybook } from './evaluate';
import { analyzeTranscript } from './match';
import type { PlaybookInput } from './schema';

/** "[mm:ss] A: text" lines → transcript; speaker A = agent, C = customer. */
function call(...lines: string[]): Transcript {
  const utterances: Utterance[] = lines.map((l) => {
    const m = /^\[(\d+):(\d\d)\] ([AC]): (.*)$/.exec(l)!;
    const start = (Number(m[1]) * 60 + Number(m[2])) * 1000;
    return { speaker: m[3] === 'A' ? 'agent' : 'customer', startMs: start, endMs: start + 3000, text: m[4]! };
  });
  return { utterances };
}

function playbook(
  criteria: PlaybookInput['criteria'],
  intents: PlaybookInput['intents'] = {},
): PlaybookInput {
  return { id: 'test', version: '1', title: 'Test', intents, criteria };
}

const base = { title: 'T', category: 'compliance', severity: 'high', weight: 1, tip: 'Do it.' } as const;

/** The first criterion's finding, with the explanation of its miss (if missed) as `failure`. */
function status(pb: PlaybookInput, t: Transcript, callDate?: string) {
  const cp = compilePlaybook(pb);
  const { scorecard, explanations } = evaluatePlaybook(
    analyzeTranscript(t),
    cp,
    { interactionId: 'x', callDate },
    t,
  );
  const f = scorecard.findings[0]!;
  return { ...f, failure: explanations[f.criterionId] };
}

describe('phrase matching', () => {
  const pb = playbook([
    {
      ...base,
      id: 'disc',
      rule: { require: [{ phrases: ['this call may be recorded for quality and training'] }] },
    },
  ]);

  it('matches the exact phrasing and paraphrases with other function words and word order', () => {
    expect(status(pb, call('[0:01] A: This call may be recorded for quality and training.')).status).toBe(
      'met',
    );
    expect(status(pb, call('[0:01] A: for quality and training purposes calls are recorded')).status).toBe(
      'met',
    );
    expect(
      status(pb, call('[0:01] A: just so you know we record calls for training and quality')).status,
    ).toBe('met');
  });
  it('tolerates ASR noise: fillers, lower case, a misrecognized word', () => {
    expect(status(pb, call('[0:01] A: um this call uh may be recordid for quality and trainin')).status).toBe(
      'met',
    );
  });
  it('does not match when most content words are absent', () => {
    expect(status(pb, call('[0:01] A: thanks for calling how can i help you today')).status).toBe('missed');
  });
  it('does not match words scattered across a long utterance', () => {
    const t = call(
      '[0:01] A: the call center is busy today and we have many people waiting and the weather is bad and i have been in training for a long time and the quality of the sound was recorded',
    );
    expect(status(pb, t).status).toBe('missed');
  });
  it('treats number words and digits alike', () => {
    const nums = playbook([
      { ...base, id: 'n', rule: { require: [{ phrases: ['we represent 5 organizations'] }] } },
    ]);
    expect(status(nums, call('[0:01] A: we represent five organizations')).status).toBe('met');
  });
});

describe('negation awareness', () => {
  const pb = playbook([
    { ...base, id: 'adv', rule: { forbid: [{ phrases: ['you should stop taking your medication'] }] } },
  ]);
  it('a negated mention does not count', () => {
    expect(
      status(pb, call("[0:05] A: I can't tell you that you should stop taking your medication")).status,
    ).toBe('met');
    expect(status(pb, call('[0:05] A: you should stop taking your medication')).status).toBe('missed');
  });
  it('a scope break ends the negation', () => {
    expect(
      status(pb, call("[0:05] A: I'm not a doctor, but you should stop taking your medication")).status,
    ).toBe('missed');
  });
  it('negation: include counts negated mentions', () => {
    const inc = playbook([
      {
        ...base,
        id: 'adv',
        rule: { forbid: [{ phrases: ['stop taking your medication'], negation: 'include' }] },
      },
    ]);
    expect(status(inc, call("[0:05] A: don't stop taking your medication")).status).toBe('missed');
  });
});

describe('speaker constraint', () => {
  const pb = playbook([
    { ...base, id: 's', rule: { require: [{ speaker: 'agent', phrases: ['this call is recorded'] }] } },
  ]);
  it('only the named speaker counts', () => {
    expect(status(pb, call('[0:05] C: is this call recorded')).status).toBe('missed');
    expect(status(pb, call('[0:05] A: yes this call is recorded')).status).toBe('met');
  });
});

describe('time window', () => {
  const pb = playbook([
    {
      ...base,
      id: 'w',
      rule: { require: [{ phrases: ['this call is recorded'], within: { toMs: 30000 } }] },
    },
  ]);
  it('met inside the window, missed after it, with the late evidence named', () => {
    expect(status(pb, call('[0:29] A: this call is recorded')).status).toBe('met');
    const late = status(pb, call('[0:02] A: hello', '[0:45] A: this call is recorded'));
    expect(late.status).toBe('missed');
    expect(late.explanation).toContain('0:45');
    expect(late.failure?.atMs).toBe(30000);
  });
  it('estimates times from word counts when the transcript has none', () => {
    const words = Array.from({ length: 120 }, () => 'word').join(' ');
    const t: Transcript = {
      utterances: [
        { speaker: 'agent', startMs: null, endMs: null, text: words },
        { speaker: 'agent', startMs: null, endMs: null, text: 'this call is recorded' },
      ],
    };
    expect(status(pb, t).status).toBe('missed'); // 120 words ≈ 48 s
  });
});

describe('order constraints', () => {
  const intents = { phi: { description: 'test results', phrases: ['your test results came back'] } };
  const pb = playbook(
    [
      {
        ...base,
        id: 'verify',
        rule: {
          require: [
            { speaker: 'any', phrases: ['date of birth'], before: { speaker: 'agent', intent: 'phi' } },
          ],
        },
      },
      {
        ...base,
        id: 'after',
        rule: { require: [{ phrases: ['anything else i can help with'], after: { criterion: 'verify' } }] },
      },
    ],
    intents,
  );
  it('before: met when it comes first, missed when the topic comes first', () => {
    const ok = call(
      '[0:05] A: what is your date of birth',
      '[0:09] C: may 2 1970',
      '[0:15] A: your test results came back fine',
    );
    expect(status(pb, ok).status).toBe('met');
    const bad = status(
      pb,
      call('[0:05] A: your test results came back fine', '[0:10] A: what is your date of birth'),
    );
    expect(bad.status).toBe('missed');
    expect(bad.failure?.what).toContain('test results');
    expect(bad.failure?.atMs).toBe(5000);
  });
  it('before: satisfied when the topic never comes up', () => {
    expect(status(pb, call('[0:05] A: what is your date of birth')).status).toBe('met');
  });
  it('after another criterion', () => {
    const card = scorePlaybook(
      call('[0:01] A: anything else i can help with', '[0:05] A: your date of birth please'),
      compilePlaybook(pb),
      { interactionId: 'x' },
    );
    expect(card.findings[1]!.status).toBe('missed');
    const card2 = scorePlaybook(
      call('[0:05] A: your date of birth please', '[0:09] A: anything else i can help with'),
      compilePlaybook(pb),
      {
        interactionId: 'x',
      },
    );
    expect(card2.findings[1]!.status).toBe('met');
  });
  it('rejects circular order constraints', () => {
    const cyc = playbook([
      { ...base, id: 'a', rule: { require: [{ phrases: ['x y'], after: { criterion: 'b' } }] } },
      { ...base, id: 'b', rule: { require: [{ phrases: ['x y'], after: { criterion: 'a' } }] } },
    ]);
    expect(() => compilePlaybook(cyc)).toThrow(/circular/);
  });
});

describe('counting', () => {
  const pb = playbook([
    {
      ...base,
      id: 'ids',
      rule: {
        require: [
          {
            speaker: 'any',
            count: {
              atLeast: 2,
              of: [
                { label: 'name', phrases: ['your full name'], speaker: 'agent' },
                { label: 'name', phrases: ['my name is'], speaker: 'customer' },
                { label: 'dob', phrases: ['date of birth'] },
                { label: 'member id', phrases: ['member id'] },
              ],
            },
          },
        ],
      },
    },
  ]);
  it('needs N distinct items; alternatives of one item count once', () => {
    expect(status(pb, call('[0:01] A: your full name please', '[0:04] C: my name is pat')).status).toBe(
      'missed',
    );
    expect(status(pb, call('[0:01] A: your full name please', '[0:04] A: and your member id')).status).toBe(
      'met',
    );
    expect(status(pb, call('[0:01] C: my name is pat and my date of birth is may 1')).status).toBe('met');
  });
});

describe('applicability and triggers', () => {
  const pb = playbook([
    {
      ...base,
      id: 'emp',
      rule: {
        appliesWhen: { said: { speaker: 'customer', phrases: ["i'm so worried"] } },
        require: [
          {
            phrases: ["i'm sorry to hear that"],
            when: { said: { speaker: 'customer', phrases: ["i'm so worried"] } },
            after: { trigger: true },
          },
        ],
      },
    },
  ]);
  it('not_applicable when the condition never happens', () => {
    expect(status(pb, call('[0:01] C: hi i need a refill')).status).toBe('not_applicable');
  });
  it('must come after the trigger', () => {
    expect(status(pb, call('[0:01] C: i am so worried', '[0:04] A: i am sorry to hear that')).status).toBe(
      'met',
    );
    expect(status(pb, call('[0:01] A: sorry to hear that', '[0:04] C: i am so worried')).status).toBe(
      'missed',
    );
  });
  it('a negated trigger does not apply', () => {
    expect(status(pb, call("[0:01] C: i'm not worried at all")).status).toBe('not_applicable');
  });
  it('any / all / not combinators', () => {
    const combo = playbook([
      {
        ...base,
        id: 'c',
        rule: {
          appliesWhen: {
            all: [
              {
                any: [{ said: { phrases: ['refill request'] } }, { said: { phrases: ['new prescription'] } }],
              },
              { not: { said: { phrases: ['cancel it'] } } },
            ],
          },
          require: [{ phrases: ['pharmacy on file'] }],
        },
      },
    ]);
    expect(
      status(combo, call('[0:01] C: new prescription please', '[0:03] A: which pharmacy on file')).status,
    ).toBe('met');
    expect(
      status(combo, call('[0:01] C: new prescription please', '[0:02] C: actually cancel it')).status,
    ).toBe('not_applicable');
  });
});

describe('effective-dated versions', () => {
  const pb = playbook([
    {
      ...base,
      id: 'v',
      versions: [
        { label: 'old', effectiveTo: '2026-10-01', rule: { require: [{ phrases: ['old wording here'] }] } },
        { label: 'new', effectiveFrom: '2026-10-01', rule: { require: [{ phrases: ['new wording here'] }] } },
      ],
    },
  ]);
  const t = call('[0:01] A: old wording here');
  it('the call date selects the version', () => {
    expect(status(pb, t, '2026-09-30')).toMatchObject({ status: 'met', ruleVersion: 'old' });
    expect(status(pb, t, '2026-10-01')).toMatchObject({ status: 'missed', ruleVersion: 'new' });
  });
  it('rejects overlapping versions', () => {
    const bad = playbook([
      {
        ...base,
        id: 'v',
        versions: [
          { effectiveTo: '2026-10-02', rule: { require: [{ phrases: ['a b'] }] } },
          { effectiveFrom: '2026-10-01', rule: { require: [{ phrases: ['a b'] }] } },
        ],
      },
    ]);
    expect(() => compilePlaybook(bad)).toThrow(/overlaps/);
  });
});

describe('low-confidence gating', () => {
  const pb = playbook([
    {
      ...base,
      id: 'w',
      rule: { require: [{ phrases: ['this call is recorded'], within: { toMs: 30000 } }] },
    },
  ]);
  it('never fails a criterion only on a low-confidence stretch', () => {
    const t = call('[0:02] A: this cull is wrecked hid');
    t.utterances[0]!.confidence = 0.3;
    const card = scorePlaybook(t, compilePlaybook(pb), { interactionId: 'x' });
    expect(card.findings[0]).toMatchObject({ status: 'not_applicable', lowConfidence: true });
    expect(card.needsReview).toBe(true);
    expect(card.compliant).toBe(true);
  });
});

describe('playbook validation', () => {
  it('names the criterion and field', () => {
    expect(() =>
      parsePlaybook(
        playbook([{ ...base, id: 'bad', weight: -1, rule: { require: [{ phrases: ['a b'] }] } }]),
      ),
    ).toThrow(/criteria\[0\] \(bad\)\.weight/);
    expect(() =>
      compilePlaybook(playbook([{ ...base, id: 'x', rule: { require: [{ intent: 'nope' }] } }])),
    ).toThrow(/unknown intent "nope"/);
    expect(() =>
      compilePlaybook(playbook([{ ...base, id: 'x', rule: { require: [{ phrases: ['the and of'] }] } }])),
    ).toThrow(/only stop words/);
    expect(() =>
      compilePlaybook(
        playbook([{ ...base, id: 'x', rule: { require: [{ phrases: ['can you tell me'] }] } }]),
      ),
    ).toThrow(/only very common words/);
  });
  it('scores: weighted share of applicable criteria; compliant iff no compliance criterion missed', () => {
    const pb = playbook([
      { ...base, id: 'a', weight: 3, rule: { require: [{ phrases: ['alpha bravo'] }] } },
      {
        ...base,
        id: 'b',
        weight: 1,
        category: 'soft-skill',
        rule: { require: [{ phrases: ['charlie delta'] }] },
      },
    ]);
    const card = scorePlaybook(call('[0:01] A: alpha bravo'), compilePlaybook(pb), { interactionId: 'x' });
    expect(card.score).toBe(75);
    expect(card.compliant).toBe(true);
  });
});
