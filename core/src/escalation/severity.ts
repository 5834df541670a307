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
// words for getting bigger — together with the airway or breathing. Either alone is `high` at
// most ("her lips are a bit puffy", "wheezy since the fire drill").
const ALLERGIC_SKIN = new RegExp(
  `(?:^|[ ,])(?:(?:lips?|tongue|face|eyes?|eyelids?)(?: [a-z']+){0,3}? (?:swelling|swollen|huge|bigger|puffy|puffier|puffing|puffed|blowing up|blown up|ballooning)|(?:swelling|swollen|puffy|puffed up|blown up) (?:[a-z']+ ){0,2}?(?:lips?|tongue|face|eyes?|eyelids?)|(?:hives|welts) (?:all over|everywhere|spreading))${W}`,
);
const AIRWAY =
  /(?:^|[ ,])(?:wheez\w*|whistl\w*|can't breathe|cant breathe|can't catch (?:her|his|my|their) breath|trouble breathing|hard to breathe|struggling to breathe|short of breath|breathing (?:is )?(?:funny|weird|hard|fast|noisy|loud)|coughing and coughing|hoarse|voice (?:is )?(?:changing|changed|going|gone))(?=[ ,.?!;]|$)/;

function anaphylaxis(s: string): string | undefined {
  const skin = dangerIn(ALLERGIC_SKIN, s);
  const airway = skin === undefined ? undefined : dangerIn(AIRWAY, s);
  return skin !== undefined && airway !== undefined ? `${skin} + ${airway}` : undefined;
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
