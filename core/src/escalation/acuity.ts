/**
 * Acuity of one candidate condition, in the manner of ConText (Harkema et al. 2009): a cue match
 * is a finding, and the words around it, each with a scope, say whether the finding is negated,
 * historical, hypothetical, experienced by someone else in the past, chronic, or current. Only a
 * current finding is an escalation. The clause-level scopes live in context.ts; this file adds
 * the dialogue-level ones: the question the caller is answering, the turn's narrative frame,
 * chronicity and duration.
 */
import type { Cue } from './cues';
import { history, hypothetical, joking, negated, nonhumanSubject, trivialHyperbole } from './context';
import { squash, tokens, type Clause } from './text';

export type Acuity = 'current' | 'chronic' | 'past' | 'hypothetical' | 'negated' | 'denied' | 'figurative';

export interface Assessment {
  acuity: Acuity;
  /** The context that decided it, for the escalation's `reason` and for review. */
  why: string;
}

/** The agent's last question, which the caller's next turn answers. */
export interface Question {
  /** Normalised, squashed text of the agent's turn. */
  text: string;
  /** It asks about this moment ("right now", "at the moment", "still"). */
  now: boolean;
  /** It asks about something that happened ("what happened?", "did you have...?"). */
  past: boolean;
}

const NOW_QUESTION =
  /(?:^|[ ,])(?:right now|at the moment|currently|as we speak|still|this (?:minute|second)|is (?:he|she|they|the baby|your [a-z]+) (?:still |even )?(?:breathing|conscious|awake|responsive|responding))(?=[ ,.?!;]|$)/;

// A question about an interval up to now or about the past is not about this moment, whatever
// else it says ("you haven't had any chest pain, you're still walking?").
const PAST_QUESTION =
  /(?:^|[ ,])(?:what happened|did you|did it|were you|was it|was there|had|have you been|has it been|ever|when did|what brought you|how long)(?=[ ,.?!;]|$)/;

export function questionFrom(agentText: string): Question | undefined {
  if (
    !/\?|(?:^|[ ,.])(?:any|have you|do you|are you|did you|is there|is it|how about|what about|what's|whats|what|how|when|where|why|can you|could you)(?= )/.test(
      agentText,
    )
  )
    return undefined;
  const past = PAST_QUESTION.test(agentText);
  return { text: agentText, now: NOW_QUESTION.test(agentText) && !past, past };
}

// A caller's now-marker: this moment, not "today I came in about".
const NOW_CALLER =
  /(?:^|[ ,])(?:right now|just now|as we speak|at the moment|currently|this (?:minute|second)|getting worse by the minute|won't stop|wont stop|can't stop|cant stop)(?=[ ,.?!;]|$)/;

const DENIAL_START =
  /^(?:no|nope|nah|never|none|not really|not at all|not that i know of|not that i've noticed|i don't think so|i dont think so|i haven't|i havent|i don't|i dont|negative)(?=[ ,.?!;]|$)/;

// Symptoms that come and go, follow a trigger, or have lasted weeks: real, but not an
// emergency now.
const CHRONIC =
  /(?:^|[ ,])(?:on and off|off and on|comes and goes|come and go|comes on and off|every so often|here and there|from time to time|for (?:the (?:last|past) )?(?:(?:a |one |two |three |four |five |six |few |couple(?: of)? |several |many |\d+ )?(?:weeks?|months?|years?)|a while|ages|a long time)|(?:in|over) the (?:last|past) (?:(?:few|couple(?: of)?|two|three|several|\d+) )?(?:weeks?|months?|years?)|(?:weeks?|months?|years?) now|always|all the time|constantly|(?:any ?time|whenever) i [a-z]+|with (?:my|her|the) (?:periods?|cycle)|(?:periods?|menstrual|menstruation|cycle)|every month|at night|in the mornings?|(?:when|whenever|after|once|every time) i (?:wake|lay|lie|go|get|do|try|walk|climb|run|exercise|bend|stand|sit|eat|work|exert)|if i (?:walk|climb|run|exercise|go|try|do|exert|bend|stand|sit|eat|work|lay|lie)|with (?:exertion|activity|exercise)|exertional|(?:i|he|she|they) (?:get|gets|wake up with|wakes up with|tend to get|tends to get|usually gets?|always gets?|notice|do get|does get)|been having|been getting|been feeling|been noticing|recently|lately)(?=[ ,.?!;]|$)/;

// Round 11: a palliative setting, and a state said to be what was expected in it.
const PALLIATIVE = /(?:^|[ ,])(?:hospice|palliative|comfort care|end of life|end-of-life)(?=[ ,.?!;]|$)/;
const EXPECTED =
  /(?:^|[ ,])(?:(?:that's|thats|that is|which is|it's|its|it is|this is|is) (?:\w+ )?expected|as expected|to be expected|what they (?:said|told us) (?:would|to expect)|part of the process)(?=[ ,.?!;]|$)/;

// These durations say the episode began minutes or hours ago: acute even with "been having".
const ACUTE_ONSET =
  /(?:^|[ ,])(?:since (?:this morning|last night|an hour ago|earlier today|earlier|lunch|breakfast|i woke up|i got up)|for (?:the (?:last|past) )?(?:(?:an?|one|two|three|four|five|few|couple(?: of)?|\d+|several) (?:minutes?|mins?|hours?)|half (?:an )?hour)|(?:over|in|within) the (?:last|past) (?:hour|half hour|few minutes|couple of hours|(?:\d+|ten|twenty|thirty|few) minutes)|suddenly|sudden|all of a sudden|out of nowhere|just started|started (?:just )?(?:now|a few minutes ago|an hour ago)|minutes? ago|an? hour ago)(?=[ ,.?!;]|$)/;

// Care already received for the episode: a narrative of the past ("so I went to the ER and they
// put a stent in").
const CARE_RECEIVED =
  /(?:^|[ ,])(?:went to (?:the )?(?:er|e r|emergency room|emergency|hospital|urgent care)|(?:was|got) (?:admitted|hospitalized|discharged|seen)|they (?:told|gave|put|did|said|found|checked|admitted|sent)|paramedics (?:brought|took|came)|everything checked out|checked out fine|ambulance (?:came|took)|(?:needed|got|had) (?:a |another )?(?:stent|bypass|surgery|operation|procedure))(?=[ ,.?!;]|$)/;

const PAST_TIME =
  /(?:^|[ ,])(?:yesterday|last (?:night|week|weekend|month|year|time|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|the other (?:day|night|week)|(?:\d+|a|one|two|three|four|five|six|few|couple(?: of)?|several) (?:days?|weeks?|months?|years?) ago|back (?:in|then|when)|at the time|that day|that night)(?=[ ,.?!;]|$)/;

const PAST_VERB =
  /(?:^|[ ,])(?:was|were|had|did|thought|felt|started|began|went|got|came|stopped|happened|noticed|experienced|woke|found|saw|fell|used to)(?=[ ,.?!;]|$)/;

// "It stopped after four days", "haven't had any since": the episode is over.
const RESOLVED =
  /(?:^|[ ,])(?:it stopped|stopped after|went away|gone away|it passed|resolved|haven't had (?:any|one|it) since|havent had (?:any|one|it) since|not since|cleared up|got better|(?:is|it's|its|feel|feeling|am|i'm|im) (?:fine|better|okay|ok) now|everything (?:was|is) (?:okay|fine))(?=[ ,.?!;]|$)/;

// A question about cause or a treatment is about a known complaint: "could that be causing my
// chest pain?", "is this medicine for my shortness of breath?"
const TOPIC_BEFORE =
  /(?:^|[ ,])(?:caus(?:e|es|ed|ing)(?: me)?|due to|related to|because of|for|about|with|from|help(?:s|ed)? (?:with )?|treat(?:s|ing)?|worse|any|the|this|that|those|these|my|his|her)(?: (?:my|the|this|that|his|her|any))?[ ,]*$/;
const CALLER_QUESTION =
  /^(?:(?:so|and|but|okay|ok|um|well|yeah|oh) )*(?:do you think|could|can|would|will|might|is|are|does|do|did|what|why|how|should)(?=[ ,]|$)/;

const SOFTENED = new Set(['chest-pain', 'breathing', 'severe-bleeding']);
const MILD =
  /(?:^|[ ,])(?:a little|a little bit|a bit|a wee bit|wee bit|slight|slightly|mild|mildly|kind of|kinda|sort of|somewhat)(?=[ ,.?!;]|$)/;

const POST_NEGATION =
  /^(?:[ ,]+[a-z']+){0,3}?[ ,]*(?:but |though )?(?:not|none|no) (?:right now|now|at the moment|currently|today|anymore|any more|lately|recently)(?=[ ,.?!;]|$)/;
const GENERIC_YOU =
  /(?:^|[ ,])(?:you|you're|youre) (?:start|get|begin|think|feel|have|know)(?: [a-z']+){0,3}[ ,]*$/;
const OTHER_PAST =
  /(?:^|[ ,])(?:my [a-z]+|he|she|they|his|her) (?:has |had |have |once |also )?(?:attempted|tried|committed|did|was|were|had)(?=[ ,.?!;]|$)/;

const RECENT =
  /(?:^|[ ,])(?:just|tonight|today|now|right now|this morning|this afternoon|last night|again|yesterday)(?=[ ,.?!;]|$)/;

// "I might overdose", "I could have a heart attack one day": a modal before the event; "might
// have taken" (a guess about the past) is not.
const MODAL_BEFORE = /(?:^|[ ,])(?:might|could|may|would|will|gonna|going to)$/;

/**
 * The acuity of the finding at [s, e) of `n` (normalised text of the caller's turn, possibly
 * joined with the turn before), given the agent's last question.
 */
export function assess(
  n: string,
  clause: Clause,
  s: number,
  e: number,
  cue: Cue,
  question: Question | undefined,
  turnStart: number,
): Assessment {
  const clauseText = n.slice(clause.start, clause.end);
  if (cue.benign?.test(cue.benignTurn ? n : clauseText)) return { acuity: 'figurative', why: 'idiom' };
  if (cue.person && nonhumanSubject(n, clause, s, e)) return { acuity: 'figurative', why: 'not a person' };
  if (negated(n, clause, s)) return { acuity: 'negated', why: 'negation in scope' };
  // Post-negation (ConText's backward triggers): "tightness in my chest, but not right now".
  if (POST_NEGATION.test(squash(n.slice(e, Math.min(n.length, e + 60)))))
    return { acuity: 'negated', why: 'negated after the finding' };

  const turn = squash(n.slice(turnStart)).trim();
  const echoes = question !== undefined && echoesQuestion(n.slice(s, e), question);
  if (
    question &&
    echoes &&
    DENIAL_START.test(turn) &&
    !/(?:^|[ ,])(?:but|yes|yeah|i do|i have)(?=[ ,]|$)/.test(turn.slice(0, 40))
  )
    return { acuity: 'denied', why: 'denial in answer to a question' };

  const before = squash(n.slice(clause.start, s));
  if (cue.type === 'medical_emergency' && MODAL_BEFORE.test(before.trimEnd()))
    return { acuity: 'hypothetical', why: 'modal' };
  if (hypothetical(n, clause, s, e, cue.generic))
    return { acuity: 'hypothetical', why: 'question or hypothetical' };
  if (CALLER_QUESTION.test(squash(n.slice(clause.start, e)).trim()) && TOPIC_BEFORE.test(before))
    return { acuity: 'hypothetical', why: 'asks about a known complaint' };

  // Experiencer: a generic "you" ("you start coughing up blood and you think...") is nobody in
  // particular; a third party's act in the past ("my sister attempted suicide twice") is history.
  if (GENERIC_YOU.test(before)) return { acuity: 'hypothetical', why: 'generic you' };
  if (
    cue.type === 'mental_health_crisis' &&
    OTHER_PAST.test(squash(n.slice(clause.start, e))) &&
    !RECENT.test(' ' + squash(clauseText) + ' ')
  )
    return { acuity: 'past', why: "a third party's past" };
  const sentence = sentenceAround(n, s, e);
  const nowHere = NOW_CALLER.test(sentence);
  if (cue.type === 'medical_emergency') {
    // The caller answering "any chest pain or shortness of breath?" inherits the question's
    // frame: a review of symptoms, not an alarm, unless the question or answer is about now.
    if (echoes && !question!.now && !nowHere) return { acuity: 'chronic', why: 'answer to a symptom review' };
    if (bareMention(n, cue) && !nowHere)
      return { acuity: 'chronic', why: 'bare mention without a predicate' };
    // Round 11: the expected course of a known terminal illness ("she's on hospice, mostly
    // unresponsive now, the nurse says that's expected") is not an emergency: the care team is the
    // route. Needs both the palliative setting and the state said to be expected.
    if (PALLIATIVE.test(turn) && EXPECTED.test(turn) && !ACUTE_ONSET.test(' ' + turn))
      return { acuity: 'chronic', why: 'expected course in palliative care' };
    if (question?.past && PAST_VERB.test(' ' + squash(clauseText) + ' ') && !nowHere)
      return { acuity: 'past', why: 'answer to a question about the past' };
    // Stroke: limb numbness or weakness is a warning sign when sudden (BE-FAST), not when it
    // has been there for a while or comes with a posture.
    if (
      cue.signal === 'stroke-signs' &&
      /numb|tingl|weak/.test(n.slice(s, e)) &&
      !/face|one side/.test(n.slice(s, e)) &&
      !ACUTE_ONSET.test(' ' + sentence) &&
      !nowHere
    )
      return { acuity: 'chronic', why: 'limb numbness without sudden onset' };
    if (CHRONIC.test(' ' + sentence) && !ACUTE_ONSET.test(' ' + sentence) && !nowHere)
      return { acuity: 'chronic', why: 'chronic or intermittent' };
    if (RESOLVED.test(' ' + squash(n.slice(s)))) return { acuity: 'past', why: 'resolved' };
    // "a wee bit short of breath" with no onset and no now: a mild symptom for the visit, not an
    // alarm. Signs that are alarming at any degree (stroke, not breathing) are not softened.
    if (
      SOFTENED.has(cue.signal) &&
      MILD.test(' ' + sentence) &&
      !ACUTE_ONSET.test(' ' + sentence) &&
      !nowHere
    )
      return { acuity: 'chronic', why: 'mild, no acute onset' };
    const own = ' ' + squash(clauseText) + ' ';
    if (CARE_RECEIVED.test(own) && !nowHere) return { acuity: 'past', why: 'care already received' };
    if (
      !nowHere &&
      PAST_VERB.test(own) &&
      !/(?:^|[ ,])(?:now|again|still|today|tonight)(?=[ ,.?!;]|$)/.test(own) &&
      (PAST_TIME.test(' ' + squash(n.slice(turnStart))) ||
        CARE_RECEIVED.test(' ' + squash(n.slice(turnStart))))
    )
      return { acuity: 'past', why: 'past narrative' };
    if (eventWithoutProgressive(n, clause, s, cue) && !nowHere)
      return { acuity: 'past', why: 'event named without progressive or now' };
  }
  if (history(n, clause, s, e, cue.history)) return { acuity: 'past', why: 'history' };
  if (trivialHyperbole(n, clause) || joking(n, clause)) return { acuity: 'figurative', why: 'hyperbole' };
  return { acuity: 'current', why: nowHere ? 'current: now-marker' : 'current' };
}

const STOP = new Set([
  'my',
  'his',
  'her',
  'the',
  'a',
  'an',
  'of',
  'in',
  'on',
  'i',
  'im',
  "i'm",
  'have',
  'having',
  'any',
  'some',
]);

// Words that make a fragment a statement: a verb or a subject.
const PREDICATE =
  /(?:^|[ ,])(?:i|i'm|im|i've|ive|i'd|we|you|he|he's|she|she's|they|it|it's|its|is|am|are|was|were|be|been|have|has|had|having|got|get|took|taken|think|feel|feels|felt|hurts?|can|can't|cant|could|need|help|please|my|his|her|there's)(?=[ ,.?!;]|$)/;

/** The whole turn is the cue's noun phrase ("chest pain."): a label, no assertion about now. */
function bareMention(n: string, cue: Cue): boolean {
  if (!cue.generic) return false;
  const turn = squash(n).trim();
  return tokens(turn).length <= 6 && !PREDICATE.test(' ' + turn);
}

/** The caller's cue repeats a content word of the agent's question ("chest", "breath"). */
function echoesQuestion(match: string, question: Question): boolean {
  const words = tokens(match).filter((w) => w.length > 3 && !STOP.has(w));
  return words.some((w) => question.text.includes(w.slice(0, 5)));
}

/** The sentence (between clause marks) around [s, e), squashed. */
function sentenceAround(n: string, s: number, e: number): string {
  let a = s;
  while (a > 0 && !/[.?!;]/.test(n[a - 1]!)) a--;
  let b = e;
  while (b < n.length && !/[.?!;]/.test(n[b]!)) b++;
  return squash(n.slice(a, b));
}

// "I have a stroke" / "my dad has a heart attack": an event noun after simple "have" is a
// diagnosis or history; an event happening now takes the progressive ("I'm having a stroke").
function eventWithoutProgressive(n: string, clause: Clause, s: number, cue: Cue): boolean {
  if (cue.signal !== 'stroke-signs' && cue.signal !== 'heart-attack') return false;
  const head = squash(n.slice(s, Math.min(n.length, s + 12)));
  // "other than my mom having a stroke": a gerund without "is" names an event, not a present one.
  if (
    /^having /.test(head) &&
    /(?:^|[ ,])(?:my|his|her|their) [a-z]+[ ,]*$/.test(squash(n.slice(clause.start, s)))
  )
    return true;
  return (
    /^(?:have|has|had) /.test(head) && !/(?:having|is|am|i'm|im)\s*$/.test(squash(n.slice(clause.start, s)))
  );
}
