import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectHighestGrades, writtenCall as call } from '../testing/escalation-calls';
import { loadEscalationModel, type EscalationModel } from './classifier';
import { detectEscalations } from './index';
import { bleedingResolved, deniesSuicidalIntent, protocolGrade } from './severity';
import { standingFindings } from './standing';
import { normalise } from './text';

/**
 * Round 17 (issue 14): a bleed that has stopped, anaphylaxis by the airway after an exposure, a
 * single insult said as a superlative or a vocative, and self-harm with suicide denied. Read
 * through the whole detector with the committed weights. Every phrasing was written for this file
 * and is in no fixture or training source: current cases with past, family, negated,
 * answer-to-question and hypothetical controls.
 */
const model: EscalationModel = loadEscalationModel(
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'config', 'models', 'escalation.json'), 'utf8')),
);

function raised(...turns: string[]): string[] {
  return detectEscalations(call(...turns), { model }).map((e) => `${e.type}:${e.severity}`);
}

const CASES: readonly [string, string[], string[]][] = [
  // Bleeding: current vs stopped, past, family, answer to a question.
  [
    'bleed current: pouring, cannot stop it',
    ['Agent: Clinic.', "I cut my palm on a broken jar and it's pouring blood, I can't get it to stop."],
    ['medical_emergency:critical'],
  ],
  [
    'bleed current: closed yesterday, opened again today',
    [
      'Agent: Clinic.',
      "Gashed my shin yesterday, it closed up but this morning it opened up again and it's bleeding through the bandage.",
    ],
    ['medical_emergency:high|critical'],
  ],
  [
    'bleed resolved: bled a few minutes, stopped now, asks about a plaster',
    [
      'Agent: Clinic.',
      "Caught my thumb on a tin lid this afternoon, it bled quite a bit for a few minutes but it's stopped now. Should I put a plaster on it?",
    ],
    [],
  ],
  [
    'bleed family past: daughter, last week, stopped at once',
    [
      'Agent: Clinic.',
      "My daughter cut her knee badly last week, it stopped bleeding right away, we're calling to book the stitches out.",
    ],
    [],
  ],
  [
    'bleed answer to a question: no, it stopped',
    ['Agent: Is it still bleeding heavily?', 'No, it stopped after I pressed on it for ten minutes.'],
    [],
  ],
  // Anaphylaxis: exposure + airway is critical; airway alone without exposure is not.
  [
    'anaphylaxis: nut in a cookie, throat tight, wheezing',
    [
      'Agent: Clinic.',
      "Twenty minutes ago I ate a cookie that had cashews in it and now my throat feels tight and I'm wheezing.",
    ],
    ['medical_emergency:critical'],
  ],
  [
    'anaphylaxis: hornet, lips getting fat, wheezy',
    [
      'Agent: Clinic.',
      "I got stung by a hornet in the garden, my lips are getting fat and I'm wheezy and struggling to breathe.",
    ],
    ['medical_emergency:critical'],
  ],
  [
    'control anaphylaxis: wheeze after a cold (no exposure) is high',
    ['Agent: Clinic.', "I've been short of breath and wheezing since my cold last week, it's worse today."],
    ['medical_emergency:high'],
  ],
  [
    'control anaphylaxis: a past reaction, refill',
    ['Agent: Clinic.', 'Last summer a bee sting made my throat swell, I need a refill of my EpiPen.'],
    [],
  ],
  [
    'control anaphylaxis: hypothetical, son',
    ['Agent: Clinic.', 'What should I do if my son gets stung and his throat gets tight?'],
    [],
  ],
  [
    'control anaphylaxis: sting with airway signs denied',
    [
      'Agent: Clinic.',
      "A wasp stung my arm an hour ago, it's red and itchy but no trouble breathing and no swelling in my mouth.",
    ],
    [],
  ],
  [
    'anaphylaxis (stands after the decision): new antibiotic, throat tight, voice croaky (ASR)',
    [
      'Agent: Pharmacy.',
      'i just started the amoxicillin you gave me an hour ago and now my throat is getting tight and my voice is all croaky',
    ],
    ['medical_emergency:critical'],
  ],
  [
    'control anaphylaxis: a sting with a local reaction only',
    ['Agent: Front desk.', "I was stung by a bee at lunch, the spot is sore and a bit hot, that's all."],
    [],
  ],
  [
    'control anaphylaxis: history of allergy, hoarse from hay fever',
    [
      'Agent: Front desk.',
      'I have a history of bee allergy, I get hoarse every spring from hay fever, can I get a new EpiPen?',
    ],
    [],
  ],
  // A single insult: superlative, litotes, vocative; controls praise, reported, negated.
  [
    'insult: superlative of a trait',
    ['Agent: Scheduling.', "Are you even listening? You're the laziest receptionist I've ever dealt with."],
    ['abusive_caller:moderate'],
  ],
  [
    'insult: litotes (ASR)',
    ['Agent: Scheduling.', "you're not the sharpest knife in the drawer are you"],
    ['abusive_caller:moderate'],
  ],
  [
    'insult: vocative adjective + pejorative',
    ['Agent: Scheduling.', 'Cancel it then, you witless clown.'],
    ['abusive_caller:moderate'],
  ],
  [
    'insults in two turns: vocative, then "the most incompetent" -> sustained',
    [
      'Agent: Billing.',
      'You double billed me, you hopeless numpty.',
      'Agent: Let me check that.',
      "Check faster. You're the most incompetent clerk in the county.",
    ],
    ['abusive_caller:high'],
  ],
  [
    'control insult: a superlative of praise',
    ['Agent: Scheduling.', "You're the kindest person I've talked to all week, thank you."],
    [],
  ],
  [
    'control insult: reported',
    ['Agent: Scheduling.', "My sister thinks you're the laziest office in town, but I don't agree."],
    [],
  ],
  [
    'control insult: "you see the clown" is no vocative',
    ['Agent: Scheduling.', 'Did you see the clown at the fair?'],
    [],
  ],
  [
    'control insult: negated',
    ['Agent: Scheduling.', "I'm not saying you're the dumbest, just that this is slow."],
    [],
  ],
  // New chest pain with an onset today is high even when the caller denies every danger sign.
  [
    'new chest pain: sore since getting up, red flags denied (ASR)',
    [
      'Agent: Front desk.',
      "hi um my chest has been sore in the middle since i got up, it's not sharp, no pain in my arm, no trouble breathing, can the doctor fit me in",
    ],
    ['medical_emergency:high'],
  ],
  [
    'control chest: came and went this morning',
    [
      'Agent: Appointments.',
      "I had some chest pressure this morning but it went away after I sat down, I'd like a routine check.",
    ],
    [],
  ],
  [
    'control chest: answer to a question, denied',
    ['Agent: Any chest pain?', 'No, no chest pain since this morning, just the cough.'],
    [],
  ],
  [
    'control chest: hypothetical',
    [
      'Agent: Appointments.',
      'What if I get chest pain tonight after the new tablets, should I go to the ER?',
    ],
    [],
  ],
  [
    'control chest: on exertion as always',
    [
      'Agent: Appointments.',
      'My chest gets tight when I climb stairs, it started this morning on the way to work like always.',
    ],
    [],
  ],
  // Self-harm with suicide denied is high; with a dose taken it stays critical.
  [
    'self-harm, suicide denied -> high',
    [
      'Agent: Teen line.',
      "I've been burning my wrist with a lighter most evenings to feel something. I'm not suicidal, I promise, I just can't stop.",
    ],
    ['mental_health_crisis:high'],
  ],
  [
    'denied but a dose swallowed -> critical',
    [
      'Agent: Pharmacy.',
      "I don't want to die but I've swallowed thirty of my sleeping pills and I feel strange.",
    ],
    ['medical_emergency:critical', 'mental_health_crisis:critical'],
  ],
  [
    'self-harm by an instrument to the body, suicide denied (stands after the decision)',
    [
      'Agent: Counselling line.',
      "Lately I've been pressing a hot key against my thigh after school, it leaves marks. I'm not trying to die, I just need it to feel quieter.",
    ],
    ['mental_health_crisis:high'],
  ],
  [
    'self-harm by an instrument, repeated (ASR)',
    [
      'Agent: Counselling line.',
      'i keep running a razor along my ankle when i panic, did it again last night',
    ],
    ['mental_health_crisis:high'],
  ],
  [
    'control self-harm: a kitchen accident',
    [
      'Agent: Counselling line.',
      'I was holding a hot pan and it burned my hand while I was cooking, it blistered.',
    ],
    [],
  ],
  [
    'control self-harm: an instrument, past',
    [
      'Agent: Counselling line.',
      "When I was a teenager I used to hold a lighter to my arm, I'm doing much better now.",
    ],
    [],
  ],
  [
    'control self-harm: past',
    [
      'Agent: Pharmacy.',
      "I used to cut my thighs when I was in college, I haven't for years, I'm calling about my refill.",
    ],
    [],
  ],
];

describe('round 17: resolved bleeding, airway anaphylaxis, single insults, self-harm grade', () => {
  // Expected: each type raised with its highest grade (one of `grades`), and no other type.
  it.each(CASES)('%s', (_label, turns, expected) => {
    expectHighestGrades(raised(...turns), expected);
  });

  it('reads a bleed as resolved only when nothing says it goes on', () => {
    const r = (s: string): string | undefined => bleedingResolved(normalise(s));
    expect(r('it bled a little and then it stopped')).toBeDefined();
    expect(r("it bled on monday but it's scabbed over now")).toBeDefined();
    expect(r('my gums bled when i flossed last night')).toBeDefined();
    expect(r("it hasn't stopped bleeding")).toBeUndefined();
    expect(r('it stopped and then started again')).toBeUndefined();
    expect(r('it bled yesterday and today there is a lot of blood again')).toBeUndefined();
    expect(r('it stopped bleeding but you can see the bone')).toBeUndefined();
    expect(r('it is bleeding')).toBeUndefined();
  });

  it('grades the airway after an exposure as anaphylaxis, not the airway alone', () => {
    const g = (s: string): string => protocolGrade('breathing', normalise(s)).severity;
    expect(g('a bee got me and my voice has gone hoarse')).toBe('critical');
    expect(g('after the shrimp my tongue feels thick and i cannot swallow')).toBe('critical');
    expect(g('i am hoarse from shouting at the game')).toBe('high');
    expect(g('stung on the ankle, no wheezing at all')).toBe('high');
  });

  it('new chest pain: an onset today, not chronic, not negated', () => {
    const f = (s: string): string[] =>
      standingFindings(s, new Set(), normalise(s)).map((x) => `${x.type}:${x.severity}:${x.signal}`);
    expect(f('a squeezing in my chest started twenty minutes ago')).toEqual([
      'medical_emergency:high:chest-pain',
    ]);
    expect(f('my husband has had pressure in his chest since breakfast')).toEqual([
      'medical_emergency:high:chest-pain',
    ]);
    expect(f('no pain in my chest since breakfast')).toEqual([]);
    expect(f('chest pain on and off for years, worse since this morning')).toEqual([]);
    expect(f('my chest felt tight after lunch yesterday, fine now')).toEqual([]);
    expect(f("my chest was sore after the gym on saturday, and since breakfast i've had a headache")).toEqual(
      [],
    );
    expect(f('my chest was sore after the gym. since breakfast i have had a headache')).toEqual([]);
  });

  it('reads a first-person denial of suicidal intent', () => {
    expect(deniesSuicidalIntent(normalise("I don't want to die, I just want the noise to stop"))).toBe(true);
    expect(deniesSuicidalIntent(normalise("it's not about wanting to die"))).toBe(true);
    expect(deniesSuicidalIntent(normalise("he doesn't want to die"))).toBe(false);
    expect(deniesSuicidalIntent(normalise("i'm not trying to kill myself"))).toBe(true);
    expect(deniesSuicidalIntent(normalise('i want to die'))).toBe(false);
  });

  it('the superlative rule recovers the base adjective from its form', () => {
    const f = (s: string): string[] =>
      standingFindings(s, new Set(), normalise(s)).map((x) => `${x.type}:${x.signal}`);
    expect(f("you're the dopiest clerk")).toEqual(['abusive_caller:insult']);
    expect(f("you're the dimmest")).toEqual(['abusive_caller:insult']);
    expect(f("you're the rudest agent on this line")).toEqual(['abusive_caller:insult']);
    expect(f("you're the nicest agent on this line")).toEqual([]);
    expect(f("you're not the brightest, are you")).toEqual(['abusive_caller:insult']);
    expect(f("you're not the worst, to be fair")).toEqual([]);
  });
});
