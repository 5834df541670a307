import type { EscalationType } from '../model/escalation';

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
  re: RegExp;
}

function words(source: string): RegExp {
  return new RegExp(`(?<![a-z0-9'])(?:${source})`, 'g');
}

export const CONCEPTS: readonly Concept[] = [
  {
    name: 'cardiac',
    type: 'medical_emergency',
    signal: 'chest-pain',
    re: words('chest|heart|breastbone|sternum|ribcage|angina|palpitat|clammy|sweat|squeez|crush|pressure|tightness'),
  },
  {
    name: 'airway',
    type: 'medical_emergency',
    signal: 'breathing',
    re: words('breath|breathe|breathing|air\\b|gasp|wheez|chok|suffocat|throat|tongue|lips|swell|blue\\b|inhaler|asthma'),
  },
  {
    name: 'neuro',
    type: 'medical_emergency',
    signal: 'stroke-signs',
    re: words('stroke|droop|slur|speech|speak|talk|words|numb|weak|paraly|crooked|lopsided|confus|headache|vision|one side|face|lift|move|gibberish|jumbled|floppy|limp'),
  },
  {
    name: 'consciousness',
    type: 'medical_emergency',
    signal: 'unresponsive',
    re: words('faint|pass(?:ed|ing)? out|collaps|unconscious|unrespons|wake|waking|awake|conscious|limp|dizz|pale'),
  },
  {
    name: 'seizure',
    type: 'medical_emergency',
    signal: 'seizure',
    re: words('seiz|convuls|fit\\b|fits\\b|shak|jerk|twitch|eyes rolled'),
  },
  {
    name: 'bleeding',
    type: 'medical_emergency',
    signal: 'severe-bleeding',
    re: words('blood|bleed|bled|nosebleed|hemorrhag|haemorrhag|clot|soak|pour|gush|spurt|towel|bandage|gash|wound|pads?\\b|vomit|threw up|throw(?:ing)? up|coffee grounds'),
  },
  {
    name: 'ingestion',
    type: 'medical_emergency',
    signal: 'overdose',
    re: words('pill|tablet|dose|overdos|swallow|bottle|bleach|poison|chemical|medication|meds\\b|took|taken|drank|ate|insulin|too much|too many'),
  },
  {
    name: 'death-wish',
    type: 'mental_health_crisis',
    signal: 'passive-ideation',
    re: words('die|dying|dead|death|alive|live\\b|living|life|exist|wake|asleep|sleep|come back|anymore|over\\b|end\\b|ending|burden|better off|point|gone|disappear|here|around|without me|relieved|takes me|give up|can\'t go on|cant go on|no way out|hopeless'),
  },
  {
    name: 'self-harm',
    type: 'mental_health_crisis',
    signal: 'suicidal-ideation',
    re: words('suicid|kill|hurt (?:my|him|her)self|harm|cut(?:ting)?\\b|cuts\\b|burn|razor|blade|knife|gun|rope|hang|jump|bridge|roof|ledge|edge|overdos|pills|meds\\b|stash|saving up|collect|hoard|stockpil|end it|do it|letters?\\b|goodbye'),
  },
  {
    name: 'insult',
    type: 'abusive_caller',
    signal: 'insult',
    re: words('idiot|moron|stupid|dumb|useless|incompetent|pathetic|worthless|brain|bitch|fuck|f\\*|shit|ass\\b|asshole|loser|clown|liar|fraud|retard|imbecile|halfwit|lazy|cow\\b|waste of|joke|excuse|shut up|shut your|hell|damn|crap|screw'),
  },
  {
    name: 'threat',
    type: 'abusive_caller',
    signal: 'threat',
    re: words('kill|hurt|find you|where you|regret|watch your|come down|coming down|show up|happens to you|coming for|get what|make you|pay for|sue|lawyer|beat|shoot|gun'),
  },
];

// One pass answers "is there anything at all here": most caller turns of a routine call have none.
const ANY = new RegExp(CONCEPTS.map((c) => `(?:${c.re.source})`).join('|'));

/** The concepts present in normalised text; the shared empty list for most turns. */
export function conceptsIn(n: string): readonly Concept[] {
  if (!ANY.test(n)) return NONE;
  const out: Concept[] = [];
  for (const c of CONCEPTS) {
    c.re.lastIndex = 0;
    if (c.re.test(n)) out.push(c);
  }
  return out;
}

const NONE: readonly Concept[] = [];

/** A cheap look at the raw turn: could any concept be in it (before any normalising)? */
export function mayHoldConcept(text: string): boolean {
  return ANY.test(text.toLowerCase());
}
