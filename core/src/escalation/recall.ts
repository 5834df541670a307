import type { EscalationType } from '../model/escalation';
import { TriggerIndex } from './triggers';

/**
 * The recall layer of the learned classifier: broad word classes (what a triage nurse listens
 * for: the body system, blood, breath, consciousness, death and wanting not to exist, means of
 * harm, words aimed at the agent) that make a caller turn a candidate for a type. They are
 * deliberately loose, so a condition said in other words still becomes a candidate; whether
 * it is a current, acute one is the classifier's decision (classifier.ts), never this layer's.
 */
export interface Concept {
  name: string;
  type: EscalationType;
  /** The signal an escalation carries when no cue pattern named one. */
  signal: string;
  /** Words one of which every match starts with (see triggers.ts), for the one-pass gate. */
  triggers: string;
  re: RegExp;
}

function words(source: string): RegExp {
  return new RegExp(`(?<![a-z0-9'])(?:${source})`, 'g');
}

export const CONCEPTS: readonly Concept[] = [
  {
    name: 'cardiac',
    triggers:
      'chest heart breastbone sternum ribcage angina palpitat clammy sweat squeez crush pressure tightness',
    type: 'medical_emergency',
    signal: 'chest-pain',
    re: words(
      'chest|heart|breastbone|sternum|ribcage|angina|palpitat|clammy|sweat|squeez|crush|pressure|tightness',
    ),
  },
  {
    name: 'airway',
    triggers: 'breath air gasp wheez chok suffocat throat tongue lips swell blue inhaler asthma',
    type: 'medical_emergency',
    signal: 'breathing',
    re: words(
      'breath|breathe|breathing|air\\b|gasp|wheez|chok|suffocat|throat|tongue|lips|swell|blue\\b|inhaler|asthma',
    ),
  },
  {
    name: 'neuro',
    triggers:
      'stroke droop slur speech speak talk words numb weak paraly crooked lopsided confus headache vision one face lift move gibberish jumbled floppy limp',
    type: 'medical_emergency',
    signal: 'stroke-signs',
    re: words(
      'stroke|droop|slur|speech|speak|talk|words|numb|weak|paraly|crooked|lopsided|confus|headache|vision|one side|face|lift|move|gibberish|jumbled|floppy|limp',
    ),
  },
  {
    name: 'consciousness',
    triggers:
      'faint pass passed passing collaps unconscious unrespons wake waking awake conscious limp dizz pale',
    type: 'medical_emergency',
    signal: 'unresponsive',
    re: words(
      'faint|pass(?:ed|ing)? out|collaps|unconscious|unrespons|wake|waking|awake|conscious|limp|dizz|pale',
    ),
  },
  {
    name: 'seizure',
    triggers: 'seiz convuls fit fits shak jerk twitch eyes',
    type: 'medical_emergency',
    signal: 'seizure',
    re: words('seiz|convuls|fit\\b|fits\\b|shak|jerk|twitch|eyes rolled'),
  },
  {
    name: 'bleeding',
    triggers:
      'blood bleed bled nosebleed hemorrhag haemorrhag clot soak pour gush spurt towel bandage gash wound pad pads vomit threw throw throwing coffee',
    type: 'medical_emergency',
    signal: 'severe-bleeding',
    re: words(
      'blood|bleed|bled|nosebleed|hemorrhag|haemorrhag|clot|soak|pour|gush|spurt|towel|bandage|gash|wound|pads?\\b|vomit|threw up|throw(?:ing)? up|coffee grounds',
    ),
  },
  {
    name: 'ingestion',
    triggers:
      'pill tablet dose overdos swallow bottle bleach poison chemical medication meds took taken drank ate insulin too',
    type: 'medical_emergency',
    signal: 'overdose',
    re: words(
      'pill|tablet|dose|overdos|swallow|bottle|bleach|poison|chemical|medication|meds\\b|took|taken|drank|ate|insulin|too much|too many',
    ),
  },
  {
    name: 'death-wish',
    triggers:
      "die dies died dying dead death alive live living life exist wake asleep sleep come anymore over end ending burden better point gone disappear here around without relieved takes give can't cant no hopeless",
    type: 'mental_health_crisis',
    signal: 'passive-ideation',
    re: words(
      "die|dying|dead|death|alive|live\\b|living|life|exist|wake|asleep|sleep|come back|anymore|over\\b|end\\b|ending|burden|better off|point|gone|disappear|here|around|without me|relieved|takes me|give up|can't go on|cant go on|no way out|hopeless",
    ),
  },
  {
    name: 'self-harm',
    triggers:
      'suicid kill hurt harm cut cutting cuts burn razor blade knife gun rope hang jump bridge roof ledge edge overdos pills meds stash saving collect hoard stockpil end do letter letters goodbye',
    type: 'mental_health_crisis',
    signal: 'suicidal-ideation',
    re: words(
      'suicid|kill|hurt (?:my|him|her)self|harm|cut(?:ting)?\\b|cuts\\b|burn|razor|blade|knife|gun|rope|hang|jump|bridge|roof|ledge|edge|overdos|pills|meds\\b|stash|saving up|collect|hoard|stockpil|end it|do it|letters?\\b|goodbye',
    ),
  },
  {
    name: 'insult',
    triggers:
      'idiot moron stupid dumb useless incompetent pathetic worthless brain bitch fuck shit ass asshole loser clown liar fraud retard imbecile halfwit lazy cow waste joke excuse shut hell damn crap screw',
    type: 'abusive_caller',
    signal: 'insult',
    re: words(
      'idiot|moron|stupid|dumb|useless|incompetent|pathetic|worthless|brain|bitch|fuck|f\\*|shit|ass\\b|asshole|loser|clown|liar|fraud|retard|imbecile|halfwit|lazy|cow\\b|waste of|joke|excuse|shut up|shut your|hell|damn|crap|screw',
    ),
  },
  {
    name: 'threat',
    triggers:
      'kill hurt find where regret watch come coming show happens make get pay sue lawyer beat shoot gun',
    type: 'abusive_caller',
    signal: 'threat',
    re: words(
      'kill|hurt|find you|where you|regret|watch your|come down|coming down|show up|happens to you|coming for|get what|make you|pay for|sue|lawyer|beat|shoot|gun',
    ),
  },
];

// One pass over the words answers "is there anything here, and what": most caller turns of a
// routine call have none, and only the concepts whose words occur run their pattern.
const GATE = new TriggerIndex(CONCEPTS.length);
CONCEPTS.forEach((c, i) => GATE.add(c.triggers, i));

/** The concepts present in normalised text; the shared empty list for most turns. */
export function conceptsIn(n: string): readonly Concept[] {
  const ids = GATE.scan(n);
  if (ids.length === 0) return NONE;
  const out: Concept[] = [];
  for (const id of ids) {
    const c = CONCEPTS[id]!;
    c.re.lastIndex = 0;
    if (c.re.test(n)) out.push(c);
  }
  return out;
}

const NONE: readonly Concept[] = [];

/** A cheap look at the raw turn: could any concept be in it (before any normalising)? */
export function mayHoldConcept(text: string): boolean {
  return GATE.scan(text).length > 0;
}
