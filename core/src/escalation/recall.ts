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
  /**
   * The concept's everyday words ("here", "letter", "cut", "moved", "medications"): alone they make
   * no candidate, only beside a second word of the same type ("soaking" + "pads", "pills" +
   * "tonight"). Any other word of the concept makes one by itself (see candidateTypes).
   */
  everyday?: RegExp;
  /**
   * Trigger words too common in routine calls to open a turn alone ("here", "take", "hurt",
   * "hell"): the cheap gate lets a turn through on one other trigger word, or on two different
   * common ones of the same concept (see mayHoldConcept). Cue phrases have their own gate.
   */
  common?: string;
  /**
   * A second kind of word that lets one everyday word count: a wish beside a death-wish word
   * ("I keep hoping I don't open my eyes"), a quantity beside an ingestion word ("took like thirty
   * of my seroquel"). The classifier still decides; this only makes the turn a candidate.
   */
  pairs?: RegExp;
}

function words(source: string): RegExp {
  return new RegExp(`(?<![a-z0-9'])(?:${source})`, 'g');
}

/** Matches a whole matched text that is one of the concept's everyday words. */
function everyday(source: string): RegExp {
  return new RegExp(`^(?:${source})$`);
}

// Life as a domain of it ("my sex life", "social life", "quality of life", "life insurance") and
// living as a place or an income ("the living room", "assisted living", "for a living") say
// nothing about being alive.
const LIFE = `(?<!(?:sex|social|love|work|home|family|personal|night|daily|everyday|married|school|quality of|battery|shelf|half|real) )life(?! (?:insurance|policy|style|span|time|coach|jacket|saver|expectancy|changes?|events?|skills|support))`;
const LIVING = `(?<!(?:assisted|independent|for a|cost of) )living(?! (?:room|situation|arrangements?|will|expenses|costs?|facility|quarters))`;

export const CONCEPTS: readonly Concept[] = [
  {
    name: 'cardiac',
    triggers:
      'chest heart breastbone sternum ribcage angina palpitat clammy sweat squeez crush pressure tightness',
    common: 'pressure',
    type: 'medical_emergency',
    signal: 'chest-pain',
    everyday: everyday('pressure'),
    re: words(
      'chest|heart|breastbone|sternum|ribcage|angina|palpitat|clammy|sweat|squeez|crush|pressure|tightness',
    ),
  },
  {
    name: 'airway',
    triggers: 'breath air gasp wheez chok suffocat throat tongue lips swell blue inhaler asthma',
    common: 'air blue lips tongue inhaler',
    type: 'medical_emergency',
    signal: 'breathing',
    everyday: everyday('air|blue|lips|tongue|inhaler'),
    re: words(
      'breath|breathe|breathing|air\\b|gasp|wheez|chok|suffocat|throat|tongue|lips|swell|blue\\b|inhaler|asthma',
    ),
  },
  {
    name: 'neuro',
    triggers:
      'stroke droop slur speech speak talk words numb weak paraly crooked lopsided confus headache vision one face lift move gibberish jumbled floppy limp glassy nonsense mixed disorient',
    common: 'speech speak talk words weak one face lift move limp floppy nonsense',
    type: 'medical_emergency',
    signal: 'stroke-signs',
    everyday: everyday('speech|speak|talk|words|weak|face|lift|move|one side|limp|floppy|nonsense'),
    re: words(
      'stroke|droop|slur|speech|speak|talk|words|numb|weak|paraly|crooked|lopsided|confus|headache|vision|one side|face|lift|move|gibberish|jumbled|floppy|limp|glassy|nonsense',
    ),
  },
  {
    name: 'consciousness',
    triggers:
      'faint pass passed passing collaps unconscious unrespons wake waking awake conscious limp dizz pale slump answering responding respond',
    common: 'wake waking awake conscious limp pale answering respond',
    type: 'medical_emergency',
    signal: 'unresponsive',
    everyday: everyday('wake|waking|awake|conscious|limp|pale'),
    re: words(
      'slump(?:ed|ing)?|not (?:answering|responding)|(?:won.t|wont|can.t|cant) (?:respond|rouse)|faint|pass(?:ed|ing)? out|collaps|unconscious|unrespons|wake|waking|awake|conscious|limp|dizz|pale',
    ),
  },
  {
    name: 'seizure',
    triggers: 'seiz convuls fit fits shak jerk twitch eyes',
    common: 'fit fits eyes',
    type: 'medical_emergency',
    signal: 'seizure',
    everyday: everyday('fit|fits|eyes'),
    // Shaken up, shake it off, shaking one's head: feelings and gestures, not a convulsion.
    re: words(
      'seiz|convuls|fit\\b|fits\\b|shak(?!en up|e (?:it )?off|ing (?:my|his|her|their) head)|jerk|twitch|eyes rolled',
    ),
  },
  {
    name: 'bleeding',
    triggers:
      'blood bleed bled nosebleed hemorrhag haemorrhag clot soak pour gush spurt towel bandage gash wound pad pads vomit threw throw throwing coffee hour cup through filled shirt sheet diaper puk spit cough puddle pool nose',
    common:
      'towel bandage pour wound pad pads coffee hour cup through filled shirt sheet diaper puddle pool nose throw throwing threw',
    type: 'medical_emergency',
    signal: 'severe-bleeding',
    everyday: everyday('pads?|towel|bandage|pour|wound|coffee|puddle|pool of|my nose'),
    re: words(
      'puddle|pool of|my nose|blood(?! (?:pressure|sugars?|work|tests?|draws?|drawn|panel|counts?|type|thinners?|glucose|levels?|results?|donation|donor|bank|cells?))|bleed|bled|nosebleed|hemorrhag|haemorrhag|clot|soak|pour|gush|spurt|towel|bandage|gash|wound|pads?\\b|vomit|threw up|throw(?:ing)? up|coffee grounds|every hour|cups? of|(?:through|soaked|filled) (?:a|the|my|two|three|four|five|six|\\d+) (?:pads?|towels?|shirts?|sheets?|diapers?)|puk(?:e|ing|ed)|spit(?:ting)? (?:up )?blood|cough(?:ing|ed)? (?:up )?blood',
    ),
  },
  {
    name: 'ingestion',
    triggers:
      'pill tablet dose overdos swallow bottle bleach poison chemical medication meds took taken drank ate insulin too washed rest every whole emptied',
    common:
      'pill tablet dose bottle medication meds took taken drank ate insulin too rest every whole emptied washed',
    type: 'medical_emergency',
    signal: 'overdose',
    pairs:
      /(?<![a-z'])(?:\d+|a handful|handfuls|a bunch|a lot of|all of (?:my|them|it)|(?:ten|twelve|fifteen|twenty|thirty|forty|fifty|a hundred)(?: of)?|double|doubled|twice|three times|extra)(?![a-z])/,
    everyday: everyday(
      'pill|tablet|dose|bottle|medication|meds|took|taken|drank|ate|insulin|too much|the rest of|every last|whole pack|whole bottle',
    ),
    re: words(
      'washed (?:it |them )?down|emptied|the rest of|every last|whole pack|whole bottle|pill|tablet|dose|overdos|swallow|bottle|bleach|poison|chemical|medication|meds\\b|took|taken|drank|ate|insulin|too much|too many',
    ),
  },
  {
    name: 'death-wish',
    triggers:
      "muero morir die dies died dying dead death alive live living life exist wake asleep sleep come anymore over end ending burden better point gone disappear here around without relieved takes give can't cant no hopeless existing vanish born carrying carry keep done out reason pointless forever easier drift open",
    common:
      "live living life wake asleep sleep come anymore over end ending better point gone here around without takes give can't cant no keep done out reason open carry carrying easier born drift relieved",
    type: 'mental_health_crisis',
    signal: 'passive-ideation',
    pairs:
      /(?<![a-z'])(?:wish|wishing|hope|hoping|pray|praying|want|wanted|wanting|ready to go|rather|would be (?:fine|better)|get along)(?![a-z])/,
    everyday: everyday(
      'live|living|life|wake|asleep|sleep|come back|anymore|over|end|ending|point|gone|here|around|relieved|takes me|better off|easier|born|drift(?:ed|ing)? off',
    ),
    re: words(
      `muero|morir|morirme|end of me|(?:won't|wont|don't|dont|not|never) open my eyes|drift(?:ed|ing)? off|not (?:be|being) around|around (?:much|any|for much) longer|wasn't around|isn't around|weren't around|never wake|not wake up|sleep forever|die|dying|dead|death|alive|live\\b|${LIVING}|${LIFE}|exist|wake|asleep|sleep|come back|anymore|over\\b(?! (?:there|here))|end\\b|ending|burden|better off|point|gone|disappear|here|around|without me|relieved|takes me|give up|can't go on|cant go on|no way out|hopeless|existing|vanish|never been born|carrying on|carry on|can't keep going|cant keep going|be done|want out|no reason to|pointless|easier|born`,
    ),
  },
  {
    name: 'self-harm',
    triggers:
      'car slit overpass drive front suicid kill hurt harm cut cutting cuts burn razor blade knife gun rope hang jump bridge roof ledge edge overdos pills meds stash saving collect hoard stockpil end do letter letters goodbye purpose purposely deliberately engine exhaust carbon scratch against hitting punch bled last rest whole lighter scissors glass pin$ bought wrist thigh forearm take taking swallow tablets putting put setting insulin antidepressant wanted want make tonight tomorrow weekend rifle pistol revolver handgun firearm shotgun noose',
    common:
      'cut cutting cuts burn jump edge pills meds collect saving end do letter letters goodbye last rest whole lighter scissors glass pin bought wrist thigh forearm take taking tablets putting put setting insulin wanted want make against hitting hang hurt tonight tomorrow weekend',
    type: 'mental_health_crisis',
    signal: 'suicidal-ideation',
    // A plan beside an everyday means word ("pills lined up ... going to take them when he leaves").
    pairs:
      /(?<![a-z'])(?:going to|gonna|i'll|i will|planning to|plan to|lined up|when (?:he|she|they|everyone) (?:leaves|goes|is gone|are gone))(?![a-z])/,
    everyday: everyday(
      'cut|cuts|burn|jump|edge|pills|meds|collect|saving up|letters?|do it|goodbye|tonight|tomorrow|this weekend|the rest of|whole bottle|whole pack|lighter|scissors|glass|pin|bought|wrists?|thighs?|forearms?|tablets|putting (?:them |it )?aside|put (?:them |it )?aside|setting (?:them |it )?aside|insulin|antidepressants?|every last',
    ),
    re: words(
      '(?:car|engine) (?:is )?running|slit|overpass|drive (?:my |the |her |his )?(?:car |truck )?(?:off|into)|in front of (?:a |the )?(?:train|bus|truck)|(?:take|taking|swallow|swallowing) them all|want(?:ed)? it (?:all )?to stop|make it (?:all )?stop|tablets|putting (?:them |it )?aside|put (?:them |it )?aside|setting (?:them |it )?aside|insulin|antidepressants?|every last|burn(?:ed|t|ing)? (?:my|him|her)self|cut(?:ting)? (?:my|him|her)self|suicid|kill|hurt (?:my|him|her)self|harm|cut(?:ting)?\\b|cuts\\b|burn|razor|blade|knife|gun|rifle|pistol|revolver|handgun|firearm|shotgun|noose|rope|hang|jump|bridge|roof|ledge|edge|overdos|pills|meds\\b|stash|saving up|collect|hoard|stockpil|end it|do it|letters?\\b|goodbye|on purpose|purposely|deliberately|engine running|exhaust|carbon monoxide|scratch(?:ed|ing)? (?:my|his|her)|head against|hitting (?:my|him|her)self|hitting (?:my|his|her) head|punch(?:ed|ing)? (?:my|him|her)self|until (?:it|they) bled|(?:my|his|her) last (?:night|day)|the rest of|whole bottle|whole pack|tonight|tomorrow|this weekend|lighter|scissors|glass|pin\\b|bought|wrists?|thighs?|forearms?',
    ),
  },
  {
    // A fall or blow with a serious injury: a limb at a wrong angle, a bone through the skin, a
    // head injury with confusion. Everyday words ("fell", "hip", "head") need a second one.
    name: 'injury',
    triggers:
      'fell fall fallen falling tumble slipped slip tripped broke broken fracture bone bones deform bent sideways pointing angle wrong hip head skull concuss get stand',
    common:
      'fell fall fallen falling tumble slipped slip tripped broke broken bent sideways pointing angle wrong hip head get stand',
    type: 'medical_emergency',
    signal: 'serious-injury',
    everyday: everyday(
      'fell|fall|fallen|falling|tumble|slipped|slip|tripped|broke|broken|bent|sideways|pointing|wrong way|hip|head|get up|stand up',
    ),
    re: words(
      'fell|fall\\b|fallen|falling|tumble|slipped|slip\\b|tripped|broke\\b|broken|fracture|bones? (?:is |was )?(?:sticking|poking|showing|through|out)|deform|bent|sideways|pointing|wrong way|hip\\b|head\\b|skull|concuss|(?:get|stand) up',
    ),
  },
  {
    name: 'insult',
    triggers:
      'idiot moron stupid dumb useless incompetent pathetic worthless brain bitch fuck shit ass asshole loser clown liar fraud retard imbecile halfwit lazy cow waste joke excuse shut hell damn crap screw tool snake scum bastard clueless dimwit parasite thick robot lying',
    common: 'brain shit ass waste joke excuse shut hell damn crap screw thick robot lying lazy cow',
    type: 'abusive_caller',
    signal: 'insult',
    everyday: everyday('brain|shit|ass|lazy|cow|waste of|joke|excuse|hell|damn|crap|screw|thick|robot'),
    re: words(
      'idiot|moron|stupid|dumb|useless|incompetent|pathetic|worthless|brain|bitch|fuck|f\\*|shit|ass\\b|asshole|loser|clown|liar|fraud|retard|imbecile|halfwit|lazy|cow\\b|waste of|joke|excuse|shut up|shut your|hell|damn|crap|screw|tool\\b|snake|scum|bastard|clueless|dimwit|parasite|thick|robot|lying (?:snake|liar|cheat|piece)',
    ),
  },
  {
    name: 'threat',
    triggers:
      'kill hurt find where regret watch come coming show happens make get pay sue lawyer beat shoot gun outside see work leave capable find hospital',
    common:
      'hurt find where come coming show make get pay sue lawyer beat see work leave outside watch hospital',
    type: 'abusive_caller',
    signal: 'threat',
    everyday: everyday(
      'hurt|come down|coming down|show up|get what|make you|pay for|sue|lawyer|beat|hospital',
    ),
    re: words(
      'capable of|find out what|kill|hurt|hospital|find you|where you|regret|watch your|come down|coming down|show up|happens to you|coming for|get what|make you|pay for|sue|lawyer|beat|shoot|gun|waiting (?:for you )?outside|outside your|see what happens|you(?:.ll| will) see|know where|after work|get off work|when you leave',
    ),
  },
];

// One pass over the words answers "is there anything here, and what": most caller turns of a
// routine call have none, and only the concepts whose words occur run their pattern.
// Target ids: concept i for its specific trigger words; CONCEPTS.length + k for the k-th common
// word (each its own id, so the gate can count different ones), mapped back by COMMON_OF.
const COMMON_OF: number[] = [];
CONCEPTS.forEach((c, i) => {
  for (const w of c.common?.split(' ') ?? []) if (w !== '') COMMON_OF.push(i);
});
const GATE = new TriggerIndex(CONCEPTS.length + COMMON_OF.length);
{
  let k = CONCEPTS.length;
  CONCEPTS.forEach((c, i) => {
    const common = new Set(c.common?.split(' ') ?? []);
    GATE.add(
      c.triggers
        .split(' ')
        .filter((w) => !common.has(w.replace(/\$$/, '')))
        .join(' '),
      i,
    );
    for (const w of c.common?.split(' ') ?? []) if (w !== '') GATE.add(w, k++);
  });
}

function conceptOf(id: number): number {
  return id < CONCEPTS.length ? id : COMMON_OF[id - CONCEPTS.length]!;
}

/** The concepts present in normalised text; the shared empty list for most turns. */
export function conceptsIn(n: string): readonly Concept[] {
  const ids = GATE.scan(n);
  if (ids.length === 0) return NONE;
  let present = 0;
  for (const id of ids) present |= 1 << conceptOf(id);
  // In concept order, each tested once, so features do not depend on which word opened it.
  const out: Concept[] = [];
  for (let at = 0; at < CONCEPTS.length; at++) {
    if ((present & (1 << at)) === 0) continue;
    const c = CONCEPTS[at]!;
    c.re.lastIndex = 0;
    if (c.re.test(n)) out.push(c);
  }
  return out;
}

const NONE: readonly Concept[] = [];

/**
 * The first-pass filter: the types the recall layer makes a candidate of. A type counts when one
 * of its concepts is named by a word that is not an everyday one, or by two different everyday
 * words ("soaking" + "pads", "pills" + "tonight"); a lone everyday word ("sorry my phone cut
 * out", "my list of medications") never reaches the classifier.
 */
export function candidateTypes(n: string, concepts: readonly Concept[], into: Set<EscalationType>): void {
  for (const c of concepts) {
    if (into.has(c.type) && (c.name !== 'ingestion' || into.has('mental_health_crisis'))) continue;
    if (!specificEnough(n, c)) continue;
    into.add(c.type);
    // An ingestion is also a crisis candidate: whether it was meant ("because I'm done with all
    // of this") is said in words no concept lists, so the classifier reads the whole turn for both
    // types rather than the recall layer deciding an overdose is accidental.
    if (c.name === 'ingestion') into.add('mental_health_crisis');
  }
}

function specificEnough(n: string, c: Concept): boolean {
  let first: string | undefined;
  c.re.lastIndex = 0;
  for (let m = c.re.exec(n); m !== null; m = c.re.exec(n)) {
    const w = m[0];
    if (!c.everyday || !c.everyday.test(w)) return true;
    if (first === undefined) first = w;
    else if (w !== first) return true;
  }
  return first !== undefined && c.pairs !== undefined && c.pairs.test(n);
}

/** A cheap look at the raw turn: could any concept be in it (before any normalising)? */
export function mayHoldConcept(text: string): boolean {
  // Yes at a specific word, or at a second different common word of one concept: the same
  // answer as reading the whole sorted id list, but it runs on every turn, so it stops early.
  firstCommon.fill(-1);
  return GATE.some(text, specificOrSecondCommon);
}

/** Per concept, the first common-word id seen in the text being read by mayHoldConcept (-1: none). */
const firstCommon = new Int32Array(CONCEPTS.length);

function specificOrSecondCommon(id: number): boolean {
  if (id < CONCEPTS.length) return true;
  const c = conceptOf(id);
  const first = firstCommon[c]!;
  if (first === -1) firstCommon[c] = id;
  return first !== -1 && first !== id;
}
