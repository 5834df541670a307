/**
 * Round 13: findings that stand after the classifier's decision (monitor.ts, learned path only).
 *
 * Each is a protocol's own definition of an emergency, crisis or abuse, stated by its parts rather
 * than by phrases, and read only after the classifier has decided a turn, so the classifier's
 * inputs (and the committed weights) are as trained. A finding here is added only when the
 * classifier raised nothing of its type in the turn; it never removes or lowers one.
 *
 * - plan: a preparation act (letters or a note written, things given away, goodbyes said) + a
 *   time (tonight, tomorrow, this weekend) + a lethal means of any kind (off a road or bridge,
 *   into traffic, a rope, a gun, pills) -> crisis, critical;
 * - a wish that the next day not come ("hoping morning never comes for me") -> passive ideation;
 * - self-harm by any means (burning, cutting, hitting oneself), deliberate (an instrument, a
 *   reason) and repeated or recent -> crisis, high (a wish to die is not needed);
 * - a child who swallowed a household product (a product class: cleaners, fluids, detergent pods,
 *   button batteries, medicines) -> poisoning, critical;
 * - a rescue treatment (inhaler, nebuliser, EpiPen, nitro) used and not working -> high;
 * - a threat of bodily harm to anyone at our organisation ("whoever's behind that desk", "your
 *   staff") -> threat, critical;
 * - "you're a/an <pejorative noun>" with a pejorative from a lexicon or of pejorative form
 *   (-head, -wit, -brain) -> insult, moderate.
 *
 * Acuity: each rule reads one sentence and steps back for a negator before its act, a condition
 * or question before it ("what if my son swallows a battery"), a past time ("when I was a
 * teenager", "last year") and, where the rule needs the caller, another subject.
 */
import type { EscalationSeverity, EscalationType } from '../model/escalation';
import { anaphylaxisIn } from './severity';
import { normalise } from './text';

export interface StandingFinding {
  type: EscalationType;
  severity: EscalationSeverity;
  signal: string;
  reason: string;
}

const PAST =
  /(?:^|[ ,])(?:used to|years ago|months ago|last (?:year|month|summer|winter|spring|fall|autumn|time)|when (?:i|he|she|they) (?:was|were)|as a (?:kid|child|teen|teenager)|in (?:high school|college|my teens|my twenties)|back then|in the past|history of|once before|a while back|long time ago|stopped|quit)(?=[ ,]|$)/;
const CONDITION =
  /(?:^|[ ,])(?:if|what if|in case|suppose|supposing|whether|what do (?:i|you) do|what should|how do (?:i|you) know|is it (?:bad|dangerous|safe|ok|okay|normal)|can (?:a|kids|children|babies)|worried|afraid|scared|in a movie|in the show|in the book|my character)(?=[ ,]|$)/;
const NEGATOR =
  /(?:^|[ ,])(?:not|no|never|didn't|didnt|did not|don't|dont|do not|doesn't|doesnt|does not|won't|wont|will not|wouldn't|wouldnt|would not|haven't|havent|hasn't|hasnt|hadn't|isn't|isnt|wasn't|wasnt|can't|cant|cannot|nobody|nothing)(?=[ ,]|$)/;

function sentencesOf(n: string): string[] {
  return n
    .split(/[.!?;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The sentence before the match, within a few words: a negator or a condition steps back. */
function before(sentence: string, index: number, words = 6): string {
  const head = sentence.slice(0, index).trim().split(/\s+/);
  return ' ' + head.slice(Math.max(0, head.length - words)).join(' ') + ' ';
}

// ---- plan: preparation + time + means -------------------------------------------------------

const FIRST = "(?:i|i'm|im|i am|i've|ive|i have|i'll|ill|i will|i'd|id)";
const PREPARATION = new RegExp(
  `(?:^|[ ,])${FIRST}(?: (?:already|just|finally|all|even|also))? (?:written|wrote|write|writing|left|finished|done|sent|made|making|gave|given|giving|said|saying|put|got|sorted|paid off|cancelled|canceled) ` +
    `(?:(?:a|the|my|some|all|all my|out)(?: \\w+){0,2} )?(?:letters?|notes?|goodbyes?|good byes?|will|things|stuff|belongings|possessions|affairs|cat|dog|pets?|passwords|accounts)(?=[ ,]|$)` +
    `|(?:^|[ ,])(?:gave|given|giving) away (?:my|all my|all of my|everything)(?=[ ,]|$)|(?:^|[ ,])(?:my|the) (?:affairs|will) (?:are|is) (?:in order|sorted|done|ready)(?=[ ,]|$)`,
);
const TIME =
  /(?:^|[ ,])(?:tonight|today|tomorrow|this (?:evening|afternoon|weekend|morning|week)|after (?:work|dinner|the kids|everyone|they)|when (?:everyone|they|the kids|he|she)(?:'s|s| is| are)? (?:asleep|gone|out|in bed)|in an hour|in a few hours|later today|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|at (?:midnight|dawn|\d+))(?=[ ,]|$)/;
const MEANS =
  /(?:^|[ ,])(?:(?:off|over|from) (?:the|a|that|this)(?: \w+){0,2} (?:road|bridge|cliff|cliffs|roof|ledge|building|overpass|quarry|pier|edge|dam|balcony|parking garage|car park|tower|top floor|rocks)|into (?:the |a |an )?(?:oncoming )?(?:traffic|river|lake|sea|ocean|water|wall|tree|truck|train|quarry|canal|bay)|in front of (?:a|the|an) (?:train|truck|bus|lorry|car|subway)|(?:hang|hanging) myself|a (?:rope|noose|gun|pistol|rifle|shotgun|blade|razor)|my (?:gun|pistol|rifle|shotgun|pills|meds|tablets|insulin)|all (?:my|the|of my) (?:pills|meds|tablets|insulin)|(?:shoot|drown|hang|gas|poison) myself|jump(?:ing)? (?:off|from|in front))(?=[ ,]|$)/;
const ACT_AHEAD =
  /(?:^|[ ,])(?:i'm|im|i am|i'll|ill|i will|i'm going to|im going to|i am going to|i'm gonna|im gonna|gonna|going to|planning to|plan to|i plan to|then)(?=[ ,]|$)/;

function planFinding(n: string): StandingFinding | undefined {
  const prep = PREPARATION.exec(n);
  if (!prep) return undefined;
  if (NEGATOR.test(before(n, prep.index + 1, 4)) || CONDITION.test(before(n, prep.index + 1, 10)))
    return undefined;
  for (const s of sentencesOf(n)) {
    const m = MEANS.exec(s);
    if (!m || !TIME.test(s) || !ACT_AHEAD.test(s.slice(0, m.index + 1))) continue;
    const head = before(s, m.index + 1, 8);
    if (NEGATOR.test(head) || CONDITION.test(head) || PAST.test(s)) continue;
    return {
      type: 'mental_health_crisis',
      severity: 'critical',
      signal: 'intent-with-means',
      reason: `a plan: preparation ("${prep[0].trim()}") + a time + a means -> critical`,
    };
  }
  return undefined;
}

// ---- a wish that the next day not come ----------------------------------------------------

const NEXT_DAY_NOT_COME =
  /(?:^|[ ,])(?:hope|hoping|hoped|wish|wishing|pray|praying|want|wanting)(?: that)? (?:(?:the )?(?:morning|tomorrow|the next day|another day|next morning|the sun|sunrise|daylight|dawn)(?: just)? (?:never|doesn't|doesnt|does not|won't|wont|will not|wouldn't|wouldnt|would not|not) (?:ever )?(?:comes?|arrives?|come up|comes up|rises?|rise)|(?:i )?(?:just )?(?:don't|dont|do not|won't|wont|will not|never|not to|not) (?:ever )?(?:see|live to see|make it to|get to see|have to see|have to face|wake up to) (?:another|the next|tomorrow|next|the)(?: (?:morning|day|sunrise))?)(?=[ ,]|$)/;
// What follows says it is dread of an event, not of living: "...because of my exam", "...so I
// don't have to go to court".
const ABOUT_AN_EVENT =
  /^(?:[ ,]+\w+){0,3}[ ,]+(?:because|cause|'cause|cos|so|since|with|till|until|before|like|at|of)(?=[ ,]|$)/;

// An event named after the wish makes it dread of that day: "I hope tomorrow never comes, I have my
// exam".
const EVENT =
  /(?:^|[ ,])(?:exam|exams|test|tests|surgery|operation|procedure|appointment|interview|deadline|meeting|court|hearing|shift|results|move|moving|wedding|work|school|class|presentation|trip|flight|inspection|audit|bill|bills|dentist|colonoscopy|biopsy|scan|mri)(?=[ ,]|$)/;

function wishNoMorning(n: string): StandingFinding | undefined {
  for (const s of sentencesOf(n)) {
    const m = NEXT_DAY_NOT_COME.exec(s);
    if (!m) continue;
    const head = before(s, m.index + 1, 8);
    if (CONDITION.test(head) || PAST.test(s) || /(?:^|[ ,])(?:he|she|they|my \w+)(?=[ ,]|$)/.test(head))
      continue;
    const rest = s.slice(m.index + m[0].length);
    if (ABOUT_AN_EVENT.test(rest) || EVENT.test(rest)) continue;
    return {
      type: 'mental_health_crisis',
      severity: 'high',
      signal: 'passive-ideation',
      reason: 'a wish that the next day not come -> high',
    };
  }
  return undefined;
}

// ---- deliberate self-harm by any means -----------------------------------------------------

const HARM_VERB =
  '(?:burn|burning|burned|burnt|cut|cutting|hit|hitting|punch|punching|scratch|scratching|scratched|carve|carving|carved|hurt|hurting|bruise|bruising|stab|stabbing|slash|slashing|bang|banging)';
const HARM_OBJECT =
  '(?:myself|it|them|my (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|hand|hands|stomach|belly|face|head|forehead|fists?|knuckles|chest|hips?|ankles?))';
const SELF_HARM = new RegExp(
  `(?:^|[ ,])(?:i|i've|ive|i have|i'm|im|i am|i've been|ive been|i have been|i keep|i kept|i still|i started|i start)(?: (?:been|just|still|kind of|sort of|keep|kept|started|start|always|again))*(?: on)? ${HARM_VERB} ${HARM_OBJECT}(?=[ ,]|$)`,
);
// Round 17: an instrument put to one's own body ("I've been holding a match to my wrist",
// "pressing a hot key against my thigh", "dragging a pin across my arm"), said of the caller.
const INSTRUMENT =
  '(?:lighter|lighters|match|matches|cigarette|cigarettes|blade|blades|razor|razors|knife|knives|scissors|glass|pin|pins|needle|needles|paper ?clip|paperclip|compass|sharpener|safety pin|nail file|hot (?:spoon|key|knife|metal|iron|coin|wire)|(?:my )?(?:nails|fingernails))';
const SELF_HARM_INSTRUMENT = new RegExp(
  `(?:^|[ ,])(?:i|i've|ive|i have|i'm|im|i am|i keep|i kept|i still|i started)(?: (?:been|just|still|kind of|sort of|keep|kept|started|always|again))* (?:hold|holding|held|press|pressing|pressed|put|putting|drag|dragging|dragged|run|running|ran|scrape|scraping|scraped|dig|digging|dug|rub|rubbing|rubbed|drive|driving|jab|jabbing|stick|sticking|touch|touching)(?: (?:a|an|the|my|this|that|some))?(?: [a-z'-]+){0,2}? ${INSTRUMENT}(?: [a-z'-]+){0,2}? (?:to|against|across|along|into|over|on|under|through) (?:the (?:inside|back|top|side|skin) of )?(?:my|myself)(?=[ ,]|$)`,
);
// Deliberate: an instrument, or a reason that is not an accident.
const DELIBERATE =
  /(?:^|[ ,])(?:with (?:a|my|the|some)(?: \w+)? (?:lighter|razor|razors|blade|blades|knife|knives|cigarette|cigarettes|match|matches|scissors|glass|compass|sharpener|lighters|pin|needle)|on purpose|to feel|to cope|to punish|so i (?:can )?feel|makes? (?:it|me|things|them|everything) (?:quiet|quieter|stop|calm|calmer|better|go away|numb)|when (?:things|it|everything|my head|i) (?:gets?|get|feel|feels) (?:too|so|really|bad|loud)|only thing that)(?=[ ,]|$)/;
const RECENT_OR_AGAIN =
  /(?:^|[ ,])(?:keep|keeps|kept|been|again|every (?:time|day|night|week)|whenever|when things|started|still|last night|yesterday|today|this morning|this week|tonight|just now|more and more|most nights|most days|(?:can't|cant|cannot) stop)(?=[ ,]|$)/;
const ACCIDENT =
  /(?:^|[ ,])(?:on the (?:stove|oven|pan|iron|kettle|grill|radiator|door|cupboard|cabinet|table|counter)|shaving|cooking|baking|by accident|accidentally|while (?:cooking|chopping|working|shaving)|at work|in the kitchen|the curling iron|slipped)(?=[ ,]|$)/;

function selfHarm(n: string): StandingFinding | undefined {
  const turnDeliberate = DELIBERATE.test(n);
  for (const s of sentencesOf(n)) {
    const verb = SELF_HARM.exec(s);
    // An instrument put to one's own body is deliberate by its form (round 17).
    const m = verb ?? SELF_HARM_INSTRUMENT.exec(s);
    if (!m) continue;
    const head = before(s, m.index + 1, 6);
    // Round 18: a place where it happens ("on the door frame") is an accident's only without a sign
    // it was meant ("on purpose").
    const accident =
      ACCIDENT.test(n) && !/(?:^|[ ,])(?:on purpose|deliberately|intentionally)(?=[ ,]|$)/.test(n);
    if (NEGATOR.test(head) || CONDITION.test(head) || PAST.test(s) || accident) continue;
    if (!(DELIBERATE.test(s) || turnDeliberate || !verb) || !RECENT_OR_AGAIN.test(n)) continue;
    return {
      type: 'mental_health_crisis',
      severity: 'high',
      signal: 'self-harm',
      reason: 'self-harm by any means, deliberate and recent or repeated -> high',
    };
  }
  return undefined;
}

// ---- a child who swallowed a household product ---------------------------------------------

const CHILD =
  /(?:^|[ ,])(?:(?:my|our|the|her|his) (?:toddler|baby|infant|son|daughter|kid|kids|child|little one|little boy|little girl|boy|girl|grandson|granddaughter|nephew|niece|twins?)|(?:my|our|the) (?:\w+ )?(?:year|month) old|(?:he|she|they)(?='s|s|\s))/;
const INGESTED =
  /(?:^|[ ,])(?:drank|drunk|swallowed|swallow|ate|eaten|chewed|chewed on|chewing|chewing on|sucking on|licked|licking|sucked on|bit into|got hold of|put (?:it|one|some|them) in (?:his|her|their) mouth|had a (?:sip|swig|mouthful|taste)|took a (?:sip|swig|mouthful|gulp)|got (?:a|some) (?:in|into) (?:his|her|their) mouth|got into)(?=[ ,]|$)/;
const PRODUCT =
  /(?:^|[ ,])(?:(?:windshield|windscreen|washer|screen wash|brake|lighter|transmission|cleaning) fluid|antifreeze|anti freeze|coolant|bleach|(?:drain|oven|toilet|toilet bowl|floor|glass|window|all purpose|bathroom|kitchen|carpet|grill) cleaner|cleaners?|detergent|(?:laundry|dishwasher|detergent|tide|washing) (?:pods?|tablets?|capsules?|liquid|powder|soap)|pods|dish ?soap|dishwasher soap|fabric softener|ammonia|lye|caustic soda|drano|button batter(?:y|ies)|batter(?:y|ies)|lamp oil|paint thinner|thinner|turpentine|gasoline|petrol|kerosene|motor oil|weed ?killer|pesticide|insecticide|rat poison|roach|bug spray|nail polish remover|acetone|mouthwash|hand sanitizer|sanitiser|sanitizer|rubbing alcohol|essential oils?|vape (?:juice|liquid)|e liquid|nicotine|medicine|medicines|medication|medications|pills|tablets|vitamins|iron (?:pills|tablets)|cough syrup|tylenol|ibuprofen|paracetamol|acetaminophen|aspirin|(?:his|her|my|grandma's|grandpa's|nana's) (?:pills|meds|medicine|tablets)|poison|chemicals?|superglue|glue|magnets?)(?=[ ,]|$)/;

function childIngestion(n: string): StandingFinding | undefined {
  for (const s of sentencesOf(n)) {
    const c = CHILD.exec(s);
    if (!c) continue;
    const rest = s.slice(c.index);
    const v = INGESTED.exec(rest);
    if (!v) continue;
    const p = PRODUCT.exec(rest.slice(v.index));
    if (!p) continue;
    const at = c.index + v.index;
    const head = before(s, at + 1, 6);
    if (NEGATOR.test(head) || CONDITION.test(before(s, c.index + 1, 10)) || PAST.test(s)) continue;
    // "swallow" in the present is a worry or a rule ("kids swallow batteries"), not an event,
    // unless it is after "just".
    if (/^[ ,]*swallow(?=[ ,]|$)/.test(v[0]) && !/(?:^|[ ,])just(?=[ ,]|$)/.test(head)) continue;
    return {
      type: 'medical_emergency',
      severity: 'critical',
      signal: 'poisoning',
      reason: `a child swallowed a household product ("${p[0].trim()}") -> critical`,
    };
  }
  return undefined;
}

// ---- a whole supply swallowed -------------------------------------------------------------

// The caller took a whole supply: an ingestion verb, then a totality (every one of, every single,
// all of, the whole, the entire, the rest of, a full) over pills or their container, with any
// owner between ("every one of my late wife's heart pills", "every pill in the bottle"). "Took"
// alone with "all my pills" is adherence ("I took all my pills this morning"), so `took` needs an
// every-one or container form; a schedule or an instruction in the sentence steps back too.
const TOTAL_INGESTED =
  /(?:^|[ ,])(?:i|i've|ive|i have|i just|i already|i went and)(?: (?:just|already|then|finally|went and))? (?:(swallowed|downed|gulped|chugged|necked|popped|ate)|(took|taken))(?=[ ,]|$)/;
// Containers that hold a supply: "the whole / entire / rest of the <container>"; "a whole / full
// <container>" (where "a month's supply" is the whole phrase).
const HELD_IN = 'bottle|pack|packet|box|strip|blister|container|tub|jar';
const THE_WHOLE = `the (?:whole|entire|full|rest of the|rest of my|rest of (?:his|her|their)) (?:${HELD_IN}|supply|prescription|month's)`;
const A_WHOLE = `(?:a|an) (?:whole|full|entire) (?:${HELD_IN}|month's supply|supply)`;
const EVERY_ONE =
  'every (?:single )?(?:one|last one|pill|tablet|capsule)|every (?:single )?(?:last )?(?:one )?of';
const ALL_OF = 'all (?:of )?(?:the|my|his|her|their|them|those|these|what)';
/** After a verb that means swallowing: any totality. */
const TOTALITY_ANY = new RegExp(`^(?: [a-z']+){0,2}? (?:${EVERY_ONE}|${ALL_OF}|${THE_WHOLE}|${A_WHOLE})`);
/** After "took": an every-one or container form only ("took all my pills" is adherence). */
const TOTALITY_CONTAINER = new RegExp(`^(?: [a-z']+){0,2}? (?:${EVERY_ONE}|${THE_WHOLE}|${A_WHOLE})`);
const SUPPLY =
  /^(?: [a-z'-]+){0,6}? (?:pills?|tablets?|capsules?|caps|meds|medications?|medicines?|prescriptions?|painkillers|pain killers|sleeping pills|sleepers|insulin|doses|bottle|pack|packet|box|strip|blister|container|supply|tylenol|paracetamol|acetaminophen|ibuprofen|advil|aspirin|xanax|ambien|valium|oxy|oxycodone|percocet|vicodin|lithium|seroquel|benadryl|antidepressants?|opioids?|opiates?)(?=[ ,]|$)/;
const CONTAINER_END = new RegExp(`(?:${HELD_IN}|supply|prescription|month's)$`);
const SCHEDULE =
  /(?:^|[ ,])(?:as prescribed|like (?:i'm|im|i am|i was) supposed to|like (?:the|my) doctor (?:said|told me)|every (?:day|morning|night|evening)|each (?:day|morning|night)|daily|this morning|last night|with (?:breakfast|dinner|lunch|food|my meal)|on time|the right (?:dose|amount)|for the (?:week|day)|weekly|organi[sz]er|pill box|pillbox|dispenser|how many|should i|can i|is it ok|is it okay)(?=[ ,]|$)/;

const HELD_WHOLE = new RegExp(`(?:whole|entire|full|rest of (?:the|my|his|her|their)) (?:${HELD_IN})$`);
const SCHEDULE_MANNER =
  /(?:^|[ ,])(?:as prescribed|like (?:i'm|im|i am|i was) supposed to|like (?:the|my) doctor (?:said|told me)|on time|the right (?:dose|amount)|organi[sz]er|pill box|pillbox|dispenser|how many|should i|can i|is it ok|is it okay)(?=[ ,]|$)/;

export function totalIngestion(n: string): StandingFinding | undefined {
  for (const s of sentencesOf(n)) {
    const v = TOTAL_INGESTED.exec(s);
    if (!v) continue;
    const rest = s.slice(v.index + v[0].length);
    const total = (v[1] ? TOTALITY_ANY : TOTALITY_CONTAINER).exec(rest);
    if (!total) continue;
    // A container named is the supply itself; otherwise the pills follow, after any owner.
    if (!CONTAINER_END.test(total[0]) && !SUPPLY.test(rest.slice(total[0].length))) continue;
    const head = before(s, v.index + 1, 6);
    // Round 18: a whole container (box, bottle, pack) is never a dose, so a time of day is not a
    // schedule there: "last night I swallowed the whole box" is recent, and an overdose is an
    // emergency hours later whatever the caller feels now. The manner words still step back.
    const schedule = HELD_WHOLE.test(total[0]) ? SCHEDULE_MANNER.test(s) : SCHEDULE.test(s);
    if (NEGATOR.test(head) || CONDITION.test(before(s, v.index + 1, 10)) || PAST.test(s) || schedule)
      continue;
    return {
      type: 'medical_emergency',
      severity: 'critical',
      signal: 'overdose',
      reason: `a whole supply swallowed ("${(v[0] + total[0]).trim()}") -> critical`,
    };
  }
  return undefined;
}

// ---- new chest pain of recent onset (round 17) ----------------------------------------------

// Chest pain, pressure or tightness that began within hours is assessed the same day whatever it
// is like (chest-pain triage: atypical presentations — mild, "an ache", no sweating, no arm — are
// common in women, older and diabetic people), so a caller who states one now is `high`: a
// symptom of the chest in the caller's words, an onset today or within hours, not chronic (for
// months, on exertion as always), not gone, not negated, not a question or a worry.
const CHEST_SYMPTOM =
  /(?:^|[ ,])(?:(?:ache|aching|pain|pains|pressure|tightness|tight feeling|heaviness|heavy feeling|squeezing|discomfort)(?: [a-z']+){0,5}? chest|chest(?: is| feels| has been| keeps)?(?: [a-z']+){0,1}? (?:ache|aches|aching|pain|pains|pressure|tightness|tight|heavy|heaviness|hurts|hurting|sore|squeezing|discomfort))(?=[ ,.?!;]|$)/;
const FEW =
  '(?:a|an|one|two|three|four|five|ten|fifteen|twenty|thirty|forty|forty five|a few|a couple of|couple of|about (?:a|an|one|two|three|twenty|thirty)|\\d+)';
const ONSET_TODAY = new RegExp(
  `(?:^|[ ,])(?:since (?:breakfast|lunch|dinner|this morning|i woke up|i got up|waking up|last night|${FEW} (?:hours?|minutes?)(?: ago)?)|(?:started|began|came on|come on|it came|it started)(?: [a-z']+){0,2}? (?:this morning|today|tonight|this afternoon|just now|${FEW} (?:hours?|minutes?) ago)|(?:for|over) the (?:last|past) (?:hour|few hours|couple of hours|two hours|three hours))(?=[ ,.?!;]|$)`,
);
const CHRONIC_CHEST =
  /(?:^|[ ,])(?:for (?:months|years|weeks|ages|a long time|a while)|on and off|comes on when|when i (?:climb|walk|exercise|run|exert)|(?:climb|climbing|walking up) (?:the )?stairs|always|every (?:time|day|morning)|history of|angina|used to|years ago|months ago|last (?:year|month|week)|(?<!not )(?:my |as )usual|again like before|heartburn|acid|reflux|indigestion|after (?:eating|meals)|cough(?:ing)?|(?:went|goes|gone) away|it's gone|is gone|(?:has |had )?(?:stopped|passed|settled|eased)|better now|fine now|resolved)(?=[ ,.?!;]|$)/;

const OTHER_DAY =
  /(?:^|[ ,])(?:yesterday|the other day|over the weekend|at the weekend|on (?:the )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)|(?:\w+ )?(?:days|weeks) ago)(?=[ ,.?!;]|$)/;

function newChestPain(n: string): StandingFinding | undefined {
  if (!ONSET_TODAY.test(n) || CHRONIC_CHEST.test(n) || CONDITION.test(n)) return undefined;
  for (const s of sentencesOf(n)) {
    const m = CHEST_SYMPTOM.exec(s);
    // The onset is the chest symptom's own: in its sentence, with no other day named there.
    if (!m || !ONSET_TODAY.test(s) || OTHER_DAY.test(s)) continue;
    if (NEGATOR.test(before(s, m.index + 1, 5)) || /(?:^|[ ,])(?:no|not|without|denies)(?=[ ,])/.test(m[0]))
      continue;
    return {
      type: 'medical_emergency',
      severity: 'high',
      signal: 'chest-pain',
      reason: `new chest pain with an onset today ("${m[0].trim()}") -> high`,
    };
  }
  return undefined;
}

// ---- anaphylaxis after an exposure (round 17) -----------------------------------------------

// The World Allergy Organization's criteria (severity.ts `anaphylaxisIn`): swelling of the lips,
// tongue or face with the airway or breathing, or the airway or voice box alone after a likely
// allergen (a sting, a food allergen, a new medicine). It is a protocol emergency by its parts, so
// it stands whatever the classifier made of the turn's words; not when the turn puts it in the
// past ("last summer", "history of") or asks about it ("what if", "should I worry").
function anaphylaxisNow(n: string): StandingFinding | undefined {
  if (PAST.test(n) || CONDITION.test(n)) return undefined;
  const sign = anaphylaxisIn(n);
  if (sign === undefined) return undefined;
  return {
    type: 'medical_emergency',
    severity: 'critical',
    signal: 'anaphylaxis',
    reason: `anaphylaxis: "${sign}" -> critical`,
  };
}

// ---- rescue treatment not working ----------------------------------------------------------

const RESCUE =
  /(?:^|[ ,])(?:(?:rescue|reliever|blue|emergency) (?:inhaler|puffer|spray|pen)|inhaler|puffer|nebuli[sz]er|nebs?|albuterol|ventolin|salbutamol|epipen|epi pen|epi|auvi q|nitro|nitroglycerin|gtn(?: spray)?)(?=[ ,]|$)/;
const USED =
  /(?:^|[ ,])(?:used|use|using|took|taken|take|had|tried|done|did|given|gave|puffed|sprayed|injected|jabbed)(?=[ ,]|$)/;
const NOT_WORKING =
  /(?:^|[ ,])(?:(?:isn't|isnt|is not|not|hasn't|hasnt|has not|didn't|didnt|did not|doesn't|doesnt|does not|won't|wont|ain't)(?: (?:really|even|quite|much|fully|totally|completely))? (?:helping|helped|help|working|worked|work|going away|gone away|go away|touching it|touched it|doing (?:anything|much|a thing)|done (?:anything|much)|settling|settled|settle|easing|eased|ease|improving|improved|making a difference|made a difference|clearing|cleared)|still (?:wheezy|wheezing|tight|short of breath|breathless|can't breathe|cant breathe|struggling|gasping|bad|getting worse|the same)|(?:only |just )?helps? (?:a bit|a little|a tiny bit|for a minute|for a few minutes)|barely (?:helps?|helping|helped|working|touching)|wears? off|wearing off|getting worse|keeps coming back)(?=[ ,]|$)/;

function rescueNotWorking(n: string): StandingFinding | undefined {
  const r = RESCUE.exec(n);
  if (!r) return undefined;
  const s = n;
  // Used: a use word or a count of doses anywhere in the turn ("I've had ten puffs").
  if (!USED.test(s) && !/(?:^|[ ,])(?:puffs?|doses?|sprays?|nebs?|treatments?)(?=[ ,]|$)/.test(s))
    return undefined;
  const head = before(s, r.index + 1, 10);
  if (
    CONDITION.test(head) ||
    PAST.test(s) ||
    /(?:^|[ ,])(?:used to|usually|normally|always)(?=[ ,]|$)/.test(head)
  )
    return undefined;
  if (NEGATOR.test(before(s, r.index + 1, 3))) return undefined;
  const after = s.slice(r.index + r[0].length);
  const w = NOT_WORKING.exec(after);
  if (!w || w.index > 160) return undefined;
  const which = r[0].trim();
  const signal = /nitro|gtn/.test(which) ? 'chest-pain' : 'breathing';
  return {
    type: 'medical_emergency',
    severity: 'high',
    signal,
    reason: `rescue treatment ("${which}") used and not working -> high`,
  };
}

// ---- a threat of bodily harm to anyone at our organisation ---------------------------------

const OUR_PEOPLE =
  "(?:(?:whoever|whoever's|whoevers|whoever is|anyone|anybody|everyone|everybody|someone|somebody|the (?:person|people|guy|guys|woman|lady|man|girl|one|clerk|idiot|idiots))(?: (?:who's|whos|who is|that's|thats|who|that))?(?: (?:sitting|working|standing|answering|answers|runs|running|behind|at|on|in|from|there|down there|up there))+(?: (?:the|that|your|this|those))?(?: (?:front|billing|reception|main))?(?: (?:desk|counter|reception|office|phones?|window|building|clinic|place|there|line|department|hospital))?" +
  '|your (?:staff|receptionists?|nurses?|doctors?|people|workers|employees|manager|managers|boss|agents|coworkers|co workers|colleagues|team|front desk|billing department|billing people|office staff|supervisor)' +
  '|(?:the|that|this|those|these) (?:receptionists?|nurses?|doctors?|manager|staff|clerks?|supervisor|front desk(?: (?:lady|guy|girl|person|people|staff))?|billing (?:guy|lady|person|people))(?: (?:of yours|there))?)';
const BODY =
  '(?:jaw|jaws|face|faces|nose|noses|neck|necks|legs?|arms?|head|heads|teeth|skull|skulls|ribs|knees?|fingers?|hands?)';
const VIOLENCE =
  '(?:break|breaking|smash|smashing|punch|punching|beat|beating|hurt|hurting|kill|killing|shoot|shooting|stab|stabbing|strangle|choke|slap|kick|bash|deck|knock out|snap|rip|cave in|put .{0,20} in (?:the|a) hospital|take out|beat up|beat (?:\\w+ ){0,3}out of)';
const THREAT_AT_OURS = new RegExp(
  `(?:^|[ ,])(?:i'll|ill|i will|i'm gonna|im gonna|i am gonna|i'm going to|im going to|i am going to|gonna|i'd|id|i would|i swear i'll|i swear ill) (?:(?:just|really|personally|gladly|happily|come and|come down and|go down there and) )?${VIOLENCE}(?: (?:up|in|off|out))? ` +
    `(?:(?:the|his|her|their) ${BODY} (?:of|on) ${OUR_PEOPLE}|${OUR_PEOPLE}(?:'s|s)? ?${BODY}?)(?=[ ,]|$)`,
);

function threatAtOurs(n: string): StandingFinding | undefined {
  for (const s of sentencesOf(n)) {
    const m = THREAT_AT_OURS.exec(s);
    if (!m) continue;
    if (NEGATOR.test(before(s, m.index + 1, 3))) continue;
    // Reported speech: "my husband said he'd break..." is not this caller's threat.
    if (/(?:^|[ ,])(?:said|says|told|tells|joked|jokes|threatened)(?=[ ,]|$)/.test(before(s, m.index + 1, 6)))
      continue;
    return {
      type: 'abusive_caller',
      severity: 'critical',
      signal: 'threat',
      reason: 'a threat of bodily harm to someone at our organisation -> critical',
    };
  }
  return undefined;
}

// ---- "you're a/an <pejorative noun>" -------------------------------------------------------

// A lexicon of pejorative nouns for a person (English, British and American, common in
// complaints); the strong ones the cue rules already know are here too, so the rule stands alone.
const PEJORATIVE = new Set(
  (
    'idiot moron imbecile cretin halfwit dimwit nitwit numpty numbskull dunce dolt oaf buffoon clown fool ' +
    'twit prat plonker pillock wally berk git clot muppet donkey dingbat dipstick doofus dork dweeb goon ' +
    'simpleton ignoramus nincompoop airhead bonehead blockhead knucklehead meathead pinhead birdbrain ' +
    'peabrain nutter nutcase lunatic psycho jerk creep loser lowlife scumbag slimeball sleazebag weasel ' +
    'snake rat pig cow witch hag bitch bastard asshole arsehole jackass tosser wanker knob prick ' +
    'dickhead bellend twat douche douchebag scrounger parasite leech hypocrite liar fraud crook cheat ' +
    'thief con artist charlatan hack amateur incompetent disgrace embarrassment joke nuisance pest ' +
    'useless worthless waste failure coward bully snob brat troll jobsworth pencil pusher ' +
    'idiot sandwich tool plank melt numptie eejit'
  ).split(' '),
);
// A pejorative by its form: compounds of a body part of thought or a waste word.
const PEJORATIVE_FORM = /^(?:[a-z]+(?:head|wit|brain|ball|bag|face|hole|wad|stain)|[a-z]+-?brained)$/;
const NOT_PEJORATIVE_FORM =
  /^(?:forehead|overhead|redhead|figurehead|letterhead|warhead|spearhead|godhead|ahead|behead|airbag|handbag|baseball|football|basketball|eyeball|meatball|surface|interface|preface|typeface|anyhow|keyhole|manhole|pothole|loophole|foxhole|wormhole|buttonhole|pigeonhole|sinkhole|blowhole|rathole|armhole|eyehole|peephole|porthole)$/;
const ARTICLE =
  '(?: (?:a bit of an?|kind of an?|sort of an?|such an?|an? (?:right|proper|complete|total|absolute|utter|real|little|massive|useless|stupid|incompetent|pathetic|great|big)|an?|one|absolute|utter|complete|total))+';
// "you're a bit of a numpty", "you are an absolute plonker", and the vocative "you absolute muppet".
const YOU_ARE_A = new RegExp(
  `(?:^|[ ,])(?:(?:you're|youre|you are|ur|you r|you re)(?: (?:just|really|being|honestly|literally|actually))?${ARTICLE}|you (?:absolute|utter|complete|total|great|big|stupid|useless|little)) ((?:[a-z]+ ){0,2}[a-z-]+)(?=[ ,.!?;]|$)`,
  'g',
);

function pejorativeAtYou(n: string): StandingFinding | undefined {
  for (const s of sentencesOf(n)) {
    YOU_ARE_A.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = YOU_ARE_A.exec(s))) {
      const words = m[1]!.split(' ');
      const noun = words[words.length - 1]!;
      const two = words.slice(-2).join(' ');
      const pejorative =
        PEJORATIVE.has(noun) ||
        PEJORATIVE.has(two) ||
        (PEJORATIVE_FORM.test(noun) && !NOT_PEJORATIVE_FORM.test(noun));
      if (!pejorative) continue;
      // "I'm not saying you're a ...", "if you're a ...", "he said you're a ..." step back.
      const head = before(s, m.index + 1, 6);
      if (
        NEGATOR.test(head) ||
        /(?:^|[ ,])(?:if|when|unless|whether|said|says|told|tells|called|calls|thinks|think|thought|heard|feel like)(?=[ ,]|$)/.test(
          head,
        ) ||
        /(?:^|[ ,])(?:not|never)(?=[ ,]|$)/.test(m[0])
      )
        continue;
      return {
        type: 'abusive_caller',
        severity: 'moderate',
        signal: 'insult',
        reason: `"you're a/an <pejorative>" ("${noun}") at the agent -> moderate`,
      };
    }
  }
  return superlativeAtYou(n) ?? vocativeAtYou(n);
}

// Round 17: two more forms of a single insult aimed at the agent, read by their grammar.
// (1) "you're the <superlative of a trait of the mind or manner> ..." ("the thickest person I've
// dealt with", "the most useless rep"), and its litotes with a trait that praises ("you're not the
// sharpest tool"): the base adjective is recovered from the superlative's form (dimmest -> dim,
// laziest -> lazy, rudest -> rude), so no superlative is listed.
const NEGATIVE_TRAIT = new Set(
  (
    'dim dumb stupid thick slow lazy rude dense daft dopey dopy dozy dull useless incompetent pathetic clueless ' +
    'ignorant worthless unhelpful idiotic moronic brainless inept hopeless miserable nasty lame gormless ' +
    'witless thoughtless careless arrogant obnoxious condescending'
  ).split(' '),
);
const PRAISING_TRAIT = new Set('bright sharp smart clever quick swift brainy'.split(' '));
const YOU_ARE_THE = new RegExp(
  `(?:^|[ ,])(?:you're|youre|you are|ur|you r|you re)((?: (?:just|really|honestly|literally|actually|easily|officially|by far|definitely|seriously|not|never))*) (?:the|by far the) (?:(?:single|very) )?(?:(?:most|biggest|greatest) ([a-z-]+)|([a-z]+est)|(worst))(?=[ ,.!?;]|$)`,
  'g',
);

/** The base adjective of a superlative: dimmest -> dim, laziest -> lazy, rudest -> rude. */
function superlativeBases(w: string): string[] {
  const stem = w.slice(0, -3);
  const out = [stem, stem + 'e'];
  if (stem.length > 2 && stem[stem.length - 1] === stem[stem.length - 2]) out.push(stem.slice(0, -1));
  if (stem.endsWith('i')) out.push(stem.slice(0, -1) + 'y');
  return out;
}

function superlativeAtYou(n: string): StandingFinding | undefined {
  for (const s of sentencesOf(n)) {
    YOU_ARE_THE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = YOU_ARE_THE.exec(s))) {
      const negated = /(?:^| )(?:not|never)(?= |$)/.test(m[1] ?? '');
      const trait = m[2] ?? (m[3] ? superlativeBases(m[3]) : []);
      const bases = typeof trait === 'string' ? [trait] : trait;
      const insulting = negated
        ? bases.some((b) => PRAISING_TRAIT.has(b))
        : m[4] !== undefined || bases.some((b) => NEGATIVE_TRAIT.has(b) || PEJORATIVE.has(b));
      if (!insulting) continue;
      const head = before(s, m.index + 1, 6);
      if (
        NEGATOR.test(head) ||
        /(?:^|[ ,])(?:if|when|unless|whether|said|says|told|tells|called|calls|thinks|think|thought|heard|feel like)(?=[ ,]|$)/.test(
          head,
        )
      )
        continue;
      return {
        type: 'abusive_caller',
        severity: 'moderate',
        signal: 'insult',
        reason: `"you're the <${negated ? 'not ' : ''}superlative>" ("${m[0].trim()}") at the agent -> moderate`,
      };
    }
  }
  return undefined;
}

// (2) The vocative "you <adjective> <pejorative noun>" closing a clause ("..., you gormless twit."):
// the words between are adjectives by a lexicon or by their form (-less, -ful, -ous, -ic, -ish,
// -y, -ing), never a verb or a determiner ("did you see the clown" is not one).
const ADJECTIVE_FORM = /^(?:[a-z]+(?:less|ful|ous|ic|ish|ing|y)|[a-z]+-[a-z]+)$/;
const NOT_ADJECTIVE =
  /^(?:thing|nothing|something|anything|everything|being|going|doing|saying|trying|getting|bring|sing|ring|king|morning|evening|any|many|very|really|only|early|lately|probably|they|why|by|my|sky|guy|buy|pay|say|day|way|may|try|fly|cry|reply)$/;
const VOCATIVE = /(?:^|[ ,])you((?: [a-z'-]+){1,2}) ([a-z-]+)[ ]*$/;

function vocativeAtYou(n: string): StandingFinding | undefined {
  for (const clause of n.split(/[.!?;,]+/)) {
    const m = VOCATIVE.exec(clause.trim());
    if (!m) continue;
    const noun = m[2]!;
    if (!(PEJORATIVE.has(noun) || (PEJORATIVE_FORM.test(noun) && !NOT_PEJORATIVE_FORM.test(noun)))) continue;
    const between = m[1]!.trim().split(' ');
    if (!between.every((w) => NEGATIVE_TRAIT.has(w) || (ADJECTIVE_FORM.test(w) && !NOT_ADJECTIVE.test(w))))
      continue;
    const head = before(clause, m.index + 1, 6);
    if (NEGATOR.test(head) || /(?:^|[ ,])(?:said|says|told|tells|called|calls)(?=[ ,]|$)/.test(head))
      continue;
    return {
      type: 'abusive_caller',
      severity: 'moderate',
      signal: 'insult',
      reason: `"you <adjective> <pejorative>" ("${noun}") at the agent -> moderate`,
    };
  }
  return undefined;
}

const INSULT_WORD =
  /^(?:idiots?|morons?|stupid|dumb|useless|incompetent|pathetic|worthless|clowns?|imbeciles?|brainless|brain-dead|braindead|losers?|jerks?|scum|bastards?|bitch(?:es)?|assholes?|cretins?|fools?|liars?|frauds?|disgrace|joke|halfwits?|dimwits?|nitwits?|numpty|numpties|muppets?|garbage|trash|lazy|clueless|ignorant)$/;
const ADDRESSEE = /(?:^|\s)(?:you|you're|youre|ya|u|ur|yous|y'all|yall)(?=\s|$)/;

/**
 * How many clauses (split at commas and sentence marks) of a turn name "you" (or "all of you")
 * with an insult word, not negated just before it. Three or more in one turn is a tirade:
 * sustained abuse even when it is said in one sentence (round 13).
 */
export function insultClausesAtYou(n: string): number {
  let k = 0;
  for (const clause of n.split(/[.!?;,]+/)) {
    const words = clause.trim().split(/\s+/);
    if (!ADDRESSEE.test(clause)) continue;
    const i = words.findIndex((w) => INSULT_WORD.test(w) || PEJORATIVE.has(w));
    if (i < 0 || NEGATOR.test(' ' + words.slice(Math.max(0, i - 3), i).join(' ') + ' ')) continue;
    k++;
  }
  return k;
}

// ---- round 18: intent + lethal means + a time, without preparation -------------------------

// "Tonight I'm going to drive off the end of the boat ramp into the river": the caller's own act
// ahead, a lethal means and a time in one sentence is a plan (C-SSRS: intent with a specific plan)
// even with no letters written. Water alone is a swim ("jump in the lake tonight"): it counts only
// after driving, walking or wading into it, or off a height.
const OWN_ACT_AHEAD =
  /(?:^|[ ,])(?:i'm|im|i am|i'll|ill|i will)(?: (?:just|really|finally|definitely))? (?:going to|gonna)?/;
const HEIGHT_OR_VEHICLE =
  /(?:^|[ ,])(?:(?:off|over|from) (?:the|a|that|this)(?: [a-z']+){0,3} (?:road|bridge|cliff|cliffs|roof|ledge|building|overpass|quarry|pier|jetty|dock|wharf|harbour wall|harbor wall|ramp|edge|dam|balcony|parking garage|car park|multi storey|tower|top floor|rocks|viaduct|platform)|in front of (?:a|the|an) (?:train|truck|bus|lorry|car|subway|tram)|(?:hang|shoot|drown|gas|poison) myself|a (?:rope|noose|gun|pistol|rifle|shotgun))(?=[ ,]|$)/;
const INTO_WATER =
  /(?:^|[ ,])(?:drive|driving|steer|crash|walk|walking|wade|wading|swim out)(?: [a-z']+){0,8} into (?:the |a )?(?:river|lake|sea|ocean|water|canal|bay|quarry|harbour|harbor|reservoir)(?=[ ,]|$)/;
const LEISURE =
  /(?:^|[ ,])(?:swim|swimming|dip|plunge|paddle|kayak|canoe|launch|sail|sailing|fishing|dive|diving|bungee|skydive|skydiving|zip ?line|for charity|pool|race|show|movie|game)(?=[ ,]|$)/;

function planWithoutPreparation(n: string): StandingFinding | undefined {
  for (const s of sentencesOf(n)) {
    const means = HEIGHT_OR_VEHICLE.exec(s) ?? INTO_WATER.exec(s);
    if (!means || !TIME.test(s) || LEISURE.test(s)) continue;
    const act = OWN_ACT_AHEAD.exec(s.slice(0, means.index + 1));
    if (!act) continue;
    const head = before(s, act.index + 1, 8);
    if (NEGATOR.test(s.slice(act.index, means.index + 1)) || NEGATOR.test(before(s, act.index + 1, 3)))
      continue;
    if (CONDITION.test(head) || PAST.test(s)) continue;
    return {
      type: 'mental_health_crisis',
      severity: 'critical',
      signal: 'intent-with-means',
      reason: `a plan: the caller's act ahead + a lethal means ("${means[0].trim()}") + a time -> critical`,
    };
  }
  return undefined;
}

// ---- round 18: several days' doses taken at once, by anyone ---------------------------------

// An accidental overdose of the elderly: a week's pill organiser emptied at one go, "three days'
// worth", "the whole week's tablets". The amount may be in another sentence of the turn ("her pill
// organiser is empty, all seven days ... she took them all at breakfast"); the ingestion is past
// (took / swallowed), of a person now (I, he, she, Mum), not negated, conditional or long ago.
const MULTI_DAY =
  /(?:^|[ ,])(?:all (?:seven|7|five|six|the) days|(?:the|a|her|his|my|their) (?:whole|entire|full) week'?s?(?: [a-z']+){0,2}|(?:a|one|two|three|a whole|the whole) weeks?'? ?(?:worth|supply|pills|tablets|doses|meds)|(?:two|three|four|five|six|seven|ten|several|a few|\d+) days'? ?(?:worth|supply|of (?:pills|tablets|doses|meds|medication))|(?:organi[sz]er|dosette|pill ?box|blister pack)s? (?:is|was|are|were) (?:all )?(?:empty|emptied|cleared out)|emptied (?:the|her|his|my|their) (?:organi[sz]er|dosette|pill ?box))(?=[ ,]|$)/;
const TOOK_ALL =
  /(?:^|[ ,])(?:i|he|she|they|and|mum|mom|dad|nan|gran|grandma|grandad|grandpa|my (?:mum|mom|dad|mother|father|husband|wife|nan|gran|grandma|grandad|grandpa|partner))(?: (?:has|have|had|must have|might have|may have|just|then|already))* (?:took|taken|swallowed|downed)(?: [a-z']+){0,2}? (?:them all|all of them|the lot|every one|every single one|all (?:seven|7|the) days|(?:two|three|four|five|six|seven|ten|several|a few|\d+) days'? ?worth|(?:a|one|two|a whole|the whole) weeks?'? ?worth|(?:a|the|her|his|my|their) (?:whole|entire|full) week)(?=[ ,'s]|$)/;

function multiDayIngestion(n: string): StandingFinding | undefined {
  if (!MULTI_DAY.test(n)) return undefined;
  for (const s of sentencesOf(n)) {
    const m = TOOK_ALL.exec(s);
    if (!m) continue;
    if (NEGATOR.test(before(s, m.index + 1, 4)) || /(?:^|[ ,])(?:not|never)(?=[ ,])/.test(m[0])) continue;
    if (CONDITION.test(before(s, m.index + 1, 10)) || PAST.test(s)) continue;
    return {
      type: 'medical_emergency',
      severity: 'critical',
      signal: 'overdose',
      reason: 'several days of doses taken at once -> critical',
    };
  }
  return undefined;
}

// ---- round 18: heavy bleeding by its measure --------------------------------------------------

// Heavy bleeding is told by how fast it fills what holds it (postpartum and gynaecological
// triage: a pad soaked in an hour or less, clots bigger than a golf ball), in any words: "I change
// the big pad every fifteen minutes, it is full each time", "soaking a towel every half hour",
// "clots like a fist". The caller's now, not a past birth or a question.
const HOLDER =
  '(?:pads?|maxi ?pads?|sanitary (?:pads?|towels?)|towels?|tampons?|nappies|nappy|diapers?|bandages?|dressings?|gauze|cloths?|flannels?|sheets?)';
const SOAK_FAST = new RegExp(
  `(?:^|[ ,])(?:(?:soak|soaking|soaked|soaks|fill|filling|filled|fills|change|changing|changed|through|full|drenched|drenching)(?: [a-z']+){0,4}? ${HOLDER}|${HOLDER}(?: [a-z']+){0,4}? (?:soaked|full|through|drenched|filled))(?: [a-z',]+){0,8}? (?:every|each|within|in|inside) (?:(?:five|ten|fifteen|twenty|thirty|forty|forty five|\\d+|a few|few) minutes|half (?:an )?hour|(?:an|one|the|a single|every) hour|hour)(?=[ ,.?!;]|$)` +
    `|(?:^|[ ,])(?:every|each) (?:(?:five|ten|fifteen|twenty|thirty|\\d+) minutes|half (?:an )?hour|hour)(?: [a-z',]+){0,8}? (?:soak|soaking|soaked|fill|filling|change|changing|through|full|drenched)(?: [a-z']+){0,4}? ${HOLDER}(?=[ ,.?!;]|$)`,
);
const BIG_CLOTS =
  /(?:^|[ ,])clots?(?: [a-z']+){0,3}? (?:like|the size of|size of|as big as|bigger than|larger than|big as) (?:a |an |my )?(?:fist|golf ball|golfball|plum|egg|lemon|orange|palm|tennis ball|satsuma|apricot)(?=[ ,.?!;]|$)/;
const BLEEDING_NOW_PAST =
  /(?:^|[ ,])(?:was|were|had been|used to be)(?: [a-z']+){0,2}? (?:soaking|changing|filling|bleeding|passing)(?=[ ,]|$)/;

function heavyBleedingByMeasure(n: string): StandingFinding | undefined {
  // A pad or a tampon holds blood by itself; a towel or a dressing needs the blood named.
  if (
    !/(?:^|[ ,])(?:bleed\w*|blood\w*|bled|clots?|period|loss|losing|pads?|maxi|tampons?)(?=[ ,.?!;]|$)/.test(
      n,
    )
  )
    return undefined;
  if (CONDITION.test(n)) return undefined;
  for (const s of sentencesOf(n)) {
    const m = SOAK_FAST.exec(s) ?? BIG_CLOTS.exec(s);
    if (!m) continue;
    if (NEGATOR.test(before(s, m.index + 1, 4)) || PAST.test(s) || BLEEDING_NOW_PAST.test(s)) continue;
    return {
      type: 'medical_emergency',
      severity: 'critical',
      signal: 'severe-bleeding',
      reason: `heavy bleeding by its measure ("${m[0].trim()}") -> critical`,
    };
  }
  return undefined;
}

// ---- round 18: a deep wound, fresh ----------------------------------------------------------

// A bite, cut or puncture that is deep ("you can see into them", "gaping", "down to the fat") and
// fresh needs care in this call (`serious-injury`, high) whether or not it still bleeds: "the
// bleeding slowed when I pressed a towel on it" is first aid working, not a bleed that stopped.
const WOUND =
  /(?:^|[ ,])(?:bite|bites|bitten|bit|cut|cuts|gash|gashes|wound|wounds|puncture|punctures|punctured|holes|laceration|stabbed|tooth marks)(?=[ ,.?!;]|$)/;
const DEEP =
  /(?:^|[ ,])(?:deep(?: [a-z']+){0,2}? (?:cuts?|gash(?:es)?|wounds?|holes|punctures?|bites?|tooth marks|lacerations?|slash(?:es)?)|(?:cuts?|gash(?:es)?|wounds?|holes|punctures?|bites?|tooth marks|lacerations?) (?:is|are|looks?|seems?|feels?|goes|go)(?: really| very| quite| pretty| so)? deep|gaping|wide open|(?:you|i) can see (?:into|inside|the (?:bone|fat|tendon|muscle|white))|down to the (?:bone|fat)|to the bone|won't close|wont close|will not close|needs? stitches|flap of skin)(?=[ ,.?!;]|$)/;
const FRESH =
  /(?:^|[ ,])(?:just now|just|(?:a|an|one|two|five|ten|fifteen|twenty|thirty|forty|\d+|a few|few|couple of) (?:minutes?|hours?) ago|this (?:morning|afternoon|evening)|tonight|today|earlier|on my (?:run|walk|way))(?=[ ,.?!;]|$)/;

function deepWound(n: string): StandingFinding | undefined {
  if (!FRESH.test(n) || PAST.test(n) || CONDITION.test(n)) return undefined;
  for (const s of sentencesOf(n)) {
    const d = DEEP.exec(s);
    if (!d || NEGATOR.test(before(s, d.index + 1, 3))) continue;
    if (!WOUND.test(s) && !WOUND.test(n)) continue;
    return {
      type: 'medical_emergency',
      severity: 'high',
      signal: 'serious-injury',
      reason: `a fresh deep wound ("${d[0].trim()}") -> high`,
    };
  }
  return undefined;
}

// ---- round 18: a threat to find the agent ----------------------------------------------------

// A caller who says they will find where the agent lives or turn up at their door, and means
// harm by it ("I'll track down your home address ... make you pay for it with your teeth"), is
// threatening the agent: the place is the agent's own (home, house, doorstep, where you live), and
// the harm is named in the turn or is the turning up itself.
const FIND_YOU =
  /(?:^|[ ,])(?:i'll|ill|i will|i'm gonna|im gonna|i am gonna|i'm going to|im going to|i am going to|i know|i've got|ive got|i can)(?: (?:just|easily|soon|personally))?(?: (?:(?:track|hunt|dig|look|find|search)(?: down| up| out)?|find out|get|have|know))? (?:where you live|your (?:home |house )?address|your (?:home|house|family|kids))(?=[ ,.?!;]|$)|(?:^|[ ,])(?:i'll|ill|i will|i'm gonna|im gonna|i'm going to|im going to|i am going to)(?: [a-z']+){0,3}? (?:turn up|show up|come round|come around|be waiting|wait) (?:on|at|outside|by|round|around) your (?:door|doorstep|front door|house|home|place|car)(?=[ ,.?!;]|$)/;
const HARM_MEANT =
  /(?:^|[ ,])(?:make you pay|pay for (?:it|this|that)|you'll regret|you will regret|you'll be sorry|watch your back|your teeth|your face|your legs|hurt you|get you|deal with you|sort you out|see (?:how you like|what happens)|one night|count on it)(?=[ ,.?!;]|$)/;

function threatToFindYou(n: string): StandingFinding | undefined {
  for (const s of sentencesOf(n)) {
    const m = FIND_YOU.exec(s);
    if (!m) continue;
    if (NEGATOR.test(before(s, m.index + 1, 3)) || CONDITION.test(before(s, m.index + 1, 6))) continue;
    if (/(?:^|[ ,])(?:said|says|told|tells)(?=[ ,]|$)/.test(before(s, m.index + 1, 6))) continue;
    if (!HARM_MEANT.test(n) && !/turn up|show up|be waiting|wait /.test(m[0])) continue;
    return {
      type: 'abusive_caller',
      severity: 'critical',
      signal: 'threat',
      reason: 'a threat to find the agent and harm them -> critical',
    };
  }
  return undefined;
}

// ---- round 19: bleeding told by its consequences ---------------------------------------------

// Arterial or heavy bleeding is often told without the word: the wound "squirting", "pumping out",
// "spurting", or "gone through three tea towels". With a fresh wound named in the turn (sliced,
// cut, gashed ...) that is severe bleeding (first aid: bleeding that spurts or soaks through cloths
// is life-threatening). Water from a pipe or towels at a pool have no wound, so they never count.
const FRESH_WOUND =
  /(?:^|[ ,])(?:sliced|slashed|cut|gashed|nicked|stabbed|severed|chopped|sheared|punctured|impaled|bitten|wound|gash|laceration)(?=[ ,.?!;]|$)/;
const FLOWS_OUT =
  /(?:^|[ ,])(?:squirting|squirts|squirted|spurting|spurts|spurted|pumping(?: out)?|pulsing(?: out)?|gushing|jetting|spraying|shooting out|pouring out)(?=[ ,.?!;]|$)/;
const THROUGH_CLOTHS =
  /(?:^|[ ,])(?:gone|went|going|been|soaked|soaking|bled|bleeding) (?:straight |right )?through (?:two|three|four|five|six|several|a few|a couple of|\d+|another|the|a|my)(?: [a-z']+){0,2}? (?:tea towels?|towels?|cloths?|dish ?cloths?|flannels?|t ?shirts?|shirts?|bandages?|dressings?|napkins|tissues|kitchen roll|rolls of kitchen roll|plasters)(?=[ ,.?!;]|$)/;
const WATER_THING =
  /(?:^|[ ,])(?:water|pipe|pipes|tap|taps|hose|faucet|juice|milk|oil|paint|ink|sauce|pool|beach|swim|swimming|bath|shower|sprinkler|fountain|gym|iron)(?=[ ,.?!;]|$)/;

export function bleedingByConsequence(n: string): StandingFinding | undefined {
  if (!FRESH_WOUND.test(n) || CONDITION.test(n)) return undefined;
  for (const s of sentencesOf(n)) {
    const m = FLOWS_OUT.exec(s) ?? THROUGH_CLOTHS.exec(s);
    if (!m) continue;
    if (NEGATOR.test(before(s, m.index + 1, 3)) || PAST.test(s) || BLEEDING_NOW_PAST.test(s)) continue;
    if (WATER_THING.test(s) && !/(?:^|[ ,])(?:blood\w*|bleed\w*|bled)(?=[ ,.?!;]|$)/.test(s)) continue;
    return {
      type: 'medical_emergency',
      severity: 'critical',
      signal: 'severe-bleeding',
      reason: `bleeding by its consequence ("${m[0].trim()}") from a fresh wound -> critical`,
    };
  }
  return undefined;
}

// ---- round 19: a thunderclap headache ---------------------------------------------------------

// A sudden, the-worst-ever headache is a subarachnoid haemorrhage until shown otherwise, in any
// words: "the worst headache I've ever had", "something went off in my head like a thunderclap",
// "like being hit with a bat". Not a past episode, a question, a negation, or a thing called a
// headache ("this paperwork is the worst headache of my life").
const THUNDERCLAP =
  /(?:^|[ ,])(?:(?:worst|most painful) (?:headache|head pain|pain in (?:my|his|her) head)(?: [a-z']+){0,5}? (?:of|in) (?:my|his|her|their) (?:whole |entire )?life|(?:worst|most painful) (?:headache|head pain)(?: (?:i've|ive|i have|i'd|he's|hes|she's|shes|he has|she has|they've))? (?:ever|ever had|ever felt)|thunderclap|(?:headache|head)(?: [a-z']+){0,4}? like (?:i've been |i was |being |been |getting )?(?:hit|struck|kicked|smacked|whacked) (?:with|by|in)|(?:something|a blood vessel|a vessel) (?:just |suddenly )?(?:went off|burst|popped|snapped|exploded|went bang) (?:in|inside) (?:my|his|her) head)(?=[ ,.?!;]|$)/;
const A_THING_IS =
  /(?:^|[ ,])(?:paperwork|forms?|enrol\w*|process|job|boss|move|project|website|system|insurance|billing|company|landlord|situation|traffic|commute|wedding|renovation|plan|plans|taxes|kids|meeting|software|printer|computer|car|this call|dealing with|sorting out)(?: [a-z']+){0,2}? (?:is|was|has been|have been|are|were)(?: (?:the|my|a))? (?:worst|biggest)/;

function thunderclapHeadache(n: string): StandingFinding | undefined {
  if (CONDITION.test(n)) return undefined;
  for (const s of sentencesOf(n)) {
    const m = THUNDERCLAP.exec(s);
    if (!m) continue;
    if (NEGATOR.test(before(s, m.index + 1, 4)) || PAST.test(s) || A_THING_IS.test(s)) continue;
    return {
      type: 'medical_emergency',
      severity: 'critical',
      signal: 'stroke-signs',
      reason: `a thunderclap headache ("${m[0].trim()}") -> critical`,
    };
  }
  return undefined;
}

// ---- round 19: a means made ready, with the act ahead ---------------------------------------

// A ligature tied ("a noose in the barn"), or pills put by for weeks ("there's a jar of them now"),
// is a means prepared (C-SSRS: preparatory behaviour); with the caller's act ahead or its end
// stated ("after I hang up I'll go out there and be done with all of it", "I mean to take the lot
// and go to sleep for good") it is a plan, critical. Not negated, past, a question or a story.
const MEANS_READY =
  /(?:^|[ ,])(?:(?:tied|tying|made|making|rigged|put up|hung up|set up|fixed up|knotted|got|bought|have|i've got|ive got)(?: [a-z']+){0,2}? (?:a|the|my|that) (?:noose|ligature)|(?:noose|ligature|rope)(?: [a-z']+){0,3}? (?:is|'s|s) (?:ready|up|tied|hanging|waiting|in place)|(?:tied|rigged|put up|hung|fixed) (?:a|the|my) rope (?:to|from|over|up|in|on)|(?:putting|saving|storing|stashing|hoarding|collecting|keeping|squirrelling|squirreling|stockpiling|building up)(?: [a-z']+){0,3}? (?:pills|tablets|meds|medication|medicines|sleeping pills|sleeping tablets|painkillers|insulin|capsules)(?: [a-z']+){0,2}? (?:by|away|aside|up|back|for (?:weeks|months|ages|a while))|(?:stockpiled|stockpile|stash|hoard|saved up|a (?:jar|bag|box|drawer|tin|bottle)(?: full)? of)(?: [a-z']+){0,3}? (?:pills|tablets|meds|them|painkillers|sleeping pills|sleeping tablets))(?=[ ,.?!;]|$)/;
const END_AHEAD =
  /(?:^|[ ,])(?:(?:i'll|ill|i will|i'm going to|im going to|i am going to|i'm gonna|im gonna|i mean to|i intend to|i plan to|i'm planning to|im planning to|going to|gonna|then i can|then i'll|so i can)(?: [a-z']+){0,6}? (?:be done|end it|end things|end my life|finish it|do it|take (?:them all|all of them|the lot|every one|the whole)|kill myself|hang myself|use it|go to sleep for good|not wake up|never wake up|not be here)|be done with (?:it all|all of it|everything|life|all this)|(?:sleep|go) for good|never wake up|not wake up again|end it all)(?=[ ,.?!;]|$)/;

function preparedMeans(n: string): StandingFinding | undefined {
  const end = END_AHEAD.exec(n);
  if (!end || NEGATOR.test(before(n, end.index + 1, 3))) return undefined;
  for (const s of sentencesOf(n)) {
    const m = MEANS_READY.exec(s);
    if (!m) continue;
    const head = before(s, m.index + 1, 8);
    if (NEGATOR.test(before(s, m.index + 1, 3)) || CONDITION.test(head) || PAST.test(s)) continue;
    if (
      /(?:^|[ ,])(?:movie|film|show|book|novel|story|character|halloween|play|game|knot|knots|sailing|boat)(?=[ ,.?!;]|$)/.test(
        n,
      )
    )
      continue;
    return {
      type: 'mental_health_crisis',
      severity: 'critical',
      signal: 'intent-with-means',
      reason: `a means made ready ("${m[0].trim()}") with the act ahead ("${end[0].trim()}") -> critical`,
    };
  }
  return undefined;
}

/**
 * Each rule with the words (trigger syntax, triggers.ts: a word opens any word it starts, `$` only
 * the whole word) one of which any of its matches holds. The monitor files them in its one trigger
 * scan of the turn (`STANDING_TRIGGERS`), so a rule runs only on a turn that names one of its
 * words, at no extra pass over the text. Most clinical and crisis rules run only on turns the
 * monitor reads anyway (a cue word or a word of the recall layer's classes); the words of the abuse
 * rules (a violent verb, "you're", a pejorative), of a rescue treatment and of the next day are
 * outside those classes and open a turn themselves (the last flag).
 */
const RULES: readonly (readonly [string, (n: string) => StandingFinding | undefined, boolean])[] = [
  ['letter note$ notes$ goodbye gave$ given$ giving$ affairs', planFinding, false],
  ['morning$ tomorrow$ sunrise$ daylight$ dawn$ sun$', wishNoMorning, true],
  [
    'burn burning burned burnt cut$ cuts$ cutting hit$ hits$ hitting punch scratch carv hurting bruis stab slash bang ' +
      'lighter match$ matches$ cigarette blade razor knife knives scissors glass$ pin$ pins$ needle paperclip clip$ compass sharpener nails$ hot$',
    selfHarm,
    false,
  ],
  [
    'drank$ drunk$ swallow ate$ eaten$ chewed chewing licked licking sucked sucking bit$ sip$ swig mouthful gulp hold$ mouth$',
    childIngestion,
    false,
  ],
  ['swallowed$ downed$ gulped$ chugged$ necked$ popped$ ate$ took$ taken$', totalIngestion, false],
  ['chest$', newChestPain, false],
  [
    'stung$ sting$ stings$ bee$ bees$ wasp hornet jacket$ ants$ allergic anaphyla reacting peanut nut$ nuts$ cashew almond walnut pecan shellfish shrimp prawn crab$ lobster sesame antibiotic penicillin amoxicillin',
    anaphylaxisNow,
    true,
  ],
  [
    'inhaler puffer nebuli neb$ nebs$ albuterol ventolin salbutamol epipen epi$ auvi nitro gtn$',
    rescueNotWorking,
    true,
  ],
  [
    'break breaking smash punch beat$ beating kill shoot stab strangle choke slap kick$ bash deck$ knock snap cave$ hurt$',
    threatAtOurs,
    true,
  ],
  [
    'river$ lake$ sea$ ocean$ water$ canal$ bay$ quarry$ harbour$ harbor$ reservoir$ bridge$ cliff roof$ ledge$ building$ overpass$ pier$ jetty$ dock$ wharf$ ramp$ dam$ balcony$ park$ storey$ story$ tower$ viaduct$ platform$ train$ truck$ bus$ lorry$ tram$ subway$ hang$ shoot$ drown$ gas$ poison$ rope$ noose$ gun$ pistol$ rifle$ shotgun$',
    planWithoutPreparation,
    false,
  ],
  ['organiser organizer dosette pillbox box$ blister days$ week weeks$ worth$', multiDayIngestion, false],
  [
    'pad$ pads$ maxi towel towels$ tampon nappies$ nappy$ diaper bandage dressing gauze cloth flannel sheet clot',
    heavyBleedingByMeasure,
    false,
  ],
  ['deep$ gaping open$ see$ bone$ stitches$ flap$', deepWound, false],
  ['address$ live$ doorstep$ door$ house$ home$ place$', threatToFindYou, false],
  [
    'squirt spurt pumping pulsing gushing jetting spraying shooting$ pouring$ through$',
    bleedingByConsequence,
    false,
  ],
  ['worst$ thunderclap head$ headache', thunderclapHeadache, true],
  [
    'noose nooses$ ligature rope$ putting$ saving$ storing$ stashing$ stash$ hoard collecting$ keeping$ squirrel stockpil building$ saved$ jar$',
    preparedMeans,
    true,
  ],
  [
    "you're$ youre$ absolute$ utter$ complete$ total$ worst$ dimmest dumbest stupidest thickest slowest " +
      'laziest rudest densest daftest dullest sharpest brightest smartest cleverest ' +
      [...PEJORATIVE]
        .filter((w) => !w.includes(' '))
        .map((w) => w + '$')
        .join(' '),
    pejorativeAtYou,
    true,
  ],
];

/** The bit of the whole-supply rule in the `words` of `standingFindings`. */
export const TOTAL_INGESTION_BIT = 1 << RULES.findIndex(([, rule]) => rule === totalIngestion);

/** The bit of the bleeding-by-its-consequence rule. */
export const BLEEDING_CONSEQUENCE_BIT = 1 << RULES.findIndex(([, rule]) => rule === bleedingByConsequence);

/** The trigger words of each rule, by rule number (the monitor adds its own offset). */
export const STANDING_TRIGGERS: readonly string[] = RULES.map(([words]) => words);

/**
 * The standing findings of one caller turn (raw `text`; `n`, its normalised text, when the monitor
 * has read the turn; `words`, a bit per rule whose trigger words the scan found), one per type,
 * for the types the classifier did not raise (`raised`).
 */
export function standingFindings(
  text: string,
  raised: ReadonlySet<EscalationType>,
  n?: string,
  words: number = (1 << RULES.length) - 1,
): StandingFinding[] {
  const out: StandingFinding[] = [];
  const read = n !== undefined;
  for (let i = 0; i < RULES.length; i++) {
    const [, rule, opens] = RULES[i]!;
    if ((words & (1 << i)) === 0 || (!read && !opens)) continue;
    n ??= normalise(text);
    const f = rule(n);
    if (!f || raised.has(f.type) || out.some((o) => o.type === f.type)) continue;
    out.push(f);
  }
  return out;
}
