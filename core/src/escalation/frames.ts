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
  | 'question-if';

/** The frames that make a turn a candidate of a type by themselves. */
export const CANDIDATE_FRAMES: Readonly<Partial<Record<Frame, 'abusive_caller' | 'mental_health_crisis'>>> = {
  'you-insult': 'abusive_caller',
  threat: 'abusive_caller',
  'wish-not-exist': 'mental_health_crisis',
  burden: 'mental_health_crisis',
  'no-point': 'mental_health_crisis',
  'means-plan': 'mental_health_crisis',
  'means-plan-time': 'mental_health_crisis',
  'meant-ingestion': 'mental_health_crisis',
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
  /(?:^|\s)(?:die|dead|disappear|vanish|be gone|gone for good|not exist|stop existing|not be here|not being here|not be around|not being around|not be alive|stay asleep|sleep forever|never wake|not wake|not have to wake|never have to wake|don't wake|dont wake|wouldn't wake|not come out|don't come out|dont come out|takes me|take me|end it|end it all|end my life|it all to end|it to end|it all over|it over with|over with|be with (?:god|the lord|mom|dad|jesus)|never open|not open my eyes|don't open my eyes|fade away|not here anymore|here anymore|be done)(?=\s|$|[,.!?])/;
const BURDEN =
  /(?:^|\s)(?:better off|fine|easier|happier|be better|be fine|not notice|even notice|miss me)(?: \w+){0,4} (?:without me|if i (?:was|were|wasn't|weren't|am|was not|were not) (?:gone|dead|around|here|not around|not here)|when i'm gone|if i'm gone|if i disappeared|if i died)(?=\s|$|[,.!?])|(?:^|\s)(?:a burden|a weight on|in everyone's way|in everybody's way|nobody would (?:notice|care|miss))(?=\s|$|[,.!?])/;
const NO_POINT =
  /(?:^|\s)(?:(?:no|not any|what's the|what is the|whats the) point (?:in |of )?(?:living|being alive|being here|going on|carrying on|waking up|me being|anymore|in anything|to any of it|of any of it)|no reason to (?:live|go on|keep going|wake up)|nothing (?:left )?to live for|no way out)(?=\s|$|[,.!?])/;

const MEANS =
  /(?:^|\s)(?:pills|tablets|bottle|bottles|gun|pistol|rifle|shotgun|rope|noose|bridge|roof|rooftop|ledge|garage|top level|top floor|knife|razor|blade|blades|insulin|lithium|oxy|oxycodone|sleeping pills|painkillers|pain pills|car running|train tracks|tracks|overpass|cliff|edge|belt|cord|bullets|ammo|poison|antifreeze|bleach|meds)(?=\s|$|[,.!?])/;
const PLAN =
  /(?:^|\s)(?:going to|gonna|came here to|came up here to|drove here to|drove up here to|walked here to|here to|plan|planned|planning|counted|counted out|lined up|loaded|ready|do it|doing it|step off|jump|this is when|is the night|is when|decided|set aside|saved up|saving up|stash|stashed|bought|got a|written (?:a|the|my) (?:note|letter)|wrote (?:a|the|my) (?:note|letter)|goodbye|say goodbye)(?=\s|$|[,.!?])/;
const TIME =
  /(?:^|\s)(?:tonight|this weekend|the weekend|tomorrow|today|right now|when (?:he|she|they|everyone|the kids) (?:leave|leaves|go|goes|are gone|is gone|are at|is at)|are at my|is at my|while (?:he|she|they) (?:are|is) (?:out|away|gone))(?=\s|$|[,.!?])/;
const INGEST =
  /(?:^|\s)(?:took|taken|swallowed|swallow|drank|ate|downed|injected|inject|overdosed|od'd|od)(?=\s|$)/;
const MEANT =
  /(?:^|\s)(?:on purpose|purposely|deliberately|intentionally|because i (?:wanted|want|didn't want|don't want|couldn't|can't|was done|am done|just wanted)|so i (?:wouldn't|would not|could|can) (?:wake|have to|feel|be)|to (?:die|end it|not wake|never wake|kill myself|make it stop|be done))(?=\s|$|[,.!?])/;

const NUM =
  '(?:\\d+|a|an|one|two|three|four|five|six|ten|fifteen|twenty|thirty|forty|forty-five|few|couple of|couple|half an?)';
const ONSET_ACUTE = new RegExp(
  `(?:^|\\s)(?:${NUM} (?:minutes?|mins?|hours?|hrs?) ago|just (?:now|happened|started|a minute ago)|since (?:this morning|this afternoon|this evening|tonight|lunch|breakfast|dinner|i woke up|an hour|${NUM} (?:minutes?|hours?))|suddenly|sudden|all of a sudden|out of nowhere|right now|at the moment|for the (?:last|past) (?:\\w+ )?(?:minutes?|hours?)|(?:minutes?|hours?) now|started (?:today|this morning|tonight|an hour ago|a few minutes ago)|won't stop|wont stop|keeps? (?:getting worse|coming)|getting worse|just (?:collapsed|fell|swallowed|took|ate|drank|cut|texted))(?=\\s|$|[,.!?])`,
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
 * The crisis candidate test on the spaced text: alternatives, each of whose patterns must all
 * match. hasCandidateFrame and its cheap gate (opening-words.ts) read this one list, so a pattern
 * added here is gated the moment it is written.
 */
export const CRISIS_CANDIDATE: readonly (readonly RegExp[])[] = [
  [VOLITION, CESSATION],
  [NEG_VOLITION, LIFE],
  [BURDEN],
  [NO_POINT],
  [INGEST, MEANT],
  [MEANS, PLAN],
];
const CRISIS_GATE = new OpeningWordGate(CRISIS_CANDIDATE);

/**
 * Whether a caller turn has a frame that makes a candidate by itself (CANDIDATE_FRAMES): the
 * cheap question the monitor asks of every turn it reads; the full framesOf runs only on turns
 * that are candidates.
 */
export function hasCandidateFrame(n: string, type: 'abusive_caller' | 'mental_health_crisis'): boolean {
  // Both abuse frames need "you" (an insult's target, a threat's object or a consequence), and
  // an insult word or a threat's shape.
  if (type === 'abusive_caller') {
    if (!ADDRESSED.test(n)) return false;
    const words = n.match(TOKEN) ?? [];
    if (!words.some((w) => INSULT.test(w))) {
      const t = ' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ';
      if (!YOU_CONSEQUENCE.test(t) && !(FIRST_FUTURE.test(t) && RETRIBUTION.test(t))) return false;
    }
    return framesOf(n).some((f) => CANDIDATE_FRAMES[f] === type);
  }
  if (!CRISIS_GATE.mayMatch(n)) return false;
  const t = ' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ';
  const maybe = CRISIS_CANDIDATE.some((all) => all.every((re) => re.test(t)));
  return maybe && framesOf(n).some((f) => CANDIDATE_FRAMES[f] === type);
}

/** The frames of a caller turn (normalised text), each once, in a fixed order. */
export function framesOf(n: string): Frame[] {
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
  if (MEANS.test(t) && PLAN.test(t)) out.add(TIME.test(t) ? 'means-plan-time' : 'means-plan');
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
