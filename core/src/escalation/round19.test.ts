import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectHighestGrades, writtenCall as call } from '../testing/escalation-calls';
import { loadEscalationModel, type EscalationModel } from './classifier';
import { detectEscalations } from './index';
import { standingFindings } from './standing';
import { normalise } from './text';

/**
 * Round 19 (issue 14): bleeding told by its consequences (squirting, pumping, through cloths), a
 * thunderclap headache in any words, a means made ready (a ligature tied, pills put by) with the
 * act ahead, and "soaked" that is water, not blood. Read through the whole detector with the
 * committed weights. Every phrasing was written for this file (none from any fixture): current
 * cases with past, family, negated, hypothetical controls and hard negatives.
 */
const model: EscalationModel = loadEscalationModel(
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'config', 'models', 'escalation.json'), 'utf8')),
);

function raised(...turns: string[]): string[] {
  return detectEscalations(call(...turns), { model }).map((e) => `${e.type}:${e.severity}`);
}

const CASES: readonly [string, string[], string[]][] = [
  // Bleeding by its consequences.
  [
    'gashed forearm on a broken window, spurting in time with the pulse',
    [
      'Agent: Practice reception.',
      "I've just gashed my forearm on a broken window pane and it's spurting every time my heart beats.",
    ],
    ['medical_emergency:critical'],
  ],
  [
    'son cut his leg on a chainsaw, gone through two bath cloths',
    [
      'Agent: Out of hours.',
      'My son has cut his thigh with the chainsaw, we have gone through two cloths already and it keeps coming.',
    ],
    ['medical_emergency:critical'],
  ],
  [
    'cut last summer that spurted, healed now: nothing',
    [
      'Agent: Practice reception.',
      'Last summer I cut my palm on a tin lid and it was spurting for a bit, the scar is itchy now, can I book a check?',
    ],
    [],
  ],
  [
    'a cut that is not spurting, a small nick: nothing',
    [
      'Agent: Practice reception.',
      "I nicked my finger peeling potatoes, it's not spurting or anything, just a plaster job.",
    ],
    [],
  ],
  [
    'what to do if a cut starts pumping: nothing',
    ['Agent: First aid course.', 'On the course, what do we do if someone has a cut that is pumping out?'],
    [],
  ],
  [
    'the pipe is squirting water: nothing',
    ['Agent: Facilities.', 'The pipe under the sink is squirting water all over the floor.'],
    [],
  ],
  [
    'the kids soaked three towels at the pool: nothing',
    [
      'Agent: Clinic.',
      'The kids went through three towels at the pool today, can I move their jabs to Friday?',
    ],
    [],
  ],
  // A thunderclap headache.
  [
    'sudden head pain like being struck with a hammer, seeing double',
    [
      'Agent: Advice line.',
      "Out of nowhere I've got a headache like being struck by a hammer, and I'm seeing double.",
    ],
    ['medical_emergency:critical'],
  ],
  [
    'wife says it is the most painful headache of her life',
    [
      'Agent: Advice line.',
      "My wife just grabbed her head, she says it's the most painful headache she has ever had.",
    ],
    ['medical_emergency:critical'],
  ],
  [
    'years ago the worst headache of my life, a migraine: nothing',
    [
      'Agent: Neurology bookings.',
      'Years ago I had the worst headache of my life and it turned out to be a migraine, I need my yearly review.',
    ],
    [],
  ],
  [
    'the paperwork is the worst headache: nothing',
    [
      'Agent: Benefits.',
      'Honestly this paperwork has been the biggest headache of my entire life, can you help me fill it in?',
    ],
    [],
  ],
  // A means made ready, with the act ahead.
  [
    'rope hung from the garage beam, will finish it tonight',
    [
      'Agent: Pharmacy.',
      "I've rigged a rope from the beam in the garage, and when you've put the phone down I'm going to finish it.",
    ],
    ['mental_health_crisis:critical'],
  ],
  [
    'painkillers stashed for months, means to take the whole lot',
    [
      'Agent: Benefits.',
      "I've been stashing my painkillers away for months, and on Friday I'm going to take them all and not wake up.",
    ],
    ['mental_health_crisis:critical'],
  ],
  [
    'a knot class with a noose, a sailing hobby: nothing',
    [
      'Agent: Clinic.',
      "At sailing club we tied a noose knot and a bowline, I'll be done with the course soon, can I move my appointment?",
    ],
    [],
  ],
  [
    'saving tablets is a question: nothing',
    [
      'Agent: Pharmacy.',
      "Is it okay if I keep my tablets by the bed? I'll take them all at the right times.",
    ],
    [],
  ],
  // "Soaked" by water is not bleeding.
  [
    'the letter got soaked in the rain: nothing',
    [
      'Agent: Clinic.',
      'The appointment letter got soaked by the rain in the postbox so I cannot read the time.',
    ],
    [],
  ],
];

describe('round 19: bleeding by its consequences, thunderclap headache, a means made ready, water', () => {
  // Expected: each type raised with its highest grade (one of `grades`), and no other type.
  it.each(CASES)('%s', (_label, turns, expected) => {
    expectHighestGrades(raised(...turns), expected);
  });

  it('standing rules step back for negation, the past and another thing', () => {
    const f = (s: string): string[] =>
      standingFindings(s, new Set(), normalise(s)).map((x) => `${x.type}:${x.signal}`);
    expect(f("i sliced my thumb and it's pumping out")).toEqual(['medical_emergency:severe-bleeding']);
    expect(f("i sliced my thumb and it isn't pumping out")).toEqual([]);
    expect(f('i cut the hose and it is squirting water everywhere')).toEqual([]);
    expect(f("something went off in my head like a bang, it's the worst headache ever")).toEqual([
      'medical_emergency:stroke-signs',
    ]);
    expect(f("it's not the worst headache of my life, just a dull one")).toEqual([]);
    expect(f("i've tied a noose and tonight i'll be done with it all")).toEqual([
      'mental_health_crisis:intent-with-means',
    ]);
    expect(f("i haven't tied a noose, i'll be done with the forms soon")).toEqual([]);
  });
});
