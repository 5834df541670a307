import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writtenCall as call } from '../testing/escalation-calls';
import { loadEscalationModel, type EscalationModel } from './classifier';
import { createEscalationMonitor, detectEscalations } from './index';
import { plateauMiddle, trainEscalationWeights, type TrainingExample } from './train';

/**
 * The learned condition + acuity classifier with the committed weights. Every phrasing here was
 * written for this file after training and is in none of its training sources (the tuning part of
 * the real consultations, cases.ts, config/scripts/escalation-training.json) nor in the held-out
 * calls of config/fixtures/escalation-heldout.
 */
const model: EscalationModel = loadEscalationModel(
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'config', 'models', 'escalation.json'), 'utf8')),
);

function raised(...turns: string[]): string[] {
  return detectEscalations(call(...turns), { model }).map((e) => `${e.type}:${e.severity}`);
}

/**
 * [label, turns, what must be raised: `type:severity` entries (a `|` lists accepted grades), or []
 * for nothing]. Acuity (current vs past vs family vs negated vs answer-to-question vs
 * hypothetical), the categories of issue 14 and the severity grades.
 */
const PARAPHRASES: readonly [string, string[], string[]][] = [
  [
    'current',
    [
      'Agent: Thanks for holding.',
      'my chest has been aching badly for the past fifteen minutes and my left arm is heavy',
    ],
    ['medical_emergency:high|critical'],
  ],
  [
    'current, third party',
    ['Agent: Nurse line.', "my brother just dropped to the floor and he isn't breathing"],
    ['medical_emergency:critical'],
  ],
  [
    'current, yes to a question about now',
    ['Agent: Are you having trouble breathing at this moment?', 'yes, a lot'],
    ['medical_emergency:high|critical'],
  ],
  [
    'past',
    ['Agent: Any recent issues?', 'I had a bad chest pain episode two winters ago, they found nothing'],
    [],
  ],
  ['family', ['Agent: Family history?', 'my aunt died of a stroke and my mom has had a heart attack'], []],
  ['negated', ['Agent: How are you feeling?', "I'm fine, no chest pain and I'm breathing normally"], []],
  [
    'answer to a question',
    ['Agent: Any bleeding or trouble breathing since the surgery?', 'no, neither'],
    [],
  ],
  [
    'hypothetical',
    ['Agent: Any questions?', 'if my lips ever swell up after the shot, do I call you or 911?'],
    [],
  ],
  [
    'passive ideation',
    ['Agent: How have you been?', "lately I keep thinking I'd be better off not waking up tomorrow"],
    ['mental_health_crisis:high|critical'],
  ],
  [
    'intent with means',
    [
      'Agent: Are you safe?',
      "I've got a bottle of my mom's sleeping pills hidden and I plan to take them all tonight",
    ],
    ['mental_health_crisis:critical'],
  ],
  [
    'heavy bleeding',
    ['Agent: What is happening?', 'the cut on my wrist is pumping blood and I have soaked two dish towels'],
    ['medical_emergency:high|critical'],
  ],
  [
    'insult aimed at the agent',
    ['Agent: I cannot see that claim.', 'are you completely stupid or just pretending'],
    ['abusive_caller:moderate'],
  ],
  [
    'frustration at the situation',
    ['Agent: The system is slow today.', 'this stupid website never works, anyway thanks for trying'],
    [],
  ],
  [
    '"I took all my pills" is adherence',
    ['Agent: Did you finish the prednisone?', 'yes, I took all my pills, the pack is empty'],
    [],
  ],
  [
    'itching is not self-harm',
    [
      'Agent: Is the rash any better?',
      'no, I keep scratching my arms until they nearly bleed, it itches so much',
    ],
    [],
  ],
  [
    'not breathing is critical',
    ['Agent: Go ahead.', "my grandmother is not breathing and she's turning blue"],
    ['medical_emergency:critical'],
  ],
  [
    'a single insult is moderate',
    ['Agent: One moment.', 'you are a useless moron'],
    ['abusive_caller:moderate'],
  ],
  [
    'a threat is critical',
    ['Agent: One moment.', "I'm going to hunt you down and hurt you"],
    ['abusive_caller:critical'],
  ],
];

function right(turns: string[], expected: string[]): boolean {
  const got = raised(...turns);
  if (expected.length === 0) return got.length === 0;
  return expected.every((want) => {
    const [type, grades] = want.split(':') as [string, string];
    return got.some((g) => grades.split('|').some((grade) => g === `${type}:${grade}`));
  });
}

describe('learned acuity, categories and severity on paraphrases outside the training data', () => {
  // Generalisation is measured, not assumed: the floor is what the committed model reaches (16
  // of 18 when this was written; it misses the yes-to-a-now-question and the "better off not
  // waking up" cases). A retrained model that gets fewer right fails here.
  it('gets at least 16 of the 18 right', () => {
    const wrong = PARAPHRASES.filter(([, turns, expected]) => !right(turns, expected)).map(
      ([label]) => label,
    );
    expect({ right: PARAPHRASES.length - wrong.length, wrong }).toEqual({
      right: expect.any(Number) as number,
      wrong: expect.any(Array) as string[],
    });
    expect(PARAPHRASES.length - wrong.length).toBeGreaterThanOrEqual(16);
  });

  it.each(
    PARAPHRASES.filter(([, , expected]) => expected.length === 0).map(
      ([label, turns]) => [label, turns] as const,
    ),
  )('raises no false alarm: %s', (_label, turns) => {
    expect(raised(...turns)).toEqual([]);
  });
});

describe('live monitor with the model', () => {
  it('gives the same escalations turn by turn as over the finished call', () => {
    const turns = call(
      'Agent: How can I help?',
      'my husband is slumped over and not answering me',
      'Agent: Is he breathing?',
      'barely',
    );
    const live = createEscalationMonitor({ model });
    const pushed = turns.flatMap((u) => live.push(u));
    expect(pushed).toEqual(detectEscalations(turns, { model }));
    expect(pushed.length).toBeGreaterThan(0);
  });
});

describe('training', () => {
  const examples: TrainingExample[] = [];
  for (let i = 0; i < 40; i++) {
    const positive = i % 2 === 0;
    examples.push({
      source: `t${i}`,
      type: 'medical_emergency',
      features: Int32Array.from(positive ? [1, 2, 10 + (i % 5)] : [1, 3, 20 + (i % 5)]),
      positive,
      ...(positive ? { severity: 'critical' as const } : {}),
    });
  }

  it('gives the same weights for the same seed, and learns the separating feature', () => {
    const a = trainEscalationWeights(examples);
    const b = trainEscalationWeights(examples);
    expect(a).toEqual(b);
    const m = loadEscalationModel(a);
    expect(m.decide(Int32Array.from([1, 2]), 'medical_emergency', true).probability).toBeGreaterThan(0.5);
    expect(m.decide(Int32Array.from([1, 3]), 'medical_emergency', true).probability).toBeLessThan(0.5);
    expect(m.severity(Int32Array.from([1, 2]))).toBe('critical');
  });

  it('rejects weights that do not fit the format, naming the field', () => {
    const good = trainEscalationWeights(examples);
    const bad = {
      ...good,
      thresholds: { ...good.thresholds, recallOnly: { ...good.thresholds.recallOnly, abusive_caller: 2 } },
    };
    expect(() => loadEscalationModel(bad)).toThrow(/thresholds\.recallOnly\.abusive_caller/);
  });
});

/**
 * Issue 14, second round: acuity cases in words that are in none of the training sources
 * (real tuning part, cases.ts, escalation-training.json, held-out set 1) nor in held-out set 2.
 * Written after the final model was trained; the floor below is what that model reaches.
 */
const ROUND2: readonly [string, string[], string[]][] = [
  [
    'injury now: limb at a wrong angle after a fall',
    [
      'Agent: Member line, how can I help?',
      'I went over on the ice and my ankle is facing backwards, I cannot put any weight on it',
    ],
    ['medical_emergency:high|critical'],
  ],
  [
    'injury past: healed fracture',
    [
      'Agent: Why the orthopedic referral?',
      'I broke my wrist falling off a ladder in 2021, it healed fine, this is just a check',
    ],
    [],
  ],
  [
    'intentional ingestion raises both types',
    [
      'Agent: Are you still there?',
      'i took forty of my gabapentin on purpose because i want this to be over',
    ],
    ['medical_emergency:high|critical', 'mental_health_crisis:high|critical'],
  ],
  [
    'accidental ingestion stays medical only',
    [
      'Agent: Pharmacy, go ahead.',
      'My husband took his water pill three times today by mistake and now he is very weak and woozy',
    ],
    ['medical_emergency:moderate|high|critical'],
  ],
  [
    'passive wish in new words',
    [
      'Agent: How has the week been?',
      'Honestly I keep wishing I could just fall asleep and never have to face another day',
    ],
    ['mental_health_crisis:high|critical'],
  ],
  [
    'family history of a crisis',
    ['Agent: Any family history we should know about?', 'My cousin took her own life when we were teenagers'],
    [],
  ],
  [
    'negated list across a crisis word',
    [
      'Agent: Let me ask the safety questions.',
      'No plans to hurt myself, no wish to die, nothing like that, I am just worn out',
    ],
    [],
  ],
  [
    'denial in answer to a question about now',
    ['Agent: Is the bleeding still going right now?', 'nope stopped hours ago'],
    [],
  ],
  [
    'hypothetical',
    [
      'Agent: Anything else about the new blood thinner?',
      'If I ever cut myself shaving and it keeps bleeding, when do I go in?',
    ],
    [],
  ],
  [
    'idiom about a bill',
    [
      'Agent: The balance is three hundred dollars.',
      'Three hundred? That statement nearly gave me a heart attack.',
    ],
    [],
  ],
  ['adherence', ['Agent: Did you finish the prednisone taper?', 'Every last tablet, right on schedule.'], []],
  [
    'insult aimed at the agent',
    ['Agent: I need to put you on a brief hold.', 'Of course you do, you spineless useless clown.'],
    ['abusive_caller:moderate|high'],
  ],
];

describe('issue 14 round 2: acuity on paraphrases outside every training source and held-out set', () => {
  // Measured, not assumed: the committed model gets 8 of 12. It misses the ankle "facing
  // backwards" (no injury candidate scored high enough), the medical half of "took forty of my
  // gabapentin on purpose" (crisis raised, overdose not), the accidental water-pill triple dose,
  // and "spineless useless clown". All seven negatives stay quiet. A retrain that gets fewer right
  // fails here.
  it('gets at least 8 of the 12 right', () => {
    const wrong = ROUND2.filter(([, turns, expected]) => !right(turns, expected)).map(([label]) => label);
    expect(ROUND2.length - wrong.length).toBeGreaterThanOrEqual(8);
  });

  it.each(
    ROUND2.filter(([, , expected]) => expected.length === 0).map(([label, turns]) => [label, turns] as const),
  )('raises nothing: %s', (_label, turns) => {
    expect(raised(...turns)).toEqual([]);
  });

  it('raises the crisis on a stated wish never to face another day', () => {
    expect(
      raised(
        'Agent: How has the week been?',
        'Honestly I keep wishing I could just fall asleep and never have to face another day',
      ),
    ).toEqual(['mental_health_crisis:high']);
  });
});

/**
 * Issue 14 round 6 (frames, quiet views, operating points per bucket): written for this file after
 * the round-6 training, in none of the training sources nor any held-out set. The structure each
 * case leans on is named in its label (frames.ts).
 */
const ROUND6: readonly [string, string[], string[]][] = [
  [
    'you-insult: a new insult aimed at the agent',
    [
      "Agent: I'm afraid the refund takes ten days.",
      'Ten days? You are a spectacularly useless little bureaucrat, do you know that?',
    ],
    ['abusive_caller:moderate|high'],
  ],
  [
    'threat: a consequence for "you" without a violent verb',
    [
      "Agent: I can't override the denial.",
      "Fine. I know what car you drive. You'll be sorry you said that.",
    ],
    ['abusive_caller:critical'],
  ],
  [
    'wish-not-exist: praying not to be here',
    [
      'Agent: How are you sleeping?',
      "Some nights I pray I just won't be here in the morning, that it'll all be over.",
    ],
    ['mental_health_crisis:high|critical'],
  ],
  [
    'burden',
    [
      'Agent: How have things been at home?',
      "My family would honestly be better off without me, I'm just dragging everyone down.",
    ],
    ['mental_health_crisis:high|critical'],
  ],
  [
    'means with a plan and a time',
    [
      'Agent: Prescription line.',
      "I have the rope in the garage already, I'm going to use it tonight after everyone's asleep.",
    ],
    ['mental_health_crisis:critical'],
  ],
  [
    'meant ingestion: both types',
    [
      'Agent: After-hours nurse.',
      'I swallowed most of a bottle of my ibuprofen on purpose a little while ago, I wanted to be done.',
    ],
    ['medical_emergency:high|critical', 'mental_health_crisis:high|critical'],
  ],
  [
    'wish-not-exist, non-native phrasing',
    ['Agent: How can I help?', 'I am very tired of life. I want to not wake up, finish everything.'],
    ['mental_health_crisis:high|critical'],
  ],
  [
    'insult aimed at a third party',
    [
      'Agent: Member services.',
      'The pharmacist downstairs is a total moron, he gave me the wrong box. Can you send a new order?',
    ],
    [],
  ],
  [
    'insult aimed at a thing',
    ['Agent: Tech support.', 'this stupid app is useless, it logs me out every two minutes'],
    [],
  ],
  [
    'a wish about a symptom',
    ['Agent: Dermatology.', "I just want this rash to end, it's driving me up the wall."],
    [],
  ],
  [
    'means without a plan: adherence',
    [
      'Agent: Any changes to your medicines?',
      'No, same pills, I keep them in the organizer and take them every night.',
    ],
    [],
  ],
  [
    'first person future and "you" without a threat',
    [
      'Agent: Thanks for your patience.',
      "No problem, I'll find you on the portal and send the forms tonight.",
    ],
    [],
  ],
  [
    'past ideation, resolved',
    [
      'Agent: Any history we should know about?',
      "When I was nineteen I wanted to die for a while, but that was a long time ago and I'm doing well now.",
    ],
    [],
  ],
  [
    "a third party's past overdose",
    [
      'Agent: Enrollment.',
      "My brother overdosed years back, he's been clean a long time, I want to add him to my plan.",
    ],
    [],
  ],
];

describe('issue 14 round 6: frames on paraphrases outside every training source and held-out set', () => {
  // Measured, not assumed: the round-6 model gets 12 of 14; it misses "you are a spectacularly
  // useless little bureaucrat" (p below the frame operating point) and "some nights I pray I just
  // won't be here in the morning". The round-4 model (and code) got 9: it also missed the threat
  // without a violent verb, both halves-but-one of the meant ibuprofen overdose (crisis) and the
  // non-native "I want to not wake up". All seven negatives stay quiet with both.
  it('gets at least 12 of the 14 right', () => {
    const wrong = ROUND6.filter(([, turns, expected]) => !right(turns, expected)).map(([label]) => label);
    expect(ROUND6.length - wrong.length).toBeGreaterThanOrEqual(12);
  });

  it.each(
    ROUND6.filter(([, , expected]) => expected.length === 0).map(([label, turns]) => [label, turns] as const),
  )('raises nothing: %s', (_label, turns) => {
    expect(raised(...turns)).toEqual([]);
  });

  it.each([
    ['threat: a consequence for "you" without a violent verb', 'abusive_caller'],
    ['meant ingestion: both types', 'mental_health_crisis'],
    ['wish-not-exist, non-native phrasing', 'mental_health_crisis'],
  ])('raises what round 4 missed: %s', (label, type) => {
    const [, turns] = ROUND6.find(([l]) => l === label)!;
    expect(raised(...turns).some((g) => g.startsWith(`${type}:`))).toBe(true);
  });
});

/**
 * Round 7 (issue 14): paraphrases written after the round-7 training, in none of the training
 * sources or held-out sets: strict frames (an insult predicated of "you", a threat with a menace,
 * a wish not to exist said of oneself, means with a specific plan), red-flag pairs, and the hard
 * negatives each of them must leave alone.
 */
const ROUND7: readonly [string, string[], string[]][] = [
  [
    'insult predicated of "you" with an adverb and a superlative',
    [
      "Agent: The form hasn't reached us yet.",
      'You are truly the dimmest halfwit they could have put on this line.',
    ],
    ['abusive_caller:moderate|high'],
  ],
  [
    'threat: knowing where the agent parks, with a menace',
    [
      "Agent: I can't waive the late fee.",
      "I know where you park. I'll be waiting by that lot when your shift ends.",
    ],
    ['abusive_caller:critical'],
  ],
  [
    'passive ideation as a prayer, elderly',
    ['Agent: How have you been sleeping?', 'Most nights I pray God takes me before the morning comes.'],
    ['mental_health_crisis:high'],
  ],
  [
    'intent with means and a decision',
    [
      'Agent: Member services, how can I help?',
      "I've got the rope out in the garage and I've decided it's going to be tomorrow.",
    ],
    ['mental_health_crisis:critical'],
  ],
  [
    'red flag: a blow to the head with vomiting and confusion, third party',
    [
      'Agent: Clinic scheduling.',
      'My dad banged his head on the curb, now he keeps throwing up and he seems confused.',
    ],
    ['medical_emergency:high|critical'],
  ],
  [
    'passive ideation is graded high without means or plan',
    ['Agent: Anything else on your mind?', 'Honestly I wish I could just disappear and never come back.'],
    ['mental_health_crisis:high'],
  ],
  [
    'insult disclaimed',
    ['Agent: Let me transfer you.', "I'm not calling you a liar, I just think the letter is wrong."],
    [],
  ],
  [
    'idiom with a violent verb: shoot you a fax',
    ['Agent: Anything else?', "Nope, I'll shoot you a fax with the receipts tomorrow."],
    [],
  ],
  [
    'hyperbole: rather die than',
    ['Agent: The webinar is two hours.', "Ugh, I'd rather die than sit through another webinar."],
    [],
  ],
  [
    'means put out of reach',
    [
      'Agent: Pharmacy, how can I help?',
      "I'm taking all my old pain pills back to the drop box at your pharmacy tonight, is it open?",
    ],
    [],
  ],
  [
    'denied red-flag finding',
    ['Agent: Anything else?', 'No chest pain, I was just sweaty and short of breath after the gym.'],
    [],
  ],
  [
    "a third party's wish said by them, past",
    ['Agent: Any family history?', 'My brother used to say he wished he was dead, back in high school.'],
    [],
  ],
];

// Known wrong with the round-7 model (10 of 12 right): the breathing cue rule raises "short of
// breath after the gym" (the round-6 model did too; the exertion is not read as a trigger that
// makes it chronic), and the head injury with vomiting and confusion lights the red-flag frame but
// stays below the frame operating point.
// Round 8 retrain (third-party intent frame; rule-raised medical operating point 0.65 by
// cross-validation): "short of breath after the gym" is quiet now.
// Round 10 retrain (red-flag-now, stroke-fast, threat-veiled, self-harm-fresh): the head injury
// with vomiting and confusion is raised now (red-flag-now stands as a rule), all 12 right.
const ROUND7_KNOWN_WRONG: readonly string[] = [];

describe('issue 14 round 7: strict frames and red flags on paraphrases outside every training source', () => {
  // Measured after training, not assumed: see the model card (Round 7) for the count.
  it('gets at least 11 of the 12 right', () => {
    const wrong = ROUND7.filter(([, turns, expected]) => !right(turns, expected)).map(([label]) => label);
    expect(ROUND7.length - wrong.length).toBeGreaterThanOrEqual(11);
  });

  it('lists what it gets wrong (kept visible)', () => {
    const wrong = ROUND7.filter(([, turns, expected]) => !right(turns, expected)).map(([label]) => label);
    expect(wrong).toEqual(ROUND7_KNOWN_WRONG);
  });

  it.each(
    ROUND7.filter(([label, , expected]) => expected.length === 0 && !ROUND7_KNOWN_WRONG.includes(label)).map(
      ([label, turns]) => [label, turns] as const,
    ),
  )('raises nothing: %s', (_label, turns) => {
    expect(raised(...turns)).toEqual([]);
  });
});

// Round 8 (issue 14): a third party's stated intent and its hard negatives (past, adherence, question);
// paraphrases; written during round 8, in no training source (training never reads them).
const ROUND8: readonly [string, string[], string[]][] = [
  [
    "a daughter's stated plan reported by her father, tonight",
    [
      'Agent: Member services, how can I help?',
      "My daughter texted that she's going to take every pill in the house tonight.",
    ],
    ['mental_health_crisis:critical'],
  ],
  [
    'a partner threatening to hang himself, ASR',
    ['Agent: thanks for calling', 'my boyfriend is threatening to hang himself hes in the basement'],
    ['mental_health_crisis:critical|high'],
  ],
  [
    "a relative's past threat, resolved",
    [
      'Agent: Any history we should know?',
      'My uncle told us he would kill himself once, back in the nineties. He is doing fine now.',
    ],
    [],
  ],
  [
    "a relative's adherence said with all her pills",
    [
      'Agent: Anything else?',
      'Mom says she is going to take all of her pills with breakfast from now on, is that okay?',
    ],
    [],
  ],
  [
    'a question about what to do if a relative says it',
    ['Agent: Anything else?', 'What should we do if my son ever says he is going to hurt himself?'],
    [],
  ],
];

describe('issue 14 round 8: a third party stated intent on paraphrases outside every training source', () => {
  it.each(ROUND8.map(([label, turns, expected]) => [label, turns, expected] as const))(
    '%s',
    (_label, turns, expected) => {
      expect(right(turns, expected)).toBe(true);
    },
  );
});

// Round 10 (issue 14): red flags said now in an unrelated call, BE-FAST signs, a low sugar with a
// changed mind, a veiled threat, fresh self-injury without a wish to die; each with its acuity
// cases (current vs past vs family vs negated vs answer to a question). Written after training,
// in no training source or fixture.
const ROUND10: readonly [string, string[], string[]][] = [
  [
    'stroke signs, current, during a pharmacy call',
    [
      'Agent: Refills, this is Tomas.',
      "ok so the refill, wait, my tongue feels thick and my words are coming out funny and my left arm won't lift, it came on like five minutes ago",
    ],
    ['medical_emergency:critical'],
  ],
  [
    'stroke signs, past (a deficit left by an old stroke)',
    [
      'Agent: Refills, this is Tomas.',
      "Since his stroke three years ago his left arm is weak and his speech is slurred, he's stable.",
    ],
    [],
  ],
  [
    'stroke signs, family history',
    ['Agent: Any family history?', 'My grandmother had a stroke at sixty, her face drooped and she slurred.'],
    [],
  ],
  [
    'stroke signs, negated',
    ['Agent: Anything else?', 'No slurring and no drooping in her face, she just has a headache.'],
    [],
  ],
  [
    'stroke signs, a question about what to do',
    ['Agent: Anything else?', 'If his speech gets slurred and his arm goes numb, do I call 911?'],
    [],
  ],
  [
    'chest red flag now, in a billing call, minimised',
    [
      'Agent: Billing, how can I help?',
      "I'm calling about a copay, but I should say my chest has had a heavy ache for the last half hour and it's spreading to my jaw, probably heartburn though.",
    ],
    ['medical_emergency:critical|high'],
  ],
  [
    'chest red flag, past and treated',
    [
      'Agent: Billing, how can I help?',
      'Last spring I had heavy chest pain into my jaw, they put in a stent, I want to ask about that bill.',
    ],
    [],
  ],
  [
    'chest red flag, answer to a symptom review',
    ['Agent: Any chest pain, arm pain or sweating lately?', 'No, no chest pain or arm pain, no sweating.'],
    [],
  ],
  [
    'a rash on the chest and arm is not a red flag',
    ['Agent: What can we help with?', 'The itchy patches spread from my arm to my chest this week.'],
    [],
  ],
  [
    'low sugar with confusion, current, third party',
    [
      'Agent: Diabetes education line.',
      "My roommate's sugar just came up 32 and she's slurring and confused, she doesn't know where she is.",
    ],
    ['medical_emergency:high|critical'],
  ],
  [
    'low sugar with confusion, past and resolved',
    [
      'Agent: How has the week been?',
      'Back in March his sugar dropped to 40 and he got confused, but it resolved and the pump is adjusted.',
    ],
    [],
  ],
  [
    'a low reading, negated change of mind',
    [
      'Agent: Any lows?',
      "My meter said 52 this morning but I'm not confused at all, I had a snack and I'm fine.",
    ],
    [],
  ],
  [
    'veiled threat with the caller coming to the office',
    [
      'Agent: Appeals, this is Renata.',
      "I'm heading over to your building this afternoon and somebody in there is going to get hurt.",
    ],
    ['abusive_caller:critical'],
  ],
  [
    'a safety warning is not a threat',
    [
      'Agent: Facilities line.',
      "The handrail at your clinic entrance is loose, somebody's going to get hurt, please fix it.",
    ],
    [],
  ],
  [
    'fresh self-injury of a son reported by a parent, no wish to die',
    [
      'Agent: Family line, go ahead.',
      "There are new cuts on my son's arm tonight, he used a blade, he swears he isn't suicidal, he says it helps him feel calmer.",
    ],
    ['mental_health_crisis:high|critical'],
  ],
  [
    'old self-injury, healed',
    [
      'Agent: Any history?',
      'She cut herself in ninth grade, the scars are old and she has not done it since.',
    ],
    [],
  ],
  [
    'accidental cuts are not self-harm',
    [
      'Agent: What happened?',
      'He has fresh cuts on his arm from the broken glass in the kitchen, should he get a tetanus shot?',
    ],
    [],
  ],
  [
    'blood as a measurement, not bleeding',
    ['Agent: Pharmacy.', 'hi checking whether my blood thinner and cholesterol pills are ready for pickup'],
    [],
  ],
  [
    'shaken up is a feeling, not a seizure',
    [
      'Agent: How are you doing after the accident?',
      'Still a little shaken up to be honest, but the car is fixed.',
    ],
    [],
  ],
  [
    'life as a domain, not being alive',
    ['Agent: How is the new job?', "My work life isn't what it used to be back over there, I miss my team."],
    [],
  ],
];

describe('issue 14 round 10: red flags now, BE-FAST, low sugar, veiled threats, fresh self-injury', () => {
  it.each(ROUND10.map(([label, turns, expected]) => [label, turns, expected] as const))(
    '%s',
    (_label, turns, expected) => {
      expect(right(turns, expected)).toBe(true);
    },
  );
});

describe('issue 14 round 10: sustained abuse counts an insult the classifier left alone', () => {
  // A stand-in model that leaves the first abusive candidate alone and raises the later ones, so
  // the monitor's counting is tested apart from what the committed weights happen to decide.
  function firstAbuseLeftAlone(): EscalationModel {
    let abusive = 0;
    return {
      decide(_features, type) {
        if (type !== 'abusive_caller') return { probability: 0, raise: false };
        abusive++;
        return abusive === 1 ? { probability: 0.1, raise: false } : { probability: 0.9, raise: true };
      },
      severity: () => 'moderate',
    };
  }

  it('grades the next raised insult as sustained when the rules aimed the first at the agent', () => {
    const found = detectEscalations(
      call(
        'Agent: Let me open the referral.',
        "you're a useless moron",
        'Agent: I am doing my best here.',
        'and you are still a clueless idiot',
      ),
      { model: firstAbuseLeftAlone() },
    );
    expect(found.map((e) => `${e.utterance}:${e.signal}:${e.severity}`)).toEqual(['3:sustained-abuse:high']);
  });

  it('does not count a turn whose insult no rule aimed at the agent', () => {
    const found = detectEscalations(
      call(
        'Agent: Let me open the referral.',
        'this portal is useless garbage',
        'Agent: I am doing my best here.',
        'and you are a clueless idiot',
      ),
      { model: firstAbuseLeftAlone() },
    );
    expect(found.map((e) => `${e.utterance}:${e.signal}:${e.severity}`)).toEqual(['3:insult:moderate']);
  });
});

/**
 * Round 11: prepared means with a farewell, an ingestion whose purpose is said in the next
 * sentence, self-injury found now, and sudden confusion in an older adult — each with acuity
 * controls (past, family, negated, answer to a question, hypothetical). Written for this file; in
 * no training source and no written set.
 */
const ROUND11: readonly [string, string[], string[]][] = [
  [
    'prepared means: a rifle bought and goodbye notes left',
    [
      'Agent: Pharmacy benefits, this is Odette.',
      "I picked up a rifle at the pawn shop yesterday and I've left notes for my brothers on the table. I just want the paperwork sorted first.",
    ],
    ['mental_health_crisis:critical'],
  ],
  [
    'prepared means: a noose tied, to finish it tonight',
    ['Agent: Crisis line.', "i tied a noose in the shed. when the kids are asleep i'll go finish it"],
    ['mental_health_crisis:critical'],
  ],
  [
    'control, hypothetical: what if someone bought a gun and wrote letters',
    [
      'Agent: Training desk.',
      'For the training module, what if a caller says they bought a gun and wrote goodbye letters, what do we do?',
    ],
    [],
  ],
  [
    'control, past: means and letters years ago, in recovery now',
    [
      'Agent: Intake, any history?',
      "Years ago I bought a pistol and wrote goodbye letters, but I got help and I've been well since 2019.",
    ],
    [],
  ],
  [
    'control, a purchase without a farewell: hunting',
    ['Agent: Billing.', 'I bought a shotgun for duck season and I need to change my mailing address.'],
    [],
  ],
  [
    'ingestion, purpose in the next sentence',
    [
      'Agent: Refill line.',
      'i swallowed the whole bottle of my sleeping pills twenty minutes ago. i needed everything to be over.',
    ],
    ['mental_health_crisis:critical', 'medical_emergency:critical'],
  ],
  [
    'control, ingestion as adherence, a wish about a chore',
    [
      'Agent: Refill line.',
      'I took all my antibiotics like you said. I wanted it to be over with that cough, and it is.',
    ],
    [],
  ],
  [
    'self-injury found tonight, deliberate, no wish to die',
    [
      'Agent: Teen services.',
      "I noticed burn marks on his wrist this evening, he did it with a hot spoon. He swears he isn't trying to die, it makes the bad thoughts go away.",
    ],
    ['mental_health_crisis:high|critical'],
  ],
  [
    'control, accidental burns from cooking',
    [
      'Agent: Nurse line.',
      'I found burns on her arm tonight from the stove when she was cooking, do we need burn cream?',
    ],
    [],
  ],
  [
    'control, old self-injury in the history',
    ['Agent: Any history of self-harm?', 'She used to burn herself as a teenager, those are old scars now.'],
    [],
  ],
  [
    'sudden confusion in an older adult, with onset',
    [
      'Agent: Care line.',
      "My grandmother suddenly doesn't know where she is, she's been muddled since lunch and that's not like her at all.",
    ],
    ['medical_emergency:high|critical'],
  ],
  [
    'control, long-standing dementia',
    [
      'Agent: Care line.',
      'My dad has dementia and gets confused most evenings, I wanted to ask about the day program.',
    ],
    [],
  ],
  [
    'control, confused about a bill',
    ['Agent: Billing.', "I'm so confused about this statement since this morning, why was I charged twice?"],
    [],
  ],
  [
    'control, confusion denied in answer to a question',
    ['Agent: Is he confused at all since this morning?', "No, he's not confused, he's just tired."],
    [],
  ],
  [
    'control, hospice: unresponsive as expected',
    [
      'Agent: Supplies.',
      "My husband is in hospice, mostly unresponsive now, the nurse said that's expected. I need more pads delivered.",
    ],
    [],
  ],
];

// Wrong on the committed model, kept visible: a burn from the stove is raised by the recall layer
// as self-harm (the baseline model raised it too; the accidental cause is not a feature).
const ROUND11_KNOWN_WRONG = ['control, accidental burns from cooking'];

describe('issue 14 round 11: prepared means, purpose after an ingestion, self-injury found now, sudden confusion', () => {
  it('lists what it gets wrong (kept visible)', () => {
    const wrong = ROUND11.filter(([, turns, expected]) => !right(turns, expected)).map(([label]) => label);
    expect(wrong).toEqual(ROUND11_KNOWN_WRONG);
  });

  it.each(
    ROUND11.filter(([label]) => !ROUND11_KNOWN_WRONG.includes(label)).map(
      ([label, turns, expected]) => [label, turns, expected] as const,
    ),
  )('%s', (_label, turns, expected) => {
    const got = raised(...turns);
    if (expected.length === 0) expect(got).toEqual([]);
    else expect(right(turns, expected)).toBe(true);
  });
});

describe('operating points: the middle of the widest near-optimal plateau (round 11)', () => {
  const grid = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

  it('takes the middle of the plateau, not its edge', () => {
    expect(plateauMiddle(grid, [1, 3, 5, 5, 5, 5, 5, 2, 0], 0)).toBe(0.5);
  });

  it('moves by at most one step when one edge of the plateau moves by one', () => {
    const a = plateauMiddle(grid, [1, 3, 5, 5, 5, 5, 5, 2, 0], 0);
    const b = plateauMiddle(grid, [1, 3, 5, 5, 5, 5, 5, 5, 0], 0);
    expect(Math.abs(b - a)).toBeLessThanOrEqual(0.1 + 1e-9);
  });

  it('counts points within the tolerance as near-optimal, and prefers the wider run', () => {
    // A lone best point at 0.2 against a run of near-best points from 0.5 to 0.9.
    expect(plateauMiddle(grid, [0, 6, 0, 0, 5, 5, 5, 5, 5], 1)).toBe(0.7);
    expect(plateauMiddle(grid, [0, 6, 0, 0, 5, 5, 5, 5, 5], 0)).toBe(0.2);
  });

  it('rejects a gain list that does not fit the grid, naming the field', () => {
    expect(() => plateauMiddle(grid, [1, 2], 0)).toThrow(/gains has 2 entries, grid 9/);
    expect(() => plateauMiddle([], [], 0)).toThrow(/non-empty/);
  });
});

/**
 * Round 12 (set 9's misses, fixed by method): anaphylaxis graded as two systems, a guess about an
 * ingestion that does not soften a danger sign, a hope not to wake in any negated form, giving up
 * as the reason for an overdose (both types), a tirade of insults in one turn (sustained), force
 * that moves "you" into something hard (a threat), a limb out of shape after a fall. Each with
 * current vs past vs family or third party vs negated vs answer-to-question vs hypothetical;
 * every phrasing written for this file, in no training source or held-out set. [label, turns,
 * exactly the `type:severity` raised].
 */
const ROUND12: readonly [string, string[], string[]][] = [
  [
    'anaphylaxis now: face puffing up and wheezing',
    ['Agent: Member services.', "my son's face is puffing up after that shrimp and now he's wheezing"],
    ['medical_emergency:critical'],
  ],
  [
    'anaphylaxis, past: a refill after last summer',
    [
      'Agent: Allergy clinic.',
      'last summer his tongue swelled up and he was wheezing after a wasp sting, so I need a refill on the epipen',
    ],
    [],
  ],
  [
    'anaphylaxis, hypothetical',
    ['Agent: Allergy clinic.', 'what do I do if his lips swell up and he starts wheezing at a restaurant?'],
    [],
  ],
  [
    'anaphylaxis, denied in answer to a question',
    ['Agent: Any swelling of the lips or face, or wheezing right now?', 'no, none of that'],
    [],
  ],
  [
    'anaphylaxis, one system only, said as normal breathing',
    [
      'Agent: Member services.',
      'my lips feel a bit puffy since I tried the new lip balm this morning, breathing is totally normal',
    ],
    [],
  ],
  [
    'anaphylaxis, negated',
    [
      'Agent: Nurse line.',
      "she ate a cashew an hour ago but there's no swelling of her lips or face and she isn't wheezing, just a little itchy",
    ],
    [],
  ],
  [
    'a child, a guess about the pills, and a danger sign',
    [
      'Agent: Pediatrics.',
      "I think my daughter swallowed a few of her grandpa's blood pressure pills and now she's limp and won't stay awake",
    ],
    ['medical_emergency:critical'],
  ],
  [
    'hope not to wake, now',
    [
      'Agent: Primary care, how can I help?',
      "Most nights I lie down and hope I won't wake up in the morning. I just need to talk to someone.",
    ],
    ['mental_health_crisis:high'],
  ],
  [
    'hope not to wake, ASR style',
    ['Agent: Scheduling.', 'honestly i go to sleep hoping not to wake up tomorrow'],
    ['mental_health_crisis:high'],
  ],
  [
    'control, a hope about a thing: a migraine on waking',
    [
      'Agent: Neurology.',
      "I hope I won't wake up with a migraine again tomorrow, can I get the refill early?",
    ],
    [],
  ],
  [
    'control, a wish about a time',
    ['Agent: Scheduling.', "I don't want to wake up early tomorrow, is there anything after ten?"],
    [],
  ],
  [
    'hope not to wake, past and recovered',
    [
      'Agent: Records.',
      "Back in college I used to hope I wouldn't wake up, but therapy helped and I've been well for years.",
    ],
    [],
  ],
  [
    'hope not to wake, denied in answer to a question',
    ["Agent: Do you ever hope you won't wake up in the morning?", "No, never, I'm just a light sleeper."],
    [],
  ],
  [
    'hope not to wake, hypothetical caller in a training question',
    ['Agent: Training desk.', "If a caller says they hope they won't wake up, who do we route them to?"],
    [],
  ],
  [
    'control, a hope about whom the waking wakes: the alarm wakes me',
    ['Agent: Sleep clinic.', "I hope the fire alarm test won't wake me up tomorrow, I work nights."],
    [],
  ],
  [
    'control, a hope not to wake the baby',
    ['Agent: Pediatrics.', "I hope I won't wake the baby when I call back later."],
    [],
  ],
  [
    'control, the kids waking the caller',
    ['Agent: Scheduling.', "I just hope the kids don't wake me up at five again, can we do a later slot?"],
    [],
  ],
  [
    'control, a hope about how one wakes: groggy',
    ['Agent: Pharmacy.', "With this new sleeping pill I hope I won't wake up groggy in the morning."],
    [],
  ],
  [
    'control, a hope about how one wakes: in pain',
    [
      'Agent: Nurse line.',
      "I'm hoping I won't wake up in pain again tomorrow, can I take the pill before bed?",
    ],
    [],
  ],
  [
    'a relative who will not wake, now, is still unresponsive',
    ['Agent: Home health.', "I went to check on my husband just now and he won't wake up"],
    ['medical_emergency:critical'],
  ],
  [
    'giving up as the reason for an overdose: both types',
    [
      'Agent: Pharmacy.',
      "I took all of my sleeping pills about twenty minutes ago since I've had enough. I wanted someone to know.",
    ],
    ['medical_emergency:critical', 'mental_health_crisis:critical'],
  ],
  [
    'control, an extra dose because of enough pain, not of life: no crisis',
    [
      'Agent: Pharmacy.',
      "I took four of my oxycodone instead of two an hour ago because I've had enough of this back pain, is that okay?",
    ],
    [],
  ],
  [
    'giving up, past and in recovery',
    [
      'Agent: Records.',
      "Years ago I swallowed a whole bottle of pills because I was done with everything, I've been in recovery since 2018 and need my file.",
    ],
    [],
  ],
  [
    'giving up, hypothetical',
    [
      'Agent: Training.',
      "What do we do if a member says they took a whole bottle because they can't take it anymore?",
    ],
    [],
  ],
  [
    'giving up, a neighbour last spring',
    [
      'Agent: Pharmacy.',
      "My neighbor overdosed on her pills last spring because she'd had enough, she's fine now. I need my own refill.",
    ],
    [],
  ],
  [
    'hope not to wake, told as past and behind the caller',
    [
      'Agent: Intake.',
      "There was a time I hoped I wouldn't wake up. That's behind me now, I just need my records.",
    ],
    [],
  ],
  [
    'a wish to be dead last night, a bit better now, is still a crisis',
    [
      'Agent: Behavioral health.',
      "I wanted to die last night. I'm doing a bit better now but I'm scared it'll come back.",
    ],
    ['mental_health_crisis:high'],
  ],
  [
    'control, an insult reported: a spouse called the agents names yesterday',
    ['Agent: Billing.', 'My wife called you guys morons on the phone yesterday, I apologize for her.'],
    [],
  ],
  [
    'control, an insult reported and disowned',
    ['Agent: Billing.', "My son says you're useless, but I think you've been helpful."],
    [],
  ],
  [
    'an insult reported and then made: still an insult',
    ['Agent: Billing.', "My husband said you're useless, and he's right, you're an idiot."],
    ['abusive_caller:moderate'],
  ],
  [
    'a tirade: insults in two sentences of one turn',
    [
      'Agent: Billing.',
      "You're a useless idiot. Honestly, you clueless fool, you can't get one thing right.",
    ],
    ['abusive_caller:high'],
  ],
  [
    'one insult of many words is one insult',
    ['Agent: Billing.', 'you stupid useless idiot, just fix my bill'],
    ['abusive_caller:moderate'],
  ],
  [
    'control, two sentences of frustration at the company',
    ['Agent: Billing.', 'This company is garbage. Your billing system is a total joke.'],
    [],
  ],
  [
    'force at "you": shoved down the stairs',
    [
      'Agent: Accounts.',
      "Call me again about this bill and I'm going to drive over there and shove you down the stairs.",
    ],
    ['abusive_caller:critical'],
  ],
  ['control, a transfer', ['Agent: Accounts.', "Could you put me through to the front desk? I'll hold."], []],
  [
    'control, a letter out the window',
    ['Agent: Accounts.', "If you send one more letter I'll throw it out the window, I'm so tired of these."],
    [],
  ],
  [
    'control, a third party once threatened the caller',
    [
      'Agent: Member services.',
      'My ex once threatened to throw me through a window, so I want him off my emergency contacts.',
    ],
    [],
  ],
  [
    'a limb out of shape after a fall, now',
    [
      'Agent: Urgent care.',
      "my son just fell off the trampoline and his forearm is at a weird angle, he's screaming",
    ],
    ['medical_emergency:high'],
  ],
  [
    'control, a thing out of shape after a fall: glasses',
    [
      'Agent: Optical.',
      'I slipped on the stairs just now and landed on my glasses, now the frames are bent the wrong way. Can I get them fixed today?',
    ],
    [],
  ],
  [
    'control, a thing out of shape after a fall: a rug',
    [
      'Agent: Facilities.',
      'A patient just tripped on the rug in your lobby and now the rug is at a weird angle, someone should fix it.',
    ],
    [],
  ],
  [
    'a limb out of shape, healed years ago',
    [
      'Agent: Records.',
      'I fell off a ladder in 2019 and my wrist healed at a funny angle, I need those x-rays sent over',
    ],
    [],
  ],
  [
    'a limb out of shape, hypothetical',
    ['Agent: Nurse line.', 'what should I do if he falls and his wrist is bent the wrong way?'],
    [],
  ],
  [
    'a limb out of shape, negated',
    [
      'Agent: Nurse line.',
      'she slipped on the porch just now but nothing is bent the wrong way, just a scrape on her knee',
    ],
    [],
  ],
  [
    'a limb out of shape, denied in answer to a question',
    ['Agent: After the fall, is anything bent the wrong way right now?', 'no, nothing like that'],
    [],
  ],
];

// Wrong on the committed model, kept visible. All three were wrong before round 12 too (checked
// on the round-11 code): the classifier reads "she ate a cashew an hour ago ... isn't wheezing"
// and "slipped on the porch just now ... nothing is bent" as current (recall-only candidates, p >
// 0.99; the negation is not in its features), and "won't wake up" is read as unresponsive in a
// question about a caller.
const ROUND12_KNOWN_WRONG = [
  'anaphylaxis, negated',
  'hope not to wake, hypothetical caller in a training question',
  'a limb out of shape, negated',
];

describe('issue 14 round 12: acuity-aware grading and readings of set 9 misses, on new paraphrases', () => {
  const exact = (turns: string[], expected: string[]): boolean =>
    JSON.stringify([...new Set(raised(...turns))].sort()) === JSON.stringify([...expected].sort());

  it('lists what it gets wrong (kept visible)', () => {
    const wrong = ROUND12.filter(([, turns, expected]) => !exact(turns, expected)).map(([label]) => label);
    expect(wrong).toEqual(ROUND12_KNOWN_WRONG);
  });

  it.each(
    ROUND12.filter(([label]) => !ROUND12_KNOWN_WRONG.includes(label)).map(
      ([label, turns, expected]) => [label, turns, expected] as const,
    ),
  )('%s', (_label, turns, expected) => {
    expect([...new Set(raised(...turns))].sort()).toEqual([...expected].sort());
  });
});

describe('issue 14 round 12: giving up as the reason needs a raised overdose and a reason about life', () => {
  it('reads "cause I\'ve given up" after an overdose as intent, not "gave up waiting" or "enough of this pain"', () => {
    expect(
      raised(
        'Agent: Pharmacy.',
        "I swallowed all my blood pressure pills like twenty minutes ago cause I've given up. I don't know why I'm calling.",
      ).sort(),
    ).toEqual(['medical_emergency:critical', 'mental_health_crisis:critical']);
    expect(
      raised(
        'Agent: Pharmacy.',
        'I took way too much of my ibuprofen yesterday because I gave up waiting for the refill, my stomach hurts',
      ).filter((r) => r.startsWith('mental_health_crisis')),
    ).toEqual([]);
  });
});
