/**
 * Severity of a current finding: a base grade per signal, moved one step by what the caller says
 * about it. `critical`: act now (911 / crisis line); `high`: route to clinical or crisis staff in
 * this call; `moderate`: a supervisor reviews.
 */
import type { EscalationSeverity } from '../model/escalation';

const BASE: Readonly<Record<string, EscalationSeverity>> = {
  'not-breathing': 'critical',
  unresponsive: 'critical',
  seizure: 'critical',
  'stroke-signs': 'critical',
  'heart-attack': 'critical',
  poisoning: 'critical',
  overdose: 'critical',
  'intentional-overdose': 'critical',
  'intent-with-means': 'critical',
  'suicidal-ideation': 'critical',
  'chest-pain': 'high',
  breathing: 'high',
  'severe-bleeding': 'high',
  'serious-injury': 'high',
  'self-harm': 'high',
  'passive-ideation': 'high',
  threat: 'critical',
  'sustained-abuse': 'high',
  insult: 'moderate',
};

const ORDER: readonly EscalationSeverity[] = ['moderate', 'high', 'critical'];

// Said of the finding itself: "crushing", "won't stop", "the worst".
const INTENSE =
  /(?:^|[ ,])(?:crushing|severe|severely|really bad|so bad|very bad|terrible|horrible|worst|unbearable|excruciating|can't|cant|cannot|won't stop|wont stop|everywhere|gushing|pouring|spurting|heavily|soaking|soaked|getting worse|radiating|going down my (?:left )?arm|turning blue|passed out)(?=[ ,.?!;]|$)/;
// Mild words or a guess lower it: "a little", "I think I might have taken too much".
const MILD =
  /(?:^|[ ,])(?:a little|a little bit|a bit|a wee bit|wee bit|slight|slightly|mild|mildly|kind of|kinda|sort of|somewhat)(?=[ ,.?!;]|$)/;
const UNSURE =
  /(?:^|[ ,])(?:i think|maybe|might have|might've|may have|not sure|i'm not sure|probably)(?=[ ,.?!;]|$)/;

export interface Graded {
  severity: EscalationSeverity;
  reason: string;
}

/** Grades a finding from its signal and its sentence (normalised, squashed). */
export function grade(signal: string, sentence: string, acuityWhy: string): Graded {
  const base = BASE[signal] ?? 'high';
  let step = 0;
  const notes: string[] = [acuityWhy];
  const s = ' ' + sentence + ' ';
  const intense = INTENSE.exec(s);
  const mild = MILD.exec(s);
  const unsure = signal === 'overdose' ? UNSURE.exec(s) : null;
  if (intense && !mild) {
    step++;
    notes.push(`intensified: "${intense[0].trim()}"`);
  }
  if (mild && !intense) {
    step--;
    notes.push(`mild: "${mild[0].trim()}"`);
  }
  if (unsure) {
    step--;
    notes.push(`uncertain: "${unsure[0].trim()}"`);
  }
  const at = Math.max(0, Math.min(ORDER.length - 1, ORDER.indexOf(base) + step));
  const severity = ORDER[at]!;
  return { severity, reason: `${signal} (${base}), ${notes.join('; ')} -> ${severity}` };
}

/**
 * The triage protocol for a medical finding the classifier raised (round 9). One stated rule
 * instead of a learned grade:
 * - `critical`, an immediate threat to life now: a signal that is one by itself (not breathing,
 *   unresponsive, stroke signs, seizure, heart attack, overdose, poisoning), or a danger sign said
 *   with the finding — chest pain that is crushing or severe, spreads to the arm or jaw, or comes
 *   with sweating, breathlessness or fainting; breathing so bad the caller gasps, cannot speak or
 *   turns blue or grey; bleeding that will not stop, soaks through or makes them faint; a throat
 *   or tongue swelling shut; anyone who will not wake or answer.
 * - `high`, urgent but not immediately life-threatening: the same findings without a danger sign
 *   (an injury, a fall, chest pain or breathing trouble on its own).
 * - one step down (`moderate`) when the caller's own words make it mild ("a little") or an
 *   overdose a guess, as `grade` does.
 */
const LIFE_THREAT_SIGNALS: ReadonlySet<string> = new Set([
  'not-breathing',
  'unresponsive',
  'stroke-signs',
  'heart-attack',
  'poisoning',
  'overdose',
  'intentional-overdose',
  'seizure',
]);
const W = '(?=[ ,.?!;]|$)';
// Danger signs anywhere in the caller's turn: whoever has them is in danger of dying now.
const DANGER_ANY = new RegExp(
  `(?:^|[ ,])(?:not breathing|stopped breathing|isn't breathing|isnt breathing|gasping|turning blue|turned blue|(?:lips|face|fingertips) (?:[a-z']+ ){0,4}?(?:blue|bluish|gray|grey|greyish|grayish|purple|dusky)|won't wake|wont wake|can't wake|cant wake|not waking|won't answer me|wont answer me|not responding|unresponsive|passed out|passing out|fainted|throat (?:is |feels )?(?:closing|swelling|swollen)|tongue (?:is )?(?:swelling|swollen)|can't swallow|cant swallow|can't speak|cant speak|can't talk|cant talk|barely[ .]*(?:talk|speak|swallow|breathe)|can't get air|cant get air|can't get any air|(?:catch|get) (?:my |his |her |their )?breath at all|(?:throat|airway)(?: is| feels| is getting| getting|'s)?(?: really| so)? (?:tight|closing|swelling|swollen)|closing up|(?:lips|tongue|face) (?:are |is )?(?:swelling|swollen|puffing)|(?:throwing up|vomiting|coughing up|threw up) blood|(?:swallowed|drank|ate|drunk|gulped) (?:(?:some|a little|a bit|a sip|a mouthful|part|half) (?:of )?)?(?:a |the |some |his |her |my |their )?(?:whole|entire|all|bleach|drain|pods?|bottle|handful|lye|oven cleaner|toilet cleaner|antifreeze|lamp oil|lighter fluid|weed killer|rat poison)|bit (?:one|it) open|got into (?:the |my |his |her )?(?:pills|pods|bleach|medicine|medication)|(?:floppy|limp|lethargic|hard to wake|won't stay awake|wont stay awake|can't stay awake|cant stay awake|can't keep (?:his|her|their|my) eyes open|cant keep (?:his|her|their|my) eyes open))${W}`,
);
// Danger signs that make chest pain a possible heart attack.
const DANGER_CHEST = new RegExp(
  `(?:^|[ ,])(?:crushing|severe|worst|unbearable|excruciating|elephant|(?:left )?arm|jaw|sweat|sweating|sweaty|clammy|drenched|short of breath|can't breathe|cant breathe|can't catch my breath|hard to breathe|trouble breathing)${W}`,
);
// Danger signs that make bleeding uncontrolled.
const DANGER_BLEED = new RegExp(
  `(?:^|[ ,])(?:won't stop|wont stop|will not stop|not stopping|keeps? coming|still coming|soaked|soaking|soak through|pouring|spurting|gushing|lightheaded|light headed|dizzy|faint|filling a pad|clots)${W}`,
);
// Danger signs after a blow to the head: vomiting, confusion, repeating questions.
const DANGER_HEAD = new RegExp(
  `(?:^|[ ,])(?:thrown up|threw up|throwing up|vomiting|vomited|confused|not making sense|asking (?:me )?the same (?:question|thing)|won't wake|wont wake|passed out|knocked out)${W}`,
);
// Anaphylaxis (two body systems at once after an exposure, as the World Allergy Organization
// criteria read it): swelling of the lips, tongue, face or eyes, or hives all over — said in any
// words for getting bigger ("too big for my mouth", "thick", "fat") — together with the airway or
// breathing. Either alone is `high` at most ("her lips are a bit puffy", "wheezy since the fire
// drill"). Round 17: the WAO's second criterion too — after an exposure to a likely allergen (a
// sting, a food allergen, a new medicine, "an allergic reaction"), the airway or the voice box
// alone (wheeze, hoarseness, a tight throat, cannot swallow) is anaphylaxis, skin or not.
const BIGGER =
  '(?:swelling|swollen|huge|bigger|too (?:big|large|fat|thick)|big|thick|thicker|fat|fatter|enormous|puffy|puffier|puffing|puffed|puffed up|blowing up|blown up|ballooning)';
const ALLERGIC_SKIN = new RegExp(
  `(?:^|[ ,])(?:(?:lips?|tongue|face|eyes?|eyelids?)(?: [a-z']+){0,3}? ${BIGGER}|(?:swelling|swollen|puffy|puffed up|blown up|thick|fat|huge|enormous) (?:[a-z']+ ){0,2}?(?:lips?|tongue|face|eyes?|eyelids?)|(?:hives|welts) (?:all over|everywhere|spreading))${W}`,
);
// A likely allergen met (not a history: the finding is already current by the classifier).
const EXPOSURE = new RegExp(
  `(?:^|[ ,])(?:stung|sting|stings|bee|wasp|hornet|yellow ?jacket|fire ants?|(?:allergic|anaphylactic) reaction|reacting to|(?:ate|eaten|eating|had|tasted|bit into|swallowed|after) (?:[a-z']+ ){0,4}?(?:peanuts?|nuts?|cashews?|almonds?|walnuts?|pecans?|shellfish|shrimp|prawns?|crab|lobster|sesame)|(?:first|new) (?:dose|pill|tablet|shot|injection) of|(?:new|started (?:a|the|on)?) ?(?:antibiotic|penicillin|amoxicillin))${W}`,
);
const AIRWAY_ONLY =
  /(?:^|[ ,])(?:wheez\w*|hoarse|voice (?:is |has )?(?:gone|going|changing|changed|all)|throat (?:is |feels |getting |is getting )?(?:tight|tighter|closing|thick|swelling|swollen)|tongue (?:is |feels )?(?:swelling|swollen|thick|too big|huge)|can't swallow|cant swallow|cannot swallow|trouble swallowing|hard to swallow|stridor)(?=[ ,.?!;]|$)/;
const AIRWAY =
  /(?:^|[ ,])(?:wheez\w*|whistl\w*|can't breathe|cant breathe|can't catch (?:her|his|my|their) breath|trouble breathing|hard to breathe|struggling to breathe|short of breath|breathing (?:is )?(?:funny|weird|hard|fast|noisy|loud)|coughing and coughing|hoarse|voice (?:is )?(?:changing|changed|going|gone))(?=[ ,.?!;]|$)/;

/** Anaphylaxis signs in a caller's turn (normalised), e.g. "wasp + hoarse"; undefined if none. */
export function anaphylaxisIn(turn: string): string | undefined {
  return anaphylaxis(' ' + turn + ' ');
}

function anaphylaxis(s: string): string | undefined {
  const skin = dangerIn(ALLERGIC_SKIN, s);
  const airway = skin === undefined ? undefined : dangerIn(AIRWAY, s);
  if (skin !== undefined && airway !== undefined) return `${skin} + ${airway}`;
  const exposure = dangerIn(EXPOSURE, s);
  const larynx = exposure === undefined ? undefined : dangerIn(AIRWAY_ONLY, s);
  return exposure !== undefined && larynx !== undefined ? `${exposure} + ${larynx}` : undefined;
}

const NEGATED_BEFORE = /(?:^|[ ,])(?:no|not|without|denies|never|nor|n't)[ ,]+(?:[a-z']+ ){0,2}$/;

function dangerIn(re: RegExp, s: string): string | undefined {
  const g = new RegExp(re.source, 'g');
  for (let m = g.exec(s); m; m = g.exec(s)) {
    if (!NEGATED_BEFORE.test(s.slice(Math.max(0, m.index - 30), m.index + 1))) return m[0].trim();
  }
  return undefined;
}

/** The protocol grade of a current medical finding, from its signal and the caller's turn. */
export function protocolGrade(signal: string, turn: string): Graded {
  const s = ' ' + turn + ' ';
  const life = LIFE_THREAT_SIGNALS.has(signal);
  const danger = dangerIn(DANGER_ANY, s) ?? anaphylaxis(s);
  let sign = life ? signal : danger;
  if (!sign && (signal === 'chest-pain' || signal === 'heart-attack' || / chest /.test(s)))
    sign = dangerIn(DANGER_CHEST, s);
  if (!sign && (signal === 'severe-bleeding' || signal === 'serious-injury' || / blood | bleeding /.test(s)))
    sign = dangerIn(DANGER_BLEED, s);
  if (!sign && / (?:hit|banged|bumped|smacked) (?:my|his|her|their) head /.test(s))
    sign = dangerIn(DANGER_HEAD, s);
  const base: EscalationSeverity = sign ? 'critical' : 'high';
  const note = sign ? `life threat: "${sign}"` : 'urgent, no danger sign';
  // Mild words or a guess lower a finding with no danger sign; a danger sign is not softened by
  // "kind of" ("his lips look kinda gray"). Round 12: a guess about how much was swallowed lowers
  // an overdose or a poisoning only when nobody is showing a danger sign ("I think he ate four of
  // her pills, and he's getting floppy" stays critical).
  const g = grade(signal === 'poisoning' ? 'overdose' : signal, turn, '');
  const lowered =
    (life ? danger === undefined : !sign) && (g.reason.includes('mild:') || g.reason.includes('uncertain:'));
  const severity: EscalationSeverity = lowered ? ORDER[Math.max(0, ORDER.indexOf(base) - 1)]! : base;
  return {
    severity,
    reason: `${signal} protocol: ${note}${lowered ? ', lowered by the caller' : ''} -> ${severity}`,
  };
}

/**
 * The protocol for a crisis finding (round 9): `critical` when the caller states an act, intent
 * with a plan, or the means — a dose taken or counted, pills saved, a rope, a gun, a method looked
 * up; otherwise the classifier's grade stands (capped at `high` for a wish to be dead without
 * any of these, by the monitor).
 */
const MEANS = new RegExp(
  `(?:^|[ ,])(?:took (?:about |like |around |almost |maybe )?(?:\\d+|twenty|thirty|forty|fifty|sixty|a hundred|all|the whole|a handful|a bunch)|swallowed|how many (?:of )?(?:my |the |these |those )?(?:pills|tablets|sleeping pills|pain pills)|how much (?:it|would) (?:would )?take|looking up how|looked up how|saving up|saved up|stockpil\\w*|a rope|the rope|loaded|my gun|the gun|a gun|bridge tonight|jump off)${W}`,
);
export function crisisMeans(turn: string): string | undefined {
  return dangerIn(MEANS, ' ' + turn + ' ');
}

/**
 * Round 17, a wound that bled and has stopped: bleeding is an emergency while it goes on. A turn
 * that says the bleeding has stopped or closed up ("it bled for a minute and stopped", "it's
 * scabbed over", "not bleeding anymore"), or that puts every bleeding in the past with a past time
 * ("my nose bled for an hour last night"), with nothing that says it goes on now ("still", "again",
 * "won't stop", "is bleeding") and no sign of a wound worse than its bleeding (bone, a gaping cut,
 * fainting), is a resolved bleed: asked about (a tetanus shot, stitches), not an emergency now.
 */
const BLEED_WORD =
  /(?:^|[ ,])(?:bled|bleed|bleeds|bleeding|blood|bloody|nosebleed|hemorrhag\w*|haemorrhag\w*)(?=[ ,.?!;]|$)/;
const STOPPED = new RegExp(
  `(?:^|[ ,])(?:(?:it|that|the bleeding|bleeding|the blood|which|and|then|finally|eventually|soon|quickly)(?: has| had|'s|s)?(?: finally| eventually)? (?:stopped|quit|settled|let up|eased off|dried up)|stopped (?:bleeding|on its own|by itself|after|within|in a)|(?:closed|scabbed|healed|sealed|crusted) (?:up|over)|(?:has|'s|is) (?:closed|healed|scabbed|healing)|scabbed|(?:no longer|not) bleeding(?: (?:any ?more|now))?|(?:isn't|isnt|is not|wasn't|wasnt) bleeding)${W}`,
);
const STILL_BLEEDING = new RegExp(
  `(?:^|[ ,])(?:still|again|keeps?|won't stop|wont stop|will not stop|not stopping|hasn't stopped|hasnt stopped|has not stopped|hadn't stopped|never stopped|didn't stop|didnt stop|can't stop|cant stop|can't get it to stop|cant get it to stop|restarted|started up|soak\\w*|pouring|gushing|spurting|right now|is bleeding|it's bleeding|its bleeding|are bleeding|am bleeding|i'm bleeding|im bleeding|he's bleeding|she's bleeding|bleeding (?:a lot|heavily|badly|everywhere)|opened (?:up|back up)|reopened)${W}`,
);
const PAST_TIME =
  /(?:^|[ ,])(?:yesterday|last (?:night|week|weekend|month|time)|(?:two|three|four|five|a few|couple of|several|\d+) (?:days|weeks) ago|the other day|over the weekend|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))(?=[ ,.?!;]|$)/;
// A bleed that is in the past by its time but seen again today is not resolved ("started
// yesterday, and today I saw a lot of blood").
const TODAY =
  /(?:^|[ ,])(?:today|tonight|this (?:morning|afternoon|evening)|now|right now|currently|at the moment|coming back|came back|started|starting)(?=[ ,.?!;]|$)/;
const PRESENT_BLEED = /(?:^|[ ,])(?:bleeds|bleeding)(?=[ ,.?!;]|$)/g;
const WORSE_WOUND =
  /(?:^|[ ,])(?:bone|tendon|gaping|gash(?:ed)?|wide open|to the bone|severed|cut off|amputat\w*|can't move|cant move|won't close|wont close|numb|fainted|faint|passed out|dizzy|lightheaded|light headed)(?=[ ,.?!;]|$)/;

export function bleedingResolved(turn: string): string | undefined {
  const s = ' ' + turn + ' ';
  if (!BLEED_WORD.test(s) || STILL_BLEEDING.test(s) || WORSE_WOUND.test(s)) return undefined;
  const stopped = dangerIn(STOPPED, s);
  if (stopped !== undefined) return stopped;
  // Every bleeding in the past: a past time, and each "bleeding" after "was" / "had been".
  if (!PAST_TIME.test(s) || TODAY.test(s)) return undefined;
  for (const m of s.matchAll(PRESENT_BLEED))
    if (!/(?:was|were|had been|it'd been)[ ,]+$/.test(s.slice(Math.max(0, m.index - 12), m.index + 1)))
      return undefined;
  return PAST_TIME.exec(s)![0].trim();
}

/**
 * Round 17, self-harm without suicidal intent: a caller who hurts themself and says in the turn
 * that they do not want to die ("I don't want to die, I just can't stop") is in crisis and is
 * routed to crisis staff in this call (`high`), not 911, unless the turn states a means or a dose
 * (crisisMeans), which stays critical.
 */
const NO_SUICIDAL_INTENT =
  /(?:^|[ ,])(?:(?:i )?(?:don't|dont|do not|never) (?:want|wanna|mean|plan|intend|try|trying)(?: to)? (?:die|be dead|kill myself|end (?:it|it all|my life|things))|(?:i'm|im|i am|it's|its|it is|this is|that's) not (?:about )?(?:trying|going|planning|wanting|looking)(?: to)? (?:die|kill myself|end (?:it|my life))|(?:i'm|im|i am) not (?:suicidal|trying to die)|(?:it's|its|it is|this is|that's) not (?:a )?suicid\w*|not because i want to die)(?=[ ,.?!;]|$)/;
const SELF_INJURY =
  /(?:^|[ ,])(?:cut|cuts|cutting|slash\w*|slic(?:e|ed|ing)|burn|burns|burning|burned|burnt|scratch\w*|carv\w*|dragging|dragged|hurt(?:ing)? myself|hit(?:ting)? myself|punch(?:ing)? myself|till it bleeds|until it bleeds|across my (?:arm|arms|forearm|wrist|wrists|thigh|thighs|leg|legs|skin|stomach))(?=[ ,.?!;]|$)/;

export function deniesSuicidalIntent(turn: string): boolean {
  return NO_SUICIDAL_INTENT.test(' ' + turn + ' ');
}
export function selfInjury(turn: string): boolean {
  return SELF_INJURY.test(' ' + turn + ' ');
}
