import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writtenCall as call } from '../testing/escalation-calls';
import { loadEscalationModel, type EscalationModel } from './classifier';
import { detectEscalations } from './index';
import { insultClausesAtYou, standingFindings } from './standing';
import { normalise } from './text';

/**
 * Round 13: findings that stand after the classifier's decision (standing.ts), read through the
 * whole detector with the committed weights. Every phrasing was written for this file and is in no
 * fixture or training source: current cases, and past, family, negated, hypothetical and
 * figurative controls for each rule.
 */
const model: EscalationModel = loadEscalationModel(
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'config', 'models', 'escalation.json'), 'utf8')),
);

function raised(...turns: string[]): string[] {
  return detectEscalations(call(...turns), { model }).map((e) => `${e.type}:${e.severity}`);
}

const CASES: readonly [string, string[], string[]][] = [
  // A plan: preparation + a time + a means.
  [
    'plan: note left, this weekend, off the bridge',
    [
      'Agent: Pharmacy refills.',
      "I've left a note for my sister. This weekend I'm going to step off the river bridge, so cancel my refills.",
    ],
    ['mental_health_crisis:critical'],
  ],
  [
    'plan: things given away, tonight, all my pills (ASR)',
    [
      'Agent: member services',
      'ive given away my dog and my guitar already and tonight im gonna take all my pills so it doesnt matter',
    ],
    ['mental_health_crisis:critical'],
  ],
  [
    'control plan: something given away, tonight, a car to the garage (no means)',
    ['Agent: Scheduling.', 'I gave away my old couch today and tonight I am taking the car into the shop.'],
    [],
  ],
  [
    'control plan: a will made, a drive off the highway exit tomorrow (directions)',
    [
      'Agent: Scheduling.',
      "I've made my will with the lawyer. Tomorrow I'm getting off the highway at exit nine to get to your office.",
    ],
    [],
  ],
  // A wish that the next day not come.
  [
    'wish: praying tomorrow does not come',
    [
      'Agent: Clinic line.',
      "Every night I lie there praying tomorrow doesn't come. I'm not going to do anything about it.",
    ],
    ['mental_health_crisis:high'],
  ],
  [
    'control wish: dread of an event',
    ['Agent: Pre-op.', "I'm so nervous I'm hoping tomorrow never comes because of the surgery, ha."],
    [],
  ],
  [
    'control wish: past, resolved',
    [
      'Agent: Follow-up.',
      'Back then I used to hope the morning would not come, I am in a much better place now.',
    ],
    [],
  ],
  [
    'control wish: a child hoping the morning of school not come',
    ['Agent: Pediatrics.', 'My son keeps saying he hopes morning never comes so he can skip his test.'],
    [],
  ],
  // Self-harm by any means.
  [
    'self-harm: cutting with a razor, again this morning',
    [
      'Agent: Student health.',
      "I've been cutting my thighs with a razor blade when it gets too much, I did it again this morning.",
    ],
    ['mental_health_crisis:high'],
  ],
  [
    'self-harm: hitting myself to feel something (ASR)',
    ['Agent: nurse line', 'i keep hitting myself in the head to feel something its every night now'],
    ['mental_health_crisis:high'],
  ],
  [
    'control self-harm: past, years ago',
    [
      'Agent: New patient.',
      'I used to burn myself with cigarettes when I was a teenager, years ago, I just need a dermatology referral for the scars.',
    ],
    [],
  ],
  [
    'control self-harm: accident while cooking',
    [
      'Agent: Nurse line.',
      'I keep burning my hand on the oven door when I bake, can I get some cream for it?',
    ],
    [],
  ],
  [
    'control self-harm: negated',
    [
      'Agent: Intake.',
      "I don't cut myself with anything, I never have, the marks on my arm are from my cat.",
    ],
    [],
  ],
  // A child who swallowed a household product.
  [
    'child ingestion: a laundry pod bitten',
    [
      'Agent: Front desk.',
      'My daughter just bit into one of the laundry pods and swallowed some, she is coughing.',
    ],
    ['medical_emergency:critical'],
  ],
  [
    'child ingestion: a button battery (ASR)',
    ['Agent: clinic', 'my three year old swallowed a button battery from the remote like five minutes ago'],
    ['medical_emergency:critical'],
  ],
  [
    'control child ingestion: hypothetical',
    ['Agent: Pediatrics.', 'What should I do if my toddler ever drinks bleach? I want to be prepared.'],
    [],
  ],
  [
    'control child ingestion: past, last year',
    [
      'Agent: Records.',
      'Last year my son drank some antifreeze and was in hospital, I need those records sent over.',
    ],
    [],
  ],
  [
    'control child ingestion: negated',
    [
      'Agent: Poison info.',
      "My toddler didn't drink any of the dish soap, she just spilled it, I cleaned it up.",
    ],
    [],
  ],
  // Rescue treatment not working.
  [
    'rescue not working: nebuliser twice, still wheezing',
    [
      'Agent: Respiratory clinic.',
      "I've done the nebuliser twice since lunch and I'm still wheezing, it's not settling.",
    ],
    ['medical_emergency:high|critical'],
  ],
  [
    'control rescue: it worked',
    [
      'Agent: Asthma nurse.',
      'I used my inhaler this morning and it cleared up right away, I just need a refill.',
    ],
    [],
  ],
  [
    'control rescue: past, last winter',
    [
      'Agent: Asthma nurse.',
      "Last winter I used my rescue inhaler and it didn't help, so I want a new plan before it gets cold.",
    ],
    [],
  ],
  [
    'control rescue: hypothetical',
    ['Agent: Asthma nurse.', "What do I do if I've used my inhaler and it isn't helping?"],
    [],
  ],
  // A threat of bodily harm to anyone at our organisation.
  [
    'threat: your receptionist',
    ['Agent: Billing.', "I'm going to smash your receptionist's face in when I get there."],
    ['abusive_caller:critical'],
  ],
  [
    'threat: whoever answers the phones (ASR)',
    ['Agent: billing', 'im gonna hurt whoever is answering the phones down there'],
    ['abusive_caller:critical'],
  ],
  [
    'control threat: break the news to your staff',
    ['Agent: Billing.', "I'll break the news to your staff myself, I'm the new office manager."],
    [],
  ],
  [
    'control threat: reported',
    [
      'Agent: Billing.',
      "My husband said he'd punch whoever's at the front desk, I'm so sorry, he doesn't mean it.",
    ],
    [],
  ],
  [
    'control threat: negated',
    ['Agent: Billing.', "I'm not going to hurt anyone at your office, I'm just upset about the bill."],
    [],
  ],
  // "you're a/an <pejorative noun>".
  [
    'insult: a pejorative of its form',
    ['Agent: Claims.', "You're a complete knucklehead, you know that?"],
    ['abusive_caller:moderate'],
  ],
  [
    'insult: a lexicon pejorative',
    ['Agent: Claims.', "Honestly you're such a plonker, just send the form."],
    ['abusive_caller:moderate'],
  ],
  ['control insult: praise', ['Agent: Claims.', "You're a lifesaver, honestly, you're such a star."], []],
  [
    'control insult: self-deprecation',
    ['Agent: Claims.', "I'm a bit of a numpty with forms, sorry, can you help me fill it in?"],
    [],
  ],
  [
    'control insult: reported and negated',
    ['Agent: Claims.', "I'm not saying you're a muppet, my brother said you were, but you've been great."],
    [],
  ],
];

describe('round 13: findings that stand after the decision', () => {
  it.each(CASES)('%s', (_label, turns, expected) => {
    const got = raised(...turns);
    expect(got.length).toBe(expected.length);
    for (const want of expected) {
      const [type, grades] = want.split(':') as [string, string];
      expect(got.some((g) => g.startsWith(type + ':') && grades.split('|').includes(g.split(':')[1]!))).toBe(
        true,
      );
    }
  });

  it('adds nothing of a type the classifier already raised', () => {
    const n = normalise("i've written letters to my kids and tonight i'm driving off the old quarry road");
    expect(standingFindings(n, new Set(), n)).toHaveLength(1);
    expect(standingFindings(n, new Set(['mental_health_crisis']), n)).toHaveLength(0);
  });

  it('a plan that is negated or a question stands back (the rule alone)', () => {
    // Read on the rule alone: the classifier itself raises these two turns (a known limit,
    // README round 13), so the detector cannot show what the rule does with them.
    for (const t of [
      "I've finished my will with the lawyer, and no, I'm not going to drive off the quarry road tonight.",
      "If I've written letters to my kids, would you worry I'd jump off the bridge tonight?",
    ])
      expect(standingFindings(t, new Set(), normalise(t))).toHaveLength(0);
  });

  it('counts insulting clauses at "you"', () => {
    expect(insultClausesAtYou(normalise('You idiot, you useless clown, all of you are morons.'))).toBe(3);
    expect(insultClausesAtYou(normalise("You're not an idiot, the system is useless."))).toBe(0);
  });
});

/** Second paraphrases, written after the first version of the rules, for other words of each part. */
const MORE: readonly [string, string[], string[]][] = [
  [
    'child ingestion: got hold of a dishwasher tablet, chewing',
    [
      'Agent: Scheduling.',
      "my 18 month old got hold of a dishwasher tablet and was chewing on it, there's blue stuff in her mouth",
    ],
    ['medical_emergency:critical'],
  ],
  [
    'child ingestion: magnets',
    ['Agent: Scheduling.', 'My son just swallowed a couple of those little magnets off the fridge.'],
    ['medical_emergency:critical'],
  ],
  [
    'control child ingestion: a question about a product',
    [
      'Agent: Pediatrics.',
      'What happens if my toddler chews a dishwasher tablet? Asking for the safety class.',
    ],
    [],
  ],
  [
    'rescue: the dose count said after the puffer',
    ['Agent: Clinic.', "My puffer isn't doing anything, I've had ten puffs in the last hour."],
    ['medical_emergency:high|critical'],
  ],
  [
    'threat: beat out of that receptionist of yours',
    ['Agent: Billing.', "I'm going to beat the living daylights out of that receptionist of yours."],
    ['abusive_caller:critical'],
  ],
  [
    'wish: not to see another morning',
    ['Agent: Clinic.', "Some nights I pray I don't see another morning."],
    ['mental_health_crisis:high'],
  ],
  [
    'control wish: dread of a day at work',
    ['Agent: Clinic.', "I pray I don't see another day like today at work, it was awful."],
    [],
  ],
  [
    'control wish: dread of an exam said after a comma',
    ['Agent: Student health.', 'I hope tomorrow never comes, I have my exam.'],
    [],
  ],
];

describe('round 13: second paraphrases', () => {
  it.each(MORE)('%s', (_label, turns, expected) => {
    const got = raised(...turns);
    expect(got.length).toBe(expected.length);
    for (const want of expected) {
      const [type, grades] = want.split(':') as [string, string];
      expect(got.some((g) => g.startsWith(type + ':') && grades.split('|').includes(g.split(':')[1]!))).toBe(
        true,
      );
    }
  });
});

/**
 * Round 14: a whole supply swallowed (every one of, every pill in, the rest of the bottle) is an
 * overdose whoever owned the pills, even where the classifier read the drug's name as another
 * emergency; its stated reason ("no point going on") makes it a crisis too. "Took all my pills"
 * on a schedule is adherence. Phrasings written for this file.
 */
describe('round 14: a whole supply swallowed', () => {
  const agent = 'Agent: Member services, this is Priya.';
  it.each([
    [
      "about forty minutes ago I swallowed every one of my late husband's blood pressure pills",
      ['medical_emergency:critical'],
    ],
    [
      'i gulped down every last one of the sleeping tablets in the packet after dinner i dont see the point in trying anymore',
      ['medical_emergency:critical', 'mental_health_crisis:critical'],
    ],
    ["I just popped the rest of my sister's pain pills, all of them", ['medical_emergency:critical']],
    ['I swallowed every tablet in the blister pack half an hour ago', ['medical_emergency:critical']],
  ])('raises %s', (turn, expected) => {
    expect(raised(agent, turn)).toEqual(expected);
  });
  it.each([
    'I took every one of my allergy tablets this morning, like always',
    'I took every one of my pills with breakfast, so can I get the refill early?',
    'Years ago my cousin swallowed the whole bottle of aspirin and ended up fine',
    'What if my dad swallowed the rest of the bottle by mistake, how would I know?',
    "I didn't swallow every pill in the pack, only the two the nurse said",
    'I finished the whole pack of antibiotics like the doctor told me',
  ])('stays quiet on %s', (turn) => {
    expect(raised(agent, turn)).toEqual([]);
  });
});
