import type { ActName, Utterance } from '@teachback/core';
import { builtinActModel, readActCorpusRows } from './index';

/**
 * Paraphrases written for this test only (never in the corpus; asserted below), so they measure
 * whether the built-in act model generalises rather than remembers. Each case is a short call; the
 * last turn is the one under test, the turns before it are its context.
 */
type Turn = [speaker: 'agent' | 'customer', text: string];
interface Case {
  turns: Turn[];
  act: ActName;
  detail?: string;
}

const A = (text: string): Turn => ['agent', text];
const C = (text: string): Turn => ['customer', text];

const POSITIVES: Record<ActName, Case[]> = {
  'identifier-request': [
    {
      turns: [C('hi, calling about a bill'), A('happy to look into it, what birthday do we have for you?')],
      act: 'identifier-request',
      detail: 'dob',
    },
    {
      turns: [A('To pull up the chart I will need the patient first and last name please.')],
      act: 'identifier-request',
      detail: 'name',
    },
    {
      turns: [A('And can you read me the ID number printed on your insurance card?')],
      act: 'identifier-request',
      detail: 'member-id',
    },
  ],
  'identifier-provide': [
    {
      turns: [A('What is your date of birth?'), C('the seventeenth of january, 1948')],
      act: 'identifier-provide',
      detail: 'dob',
    },
    {
      turns: [A('Who am I speaking with today?'), C('This is Marguerite Okonkwo.')],
      act: 'identifier-provide',
      detail: 'name',
    },
    {
      turns: [A('What phone number should we have on file?'), C('it is 555 867 0192')],
      act: 'identifier-provide',
      detail: 'phone',
    },
  ],
  'identifier-confirm': [
    {
      turns: [A('I have your birthday as the 3rd of May 1966, is that right?'), C('Yep, that is correct.')],
      act: 'identifier-confirm',
    },
    {
      turns: [A('Can you confirm your date of birth for me is July 4, 1970?'), C("yes ma'am, that is me")],
      act: 'identifier-confirm',
    },
    {
      turns: [
        A('And your birth date?'),
        C('April 9, 1983.'),
        A('Okay, that lines up with what I have, thanks.'),
      ],
      act: 'identifier-confirm',
    },
  ],
  'phi-disclosure': [
    {
      turns: [A('Your cholesterol panel shows an LDL of 168, which is up from last spring.')],
      act: 'phi-disclosure',
      detail: 'results',
    },
    {
      turns: [A('The claim for your knee scope on the 12th was denied because we never got the referral.')],
      act: 'phi-disclosure',
      detail: 'claims-billing',
    },
    {
      turns: [A('I see the gabapentin 300 milligrams, three times daily, is due for a refill.')],
      act: 'phi-disclosure',
      detail: 'medication',
    },
  ],
  instruction: [
    { turns: [A('Stop eating at midnight and only sip water until the procedure.')], act: 'instruction' },
    { turns: [A('Bring your inhalers and your insurance card with you on Monday.')], act: 'instruction' },
    {
      turns: [A('Please swing by the lab before 10 and have them draw your blood fasting.')],
      act: 'instruction',
    },
  ],
  'teach-back-request': [
    {
      turns: [A('Humor me and tell me back what you will do with the new pills tonight.')],
      act: 'teach-back-request',
    },
    {
      turns: [A('So I know I explained it well, walk me through your plan for tomorrow morning.')],
      act: 'teach-back-request',
    },
    { turns: [A('In your own words, how are you going to use the inhaler?')], act: 'teach-back-request' },
  ],
  'comprehension-check': [
    {
      turns: [A('Keep the splint on at night for two weeks.'), A('Is all of that clear?')],
      act: 'comprehension-check',
    },
    {
      turns: [A('Your copay for that visit is $25.'), A('Anything else I can answer for you about that?')],
      act: 'comprehension-check',
    },
    {
      turns: [
        A('Take it after dinner, never on an empty stomach.'),
        A('Did that make sense the way I put it?'),
      ],
      act: 'comprehension-check',
    },
  ],
  distress: [
    { turns: [C('I am at the end of my rope with this insurance company.')], act: 'distress' },
    { turns: [C('Honestly I am scared to death about what the scan will show.')], act: 'distress' },
    { turns: [C('I am so worn out, I have not slept properly in days.')], act: 'distress' },
  ],
  empathy: [
    {
      turns: [
        C('my husband just passed and I am trying to sort out his bills'),
        A('I am so sorry for your loss, that is a lot to handle right now.'),
      ],
      act: 'empathy',
    },
    {
      turns: [
        C('I have been waiting three weeks for this refill'),
        A('Oh no, I can hear how frustrating that wait has been.'),
      ],
      act: 'empathy',
    },
    {
      turns: [
        C('I am really nervous about the surgery'),
        A('That makes complete sense, anyone would feel nervous.'),
      ],
      act: 'empathy',
    },
  ],
  'clinical-question': [
    {
      turns: [C('Is it safe for me to drink wine while I am on this antibiotic?')],
      act: 'clinical-question',
    },
    { turns: [C("Should I double up tomorrow if I forgot tonight's dose?")], act: 'clinical-question' },
    { turns: [C('Do you think this rash means I am allergic to it?')], act: 'clinical-question' },
  ],
  'clinical-advice': [
    {
      turns: [
        C('my knee is swollen'),
        A('You should take ibuprofen 400 milligrams three times a day with food and ice it.'),
      ],
      act: 'clinical-advice',
    },
    {
      turns: [
        C('the pills upset my stomach'),
        A('Just stop the metformin for a few days and see if your stomach settles.'),
      ],
      act: 'clinical-advice',
    },
    {
      turns: [A('It sounds like a viral infection, antibiotics will not help, so rest and fluids.')],
      act: 'clinical-advice',
    },
  ],
  'clinical-routing': [
    {
      turns: [
        C('can I take this with my heart pills?'),
        A('Let me get our pharmacist on the line, she can answer that.'),
      ],
      act: 'clinical-routing',
    },
    {
      turns: [
        C('is that normal?'),
        A('I will have the nurse give you a call back this afternoon about that.'),
      ],
      act: 'clinical-routing',
    },
    {
      turns: [
        C('I need to know if this is serious'),
        A('I am transferring you to our triage nurse right now.'),
      ],
      act: 'clinical-routing',
    },
  ],
  'recording-disclosure': [
    {
      turns: [A('Hi, this is Lupe at Mesa Clinic, just so you know this line is recorded.')],
      act: 'recording-disclosure',
    },
    {
      turns: [A('Thanks for calling, our conversation may be recorded for training.')],
      act: 'recording-disclosure',
    },
    {
      turns: [A('before we start i have to let you know im recording this call')],
      act: 'recording-disclosure',
    },
  ],
  'tpmo-disclaimer': [
    {
      turns: [A('I need to mention that we do not offer every plan available in your area.')],
      act: 'tpmo-disclaimer',
      detail: 'not-all-plans',
    },
    {
      turns: [A('We currently represent 6 organizations which offer 24 products in your area.')],
      act: 'tpmo-disclaimer',
      detail: 'plan-count',
    },
    {
      turns: [A('For information on all of your options, please contact Medicare.gov or 1-800-MEDICARE.')],
      act: 'tpmo-disclaimer',
      detail: 'medicare-alternatives',
    },
  ],
  'plan-benefits': [
    {
      turns: [A('This plan has a $0 monthly premium and a $3,900 out-of-pocket maximum.')],
      act: 'plan-benefits',
    },
    {
      turns: [A('Specialist visits are $30 and your hearing aids are covered up to $1,000 a year.')],
      act: 'plan-benefits',
    },
    {
      turns: [A('Your Jardiance would be a tier 3 drug with a $45 copay each month.')],
      act: 'plan-benefits',
    },
  ],
  'scope-of-appointment': [
    {
      turns: [A('Before we go on, you agreed to discuss Medicare Advantage and Part D today, correct?')],
      act: 'scope-of-appointment',
    },
    {
      turns: [A('On the scope form you signed you chose Medigap only, so that is all I will cover today.')],
      act: 'scope-of-appointment',
    },
    {
      turns: [A('Which kinds of plans did you want to go over, Advantage, drug plans, or supplements?')],
      act: 'scope-of-appointment',
    },
  ],
  'emergency-instruction': [
    {
      turns: [C('my dad cannot breathe and his lips are blue'), A('Hang up and call 911 right away.')],
      act: 'emergency-instruction',
    },
    {
      turns: [
        C('I have crushing pain in my chest'),
        A('Please dial 911 now, do not drive yourself to the hospital.'),
      ],
      act: 'emergency-instruction',
    },
    {
      turns: [
        C('she just fainted and is not waking up'),
        A('I am calling 911 for you and I will stay on the line.'),
      ],
      act: 'emergency-instruction',
    },
  ],
  'crisis-routing': [
    {
      turns: [
        C('I do not want to be alive anymore'),
        A('You can call or text 988 right now and talk to someone.'),
      ],
      act: 'crisis-routing',
    },
    {
      turns: [
        C('I think about ending it'),
        A('I am going to connect you to our crisis counselor right now, please stay with me.'),
      ],
      act: 'crisis-routing',
    },
    {
      turns: [C('i have pills saved up'), A('let me get a crisis clinician on this call with us right now')],
      act: 'crisis-routing',
    },
  ],
};

/** Hard negatives: an act that must NOT fire on the last turn. */
const NEGATIVES: { name: string; turns: Turn[]; act: ActName }[] = [
  {
    name: '"does that make sense?" is not a teach-back request',
    turns: [A('Take one tablet twice a day.'), A('Does that all make sense to you?')],
    act: 'teach-back-request',
  },
  {
    name: 'any questions is not a teach-back request',
    turns: [A('Any questions for me before we hang up?')],
    act: 'teach-back-request',
  },
  {
    name: 'the caller naming their own condition is not a PHI disclosure',
    turns: [C('I was just diagnosed with diabetes and need a new meter.')],
    act: 'phi-disclosure',
  },
  {
    name: 'the caller asking whether the call is recorded is not a recording disclosure',
    turns: [C('Wait, are you recording this?')],
    act: 'recording-disclosure',
  },
  {
    name: 'taking all pills as prescribed is not distress',
    turns: [C('I took all my pills this morning like I am supposed to.')],
    act: 'distress',
  },
  {
    name: 'a greeting is not empathy',
    turns: [A('Good morning, how can I help you today?')],
    act: 'empathy',
  },
  {
    name: 'branch hours are not plan benefits',
    turns: [A('We are open nine to five, Monday through Friday.')],
    act: 'plan-benefits',
  },
];

function utterances(turns: Turn[]): Utterance[] {
  return turns.map(([speaker, text]) => ({ speaker, text, startMs: null, endMs: null }));
}

function lastActs(turns: Turn[]): { act: string; detail?: string }[] {
  const tagged = builtinActModel().tagTranscript(utterances(turns));
  return tagged[tagged.length - 1]!.acts;
}

const normalise = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

describe('act model on paraphrases that are not in the corpus', () => {
  const corpus = new Set(readActCorpusRows().map((r) => normalise(r.text)));

  it('uses test-only strings (no turn under test is a corpus utterance)', () => {
    const all = [...Object.values(POSITIVES).flat(), ...NEGATIVES].map(
      (c) => c.turns[c.turns.length - 1]![1],
    );
    const leaked = all.filter((t) => corpus.has(normalise(t)));
    expect(leaked).toEqual([]);
  });

  // A learned model is judged by recall on unseen wording, not by a perfect score on a fixed list:
  // at least 2 of the 3 paraphrases of every act must be tagged (with the right detail if given).
  it.each(Object.entries(POSITIVES))('tags %s in at least 2 of 3 new paraphrases', (_act, cases) => {
    const missed = cases.filter((c) => {
      const acts = lastActs(c.turns);
      return !acts.some((a) => a.act === c.act && (c.detail === undefined || a.detail === c.detail));
    });
    expect(missed.map((c) => c.turns[c.turns.length - 1]![1]).length).toBeLessThanOrEqual(1);
  });

  it.each(NEGATIVES)('$name', ({ turns, act }) => {
    expect(lastActs(turns).map((a) => a.act)).not.toContain(act);
  });
});

describe('act model uses the previous turns', () => {
  it('"yes" after "can you confirm your date of birth" is an identifier confirmation or provision', () => {
    const acts = lastActs([A('Can you confirm your date of birth is the 2nd of March, 1971?'), C('Yes.')]);
    expect(acts.map((a) => a.act).some((a) => a === 'identifier-confirm' || a === 'identifier-provide')).toBe(
      true,
    );
  });

  it('the same "yes" after "any questions?" is not', () => {
    const acts = lastActs([A('Okay, any questions about the new medicine?'), C('Yes.')]);
    expect(acts.map((a) => a.act)).not.toContain('identifier-confirm');
    expect(acts.map((a) => a.act)).not.toContain('identifier-provide');
  });

  it('is deterministic: the same transcript gives the same tags', () => {
    const turns = [
      A('This call is recorded. Name and date of birth?'),
      C('Ray Alder, 2/2/1960'),
      A('Thanks, you are verified.'),
    ];
    expect(builtinActModel().tagTranscript(utterances(turns))).toEqual(
      builtinActModel().tagTranscript(utterances(turns)),
    );
  });
});
