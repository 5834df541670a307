import { scorePlaybook } from '@teachback/core';
import { loadCompiledPlaybook } from './playbooks';
import { statusOf, call } from './testing/calls';
import { readsRecord } from './record-reader';

/**
 * The criteria changed in issue 14's fourteenth round, as general readings tested on wordings
 * written for this file in other words than held-out set 13 they were read from (none of its
 * sentences). Each case fails on the code before the round unless marked as a guard (a case
 * that must not move). Synthetic people only.
 */

type Case = [id: string, playbook: string, criterion: string, expected: string, lines: string[]];

/** Compares every case at once, so a failure lists each case that moved. */
function check(cases: Case[]): void {
  const got = cases.map(([id, playbook, criterion, , lines]) => [
    id,
    statusOf(playbook, criterion, call(...lines)),
  ]);
  expect(got).toEqual(cases.map(([id, , , expected]) => [id, expected]));
}

/**
 * A Medicare opening whose disclaimer says part 1 as `partOne`; parts 2 and 3 say where the
 * plans are nowhere else in the turn (the area read with part 1 is part 1's own).
 */
function tpmoCall(partOne: string, opener = 'Sure. Something I must read first.'): string[] {
  return [
    '[0:00] A: Thanks for calling Tallowbrook Senior Benefits, this call is recorded. This is Imre.',
    '[0:05] C: Hi, Odile Marchetti here, I want to compare drug plans.',
    `[0:10] A: ${opener} ${partOne} Five organizations with 21 plans between them are the ones we represent. Please contact Medicare.gov, 1-800-MEDICARE, or your local SHIP for all of your options.`,
    '[0:40] A: The first plan is 9 dollars a month with a 250 dollar deductible.',
  ];
}

describe('tpmo-disclaimer part 1: plans in the area left out, or denied with the area inside the denial', () => {
  it('reads part 1 said as a list with plans left out, no negative word needed', () => {
    check([
      [
        'l-1',
        'medicare-sales',
        'tpmo-disclaimer',
        'met',
        tpmoCall('What we can offer excludes certain plans sold near you.'),
      ],
      [
        'l-2',
        'medicare-sales',
        'tpmo-disclaimer',
        'met',
        tpmoCall('Our catalogue omits a number of the plans available in your county.'),
      ],
      [
        'l-3',
        'medicare-sales',
        'tpmo-disclaimer',
        'met',
        tpmoCall('The plans on my screen are a partial list of what is sold in your zip code.'),
      ],
    ]);
  });
  it('reads a denial whose one negation also reaches where the plans are', () => {
    check([
      [
        'n-1',
        'medicare-sales',
        'tpmo-disclaimer',
        'met',
        tpmoCall('Not each plan on sale where your father lives is one we carry.'),
      ],
      [
        'n-2',
        'medicare-sales',
        'tpmo-disclaimer',
        'met',
        tpmoCall('We cannot show every plan sold where you and your wife live.'),
      ],
    ]);
  });
  it('does not count plans nothing was left out of, or a missed call (guards)', () => {
    check([
      [
        'g-1',
        'medicare-sales',
        'tpmo-disclaimer',
        'missed',
        tpmoCall('We are not leaving out any plans in your area.'),
      ],
      [
        'g-2',
        'medicare-sales',
        'tpmo-disclaimer',
        'missed',
        tpmoCall('Sorry I missed your call about plans near you.'),
      ],
      [
        'g-3',
        'medicare-sales',
        'tpmo-disclaimer',
        'missed',
        tpmoCall('We offer every plan sold where you live.'),
      ],
    ]);
  });
});

describe('recording-disclosure: "monitor" said of a device or the body is no notice', () => {
  it('does not read a clinician about a monitor as a recording notice', () => {
    check([
      [
        'r-1',
        'healthcare-inbound',
        'recording-disclosure',
        'missed',
        [
          '[0:00] A: morning, so you called us last month and we did that heart monitor on you, and the strip is back',
          '[0:08] C: oh good, what did it show',
        ],
      ],
    ]);
  });
  it('keeps a notice beside a clinic name holding a device word (guard)', () => {
    check([
      [
        'r-2',
        'healthcare-inbound',
        'recording-disclosure',
        'met',
        [
          '[0:00] A: Pinecrest Heart Institute, this line is monitored, Tamsin speaking.',
          '[0:05] C: Hi, I need to move my echo.',
        ],
      ],
    ]);
  });
});

describe('recording-disclosure: a listener named with its purpose', () => {
  const opening = (line: string): string[] => [
    `[0:00] A: ${line}`,
    '[0:05] C: Hi, I need to move my appointment.',
  ];
  it('reads a means of listening beside what it is for as the notice', () => {
    check([
      [
        'q-1',
        'healthcare-inbound',
        'recording-disclosure',
        'met',
        opening('Fernhill Dermatology, scheduling, Oskar here, our quality team is listening today.'),
      ],
    ]);
  });
  it('does not read the words apart from a notice, and still names a late one (guards)', () => {
    check([
      [
        'q-2',
        'healthcare-inbound',
        'recording-disclosure',
        'missed',
        opening('Fernhill Dermatology billing, Oskar here. Our quality team reviewed your claim last week.'),
      ],
      [
        'q-3',
        'healthcare-inbound',
        'recording-disclosure',
        'missed',
        opening('Fernhill Dermatology, Oskar speaking, I was listening to the training video earlier.'),
      ],
    ]);
    const late = call(
      '[0:00] A: Fernhill Dermatology, Oskar here.',
      '[0:05] C: Hi, I need to move my appointment.',
      '[0:40] A: Oh, and this call is recorded.',
    );
    const card = scorePlaybook(late, loadCompiledPlaybook('healthcare-inbound'), { interactionId: 'q-4' });
    const f = card.findings.find((x) => x.criterionId === 'recording-disclosure')!;
    expect(f.explanation).toContain('it came only at 0:40');
  });
});

describe('identity-verification: a date of birth volunteered beside the name counts by its form', () => {
  it('counts name and a numeric birth date said in the caller’s first turn', () => {
    check([
      [
        'd-1',
        'healthcare-inbound',
        'identity-verification',
        'met',
        [
          '[0:00] A: Corbel Spine Clinic, this call is recorded, Ines speaking.',
          "[0:04] C: Yeah it's Bertram Oakes, 9/14/1962. I have been waiting two weeks for someone to ring me about my scan and I am fed up.",
          '[0:10] A: Let me look. Your MRI from the 3rd came back and Dr. Wynn wants to go over it Tuesday.',
        ],
      ],
    ]);
  });
  it('does not count a date given as an appointment’s as a birth date (guard)', () => {
    check([
      [
        'd-2',
        'healthcare-inbound',
        'identity-verification',
        'missed',
        [
          '[0:00] A: Corbel Spine Clinic, this call is recorded, Ines speaking.',
          "[0:04] C: Yeah it's Bertram Oakes, I was seen on 11/2/2026. I have been waiting two weeks for someone to ring me about my scan.",
          '[0:10] A: Let me look. Your MRI from the 3rd came back and Dr. Wynn wants to go over it Tuesday.',
        ],
      ],
    ]);
  });
});

describe('identity-verification: the record read out as what the patient is on or was put on', () => {
  it('reads a drug or plan said to be the beneficiary’s without "I see"', () => {
    check([
      [
        'm-1',
        'medicare-sales',
        'identity-verification',
        'missed',
        [
          '[0:00] A: Quillmoor Medicare Desk, this call is recorded, Abel here.',
          '[0:04] C: Hello, calling for my wife Noor, she is right here.',
          '[0:08] A: Okay. She is on the Larchfield Rx plan and takes Xarelto and metformin, right?',
          '[0:14] C: Yes.',
        ],
      ],
    ]);
  });
  it('reads a clinician’s order for the patient beside an inhaler dose', () => {
    check([
      [
        'h-1',
        'healthcare-inbound',
        'identity-verification',
        'missed',
        [
          '[0:00] A: Ashgrove Chest Clinic, this call is recorded, Ruth speaking.',
          '[0:04] C: Hi, I am not sure how to use the new puffer.',
          '[0:09] A: Sure. Dr. Lomax started you on the Zephra disk, two puffs at bedtime, then rinse and spit.',
          '[0:18] C: Right, thank you.',
        ],
      ],
    ]);
  });
  it('does not read a condition, a question or being on the line as the record (guards)', () => {
    expect(readsRecord("If you're on Eliquis, that plan has a 40 dollar copay.")).toBe(false);
    expect(readsRecord('Are you taking any blood thinners?')).toBe(false);
    expect(readsRecord("You're on a recorded line, and you're on speaker.")).toBe(false);
    expect(readsRecord("You're on the right track with the forms.")).toBe(false);
    expect(readsRecord('Let me put you on hold for a minute.')).toBe(false);
    expect(readsRecord('Did the doctor put you on anything new?')).toBe(false);
    expect(readsRecord("He's still taking the warfarin, correct?")).toBe(true);
  });
});

describe('no-medical-advice: relayed orders are not the agent’s own advice', () => {
  it('does not read advice words scattered among what the clinician wants', () => {
    check([
      [
        'a-2',
        'healthcare-inbound',
        'no-medical-advice',
        'met',
        [
          '[0:00] A: larkhill surgery nurse line calls are recorded this is petra',
          '[0:04] C: hi its dorian fell second of august seventy five dr ames said to ring about my blood test',
          '[0:10] A: thanks dorian your a1c was six point eight and the kidney numbers are fine dr ames wants you to keep a food log for a week and come in on the twelfth',
          '[0:20] C: ok will do',
        ],
      ],
    ]);
  });
});
