/**
 * Frames: the shape of what is said, not its words. Each frame is a small structure over word
 * classes — who the words are aimed at, what a wish is a wish for, whether means come with a plan
 * and a time, who is affected and since when — so a turn in words no training call used still
 * lights the same feature as the ones it did. The classifier weighs them like any other feature
 * (features.ts); the monitor also makes a turn with an abuse or crisis frame a candidate of that
 * type (monitor.ts), so a threat without a listed violent word still reaches the classifier.
 *
 * Frames read one sentence at a time (a wish in one sentence and "die" in the next is not a wish
 * to die) except the experiencer and onset frames, which read the turn.
 */

import { OpeningWordGate } from './opening-words';

export type Frame =
  | 'you-insult'
  | 'other-insult'
  | 'bare-insult'
  | 'threat'
  | 'wish-not-exist'
  | 'burden'
  | 'no-point'
  | 'means-plan'
  | 'means-plan-time'
  | 'meant-ingestion'
  | 'onset-acute'
  | 'onset-remote'
  | 'resolved'
  | 'third-now'
  | 'third-past'
  | 'family-history'
  | 'question-if'
  // Round 7 (additions; the frames above are unchanged):
  | 'you-insult-direct'
  | 'threat-direct'
  | 'wish-self'
  | 'red-flag'
  | 'means-removed'
  | 'intent-self'
  // Round 8:
  | 'intent-other'
  // Round 10:
  | 'stroke-fast'
  | 'red-flag-now'
  | 'threat-veiled'
  | 'self-harm-fresh'
  // Round 11:
  | 'confusion-acute';

/** The frames that make a turn a candidate of a type by themselves. */
export type FramedType = 'abusive_caller' | 'mental_health_crisis' | 'medical_emergency';
export const CANDIDATE_FRAMES: Readonly<Partial<Record<Frame, FramedType>>> = {
  'you-insult': 'abusive_caller',
  threat: 'abusive_caller',
  'wish-not-exist': 'mental_health_crisis',
  burden: 'mental_health_crisis',
  'no-point': 'mental_health_crisis',
  'means-plan': 'mental_health_crisis',
  'means-plan-time': 'mental_health_crisis',
  'meant-ingestion': 'mental_health_crisis',
  'you-insult-direct': 'abusive_caller',
  'threat-direct': 'abusive_caller',
  'wish-self': 'mental_health_crisis',
  'red-flag': 'medical_emergency',
  'intent-self': 'mental_health_crisis',
  'intent-other': 'mental_health_crisis',
  'stroke-fast': 'medical_emergency',
  'red-flag-now': 'medical_emergency',
  'threat-veiled': 'abusive_caller',
  'self-harm-fresh': 'mental_health_crisis',
  'confusion-acute': 'medical_emergency',
};

const ADDRESSED = /(?<![a-z])you|(?<![a-z'])(?:ya|u|ur)(?![a-z])/;
const SECOND = /^(?:you|your|you're|youre|ya|u|ur|yourself|you've|you'll|youll|yours)$/;
// Someone or something else the words can be aimed at.
const OTHER =
  /^(?:he|she|they|him|her|them|he's|she's|they're|it|it's|this|that|portal|system|website|app|phone|computer|machine|insurance|company|plan|bill|woman|man|guy|lady|person|agent|rep|doctor|nurse|boss|husband|wife|mom|dad|son|daughter|brother|sister|neighbor|people|yesterday|before|last)$/;
const INSULT =
  /^(?:idiot|idiots|moron|morons|stupid|dumb|useless|incompetent|pathetic|worthless|clown|clowns|twit|punk|loser|losers|imbecile|halfwit|dimwit|brain-dead|braindead|fool|parrot|jerk|scum|bastard|bitch|asshole|creep|lowlife|trash|garbage|failure|disgrace|coward|liar|buffoon|clueless|lazy|ignorant|donkey|muppet|tool|robot|waste|joke|hack|fraud|cretin|idiotic|moronic|dense|thick|airhead|numbskull|dunce|dope)$/;
// Words that say the caller (I) will do something, or knows something, aimed ahead.
const FIRST_FUTURE =
  /(?:^|\s)(?:i'll|ill|i will|i'm gonna|im gonna|i am gonna|i'm going to|im going to|i am going to|gonna|i know where|i know which|i know people|i know what|i can find|i could|i'd|we'll|i'll be)(?=\s|$)/;
const RETRIBUTION =
  /(?:^|\s)(?:hurt|break|beat|smash|punch|kill|shoot|stab|find|found|waiting|wait|disappear|sorry|regret|pay|come down|come over|coming down|coming over|show up|face|teeth|neck|head|back|outside|parking|office|building|house|car|family|ruin|destroy|end you|get you|deal with you|make you)(?=\s|$|[,.!?])/;
const YOU_CONSEQUENCE =
  /(?:^|\s)(?:you(?:'ll| will|'re going to| are going to|'re gonna| are gonna) (?:be sorry|regret|pay|wish|see what|find out what)|watch your back|make you (?:disappear|pay|sorry|regret)|you(?:'d| had) better (?:watch|sleep))(?=\s|$|[,.!?])/;

const VOLITION =
  /(?:^|\s)(?:want|wanted|wanting|wants|wish|wishing|wished|hope|hoping|hoped|pray|praying|prayed|rather|would rather|relief|dream|dreaming|long|longing|ready to|thinking about|think about|thought about|keep thinking|tempted|would love|like to)(?=\s|$)/;
const NEG_VOLITION =
  /(?:^|\s)(?:(?:don't|dont|do not|didn't|didnt|never|no longer|not)(?: \w+)? (?:want|wanna|wish|care) to|no (?:will|desire|reason) to|tired of|sick of)(?=\s|$)/;
// Life itself, after a negated wish ("don't want to live", "tired of being alive").
const LIFE =
  /(?:^|\s)(?:live|living|be alive|being alive|alive|be here|being here|exist|existing|wake up|waking up|go on|keep going|carry on|continue|be around|open my eyes|breathing|life)(?=\s|$|[,.!?])/;
// Not existing, after a wish ("wish I could fall asleep and stay asleep", "hope I don't wake up").
const CESSATION =
  /(?:^|\s)(?:die|dead|disappear|vanish|be gone|gone for good|not exist|stop existing|not be here|not being here|not be around|not being around|not be alive|stay asleep|sleep forever|(?:won't|wont|will not|wouldn't|wouldnt|would not|don't|dont|do not|not|never)(?: (?:ever|even|just|to|have to|ever have to))? wake|not come out|don't come out|dont come out|takes me|take me|end it|end it all|end my life|it all to end|it to end|it all over|it over with|over with|be with (?:god|the lord|mom|dad|jesus)|never open|not open my eyes|don't open my eyes|fade away|not here anymore|here anymore|be done)(?=\s|$|[,.!?])/;
const BURDEN =
  /(?:^|\s)(?:better off|fine|easier|happier|be better|be fine|not notice|even notice|miss me)(?: \w+){0,4} (?:without me|if i (?:was|were|wasn't|weren't|am|was not|were not) (?:gone|dead|around|here|not around|not here)|when i'm gone|if i'm gone|if i disappeared|if i died)(?=\s|$|[,.!?])|(?:^|\s)(?:a burden|a weight on|in everyone's way|in everybody's way|nobody would (?:notice|care|miss))(?=\s|$|[,.!?])/;
const NO_POINT =
  /(?:^|\s)(?:(?:no|not any|what's the|what is the|whats the) point (?:in |of )?(?:living|being alive|being here|going on|carrying on|waking up|me being|anymore|in anything|to any of it|of any of it)|no reason to (?:live|go on|keep going|wake up)|nothing (?:left )?to live for|no way out)(?=\s|$|[,.!?])/;

const MEANS =
  /(?:^|\s)(?:pills|tablets|bottle|bottles|gun|handgun|revolver|firearm|pistol|rifle|shotgun|rope|noose|bridge|roof|rooftop|ledge|garage|top level|top floor|knife|razor|blade|blades|insulin|lithium|oxy|oxycodone|sleeping pills|painkillers|pain pills|car running|train tracks|tracks|overpass|cliff|edge|belt|cord|bullets|ammo|poison|antifreeze|bleach|meds)(?=\s|$|[,.!?])/;
const PLAN =
  /(?:^|\s)(?:going to|gonna|came here to|came up here to|drove here to|drove up here to|walked here to|here to|plan|planned|planning|counted|counted out|lined up|loaded|ready|do it|doing it|step off|jump|this is when|is the night|is when|decided|set aside|saved up|saving up|stash|stashed|bought|got a|written (?:a|the|my) (?:note|letter)|wrote (?:a|the|my) (?:note|letter)|goodbye|say goodbye)(?=\s|$|[,.!?])/;
const TIME =
  /(?:^|\s)(?:tonight|this weekend|the weekend|tomorrow|today|right now|when (?:he|she|they|everyone|the kids) (?:leave|leaves|go|goes|are gone|is gone|are at|is at)|are at my|is at my|while (?:he|she|they) (?:are|is) (?:out|away|gone))(?=\s|$|[,.!?])/;
const INGEST =
  /(?:^|\s)(?:took|taken|swallowed|swallow|drank|ate|downed|injected|inject|overdosed|od'd|od)(?=\s|$)/;
const MEANT =
  /(?:^|\s)(?:on purpose|purposely|deliberately|intentionally|because i (?:wanted|want|didn't want|don't want|couldn't|can't|was done|am done|just wanted)|so i (?:wouldn't|would not|could|can) (?:wake|have to|feel|be)|to (?:die|end it|not wake|never wake|kill myself|make it stop|be done)|(?:wanted|want|needed) (?:it all|it|everything) (?:all )?to be over(?! with (?:that|the|this|these|those|my|his|her|our|your) (?!life))|(?:wanted|want) (?:it all|everything) to (?:stop|end))(?=\s|$|[,.!?])/;

const NUM =
  '(?:\\d+|a|an|one|two|three|four|five|six|ten|fifteen|twenty|thirty|forty|forty-five|few|couple of|couple|half an?)';
const ONSET_ACUTE = new RegExp(
  `(?:^|\\s)(?:${NUM} (?:minutes?|mins?|hours?|hrs?) ago|just (?:now|happened|started|a minute ago)|since (?:this morning|this afternoon|this evening|tonight|lunch|breakfast|dinner|i woke up|an hour|${NUM} (?:minutes?|hours?))|suddenly|sudden|all of a sudden|out of nowhere|right now|at the moment|for the (?:last|past) (?:\\w+ )?(?:minutes?|hours?)|for (?:about|around|almost|nearly|over|maybe|like) ${NUM} (?:minutes?|mins?|hours?)|(?:minutes?|hours?) now|started (?:today|this morning|tonight|an hour ago|a few minutes ago)|won't stop|wont stop|keeps? (?:getting worse|coming)|getting worse|just (?:collapsed|fell|swallowed|took|ate|drank|cut|texted))(?=\\s|$|[,.!?])`,
);
const ONSET_REMOTE = new RegExp(
  `(?:^|\\s)(?:${NUM} (?:years?|months?|weeks?|days?) ago|years ago|months ago|last (?:week|month|year|spring|summer|fall|winter|january|february|march|april|may|june|july|august|september|october|november|december|time)|back in|when i was|for years|for (?:months|weeks)|my whole life|all my life|always|since i was|since (?:19|20)\\d\\d|in (?:19|20)\\d\\d|years back|a while back|used to|as a (?:kid|child|teen|teenager))(?=\\s|$|[,.!?])`,
);
const RESOLVED =
  /(?:^|\s)(?:fine now|healed|all healed|better now|went away|gone now|resolved|cleared up|all good now|okay now|ok now|stable|under control|doing well|doing fine|recovered|it's over|that's behind me|in the past)(?=\s|$|[,.!?])/;
const THIRD_SUBJECT =
  /(?:^|\s)(?:my (?:son|daughter|mom|mother|mum|dad|father|husband|wife|partner|baby|toddler|kid|child|boy|girl|grandma|grandmother|grandpa|grandfather|sister|brother|friend|neighbor|roommate|boyfriend|girlfriend|aunt|uncle|niece|nephew|patient)|he|she|he's|she's|hes|shes)(?=\s|$|[,.!?])/;
const PRESENT =
  /(?:^|\s)(?:is|isn't|isnt|are|won't|wont|can't|cant|keeps|keep|'s|got into|just|now|right now|still|started|looks|looking|seems|sounds|feels|has|hasn't|doesn't|is not|not breathing|not answering|not responding)(?=\s|$|[,.!?])/;
const FAMILY_HISTORY =
  /(?:^|\s)(?:died of|died from|passed away from|passed from|runs in (?:the|my) family|family history|history of|heart attack at|stroke at|had a (?:stroke|heart attack) at)(?=\s|$|[,.!?])/;
const QUESTION_IF =
  /(?:^|\s)(?:if|what if|in case|just in case|what should i do if|what do i do if|what would i do if|should i ever|if ever|if (?:he|she|they|i|my \w+) ever)(?=\s|$)/;

const TOKEN = /[a-z0-9*]+(?:['-][a-z]+)*/g;

function sentencesOf(n: string): string[] {
  return n
    .split(/[.!?;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Where an insult in the sentence is aimed: at "you", at someone or something else, or unsaid. */
function insultTarget(tokens: readonly string[]): 'you' | 'other' | 'bare' | undefined {
  let found: 'you' | 'other' | 'bare' | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (!INSULT.test(tokens[i]!)) continue;
    let target: 'you' | 'other' | 'bare' = 'bare';
    for (let j = i - 1; j >= Math.max(0, i - 7); j--) {
      if (SECOND.test(tokens[j]!)) {
        target = 'you';
        break;
      }
      if (OTHER.test(tokens[j]!)) {
        target = 'other';
        break;
      }
    }
    if (target === 'bare')
      for (let j = i + 1; j < Math.min(tokens.length, i + 3); j++)
        if (SECOND.test(tokens[j]!)) {
          target = 'you';
          break;
        }
    // "not your fault" and the like are aimed at nobody.
    if (target === 'you') return 'you';
    if (target === 'other') found = 'other';
    else found ??= target;
  }
  return found;
}

/**
 * Whether a caller turn has a frame that makes a candidate by itself (CANDIDATE_FRAMES): the
 * cheap question the monitor asks of every turn it reads; the full framesOf runs only on turns
 * that are candidates.
 */
export function hasCandidateFrame(n: string, type: FramedType): boolean {
  if (type === 'medical_emergency') {
    const t = ' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ';
    return redFlag(t) || (FAST_ANY.test(t) && strokeFast(t)) || (CONFUSED.test(t) && confusionAcute(t));
  }
  // Both abuse frames need "you" (an insult's target, a threat's object or a consequence), and
  // an insult word or a threat's shape.
  if (type === 'abusive_caller') {
    // A veiled threat names no "you": harm befalls people, with the caller as its agent.
    if (HARM_BEFALLS.test(' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ') && threatVeiled(n))
      return true;
    if (!ADDRESSED.test(n)) return false;
    const words = n.match(TOKEN) ?? [];
    if (!words.some((w) => INSULT.test(w))) {
      const t = ' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ';
      if (
        !YOU_CONSEQUENCE.test(t) &&
        !(FIRST_FUTURE.test(t) && (RETRIBUTION.test(t) || FORCE_AT_YOU.test(t)))
      )
        return false;
    }
    return framesOf(n).some((f) => CANDIDATE_FRAMES[f] === type);
  }
  if (!CRISIS_GATE.mayMatch(n)) return false;
  const t = ' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ';
  const maybe = CRISIS_CANDIDATE.some(
    (all) => all.every((re) => re.test(t)) && !(all === MEANS_WITH_PLAN && MEANS_REMOVED.test(t)),
  );
  return maybe && framesOf(n).some((f) => CANDIDATE_FRAMES[f] === type);
}

/** The frames of a caller turn (normalised text), each once, in a fixed order. */
export function framesOf(n: string): Frame[] {
  // The monitor asks for the frames of one turn up to three times (two candidate checks, then
  // the features); the last answer is kept.
  if (n === lastFramed) return lastFrames;
  lastFrames = framesOfTurn(n);
  lastFramed = n;
  return lastFrames;
}

let lastFramed: string | undefined;
let lastFrames: Frame[] = [];

function framesOfTurn(n: string): Frame[] {
  const out = new Set<Frame>();
  const t = ' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ';
  // Each sentence frame is first tried on the whole turn (a match in a sentence is a match in the
  // turn), so the sentences of the many turns with none of them are never read one by one.
  const words = n.match(TOKEN) ?? [];
  const insult = words.some((w) => INSULT.test(w));
  const threat =
    YOU_CONSEQUENCE.test(t) ||
    (words.some((w) => SECOND.test(w)) && FIRST_FUTURE.test(t) && RETRIBUTION.test(t));
  const wish = (VOLITION.test(t) && CESSATION.test(t)) || (NEG_VOLITION.test(t) && LIFE.test(t));
  const burden = BURDEN.test(t);
  const noPoint = NO_POINT.test(t);
  const meant = INGEST.test(t) && MEANT.test(t);
  const questionIf = QUESTION_IF.test(t);
  if (insult || threat || wish || burden || noPoint || meant || questionIf)
    for (const sentence of sentencesOf(n)) {
      const s = ' ' + sentence.replace(/,/g, ' ').replace(/\s+/g, ' ') + ' ';
      const tokens = sentence.match(TOKEN) ?? [];
      const target = insult ? insultTarget(tokens) : undefined;
      if (target === 'you') out.add('you-insult');
      else if (target === 'other') out.add('other-insult');
      else if (target === 'bare') out.add('bare-insult');
      if (
        threat &&
        (YOU_CONSEQUENCE.test(s) ||
          (tokens.some((w) => SECOND.test(w)) && FIRST_FUTURE.test(s) && RETRIBUTION.test(s)))
      )
        out.add('threat');
      if (wish && ((VOLITION.test(s) && CESSATION.test(s)) || (NEG_VOLITION.test(s) && LIFE.test(s))))
        out.add('wish-not-exist');
      if (burden && BURDEN.test(s)) out.add('burden');
      if (noPoint && NO_POINT.test(s)) out.add('no-point');
      if (meant && INGEST.test(s) && MEANT.test(s)) out.add('meant-ingestion');
      if (questionIf && QUESTION_IF.test(s)) out.add('question-if');
    }
  if (MEANS.test(t) && PLAN.test(t))
    out.add(MEANS_REMOVED.test(t) ? 'means-removed' : TIME.test(t) ? 'means-plan-time' : 'means-plan');
  roundSevenFrames(n, t, words, insult, out);
  const acute = ONSET_ACUTE.test(t);
  const remote = ONSET_REMOTE.test(t);
  const resolved = RESOLVED.test(t);
  if (acute) out.add('onset-acute');
  if (remote) out.add('onset-remote');
  if (resolved) out.add('resolved');
  const third = THIRD_SUBJECT.exec(t);
  if (third) {
    const after = t.slice(third.index + third[0].length, third.index + third[0].length + 40);
    if (remote || resolved) out.add('third-past');
    else if (acute || PRESENT.test(after)) out.add('third-now');
  }
  if (FAMILY_HISTORY.test(t)) out.add('family-history');
  return [...out].sort();
}

// ---- Round 7: structure, not more words --------------------------------------------------------
// The round-6 frames are loose on purpose (they feed the classifier), and on routine visits they
// light often: "can you help with fraud" is a you-insult, "I'll take a listen to your back" a
// threat, "I hope I don't die by then" a wish. The frames below are their strict forms, each a
// syntactic relation rather than co-occurrence, so the classifier can trust them where it cannot
// trust the loose ones:
// - you-insult-direct: the insult is predicated of "you" or calls "you" by it — only an article,
//   an intensifier or another insult word lies between ("you are honestly the most incompetent
//   moron", "you useless parrot", "are you brain-dead");
// - threat-direct: a consequence for "you", a violent verb aimed at "you" after a first-person
//   future, or knowing where "you" are with a first-person future or "I know" ("I know which
//   building you people work in");
// - wish-self: a wish not to exist said of the caller (first person in the sentence), not a wish
//   not to die ("hope I don't die before the surgery"), not a question or a condition, not in a
//   past or resolved sentence; a prayer to be taken; Spanish "no quiero vivir";
// - red-flag: a triage combination of two findings that together mean act now (chest pain with
//   the arm, jaw or sweat; a blow to the head with confusion or vomiting; breathlessness with
//   grey or blue lips; pregnancy with bleeding; a fall with a deformed or useless leg; a scald
//   with peeling skin; a child and a household chemical). Proposes a medical candidate.

// Means put out of reach is the opposite of a plan (means restriction is what a crisis worker asks
// for): "gonna flush all my pills", "my wife locked the guns up", "taking the old bottles back to
// the pharmacy". Such a turn gets `means-removed` instead of `means-plan`. Round 8: a belt or a
// cord put on a wound is first aid, not means ("I've got a belt on it and it won't stop").
const MEANS_REMOVED =
  /(?:^|\s)(?:flush|flushing|flushed|throw (?:\w+ ){0,3}(?:out|away)|throwing (?:\w+ ){0,3}(?:out|away)|threw (?:\w+ ){0,3}(?:out|away)|get rid of|getting rid of|got rid of|dispose|disposing|disposed|disposal|locked (?:\w+ ){0,2}up|lock (?:\w+ ){0,2}up|locking (?:\w+ ){0,2}up|take-back|take back|taking (?:\w+ ){0,3}back to|take (?:\w+ ){0,3}back to|hand (?:\w+ ){0,2}(?:over|in)|handed (?:\w+ ){0,2}(?:over|in)|(?:belt|cord|tourniquet|towel|shirt) (?:on|around|round) (?:it|the (?:cut|wound|leg|arm|thigh)|(?:my|his|her|their) (?:leg|arm|thigh|wrist|hand|foot)))(?=\s|$)/;

// Tokens that may stand between "you" and the insult it is predicated of.
const PREDICATE_FILLER = new Set([
  'are',
  'r',
  're',
  'is',
  'were',
  'being',
  'be',
  'honestly',
  'really',
  'just',
  'truly',
  'seriously',
  'literally',
  'such',
  'so',
  'the',
  'a',
  'an',
  'one',
  'most',
  'biggest',
  'absolute',
  'absolutely',
  'complete',
  'completely',
  'total',
  'totally',
  'utter',
  'utterly',
  'little',
  'big',
  'freaking',
  'fucking',
  'f***ing',
  'damn',
  'bloody',
  'right',
  'nothing',
  'but',
  'some',
  'kind',
  'of',
  'sort',
  'ever',
  'still',
  'all',
  'even',
  'more',
  'very',
  'pretty',
  'plain',
  'simply',
  'sorry',
  'excuse',
  'for',
  'like',
  'people',
  'guys',
  'lot',
  'bunch',
  'pack',
]);
const YOU_DIRECT = /^(?:you|you're|youre|ya|u|y'all|yall)$/;

// "I'm not saying you're stupid", "I'm not calling you an idiot".
const DISCLAIMED =
  /(?:^|\s)(?:not|never|n't|dont|don't|didn't|didnt|wasn't|wasnt) (?:\w+ )?(?:saying|calling|call|say|said|mean|meant|implying|suggesting|trying)(?=\s|$)/;

function insultAimedAtYou(tokens: readonly string[]): boolean {
  if (DISCLAIMED.test(' ' + tokens.join(' ') + ' ')) return false;
  for (let i = 0; i < tokens.length; i++) {
    if (!INSULT.test(tokens[i]!)) continue;
    // A verb, not a name: "can you dumb it down".
    if (tokens[i + 1] === 'it' || tokens[i + 1] === 'down') continue;
    for (let j = i - 1; j >= Math.max(0, i - 8); j--) {
      const w = tokens[j]!;
      // "you guys are useless" is aimed at the company; the caller means the agent with "you".
      if (YOU_DIRECT.test(w)) {
        const next = tokens[j + 1];
        if (next === 'guys' || next === 'people' || next === 'all' || next === 'lot') break;
        return true;
      }
      // Superlatives of any adjective may stand there too: "the dimmest", "the thickest".
      if (!PREDICATE_FILLER.has(w) && !INSULT.test(w) && !/^[a-z]{3,}est$/.test(w)) break;
    }
  }
  return false;
}

/**
 * How many sentences of a turn (normalised text) insult "you" directly (you-insult-direct's
 * test): two or more is sustained abuse within one turn.
 */
export function insultSentencesAtYou(n: string): number {
  let k = 0;
  for (const sentence of sentencesOf(n)) if (insultAimedAtYou(sentence.match(TOKEN) ?? [])) k++;
  return k;
}

// A violent verb aimed straight at "you" ("I'll break your face", "I'm going to hunt you down"),
// not "I'll break it down for you" or "I'll find you the form".
const VIOLENT_AT_YOU =
  /(?:^|\s)(?:hurt|break|beat|smash|punch|kill|shoot|stab|strangle|choke|slap|deal with|come after|come for|hunt|track|get even with) (?:you|ya|u|your (?:face|head|teeth|neck|legs|knees|family|kids|car|house))(?=\s|$)(?! (?:an?|the|some|to|with|at|on|about)(?:\s|$))/;
// Round 12: force that moves "you" into or through something hard ("throw you through the
// window", "put you through a wall", "drag you out into the parking lot"): bodily violence
// whatever the verb; not "put you through to billing" or "walk you through the form".
const FORCE_AT_YOU =
  /(?:^|\s)(?:throw|toss|hurl|fling|chuck|drag|shove|push|slam|kick|knock|put|smash|launch|pitch) (?:you|ya|u)(?: \w+)? (?:through|out|off|down|into|against|across|over|under|onto)(?: (?!to(?:\s|$))\w+){0,2} (?:window|windows|wall|walls|door|glass|stairs|staircase|floor|ground|pavement|concrete|table|desk|counter|roof|balcony|ceiling|dumpster|hospital|next week|street)(?=\s|$)/;
// The round-6 consequences without "you'd better watch" (out for that letter) and "make you pay"
// (for this, I want a refund).
const STRICT_CONSEQUENCE =
  /(?:^|\s)(?:you(?:'ll| will|'re going to| are going to|'re gonna| are gonna) (?:be sorry|regret|wish you|see what happens)|watch your back|make you (?:disappear|sorry|regret|suffer|bleed))(?=\s|$|[,.!?])/;
// "you will be very sorry": a consequence with an adverb the round-6 pattern does not allow.
const YOU_CONSEQUENCE_ADV =
  /(?:^|\s)you(?:'ll| will|'re going to| are going to|'re gonna| are gonna) (?:be )?(?:very |so |really |real )(?:sorry|regret)(?=\s|$)/;
// Knowing where "you" are, said with a menace; "I know where you work, I'll be filing a
// complaint with your office" is not a threat.
const LOCATE_YOU =
  /(?:^|\s)(?:where|which (?:office|building|clinic|branch|floor|desk|call center|site|town))(?: \w+)? (?:you|ya|u)(?: people| guys| all)? (?:work|live|sit|are|park|go)(?=\s|$)/;
const MENACE =
  /(?:^|\s)(?:waiting|wait for you|be there|outside|parking lot|come down|coming down|show up|showing up|pay you a visit|pay a visit|find you|come for you|come after you|deal with you|see you (?:tonight|after|when)|you'll see|you will see|very sorry|be sorry)(?=\s|$)/;

function threatDirect(sentence: string): boolean {
  // "I will find it, thank you": thanks are aimed at "you", nothing else is.
  const s = sentence.replace(/ (?:thank|thanks) (?:you|ya|u)(?=\s|$)/g, ' ');
  if (STRICT_CONSEQUENCE.test(s) || YOU_CONSEQUENCE_ADV.test(s)) return true;
  if (FIRST_FUTURE.test(s) && (VIOLENT_AT_YOU.test(s) || FORCE_AT_YOU.test(s))) return true;
  return LOCATE_YOU.test(s) && MENACE.test(s);
}

const FIRST_PERSON = /(?:^|\s)(?:i|i'm|im|i've|ive|i'd|id|me|my|myself|mine)(?=\s|$)/;
// A wish not to die is a wish to live: "hope I don't die before they fix it".
const NOT_DIE = /(?:don't|dont|do not|not|never|won't|wont) (?:\w+ ){0,2}(?:die|be dead|dying)(?=\s|$)/;
const SCOPED_PAST =
  /(?:^|\s)(?:used to|back in|when i was|years ago|in college|in high school|as a teen|as a teenager|haven't had|havent had|not anymore|no longer have|in the past)(?=\s|$)/;
const PRAYER =
  /(?:^|\s)(?:ask|asking|asked|beg|begging|pray|praying|prayed)(?: \w+){0,3} (?:god|lord|jesus|the lord|the good lord)(?: \w+){0,3} (?:take|takes|call|calls|bring|let) (?:me|me home|me now|me go)(?=\s|$)/;
const SPANISH_WISH =
  /(?:^|\s)(?:no quiero vivir|quiero morir|quiero morirme|ya no quiero estar aqui|me quiero morir)(?=\s|$)/;

// Round 8: someone else's stated intent, reported by the caller ("my brother says he's going to
// take all his pills tonight", "she texted me she's gonna kill herself"): a verb of saying, then
// he / she / they with a present future and an act of self-harm, or "threatening to" with one. A
// past report ("said he was going to") or a negated one ("he's not going to") does not fit the
// shape; an ingestion counts only with all of something and a time or a farewell, so "says she's
// going to take all her pills with breakfast" is adherence.
const SELF_ACT =
  "(?:(?:kill|killing|hang|hanging|shoot|shooting|hurt|hurting|cut|cutting) (?:himself|herself|themselves|themself)|(?:end|ending) (?:his|her|their) (?:own )?life|(?:jump|jumping) (?:off|from|in front)|overdose|overdosing|od|(?:take|swallow|inject|down|drink) (?:all|every|the whole|a whole|the rest)(?: \\w+){0,5} (?:at once|tonight|today|right now|and (?:end|be done|never)|so (?:he|she|they) (?:won't|wont|doesn't|doesnt|don't|dont)))";
const THIRD_INTENT = new RegExp(
  `(?:^|\\s)(?:(?:said|says|saying|texted|texting|told|tells|telling|messaged|posted|wrote|writes|keeps saying)(?: \\w+){0,3} (?:(?:he's|hes|he is|she's|shes|she is|they're|theyre|they are|he|she|they) (?:going to|gonna|will|about to|planning to|plans to|wants to)|he'll|she'll|they'll)|(?:threatening|threatens|talking about|talks about)(?: to)?)(?: (?:just|really|finally|actually))? ${SELF_ACT}(?=\\s|$)`,
);

/**
 * The crisis candidate test on the spaced text: alternatives, each of whose patterns must all
 * match. hasCandidateFrame and its cheap gate (opening-words.ts) read this one list, so a pattern
 * added here is gated the moment it is written. A means with a plan does not count when the
 * means are being given up (MEANS_REMOVED); that exclusion only narrows the test, so the gate,
 * which reads the positive patterns, stays a necessary condition.
 */
// Round 10: fresh self-injury (see selfHarmFresh below): a fresh wound of self-harm, where on the
// body, and a sign it was deliberate.
const FRESH_INJURY =
  /(?:^|\s)(?:fresh|new|still bleeding|bleeding|deep|open) (?:\w+ ){0,2}(?:cuts|cut marks|slashes|scratches|burns|burn marks|gashes|marks)(?=\s|$)|(?:^|\s)(?:cutting|cut|burning|burned|burnt|scratching|hurting|carving|hitting) (?:himself|herself|themselves|themself|myself)(?: \w+){0,3} (?:again|tonight|today|right now|just now|this morning|last night|an hour ago)(?=\s|$)|(?:^|\s)(?:showed me|found|noticed|saw|spotted|discovered) (?:\w+ ){0,2}(?:cuts|burns|burn marks|cut marks|scratches|slashes|gashes)(?: \w+){0,4} (?:tonight|today|this morning|this evening|this afternoon|just now|last night)(?=\s|$)/;
const BODY_SITE =
  /(?:^|\s)(?:his|her|their|my) (?:\w+ )?(?:arms?|forearms?|wrists?|thighs?|legs?|stomach|belly|hips?|ankles?)(?=\s|$)|(?:^|\s)(?:himself|herself|themselves|themself|myself)(?=\s|$)/;
const DELIBERATE =
  /(?:^|\s)(?:himself|herself|themselves|themself|myself|on purpose|razor|blade|blades|sharpener|scissors|hiding|hides|hid|sleeves|helps (?:her|him|them|me) (?:feel|cope|calm|deal)|feel something|feel better|doesn't want to die|doesnt want to die|don't want to die|dont want to die|not trying to die|isn't trying to die|isnt trying to die|lighter|(?:makes?|made) (?:the |her |his |my |their )?(?:bad )?(?:feelings?|thoughts?) (?:stop|go away)|did it (?:herself|himself|themselves|myself)|again)(?=\s|$)/;
// Round 11: lethal means got ready (bought, put up, tied, loaded) and a farewell or a finish
// ("I bought a handgun on Saturday and I've written each of them a letter"; "put a rope up in the
// garage ... go out there and finish it"): preparation, the strongest sign of intent after an
// act. Either alone is everyday ("bought a rifle for deer season"; "wrote my sister a letter").
const PREPARED =
  /(?:^|\s)(?:bought|buying|got|picked up|put|putting|set up|setting up|tied|tying|hung|hanging|rigged|loaded|loading)(?: [\w']+){0,3} (?:gun|handgun|revolver|firearm|pistol|rifle|shotgun|rope|noose|bullets|ammo)(?=\s|$)/;
const FAREWELL =
  /(?:^|\s)(?:(?:written|wrote|writing|left|leaving)(?: \w+){0,4} (?:notes?|letters?)|goodbye|goodbyes|(?:i'll|ill|i will|i'm gonna|im gonna|i'm going to|im going to) be gone|finish it|finish the job|end it all|get it over with)(?=\s|$)/;
const MEANS_WITH_PLAN: readonly RegExp[] = [MEANS, PLAN];
export const CRISIS_CANDIDATE: readonly (readonly RegExp[])[] = [
  [VOLITION, CESSATION],
  [NEG_VOLITION, LIFE],
  [BURDEN],
  [NO_POINT],
  [INGEST, MEANT],
  MEANS_WITH_PLAN,
  [PRAYER],
  [SPANISH_WISH],
  [THIRD_INTENT],
  [FRESH_INJURY, BODY_SITE, DELIBERATE],
  [PREPARED, FAREWELL],
];
const CRISIS_GATE = new OpeningWordGate(CRISIS_CANDIDATE);

// Not having to face what comes, as a wish: "fall asleep and never have to face another day".
const NOT_FACE =
  /(?:^|\s)(?:never|not|don't|dont) (?:\w+ )?(?:have to )?(?:face|see|deal with|get through) (?:another day|another morning|tomorrow|anything again|any of it again|it all again|life)(?=\s|$)/;

// "no plans to hurt myself, no wish to die": the wish itself denied.
const DENIED_WISH =
  /(?:^|\s)(?:no|not|never|without|nor|zero)(?: \w+)? (?:wish|wishes|want|wanting|desire|hope|plan|plans|thoughts?|intention|urge)(?: to| of| about)?(?: \w+)? (?:die|dying|dead|disappear|ending|end|kill|killing|hurt|hurting)(?=\s|$)/;
const FIGURATIVE_WISH =
  /(?:^|\s)(?:than|embarrass\w*|mortified|humiliat\w*|laugh\w*|lol|lmao|haha|die (?:my|her|his|the|your) \w+|dye)(?=\s|$)/;
const ABOUT_A_THING =
  /(?:^|\s)(?:live|living|be alive|be here|exist|wake up|waking up|go on|keep going|carry on|continue|be around|end it|end my life|end this)(?: (?:in|with|at|near|on|early|late|all day|all night|all week|all afternoon|all morning|all evening|this|the|a|insurance|policy|call|membership|subscription|account|plan|contract|today|tomorrow|trip|job|like that|here|there|under|without (?!me)))(?=\s|$)|(?:^|\s)(?:cancel|membership|subscription|policy|account|contract|lease)(?=\s|$)/;

// Round 11: a wish for something to be over or to stop that names the thing ("wanted it to be
// over with that cough", "want this to end, the hold music") is about the thing.
const WISH_ABOUT_THING =
  /(?:^|\s)(?:over with|be over|to end|to stop|be done with) (?:that|the|this|these|those|my|his|her|our|your) (?!life(?:\s|$)|living|existence|pain(?:\s|$))\w+/;

const NEG_WAKE =
  /(?:^|\s)(?:won't|wont|will not|wouldn't|wouldnt|would not|don't|dont|do not|not|never)(?: (?:ever|even|just|to|have to|ever have to))? wake(?=\s|$|[,.!?])/g;
const WAKE_SELF_BARE =
  /(?:^|\s)(?:i(?: just| simply| really| will| would| could)? (?:won't|wont|will not|wouldn't|wouldnt|would not|don't|dont|do not|never)|not to|to not|never to|to never|and never|and not|and just not|and just never|i'd never|id never)(?: (?:ever|even|just|have to|ever have to))? wake(?: up)?(?: (?:in the morning|tomorrow(?: morning)?|(?:ever )?again|anymore|any more|at all|one day|some day|someday))?(?=\s*$|\s+(?:because|cause|honestly|i|i'm|im|it's|its|everything|nothing)(?:\s|$))/;
const NOT_WAKE_AT_ALL =
  /(?<=(?:^|\s)(?:won't|wont|will not|wouldn't|wouldnt|would not|don't|dont|do not|not|never)(?: (?:ever|even|just|to|have to|ever have to))? )wake(?: up)? (?:in the morning|tomorrow(?: morning)?|(?:ever )?again|anymore|any more)(?=\s|$)/g;

function wishSelf(sentence: string): boolean {
  if (PRAYER.test(sentence) || SPANISH_WISH.test(sentence)) return true;
  // "be done" is a wish to be dead only as "be done with it all"; "wanted it to be done in May" is not.
  const plain = sentence.replace(/ be done(?! with)/g, ' ').replace(/ end it(?! all)/g, ' ');
  // Hyperbole and homophones: "I'd rather be dead than pay that", "so embarrassed I wanted to
  // die", "want to die my hair".
  if (FIGURATIVE_WISH.test(plain) || DENIED_WISH.test(plain)) return false;
  // Round 12: a waking that is negated is a wish not to exist only when the wisher is its subject
  // and the waking is bare — nothing after it but when ("hoping I won't wake up in the morning",
  // "hope not to wake up tomorrow"); "hope the alarm won't wake me", "won't wake the baby", "won't
  // wake up groggy / in pain / during the operation" are about how or whom.
  const ceasing = CESSATION.test(plain.replace(NEG_WAKE, ' ')) || WAKE_SELF_BARE.test(plain);
  const wish =
    (VOLITION.test(plain) && (ceasing || NOT_FACE.test(plain))) ||
    (NEG_VOLITION.test(plain) && LIFE.test(plain));
  if (!wish || !FIRST_PERSON.test(sentence)) return false;
  // What follows the wish says what it is about: "don't want to live in this town", "don't want
  // to wake up early tomorrow", "want to end my life insurance policy" are about a place, a time
  // or a thing.
  // Round 12: the usual time of waking said with a waking that is itself negated ("hoping I won't
  // wake up in the morning") is the wish not to wake at all, not a wish about a time.
  const about = plain.replace(NOT_WAKE_AT_ALL, ' wake up ');
  if (ABOUT_A_THING.test(about) || WISH_ABOUT_THING.test(about)) return false;
  if (NOT_DIE.test(sentence) || QUESTION_IF.test(sentence) || SCOPED_PAST.test(sentence)) return false;
  // The wish's subject is the last person named before it: "my daughter texted me that she
  // doesn't want to be here anymore" is hers, not the caller's.
  const at = plain.search(
    /(?:want|wanna|wish|hope|pray|rather|care|tired|sick|ready|thinking|thought|think|tempted|dream|long)/,
  );
  const subjects = (at > 0 ? plain.slice(0, at) : '').match(SUBJECT) ?? [];
  const last = subjects[subjects.length - 1]?.trim();
  return last === undefined || /^(?:i|i'm|im|i've|ive|i'd|id)$/.test(last);
}

const SUBJECT = /(?:^|\s)(?:i|i'm|im|i've|ive|i'd|id|he|she|they|he's|she's|they're|hes|shes)(?=\s|$)/g;

// An ingestion said of oneself with its purpose ("I took forty Tylenol because I wanted it all over
// with"), and means with a specific plan ("counted out", "drove here to jump", "loaded it"), not
// the generic "going to": the strict forms of meant-ingestion and means-plan.
const SPECIFIC_PLAN =
  /(?:^|\s)(?:came here to|came up here to|drove here to|drove up here to|walked here to|counted|counted out|lined up|loaded|step off|jump|this is when|is the night|is when i|decided|set aside|saved up|saving up|stash|stashed|written (?:a|the|my) (?:note|letter)|wrote (?:a|the|my) (?:note|letter|letters)|letters for|say goodbye|said goodbye)(?=\s|$)/;
const SELF_INGEST =
  /(?:^|\s)(?:i|i've|ive|i just|i already) (?:\w+ )?(?:took|taken|swallowed|drank|ate|downed|injected|overdosed)(?=\s|$)/;

function intentSelf(n: string): boolean {
  if (preparedMeans(n)) return true;
  const sentences = sentencesOf(n).map((x) => ' ' + x.replace(/,/g, ' ').replace(/\s+/g, ' ') + ' ');
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!;
    if (SELF_INGEST.test(s) && MEANT.test(s)) return true;
    const pair = s + (sentences[i + 1] ?? '');
    // Round 11: the purpose said in the next sentence ("I took all twenty of my oxycodone an hour
    // ago. I wanted it to be over"), when neither is a question, a condition or a past.
    if (
      SELF_INGEST.test(s) &&
      MEANT.test(sentences[i + 1] ?? '') &&
      !QUESTION_IF.test(pair) &&
      !SCOPED_PAST.test(pair) &&
      !ONSET_REMOTE.test(pair)
    )
      return true;
    if (
      MEANS.test(pair) &&
      SPECIFIC_PLAN.test(pair) &&
      FIRST_PERSON.test(pair) &&
      !MEANS_REMOVED.test(pair) &&
      !QUESTION_IF.test(pair) &&
      !/(?:^|\s)(?:he|she|they|my (?:son|daughter|wife|husband|mom|dad|brother|sister|friend))(?=\s)/.test(
        pair,
      )
    )
      return true;
  }
  return false;
}

// Prepared means with a farewell, said of oneself now: not a question or a condition, not a past
// or remote episode, not someone else's, not means given up.
function preparedMeans(n: string): boolean {
  const t = ' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ';
  return (
    PREPARED.test(t) &&
    FAREWELL.test(t) &&
    FIRST_PERSON.test(t) &&
    !MEANS_REMOVED.test(t) &&
    !QUESTION_IF.test(t) &&
    !SCOPED_PAST.test(t) &&
    !ONSET_REMOTE.test(t) &&
    !/(?:^|\s)(?:he|she|they|my (?:son|daughter|wife|husband|mom|dad|brother|sister|friend))(?: \w+)? (?:bought|got|put|tied|hung|loaded|wrote|has written|left)(?=\s)/.test(
      t,
    )
  );
}

// The sentence with the stated intent is not a question, a condition or a past.
function intentOther(n: string): boolean {
  for (const sentence of sentencesOf(n)) {
    const s = ' ' + sentence.replace(/[,;]/g, ' ').replace(/\s+/g, ' ') + ' ';
    if (THIRD_INTENT.test(s) && !QUESTION_IF.test(s) && !SCOPED_PAST.test(s) && !RESOLVED.test(s))
      return true;
  }
  return false;
}

const LOW_GLUCOSE =
  /(?:^|\s)(?:sugar|sugars|glucose|meter|bg|cgm|dexcom|libre|reading|finger ?stick)(?: \w+){0,4} (?:(?:[1-4]\d|5[0-4])|(?:twenty|thirty|forty)(?: (?:one|two|three|four|five|six|seven|eight|nine))?|fifty(?: (?:one|two|three|four))?|low|lo|crashed|crashing|bottomed out|tanked)(?! (?:minutes?|mins?|hours?|units?|years?|days?|weeks?|months?|pounds?|lbs|percent|times|carbs|grams))(?=\s|$)/;
const ALTERED =
  /(?:^|\s)(?:confused|confusion|not making (?:any )?sense|talking (?:nonsense|gibberish)|slurring|won't wake|wont wake|can't wake|cant wake|passed out|unresponsive|acting drunk|combative|out of it|doesn't know where|doesnt know where|didn't know (?:me|who)|called me by|sweaty and shaking|shaking and sweaty|seizing|glassy|not himself|not herself)(?=\s|$)/;

// Red-flag pairs: [finding, companion]; both in the turn make the pair.
const RED_FLAGS: readonly (readonly [RegExp, RegExp])[] = [
  [
    // Round 10: the chest as a place of pain or pressure, not of a rash ("now it's on the chest
    // and the arm as well").
    /(?:^|\s)(?:(?:pain|pains|pressure|tight|tightness|squeez\w*|crush\w*|heavy|heaviness|ache|aching|aches|hurts|hurting|burning|discomfort|weight|band|elephant)(?: \w+){0,6} (?:chest|breastbone|sternum)|(?:chest|breastbone|sternum)(?: \w+){0,3} (?:pain|pains|pressure|tight|tightness|squeez\w*|crush\w*|heavy|heaviness|ache|aching|aches|hurts|hurting|burning|discomfort))(?=\s|$)/,
    /(?:^|\s)(?:(?:left |my |his |her |the )?arm|jaw|sweat|sweating|sweaty|clammy|short of breath|can't breathe|cant breathe|nauseous|throwing up)(?=\s|$)/,
  ],
  [
    /(?:^|\s)(?:(?:hit|bumped|banged|smacked|cracked|struck) (?:his|her|my|their|the back of (?:his|her|my)) head|head injury|hit the back of)(?=\s|$)/,
    /(?:^|\s)(?:confused|confusion|vomit|vomiting|thrown up|threw up|throwing up|keeps asking|asking the same|repeating|drowsy|won't wake|wont wake|not making sense|passed out|blacked out)(?=\s|$)/,
  ],
  [
    /(?:^|\s)(?:breath|breathe|breathing|wheezing|wheeze|gasping|air)(?=\s|$)/,
    /(?:^|\s)(?:blue|gray|grey|purple|dusky|lips|can't talk|cant talk|barely talk|can barely talk|sweating buckets|ribs sucking)(?=\s|$)/,
  ],
  [
    /(?:^|\s)(?:pregnant|weeks along|postpartum|had the baby|gave birth|expecting)(?=\s|$)/,
    /(?:^|\s)(?:bleeding|blood|clots|gushing|sudden (?:\w+ )?pain|awful pain|severe pain)(?=\s|$)/,
  ],
  [
    /(?:^|\s)(?:fell|fall|slipped|tripped|fallen)(?=\s|$)/,
    // Round 12: a limb or joint out of its shape (a suspected fracture or dislocation) in any
    // words: bent or pointing the wrong way, at an odd angle, out of place, deformed; said of a
    // part of the body (not glasses or a rug), with no negator between.
    /(?:^|\s)(?:can't get up|cant get up|couldn't get up|shorter than|turned out|bone (?:is )?sticking|can't move (?:my|his|her) (?:leg|hip)|can't stand|cant stand|(?:wrists?|arms?|forearms?|elbows?|shoulders?|hands?|fingers?|thumbs?|ankles?|foot|feet|toes?|legs?|knees?|kneecaps?|hips?|collarbone|shin|nose|jaw|bone)(?: (?!(?:no|not|isn't|isnt|wasn't|wasnt|aren't|arent|never|nothing|doesn't|doesnt)(?:\s|$))[\w']+){0,4} (?:(?:bent|bending|twisted|pointing|facing|turned|sitting|going) (?:\w+ )?the wrong way|(?:at|in) (?:a|an) (?:\w+ )?(?:weird|odd|funny|strange|wrong|unnatural|crazy|awful|bad) angle|(?:popped|pushed|knocked|sticking) out of (?:place|the socket|its socket|joint)|out of (?:its|the) socket|deformed))(?=\s|$)/,
  ],
  [
    /(?:^|\s)(?:boiling|scalded|scald|scalding|burned|burnt|burn|hot oil|grease fire|caught fire)(?=\s|$)/,
    /(?:^|\s)(?:skin (?:is )?(?:peeling|coming off|bubbling|white|black)|blisters|blistering|screaming)(?=\s|$)/,
  ],
  [
    /(?:^|\s)(?:toddler|baby|year old|year-old|kid|child|my son|my daughter)(?=\s|$)/,
    /(?:^|\s)(?:pods?|detergent|drain cleaner|bleach|button batter(?:y|ies)|batteries|antifreeze|lighter fluid|lamp oil|cleaner|pill organizer|pill box)(?=\s|$)/,
  ],
  // Round 10: a low sugar reading with a change in mind or behaviour (hypoglycaemia with
  // neuroglycopenia). Readings under 55 mg/dL, in figures or words, or "low" / "crashed".
  [LOW_GLUCOSE, ALTERED],
];

// A finding denied just before it ("no chest pain, but short of breath") is not one of the pair.
const DENIED_BEFORE =
  /(?:^|\s)(?:no|not|denies|denied|without|never|any|isn't|isnt|wasn't|wasnt|aren't|arent)(?: \w+)?\s*$/;

// Round 12: a finding said to be normal just after it ("breathing is totally normal").
const NORMAL_AFTER =
  /^\s*(?:\w+ )?(?:is|are|'s|seems|feels|looks)(?: \w+)? (?:fine|normal|ok|okay|good|clear|better)(?=\s|$)/;

function present(re: RegExp, t: string): boolean {
  const m = re.exec(t);
  return (
    m !== null &&
    !DENIED_BEFORE.test(t.slice(Math.max(0, m.index - 16), m.index + 1)) &&
    !NORMAL_AFTER.test(t.slice(m.index + m[0].length, m.index + m[0].length + 40))
  );
}

/**
 * The strict frames stand as rules of their own in the learned path (monitor.ts): each raises a
 * candidate with this signal and base grade, which the classifier then keeps or drops at the
 * operating point of rule-raised candidates, like a cue rule's.
 */
export const STRICT_FRAMES: readonly {
  frame: Frame;
  type: FramedType;
  signal: string;
  severity: 'moderate' | 'high' | 'critical';
}[] = [
  // Round 10. A medical strict frame's signal names the finding; its grade comes from the
  // protocol (severity.ts protocolGrade), as for any medical finding of the learned path.
  { frame: 'stroke-fast', type: 'medical_emergency', signal: 'stroke-signs', severity: 'critical' },
  { frame: 'red-flag-now', type: 'medical_emergency', signal: 'red-flag', severity: 'high' },
  { frame: 'threat-veiled', type: 'abusive_caller', signal: 'threat', severity: 'critical' },
  { frame: 'self-harm-fresh', type: 'mental_health_crisis', signal: 'self-harm', severity: 'high' },
  { frame: 'threat-direct', type: 'abusive_caller', signal: 'threat', severity: 'critical' },
  { frame: 'you-insult-direct', type: 'abusive_caller', signal: 'insult', severity: 'moderate' },
  { frame: 'intent-self', type: 'mental_health_crisis', signal: 'intent-with-means', severity: 'critical' },
  { frame: 'intent-other', type: 'mental_health_crisis', signal: 'intent-with-means', severity: 'critical' },
  { frame: 'wish-self', type: 'mental_health_crisis', signal: 'passive-ideation', severity: 'high' },
  // Round 11.
  { frame: 'confusion-acute', type: 'medical_emergency', signal: 'acute-confusion', severity: 'high' },
];

// The signal of each red-flag pair, in RED_FLAGS order.
const RED_FLAG_SIGNALS = [
  'chest-pain',
  'serious-injury',
  'breathing',
  'severe-bleeding',
  'serious-injury',
  'serious-injury',
  'poisoning',
  'low-blood-sugar',
] as const;

/** The signal of the first red-flag pair in a turn (normalised text), for red-flag-now. */
export function redFlagSignal(n: string): string {
  const t = ' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ';
  const at = RED_FLAGS.findIndex(([a, b]) => present(a, t) && present(b, t));
  return at < 0 ? 'red-flag' : RED_FLAG_SIGNALS[at]!;
}

// Any first finding of a pair: one test before the pairs are read.
const RED_FLAG_ANY = new RegExp(RED_FLAGS.map(([a]) => a.source).join('|'));

function redFlag(t: string): boolean {
  if (!RED_FLAG_ANY.test(t)) return false;
  return RED_FLAGS.some(([a, b]) => present(a, t) && present(b, t));
}

function roundSevenFrames(
  n: string,
  t: string,
  words: readonly string[],
  insult: boolean,
  out: Set<Frame>,
): void {
  const addressed = ADDRESSED.test(n);
  const wishy = VOLITION.test(t) || NEG_VOLITION.test(t) || PRAYER.test(t) || SPANISH_WISH.test(t);
  if (addressed || wishy)
    for (const sentence of sentencesOf(n)) {
      const s = ' ' + sentence.replace(/,/g, ' ').replace(/\s+/g, ' ') + ' ';
      if (addressed && insult && insultAimedAtYou(sentence.match(TOKEN) ?? [])) out.add('you-insult-direct');
      if (addressed && threatDirect(s)) out.add('threat-direct');
      if (wishy && wishSelf(s)) out.add('wish-self');
    }
  if (addressed && LOCATE_YOU.test(t) && MENACE.test(t)) out.add('threat-direct');
  if ((MEANS.test(t) || INGEST.test(t) || PREPARED.test(t)) && intentSelf(n)) out.add('intent-self');
  if (THIRD_INTENT.test(t) && intentOther(n)) out.add('intent-other');
  if (words.length > 3 && redFlag(t)) {
    out.add('red-flag');
    if (actsNow(t)) out.add('red-flag-now');
  }
  if (FAST_ANY.test(t) && strokeFast(t)) out.add('stroke-fast');
  if (CONFUSED.test(t) && confusionAcute(t)) out.add('confusion-acute');
  if (HARM_BEFALLS.test(t) && threatVeiled(n)) out.add('threat-veiled');
  if (FRESH_INJURY.test(t) && selfHarmFresh(n)) out.add('self-harm-fresh');
}

// ---- Round 10: acuity in the frame, not more phrases ---------------------------------------------
// - red-flag-now: a red-flag pair said as happening now: an acute onset ("for about an hour",
//   "twenty minutes ago") or a now-marker, not a remote or resolved history, not a question or a
//   condition, not family history. Stands as a rule (the classifier keeps or drops it), so a
//   red flag said in the middle of a billing or scheduling call still reaches a person; the
//   business around it ("about a bill") is not what the frame reads.
// - stroke-fast: the BE-FAST signs (face, arm or hand, speech) of someone now: two different
//   ones in the turn, or one with an acute onset or as it happens ("the right side is drooping"),
//   not negated, not a residual deficit ("since my stroke"), not past, chronic or a question.
// - threat-veiled: harm that will befall people ("someone there is going to get hurt") with the
//   caller as its agent: coming to the agent's place, or an ultimatum said in earnest ("if ... I'm
//   not joking"); a hazard or a worry ("the ice on your steps, someone's going to get hurt") is a
//   warning, not a threat.
// - self-harm-fresh: fresh self-injury of the caller or someone with them now ("found fresh cuts
//   all up her forearm", "she's cutting herself again tonight"), with a sign it was deliberate;
//   not an accident, not old scars, not a past episode.

const NOWISH =
  /(?:^|\s)(?:now|right now|just|still|suddenly|started|starting|this (?:morning|afternoon|evening)|tonight|today|(?:minutes?|hours?) ago|keeps?|won't stop|wont stop|getting worse)(?=\s|$)/;
const CHRONIC =
  /(?:^|\s)(?:sometimes|always|usually|on and off|off and on|comes and goes|every (?:time|day|week|month|morning|night)|whenever|for (?:years|months|weeks)|chronic|normal for)(?=\s|$)/;

function notHistory(t: string): boolean {
  return (
    !ONSET_REMOTE.test(t) &&
    !RESOLVED.test(t) &&
    !QUESTION_IF.test(t) &&
    !SCOPED_PAST.test(t) &&
    !FAMILY_HISTORY.test(t) &&
    !CHRONIC.test(t)
  );
}

function actsNow(t: string): boolean {
  return (ONSET_ACUTE.test(t) || NOWISH.test(t)) && notHistory(t);
}

const FACE_SIGN =
  /(?:^|\s)(?:face (?:is |feels |looks |went |has gone |seems )?(?:all |kind of |kinda |sort of )?(?:droop\w*|heavy|numb|crooked|lopsided|sagg\w*|slack|twisted|weak|dropped|fallen)|(?:droop\w*|sagg\w*|crooked|lopsided|numb\w*|weak\w*|heav\w*) (?:\w+ ){0,4}(?:face|mouth|smile|lip|eyelid)|(?:right|left|one) side (?:\w+ ){0,3}(?:droop\w*|sagg\w*|numb|heavy|weak|dropped|fallen))(?=\s|$)/;
const ARM_SIGN =
  /(?:^|\s)(?:(?:hand|arm|leg|grip|fingers) (?:\w+ ){0,2}(?:won't|wont|can't|cant|cannot|isn't|isnt|doesn't|doesnt|couldn't|will not) (?:hold|grip|lift|move|work|grab|squeeze)|(?:can't|cant|cannot|can not|couldn't|unable to) (?:lift|raise|move|feel|grip) (?:my|his|her|their|the) (?:right |left )?(?:arm|hand|leg)|(?:arm|hand|leg) (?:is |went |feels |has gone |just went )?(?:all |kind of |kinda )?(?:dead|limp|numb|weak|floppy|useless|heavy)|dropping (?:things|stuff|everything|the|his|her|my))(?=\s|$)/;
const SPEECH_SIGN =
  /(?:^|\s)(?:slurr\w*|words (?:\w+ ){0,3}(?:coming out|come out|came out) (?:wrong|funny|jumbled|mixed|garbled|weird)|(?:can't|cant|couldn't) (?:get (?:my|his|her|the) words out|find (?:my|his|her|the) words|speak (?:right|properly|clearly)|talk (?:right|properly|clearly))|(?:talking|speaking|speech) (?:is )?(?:all )?(?:gibberish|nonsense|garbled|slurred|jumbled|funny|weird|strange)|mixing up (?:his|her|my) words)(?=\s|$)/;
const FAST_ANY = new RegExp([FACE_SIGN, ARM_SIGN, SPEECH_SIGN].map((r) => r.source).join('|'));
// A deficit left by something known: not a new stroke sign.
const RESIDUAL =
  /(?:^|\s)(?:since|from|after|because of|ever since) (?:my|his|her|the|a|that) (?:stroke|surgery|accident|injury|bell's palsy|palsy|ms|neuropathy|operation)|bell's palsy|neuropathy|carpal tunnel|pinched nerve|fell asleep(?=\s|$)/;
// The sign itself negated just before it ("no weakness in her face", "hand isn't numb").
const SIGN_DENIED = /(?:^|\s)(?:no|not|without|denies|never|any)(?: \w+){0,2}\s*$/;
const PROGRESSIVE =
  /(?:^|\s)(?:is|are|'s|keeps?|started|starting|went|just)(?: \w+){0,2} (?:droop|slurr|sagg|drop)\w*(?=\s|$)/;

function signsIn(t: string): number {
  let k = 0;
  for (const re of [FACE_SIGN, ARM_SIGN, SPEECH_SIGN]) {
    const m = re.exec(t);
    if (m !== null && !SIGN_DENIED.test(t.slice(Math.max(0, m.index - 20), m.index + 1))) k++;
  }
  return k;
}

function strokeFast(t: string): boolean {
  if (RESIDUAL.test(t) || !notHistory(t)) return false;
  const k = signsIn(t);
  return k >= 2 || (k === 1 && (ONSET_ACUTE.test(t) || PROGRESSIVE.test(t)));
}

// Harm befalling people, without naming who does it.
const HARM_BEFALLS =
  /(?:^|\s)(?:someone|somebody|people|one of you|some of you|anyone|anybody|everyone|everybody|a person|your (?:staff|people|agents|employees|workers|coworkers|co-workers|manager|boss|family|kids))(?: \w+){0,3} (?:is|are|'s|will|'ll|gonna|going to|is going to|are going to|is gonna|are gonna)(?: \w+)? (?:get|end up|be|wind up) (?:\w+ )?(?:hurt|killed|shot|stabbed|injured|hospitalized|in the hospital|dead|bleeding)(?=\s|$)|(?:^|\s)something (?:bad|terrible|awful|ugly) (?:is going to|is gonna|will|'s gonna|'s going to) happen(?=\s|$)/;
// The caller as the harm's agent: coming to the agent's place, or an ultimatum in earnest.
const COMING_TO_YOU =
  /(?:^|\s)(?:i'm|im|i am|i'll|ill|i will|we're|we'll)(?: \w+)? (?:driving|coming|going|walking|heading|showing up|show up|come|drive|go|head)(?: \w+){0,2} (?:to|at|into) (?:your|ur|you guys'?) (?:office|offices|building|clinic|branch|place|headquarters|hq|call center|store|pharmacy|counter|desk|work)(?=\s|$)/;
const ULTIMATUM =
  /(?:^|\s)(?:if|unless|by (?:friday|monday|tuesday|wednesday|thursday|saturday|sunday|tomorrow|tonight|the end of))(?=\s|$)/;
const EARNEST =
  /(?:^|\s)(?:not joking|not kidding|mark my words|i promise you|that's a promise|thats a promise|i mean it|you've been warned|youve been warned|consider this a warning|i swear)(?=\s|$)/;
// A hazard or a worry: the harm comes from a thing, and the caller warns about it.
const HAZARD =
  /(?:^|\s)(?:worried|afraid|scared|concerned|worry|ice|icy|steps|stairs|railing|floor|wet|slippery|hazard|dangerous|unsafe|broken|loose|wiring|mold|lead|crosswalk|parking lot lights|dosing error|wrong dose|mix ?up)(?=\s|$)/;

function threatVeiled(n: string): boolean {
  const t = ' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ';
  if (HAZARD.test(t)) return false;
  return COMING_TO_YOU.test(t) || (ULTIMATUM.test(t) && EARNEST.test(t));
}

const ACCIDENT =
  /(?:^|\s)(?:accident|accidentally|fell|fall|kitchen|cooking|cat|dog|rose|bushes|thorns|glass broke|broken glass|bike|skateboard|surgery|scars|healed|old (?:\w+ )?(?:scars?|marks?|cuts?|burns?|wounds?)|(?:they're|theyre|they are|those are|these are|those were) old)(?=\s|$)/;

function selfHarmFresh(n: string): boolean {
  const t = ' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ';
  if (!BODY_SITE.test(t) || !DELIBERATE.test(t) || ACCIDENT.test(t)) return false;
  return !ONSET_REMOTE.test(t) && !SCOPED_PAST.test(t) && !QUESTION_IF.test(t);
}

// ---- Round 11 ----------------------------------------------------------------------------------
// - confusion-acute: a person newly confused — mixed up, disoriented, not knowing the month or
//   where they are, calling family by the wrong name — with an acute onset ("since this morning",
//   "suddenly", "today") and not as history, a chronic pattern or dementia's usual course: a
//   stroke, low sugar, infection or overdose until shown otherwise (delirium is a red flag in an
//   older adult). Confusion about a thing ("confused about my bill", "the pharmacy mixed up my
//   order") is not confusion of a person.
const CONFUSED =
  /(?:^|\s)(?:(?:is|he's|she's|hes|shes|i'm|im|been|seems|seem|got|gotten|getting|became|become|gone|went|acting|all|so|really|very) (?:\w+ )?(?:confused|mixed up|muddled|disoriented|out of it)|(?:doesn't|doesnt|does not|didn't|didnt|don't|dont) know (?:what (?:day|month|year|time)|where (?:he|she|i|they) (?:is|am|are|was)|who (?:i|he|she|we) (?:am|is|are)|me)|called me by (?:the wrong|his|her|my) (?:\w+ )?(?:name|\w+'s name)|not making (?:any )?sense)(?=\s|$)/;
const CONFUSED_ABOUT = /(?:confused|mixed up|muddled) (?:about|by|with|as to|why|on|over|because)(?=\s|$)/;
const DEMENTIA = /(?:^|\s)(?:dementia|alzheimer's|alzheimers|sundown\w*|memory care)(?=\s|$)/;
// The words every CONFUSED match holds, as the frame gate reads them: CONFUSED's first words
// ("is", "so", "been") are in most turns, these in few.
const CONFUSED_WORDS =
  /(?:^|\s)(?:confused|mixed up|muddled|disoriented|out of it|know (?:what|where|who|me)|called me by|not making)(?=\s|$)/;

function confusionAcute(t: string): boolean {
  const m = CONFUSED.exec(t);
  if (m === null || CONFUSED_ABOUT.test(t) || DEMENTIA.test(t)) return false;
  if (SIGN_DENIED.test(t.slice(Math.max(0, m.index - 20), m.index + 1))) return false;
  return ONSET_ACUTE.test(t) && notHistory(t);
}

/**
 * What hasCandidateFrame needs of a turn before it reads it, per type, as OpeningWordGate's
 * groups (a disjunction of conjunctions): whenever the type is framed, every pattern of some
 * group matches. Patterns that open with `(?:^|\s)` are those hasCandidateFrame runs on the
 * spaced turn; any other is run on the normalised turn itself. The monitor's frame gate
 * (frame-gate.ts) is built from these at load time, and its property test holds it to
 * hasCandidateFrame: a new way for hasCandidateFrame to answer yes needs its pattern here.
 */
export const CANDIDATE_FRAME_NEEDS: Readonly<Record<FramedType, readonly (readonly RegExp[])[]>> = {
  medical_emergency: [...RED_FLAGS.map(([a, b]) => [a, b]), [FAST_ANY], [CONFUSED, CONFUSED_WORDS]],
  abusive_caller: [[HARM_BEFALLS], [ADDRESSED]],
  mental_health_crisis: CRISIS_CANDIDATE,
};
