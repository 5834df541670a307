import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectHighestGrades, writtenCall as call } from '../testing/escalation-calls';
import { loadEscalationModel, type EscalationModel } from './classifier';
import { detectEscalations } from './index';
import { standingFindings } from './standing';
import { normalise } from './text';

/**
 * Round 18 (issue 14): over-suppression. A denial cancels only what it denies (a plan, not the
 * wish); a whole container swallowed last night is recent; several days of doses taken at once by
 * anyone; the caller's act ahead with a lethal means and a time; self-harm on purpose against a
 * thing; a threat to find the agent. Read through the whole detector with the committed weights.
 * Every phrasing was written for this file (none from set 13 or any other fixture): current cases
 * with past, family, negated, hypothetical and answer-to-question controls.
 */
const model: EscalationModel = loadEscalationModel(
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'config', 'models', 'escalation.json'), 'utf8')),
);

function raised(...turns: string[]): string[] {
  return detectEscalations(call(...turns), { model }).map((e) => `${e.type}:${e.severity}`);
}

const CASES: readonly [string, string[], string[]][] = [
  // Denial scope: a plan denied, the wish stands.
  [
    'wish beside a denied plan: no plan, hopes a bus will take them out',
    [
      'Agent: Wellbeing service.',
      "I'd never actually go through with anything, I've got no plan. It's just that every evening on the way home from work I find myself hoping a bus will mount the pavement and take me out.",
    ],
    ['mental_health_crisis:high'],
  ],
  [
    'denied plan and denied wish: nothing',
    [
      'Agent: Wellbeing service.',
      "There's no plan, and I don't wish I was dead either. I'm just worn out from the new job and want to talk to someone.",
    ],
    [],
  ],
  [
    'a plan denied, asked about sleep: nothing',
    ['Agent: Any plans to harm yourself?', "No, I've got no plans like that, I'm just sleeping badly."],
    [],
  ],
  // A whole container swallowed recently, whatever the caller feels now.
  [
    'whole bottle this morning, feels okay: overdose (and a crisis with its reason)',
    [
      'Agent: Pharmacy.',
      "Early this morning I swallowed the whole bottle of ibuprofen because I didn't want to be here any more. I'm okay at the moment, a bit sick.",
    ],
    ['medical_emergency:critical', 'mental_health_crisis:critical'],
  ],
  [
    'whole box years ago, in recovery: nothing',
    [
      'Agent: Pharmacy.',
      'Years ago I swallowed the whole box of sleeping tablets, I have been well for a long time now and I need my repeat.',
    ],
    [],
  ],
  [
    'took every tablet this morning as prescribed: adherence, nothing',
    [
      'Agent: Pharmacy.',
      'I took every one of my tablets this morning like the doctor said, can I get a refill?',
    ],
    [],
  ],
  [
    'feel fine after a normal dose: nothing',
    ['Agent: Pharmacy.', 'I took two paracetamol last night for a headache and I feel fine this morning.'],
    [],
  ],
  // Several days of doses at once, anyone.
  [
    "grandad took three days' worth at lunch by mistake, sleepy",
    [
      'Agent: Surgery.',
      "My grandad got confused with his blister pack and took three days' worth of tablets at lunch, all of them. He's very sleepy now.",
    ],
    ['medical_emergency:critical'],
  ],
  [
    'a question about a week of doses: nothing',
    [
      'Agent: Pharmacy.',
      "What should I do if Dad ever takes the whole week's tablets at once? I fill his dosette.",
    ],
    [],
  ],
  [
    'the organiser filled for the week, nobody took it all: nothing',
    [
      'Agent: Pharmacy.',
      'My pill organiser is empty, all seven days, so I need my repeat prescription ready for Monday.',
    ],
    [],
  ],
  // Intent + lethal means + a time, no preparation.
  [
    'off the multi storey car park this afternoon',
    [
      'Agent: Housing support.',
      "Don't bother ringing me back. This afternoon I'm going to go off the top of the multi storey car park, it's sorted.",
    ],
    ['mental_health_crisis:critical'],
  ],
  // Self-harm on purpose against a thing, suicide denied.
  [
    'punching the wall on purpose, not suicidal',
    [
      'Agent: Youth line.',
      "I keep punching my fists into the brick wall on purpose when I get that angry, my knuckles are split. I'm not suicidal.",
    ],
    ['mental_health_crisis:high'],
  ],
  [
    'hit head on a cupboard door by accident: nothing',
    [
      'Agent: Clinic.',
      'I banged my head on the cupboard door this morning by accident, just a small bump, can I see the nurse?',
    ],
    [],
  ],
  // Heavy bleeding by its measure.
  [
    'soaking a maxi pad every half hour since the afternoon',
    [
      'Agent: Gynaecology line.',
      "Since this afternoon I've been soaking a maxi pad every half hour and I feel faint when I get up.",
    ],
    ['medical_emergency:critical'],
  ],
  [
    'a heavy period, a pad every four hours: nothing',
    [
      'Agent: Gynaecology line.',
      'My period is heavy this month, I change my pad every four hours, can I book a review?',
    ],
    [],
  ],
  [
    'soaked pads after a first baby years ago: nothing',
    [
      'Agent: Maternity.',
      'After my first baby years ago I was soaking a pad every hour, so I want to talk about my birth plan this time.',
    ],
    [],
  ],
  // A deep wound, fresh; first aid slowing the bleeding does not resolve it.
  [
    'cat bite an hour ago, the holes are deep, bleeding eased with pressure',
    [
      'Agent: Walk-in centre.',
      "Our cat bit my hand an hour ago and the holes are deep, it's gone puffy. The bleeding eased off once I held a cloth on it.",
    ],
    ['medical_emergency:high'],
  ],
  [
    'a deep breath and an old cut: nothing',
    [
      'Agent: Walk-in centre.',
      'I took a deep breath before calling, I just want the dressing on my old cut changed.',
    ],
    [],
  ],
  // Self-injury with a bleed that will not stop is a suicidal act under way.
  [
    'slashed forearm with a razor on purpose, pouring and will not stop',
    [
      'Agent: Out of hours.',
      'I slashed my forearm with a razor on purpose half an hour ago because I wanted to disappear, the blood is pouring through the tea towel and it will not stop.',
    ],
    ['medical_emergency:critical', 'mental_health_crisis:critical'],
  ],
  // Hypoglycaemia read as a stroke: named and graded by its own protocol.
  [
    'a diabetic wife sweating and mixing up words, awake and eating sweets: high',
    [
      'Agent: Diabetes nurse line.',
      "My wife's on insulin. Since ten minutes ago she's clammy and saying words that don't make sense, calling the cat by my name. She's awake and chewing some jelly babies I gave her.",
    ],
    ['medical_emergency:high'],
  ],
  [
    'a diabetic father with a drooping face on one side: a stroke, critical',
    [
      'Agent: Diabetes nurse line.',
      "My dad's type two. Twenty minutes ago his face started drooping on the left side and his speech went slurred.",
    ],
    ['medical_emergency:critical'],
  ],
  // A threat to find the agent.
  [
    'will find out where you live and be waiting',
    [
      'Agent: Billing.',
      "This is the third wrong bill. I'll find out where you live, and one evening I'll be waiting outside your house. You'll regret it.",
    ],
    ['abusive_caller:critical'],
  ],
  [
    'asks for the clinic address: nothing',
    ['Agent: Billing.', "I'll need your address to post the cheque, the one for the billing office, please."],
    [],
  ],
];

describe('round 18: denial scope, recency of an overdose, multi-day doses, plans, self-harm, threats', () => {
  // Expected: each type raised with its highest grade (one of `grades`), and no other type.
  it.each(CASES)('%s', (_label, turns, expected) => {
    expectHighestGrades(raised(...turns), expected);
  });

  it('standing rules step back for negation, the past and another day', () => {
    const f = (s: string): string[] =>
      standingFindings(s, new Set(), normalise(s)).map((x) => `${x.type}:${x.signal}`);
    expect(f("she took them all at once, the whole week's organiser")).toEqual([
      'medical_emergency:overdose',
    ]);
    expect(f("she didn't take them all, the whole week's organiser is still full")).toEqual([]);
    expect(f("last year mum took a week's worth at once, all seven days")).toEqual([]);
    expect(f("tonight i'm going to drive into the river")).toEqual([
      'mental_health_crisis:intent-with-means',
    ]);
    expect(f("i'm not going to drive into the river tonight")).toEqual([]);
    // Water is a swim, a film is a story: the plan rule steps back (the classifier judges these
    // turns on its own; see the model card, round 18).
    expect(f("tonight i'm going to jump off the jetty into the lake with my swimming club")).toEqual([]);
    expect(f("in the movie he says tonight i'm going to drive off the bridge")).toEqual([]);
    expect(f("i know your home address, i'll make you pay")).toEqual(['abusive_caller:threat']);
    expect(f('my husband said he knows your home address')).toEqual([]);
  });
});
