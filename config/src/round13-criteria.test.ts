import { statusOf, call } from './testing/calls';
import { statesName } from './name-reader';
import { readsRecord } from './record-reader';

/**
 * The criteria changed in issue 14's thirteenth round, as general readings tested on wordings
 * written for this file in other words than the held-out set 12 they were read from (none of its
 * sentences). Each case fails on the code before the round unless marked as a guard (a case
 * that must not move). Synthetic people only.
 */

type Case = [id: string, playbook: string, criterion: string, expected: string, lines: string[]];

function check(cases: Case[]): void {
  for (const [id, playbook, criterion, expected, lines] of cases)
    expect([id, statusOf(playbook, criterion, call(...lines))]).toEqual([id, expected]);
}

describe('empathy: suffering and strain in everyday words; long turns with no feeling stay not applicable', () => {
  it('reads each case as labelled', () => {
    check([
      [
        'y-2',
        'healthcare-inbound',
        'empathy',
        'met',
        [
          '[0:00] A: elm family practice this call is recorded dee speaking',
          '[0:03] C: hi its mona reyes born eight eight seventy seven about my physical friday im losing my mind with these forms can you just tell me the time',
          '[0:10] A: oh im sorry youre going through that friday at nine fifteen with dr ames',
        ],
      ],
      [
        'y-3',
        'healthcare-inbound',
        'empathy',
        'met',
        [
          '[0:00] A: elm family practice this call is recorded dee speaking',
          '[0:03] C: hi its mona reyes born eight eight seventy seven about my physical friday im in agony with my knee can you just tell me the time',
          '[0:10] A: oh im sorry youre going through that friday at nine fifteen with dr ames',
        ],
      ],
      [
        'y-4',
        'healthcare-inbound',
        'empathy',
        'met',
        [
          '[0:00] A: elm family practice this call is recorded dee speaking',
          '[0:03] C: hi its mona reyes born eight eight seventy seven about my physical friday im beside myself can you just tell me the time',
          '[0:10] A: oh im sorry youre going through that friday at nine fifteen with dr ames',
        ],
      ],
      [
        'n-0',
        'healthcare-inbound',
        'empathy',
        'not_applicable',
        [
          // guard
          '[0:00] A: Valley Clinic, this call is recorded, Ron speaking.',
          "[0:03] C: Hi, so my son, Eli Ward, he's seven, he needs his school forms signed, and the nurse said to call you, can you fax them over?",
          '[0:12] A: Sure, let me check that for you.',
        ],
      ],
      [
        'n-3',
        'healthcare-inbound',
        'empathy',
        'not_applicable',
        [
          // guard
          '[0:00] A: Valley Clinic, this call is recorded, Ron speaking.',
          '[0:03] C: Um, so I got a letter, it says my plan changed in January, and I just wanted to check the new copay, what is it now?',
          '[0:12] A: Sure, let me check that for you.',
        ],
      ],
      [
        'n-9',
        'healthcare-inbound',
        'empathy',
        'not_applicable',
        [
          // guard
          '[0:00] A: Valley Clinic, this call is recorded, Ron speaking.',
          "[0:03] C: Hi, I'm the daughter of Ruth Ames, I'm listed on her forms, and I need a copy of her vaccine record for the care home, can you mail it?",
          '[0:12] A: Sure, let me check that for you.',
        ],
      ],
    ]);
  });
});

describe('empathy: the reaction called natural beside the feeling is an acknowledgement', () => {
  it('reads each case as labelled', () => {
    check([
      [
        'v-0',
        'healthcare-inbound',
        'empathy',
        'met',
        [
          '[0:00] A: Aspen Sleep Center, this call is recorded, Rae speaking.',
          "[0:04] C: Okay so, my new CPAP machine arrives Thursday, and I've slept the same way for thirty years and honestly the thought of a mask on my face all night has me staring at the ceiling, my wife says I'm making a big deal of it, maybe, but what do I need to do?",
          "[0:18] A: A brand-new device after all these years, no wonder you're on edge about it. We'll go one step at a time. To start, may I have your full name and date of birth?",
          '[0:26] C: Otis Crane, May 5th 1960.',
        ],
      ],
      [
        'v-1',
        'healthcare-inbound',
        'empathy',
        'met',
        [
          '[0:00] A: Aspen Sleep Center, this call is recorded, Rae speaking.',
          "[0:04] C: Okay so, my new CPAP machine arrives Thursday, and I've slept the same way for thirty years and honestly the thought of a mask on my face all night has me staring at the ceiling, my wife says I'm making a big deal of it, maybe, but what do I need to do?",
          "[0:18] A: Changing a routine you've had for decades, naturally that's weighing on you. We'll go one step at a time. To start, may I have your full name and date of birth?",
          '[0:26] C: Otis Crane, May 5th 1960.',
        ],
      ],
      [
        'v-2',
        'healthcare-inbound',
        'empathy',
        'met',
        [
          '[0:00] A: Aspen Sleep Center, this call is recorded, Rae speaking.',
          "[0:04] C: Okay so, my new CPAP machine arrives Thursday, and I've slept the same way for thirty years and honestly the thought of a mask on my face all night has me staring at the ceiling, my wife says I'm making a big deal of it, maybe, but what do I need to do?",
          "[0:18] A: Twenty years of one way and now something new, anyone would be uneasy. We'll go one step at a time. To start, may I have your full name and date of birth?",
          '[0:26] C: Otis Crane, May 5th 1960.',
        ],
      ],
      [
        'v-3',
        'healthcare-inbound',
        'empathy',
        'met',
        [
          '[0:00] A: Aspen Sleep Center, this call is recorded, Rae speaking.',
          "[0:04] C: Okay so, my new CPAP machine arrives Thursday, and I've slept the same way for thirty years and honestly the thought of a mask on my face all night has me staring at the ceiling, my wife says I'm making a big deal of it, maybe, but what do I need to do?",
          "[0:18] A: Switching everything at once, understandably that's got you losing sleep. We'll go one step at a time. To start, may I have your full name and date of birth?",
          '[0:26] C: Otis Crane, May 5th 1960.',
        ],
      ],
      [
        'w-0',
        'healthcare-inbound',
        'empathy',
        'met',
        [
          '[0:00] A: Aspen Sleep Center, this call is recorded, Rae speaking.',
          "[0:04] C: I'm really scared about the machine, honestly.",
          "[0:18] A: Okay. no wonder you're nervous. To start, may I have your full name and date of birth?",
        ],
      ],
      [
        'vn-0',
        'healthcare-inbound',
        'empathy',
        'missed',
        [
          // guard
          '[0:00] A: Aspen Sleep Center, this call is recorded, Rae speaking.',
          "[0:04] C: Okay so, my new CPAP machine arrives Thursday, and I've slept the same way for thirty years and honestly the thought of a mask on my face all night has me staring at the ceiling, my wife says I'm making a big deal of it, maybe, but what do I need to do?",
          '[0:18] A: Of course, we can do that. To start, may I have your full name and date of birth?',
          '[0:26] C: Otis Crane, May 5th 1960.',
        ],
      ],
      [
        'vn-1',
        'healthcare-inbound',
        'empathy',
        'missed',
        [
          // guard
          '[0:00] A: Aspen Sleep Center, this call is recorded, Rae speaking.',
          "[0:04] C: Okay so, my new CPAP machine arrives Thursday, and I've slept the same way for thirty years and honestly the thought of a mask on my face all night has me staring at the ceiling, my wife says I'm making a big deal of it, maybe, but what do I need to do?",
          '[0:18] A: Naturally the mask comes in three sizes. To start, may I have your full name and date of birth?',
          '[0:26] C: Otis Crane, May 5th 1960.',
        ],
      ],
    ]);
  });
});

describe("identity-verification: a name given before another identifier in ASR text, a patient named in apposition, a clinic's name in the greeting", () => {
  it('reads each case as labelled', () => {
    check([
      [
        'p-name-1',
        'healthcare-inbound',
        'identity-verification',
        'met',
        [
          '[0:00] A: maple grove clinic this is tom on a recorded line',
          '[0:03] C: hey its thaddeus okonkwo birthday march ninth sixty two and im calling about my refill',
          '[0:10] A: thanks your lisinopril refill went to the pharmacy on tuesday',
        ],
      ],
      [
        'q-greet-1',
        'healthcare-inbound',
        'identity-verification',
        'met',
        [
          "[0:00] A: Hilltop Physical Therapy, you're on a recorded line, this is Jay.",
          "[0:03] C: Hi, I need to cancel my wife's session tomorrow, Carla Mendes. She has the flu.",
          "[0:08] A: Okay. What's her date of birth?",
          '[0:11] C: 9/9/1975.',
          "[0:14] A: Thanks. I've cancelled her 3:00 with Marco. The next opening is Friday at 10.",
        ],
      ],
      [
        'd-0',
        'healthcare-inbound',
        'identity-verification',
        'not_applicable',
        [
          "[0:00] A: Riverside Physical Therapy, you're on a recorded line, this is Jay.",
          '[0:03] C: Hi, what time do you open on Saturday?',
          '[0:08] A: We open at eight on Saturdays.',
        ],
      ],
      [
        'd-1',
        'healthcare-inbound',
        'identity-verification',
        'not_applicable',
        [
          "[0:00] A: Riverside Physical Therapy and Rehab, you're on a recorded line, this is Jay.",
          '[0:03] C: Hi, what time do you open on Saturday?',
          '[0:08] A: We open at eight on Saturdays.',
        ],
      ],
    ]);
  });
});

describe("identity-verification: a clinician's plan for a named wound or skin condition is the record", () => {
  it('reads each case as labelled', () => {
    check([
      [
        'q-phi-1',
        'healthcare-inbound',
        'identity-verification',
        'met',
        [
          '[0:00] A: Cedar Vein Clinic, this line is recorded, Oli here.',
          "[0:03] C: Hi, I'm Sam, I help my mom, Ruth Olsen, with her leg dressings and I want to check what to do.",
          '[0:08] A: Sure. Can I have her date of birth and her home address?',
          '[0:12] C: 2/14/1941, 12 Pine Road.',
          "[0:16] A: Thanks. Dr. Lindqvist's plan for the ulcer on her right shin: wash it with saline, pat dry, and put on a clean foam pad every other day.",
        ],
      ],
      [
        'q-phi-2',
        'healthcare-inbound',
        'identity-verification',
        'missed',
        [
          '[0:00] A: Cedar Vein Clinic, this line is recorded, Oli here.',
          '[0:03] C: Hi, I help my mom with her leg dressings and I want to check what to do.',
          "[0:08] A: Sure. Dr. Lindqvist's plan for the sore on her right shin is to wash it with saline and put on a clean foam pad every other day.",
        ],
      ],
    ]);
  });
});

describe('medicare identity-verification: the plan or drugs the agent says it reads from the record', () => {
  it('reads each case as labelled', () => {
    check([
      [
        'p-med-1',
        'medicare-sales',
        'identity-verification',
        'missed',
        [
          '[0:00] A: Bluebird Medicare Advisors, this call is recorded, this is Lena.',
          '[0:03] C: Hi, I got your postcard about drug plans.',
          "[0:07] A: Sure. I can see you've got the Redwood Choice PPO right now, and you're filling Eliquis and metformin through it.",
        ],
      ],
      [
        'x-3',
        'medicare-sales',
        'identity-verification',
        'not_applicable',
        [
          // guard
          '[0:00] A: Bluebird Medicare Advisors, this call is recorded, this is Lena.',
          '[0:03] C: Hi, I keep hearing about Advantage plans.',
          "[0:07] A: I see you're interested in Medicare Advantage. The Aspen PPO has a 0 dollar premium.",
        ],
      ],
    ]);
  });
});

describe("scope-of-appointment: product types beside the agreement's document in other words", () => {
  it('reads each case as labelled', () => {
    check([
      [
        's-1',
        'medicare-sales',
        'scope-of-appointment',
        'met',
        [
          '[0:00] A: Crestview Medicare, this call is recorded, Sam.',
          '[0:03] C: I want a Part D plan, nothing else.',
          '[0:06] A: Okay, just the drug plans, and that matches the card you mailed in, right?',
          '[0:09] C: Right.',
          '[0:11] A: The Beacon Rx plan has a 9 dollar premium and 0 dollar tier one drugs.',
        ],
      ],
      [
        's-2',
        'medicare-sales',
        'scope-of-appointment',
        'met',
        [
          '[0:00] A: Crestview Medicare, calls recorded, Sam.',
          '[0:03] C: Supplement plan. Cheapest.',
          '[0:06] A: Got it. Supplement only, same as what your card says, right?',
          '[0:09] C: Yes.',
          '[0:11] A: Plan G from Beacon is 140 a month.',
        ],
      ],
      [
        's-3',
        'medicare-sales',
        'scope-of-appointment',
        'met',
        [
          '[0:00] A: Crestview Medicare, calls recorded, Sam.',
          '[0:03] C: I need the Advantage kind, with vision.',
          '[0:06] A: Sure, Advantage is what you marked on the reply form as well, yes?',
          '[0:09] C: Yes.',
          '[0:11] A: The Oakline HMO is 0 a month with a 200 dollar eyewear allowance.',
        ],
      ],
      [
        's-4',
        'medicare-sales',
        'scope-of-appointment',
        'missed',
        [
          // guard
          '[0:00] A: Crestview Medicare, calls recorded, Sam.',
          '[0:03] C: I need the Advantage kind, with vision.',
          '[0:06] A: Sure, an Advantage plan might be the right fit for you.',
          '[0:09] C: Okay.',
          '[0:11] A: The Oakline HMO is 0 a month with a 200 dollar eyewear allowance.',
        ],
      ],
    ]);
  });
});

describe("teach-back: an invitation to say the plan beside when the caller will carry it out, or the agent's own part", () => {
  it('reads each case as labelled', () => {
    check([
      [
        'tc-0',
        'healthcare-inbound',
        'teach-back',
        'met',
        [
          '[0:00] A: Pine Ridge Orthopedics, this call is recorded, Lou here.',
          "[0:03] C: Hi, it's Greta Moss, 5/5/1970, what do I do about the cast?",
          '[0:10] A: Thanks Greta. Keep the cast dry: wrap it in a plastic bag before you shower, and check your fingers for swelling every morning and night. Call us if they turn blue.',
          "[0:18] A: So nothing fell between the cracks on my side, talk me through how this weekend's cast care goes.",
          '[0:24] C: Bag on, keep it dry, check my fingers.',
        ],
      ],
      [
        'tc-2',
        'healthcare-inbound',
        'teach-back',
        'met',
        [
          '[0:00] A: Pine Ridge Orthopedics, this call is recorded, Lou here.',
          "[0:03] C: Hi, it's Greta Moss, 5/5/1970, what do I do about the cast?",
          '[0:10] A: Thanks Greta. Keep the cast dry: wrap it in a plastic bag before you shower, and check your fingers for swelling every morning and night. Call us if they turn blue.',
          '[0:18] A: In case I left something out, talk me through tomorrow night.',
          '[0:24] C: Bag on, keep it dry, check my fingers.',
        ],
      ],
      [
        'tcn-0',
        'healthcare-inbound',
        'teach-back',
        'missed',
        [
          // guard
          '[0:00] A: Pine Ridge Orthopedics, this call is recorded, Lou here.',
          "[0:03] C: Hi, it's Greta Moss, 5/5/1970, what do I do about the cast?",
          '[0:10] A: Thanks Greta. Keep the cast dry: wrap it in a plastic bag before you shower, and check your fingers for swelling every morning and night. Call us if they turn blue.',
          '[0:18] A: Talk me through how you fell last month.',
          '[0:24] C: Okay.',
        ],
      ],
      [
        'tcn-1',
        'healthcare-inbound',
        'teach-back',
        'missed',
        [
          // guard
          '[0:00] A: Pine Ridge Orthopedics, this call is recorded, Lou here.',
          "[0:03] C: Hi, it's Greta Moss, 5/5/1970, what do I do about the cast?",
          '[0:10] A: Thanks Greta. Keep the cast dry: wrap it in a plastic bag before you shower, and check your fingers for swelling every morning and night. Call us if they turn blue.',
          '[0:18] A: Any questions before tomorrow?',
          '[0:24] C: Okay.',
        ],
      ],
    ]);
  });
});

describe('the readers behind these readings', () => {
  it('name reader: two rare words between presenting oneself and another identifier', () => {
    expect(statesName('yeah hi its thaddeus okonkwo birthday march ninth sixty two')).toBe(true);
    expect(statesName('its still showing date of birth wrong on my account')).toBe(false);
  });
  it('name reader: the patient in apposition after the relation, closing its clause', () => {
    expect(
      statesName("calling about my husband's prescription from last week, Tobias Wren, he ran out"),
    ).toBe(true);
    expect(statesName("for my mom's appointment last week, Jennifer at your desk said to call")).toBe(false);
  });
  it('record reader: the agent saying it reads the record, not a look or an interest', () => {
    for (const t of [
      "I can see you've been filling metformin at the Oak Street pharmacy",
      'Our records show you have a Plan N supplement',
      'We have you down for the Harbor HMO',
      "from last year's enrollment you take Farxiga",
    ])
      expect([t, readsRecord(t)]).toEqual([t, true]);
    for (const t of [
      "I see you're interested in Medicare Advantage plans",
      'you can see any doctor who takes Medicare',
      "I can see why you'd want dental",
      "Let me see what you're eligible for",
    ])
      expect([t, readsRecord(t)]).toEqual([t, false]);
  });
});

describe('"no wonder" is no negation', () => {
  it('is neither a denial of the feeling nor "I wouldn\'t worry about it"', () => {
    const t = call(
      '[0:00] A: Aspen Sleep Center, this call is recorded, Rae speaking.',
      "[0:04] C: I'm really scared about the machine, honestly.",
      "[0:18] A: Okay. No wonder you're nervous. To start, may I have your full name and date of birth?",
    );
    expect(statusOf('healthcare-inbound', 'no-medical-advice', t)).toBe('met');
    expect(statusOf('healthcare-inbound', 'empathy', t)).toBe('met');
  });
});
