import { CONTEXT_CHARS, squash, tokens, type Clause } from './text';

/**
 * Context filters that keep a cue from firing when the words are negated, history, about
 * someone in general, hypothetical or figurative. Each works on the clause around the match
 * only, so "my back is killing me and I can't breathe" still fires on the second part.
 */

const NEGATORS = new Set([
  'no',
  'not',
  'never',
  'none',
  'nothing',
  'nobody',
  'neither',
  'nor',
  'without',
  'deny',
  'denies',
  'denied',
  'denying',
  'cannot',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'wasnt',
  'arent',
  'werent',
  'havent',
  'hasnt',
  'hadnt',
  'cant',
  'couldnt',
  'wont',
  'wouldnt',
  'shouldnt',
  'aint',
]);

// "I can't stop thinking about killing myself", "not gonna lie", "I don't know, my chest hurts":
// the negator governs something other than the cue.
const NOT_SCOPING = new Set([
  'sure',
  'know',
  'knew',
  'understand',
  'care',
  'lie',
  'lying',
  'kidding',
  'joking',
  'joke',
  'doubt',
  'matter',
  'stop',
  'help',
  'wait',
  'only',
  'even',
  'remember',
  'anymore',
  'just',
  'okay',
  'ok',
  'well',
  'able',
  'take',
  'handle',
  'cope',
  'deal',
  'stand',
  'bear',
]);

// A negator followed by one of these reaches into a following clause: "I don't think I'm having a
// stroke", "I never said I wanted to kill myself".
const RAISING = new Set([
  'think',
  'believe',
  'feel',
  'say',
  'said',
  'saying',
  'mean',
  'guess',
  'suppose',
  'seem',
  'like',
  'claim',
  'claiming',
]);

// A subject starting a new clause ends the reach of a negator or a question word before it.
const SUBJECTS = new Set([
  'i',
  "i'm",
  'im',
  "i've",
  'ive',
  "i'd",
  "i'll",
  'he',
  "he's",
  'she',
  "she's",
  'they',
  "they're",
  'we',
  "we're",
  "it's",
  'my',
  "there's",
  'now',
]);

// Words after which a subject does not start a new clause: "how do I know if I'm having a stroke".
const COMPLEMENTISERS = new Set([
  'if',
  'whether',
  'that',
  'when',
  'whenever',
  'know',
  'tell',
  'think',
  'like',
  'because',
  'cause',
  'since',
]);

// Two-word NegEx triggers whose second word is the one next to the finding: "negative for",
// "free of", "absence of", "ruled out".
const NEGATOR_PAIRS = new Set([
  'negative for',
  'free of',
  'absence of',
  'ruled out',
  'rule out',
  'rules out',
]);

function isNegator(t: string, before?: string): boolean {
  return NEGATORS.has(t) || t.endsWith("n't") || NEGATOR_PAIRS.has(`${before} ${t}`);
}

// A list after a negator stays in its scope however long it is ("denies fever, chills, nausea,
// vomiting, chest pain or shortness of breath"), as in ConText; a subject or a contrast ends it.
const LIST_REACH = 16;

/** True when a negator before the cue, in the same clause, governs it. */
export function negated(n: string, clause: Clause, s: number): boolean {
  const pre = tokens(n.slice(clause.start, s));
  let words = 0;
  // A cue that names its own subject ("she's not moving") starts a clause of its own: a negator
  // before it ("she's not answering me, she's not moving") does not reach across that subject.
  let subjectSeen = SUBJECTS.has(tokens(n.slice(s, s + 16))[0] ?? '');
  for (let i = pre.length - 1; i >= 0; i--) {
    const t = pre[i]!;
    if (t === ',') {
      // "no, I have chest pain": a comma followed by a new subject ends the scope.
      if (subjectSeen) return false;
      continue;
    }
    if (isNegator(t, pre[i - 1])) {
      const next = pre[i + 1];
      if (next !== undefined && NOT_SCOPING.has(next)) return false;
      // "no thoughts of suicide or self harm": a list after the negator stays in its scope.
      const listed = pre.slice(i + 1).some((w) => w === 'or' || w === 'nor' || w === ',' || w === 'and');
      const reach = listed ? LIST_REACH : t === 'no' || t === 'without' ? 3 : 5;
      if (words > reach) return false;
      if (subjectSeen && !(next !== undefined && RAISING.has(next))) return false;
      return true;
    }
    if (SUBJECTS.has(t)) subjectSeen = true;
    words++;
    if (words > LIST_REACH) return false;
  }
  return false;
}

const QUESTION_START = new Set([
  'what',
  'whats',
  "what's",
  'how',
  'hows',
  "how's",
  'when',
  'where',
  'why',
  'which',
  'who',
  'is',
  'are',
  'does',
  'do',
  'did',
  'can',
  'could',
  'should',
  'would',
  'will',
  'was',
  'were',
  'has',
  'have',
  'am',
  "isn't",
  "aren't",
  "doesn't",
]);

const LEAD_IN = new Set([
  'so',
  'and',
  'but',
  'okay',
  'ok',
  'well',
  'also',
  'hi',
  'hey',
  'hello',
  'yeah',
  'yes',
  'oh',
  'like',
  'now',
  'then',
  'actually',
  'just',
]);

// "I'm worried about overdosing": fear of a thing, not the thing. "I'm worried about my chest pain"
// is not caught here because "my" starts the scope afresh.
const UNSURE =
  /(?:^|[ ,])(?:not sure|don't know|dont know|unsure|can't tell|cant tell|no idea|wondering|wonder) (?:if|whether)(?: (?:i'm|im|i am|i|he's|hes|she's|shes|he|she|he is|she is|they're|they|this is|this|it's|its|it|my [a-z]+(?: is)?))?(?: (?:having|getting|going through|might be|may be|could be))?$/;

const FUTURE = /(?:might|could|may|will|would|gonna|going to|i'll|ill|to)$/;

const WORRY =
  /(?:worried|concerned|afraid|scared|worry|worrying|fear|fearful|nervous|paranoid|anxious) (?:about|of|that)(?: (?:an?|the|possibly|maybe|accidentally|ever))?$/;
// "I'm worried my daughter might hurt herself": worry about someone else's possible act.
const WORRY_FOR_OTHER = /(?:worried|concerned|worry|worrying)$/;
const OTHER_SUBJECT = /^(?:my |he |she |they |he's |she's |his |her |our )/;

const HYPOTHETICAL =
  /(?:^|[ ,])(?:if|whether|suppose|supposing|unless|hypothetically|in case|what if|signs? of|symptoms? of|warning signs?|risks? (?:of|for)|at risk|chances? of|prevent|preventing|prevention|avoid|avoiding|someone who|somebody who|people who|a person who|anyone who|someone is|somebody is|side effects?|cause|causes|causing|lead to|leads to|treat|treating|treatment for|test for|screening|information|info|learn|article|class|pamphlet|brochure|handout|video|how do you|how would|afraid of|scared of|worried (?:i|he|she|they) (?:might|could|will|would)|might get|could get|a sign|like what|wondering|question about|questions about|follow up|follow-up|followup|following up|appointment (?:for|about|regarding)|referral|records?|results? (?:for|of|from)|billed for|bill for|claim for|coverage for|covered for|cover|covers|rehab|rehabilitation|support group|support groups|donate|charity|awareness|refill|prescription|nitro[a-z]*|inhaler|in case|just in case|someday|some day|one day|in the future|eventually|later in life|down the road|at some point|patient|patients|client|clients|resident|residents|hospice|palliative|comfort care|expected|movie|show|book|character|story|novel|class|training|course)(?=[ ,.?!;]|$)/;

/**
 * True when the cue sits in a question or hypothetical ("what are the signs of a stroke?", "what
 * should I do if I can't breathe"). `generic` cues (nouns like "heart attack") are also held back
 * in plain questions; first-person statements in a question ("why does my chest hurt?") are not.
 */
export function hypothetical(n: string, clause: Clause, s: number, e: number, generic: boolean): boolean {
  const pre = tokens(n.slice(clause.start, s)).filter((t) => t !== ',');
  let from = 0;
  for (let i = pre.length - 1; i > 0; i--) {
    const t = pre[i]!;
    if (SUBJECTS.has(t) && !COMPLEMENTISERS.has(pre[i - 1]!)) {
      // "can you help me I can't breathe": the question ended before this subject.
      from = i;
      break;
    }
  }
  const scoped = pre.slice(from);
  // "I'm not sure if I'm having a heart attack" is a caller describing now, not a hypothetical.
  const scopedText = (' ' + scoped.join(' ')).replace(UNSURE, ' ');
  if (HYPOTHETICAL.test(scopedText) || WORRY.test(scopedText)) return true;
  if (WORRY_FOR_OTHER.test(scopedText) && OTHER_SUBJECT.test(n.slice(s, s + 8))) return true;
  // "I might have a stroke someday": a future event, not one happening now.
  if ((n.startsWith('have ', s) || n.startsWith('get ', s)) && FUTURE.test(scopedText)) return true;
  if (from > 0) return false;
  let k = 0;
  while (k < scoped.length && LEAD_IN.has(scoped[k]!)) k++;
  // The cue may open with the question's own verb ("is a seizure a side effect?").
  const head = scoped[k] ?? tokens(n.slice(s, e))[0];
  const asks = head !== undefined && QUESTION_START.has(head);
  // "Is trouble breathing a side effect?": the symptom is the topic of the question, whatever
  // the cue's form.
  if (asks && scoped.length - k <= 3 && QUESTION_TOPIC.test(' ' + squash(n.slice(e, clause.end))))
    return true;
  if (!generic) return false;
  // "I'm having chest pain, what do I do?": the question comes after the statement.
  if (clause.question && !tokens(n.slice(e, clause.end)).some((t) => QUESTION_START.has(t))) return true;
  return asks;
}

const QUESTION_TOPIC =
  /(?:^|[ ,])(?:side effects?|a symptom|symptoms?|a sign|signs?|normal|common|dangerous|serious|related|caused|cause|causes|a risk|risky|covered|mean|bad|contagious|genetic|hereditary|treatable|curable|possible|likely)(?=[ ,.?!;]|$)/;

const STRONG_PAST =
  /(?:^|[ ,])(?:(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|few|couple(?: of)?|many|some) (?:years?|months?|decades?) ago|(?:years?|months?|decades?) ago|last (?:year|month|summer|winter|spring|fall|autumn|christmas|thanksgiving|easter)|(?:in|back in|since) (?:19|20)\d\d|(?:in|back in|since|last) (?:january|february|march|april|may|june|july|august|september|october|november|december)|back in the day|back then|years back|when (?:i|he|she|they) (?:was|were) (?:a [a-z]+|little|young|younger|in [a-z]+|\d+)|as a (?:kid|child|teen|teenager)|in (?:high school|college|middle school|my (?:teens|twenties|thirties|20s|30s|youth))|used to|history of|previously|in the past|long time ago|a while back|a while ago|(?:after|since|from) (?:his|her|my|the|their) (?:stroke|heart attack|surgery|accident|seizure|overdose|operation)|ever since|once before|survived|survivor|recovered|recovering from)(?=[ ,.?!;]|$)/;

const WEAK_PAST =
  /(?:^|[ ,])(?:yesterday|last (?:night|week|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|time)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:went|go|went back|was|were|been) (?:to|in) the (?:er|e r|emergency room|emergency|hospital|urgent care|doctor)|(?:was|were|got) (?:admitted|hospitalized|seen|discharged)|got a bill|bill for|billed for|visit for|the other (?:day|night|week)|(?:a|two|three|four|five|few|couple(?: of)?|several|\d+) (?:days|weeks|nights) ago|(?:days|weeks) ago|earlier this (?:week|month)|over the weekend|when i (?:got|had|was|went|did|stood|tried|saw)|back when|this past (?:week|weekend|month))(?=[ ,.?!;]|$)/;

const PRESENT =
  /(?:^|[ ,])(?:now|right now|just now|still|currently|at the moment|as we speak|this (?:second|minute)|again|keeps?|getting worse|worse|won't stop|wont stop|since|for (?:the (?:last|past) )?(?:(?:an?|one|two|three|four|five|few|couple(?: of)?|\d+|several) (?:minutes?|mins?|hours?|days?)|half (?:an )?hour)|minutes? ago|an? hour ago|hours? ago|this morning|this afternoon|this evening|tonight|today|just|all (?:day|night|morning|afternoon|evening))(?=[ ,.?!;]|$)/;

// Mental-health recency: a crisis last night or this week is still a crisis.
const RECENT_MENTAL =
  /(?:^|[ ,])(?:last night|yesterday|this week|lately|recently|these days|again|anymore)(?=[ ,.?!;]|$)/;

// Symptoms that come and go ("I get chest pain sometimes when I exercise") are not an emergency now.
const HABITUAL =
  /(?:^|[ ,])(?:sometimes|occasionally|every (?:time|now and then|once in a while|day|night|morning)|whenever|usually|often|at times|from time to time|tends? to|on and off|off and on|when i (?:exercise|walk|climb|run|work out|lie down|lay down|bend|stand up|get up|eat|sleep)|i get|i usually|at night|every night|at nights|cpap|c pap|on oxygen|oxygen tank|copd|apnea|sleep apnea|chronic|chronically|nebulizer|diagnosed with)(?=[ ,.?!;]|$)/;

const RESOLVED =
  /(?:^|[ ,])(?:(?:fine|okay|ok|good|better|gone|normal|resolved|over) now|went away|goes away|gone away|(?:has|have|it's|its|is) (?:gone|passed|resolved|stopped)|cleared up|got better|under control|all good|no longer|not anymore|doesn't anymore|(?:doing|feeling|feel) (?:fine|better|good|great|okay|ok|much better)|(?:was|were|got) treated|recovered|it passed|that passed|resolved|all better|getting better|improving|a lot better|eased up|easing up|calmed down)(?=[ ,.?!;]|$)/;

// Bare "I'm fine" only counts after the cue: "I'm fine, but I can't breathe" is not resolved.
const RESOLVED_AFTER =
  /(?:^|[ ,])(?:i'm|im|i am|he's|hes|she's|shes|we're|they're) (?:fine|okay|ok|alright|all right|good)(?=[ ,.!;]|$)/;
const PRESENT_STRONG =
  /(?:^|[ ,])(?:now|right now|just now|still|currently|at the moment|as we speak|getting worse|worse|won't stop|wont stop)(?=[ ,.?!;]|$)/;

const PAST_RELATIVE =
  /^[ ,]*(?:that |which )?(?:i|he|she|they|we|you) (?:had|was having|were having|experienced|felt|suffered|went through)(?=[ ,.?!;]|$)/;

const PAST_VERBS = new Set([
  'had',
  'was',
  'were',
  'did',
  'suffered',
  'experienced',
  'died',
  'felt',
  'attempted',
  'tried',
  "couldn't",
  'couldnt',
]);
const PERFECT_AUX = new Set([
  'have',
  'has',
  "i've",
  'ive',
  "we've",
  "he's",
  "she's",
  "they've",
  "you've",
  "'ve",
]);

export type HistoryRule = 'medical' | 'medical-event' | 'mental';

/**
 * True when the cue is history rather than now. `medical`: a past frame ("my dad had a heart
 * attack") or any past time marker suppresses unless the clause says it is happening now;
 * `medical-event`: the cue is itself a past event that matters now ("he collapsed", "I took too
 * many pills"), so only explicit time markers suppress; `mental`: only long-past markers or a
 * past frame with a resolution ("I was suicidal in college", "...but I'm better now").
 */
export function history(n: string, clause: Clause, s: number, e: number, rule: HistoryRule): boolean {
  const text = ' ' + squash(n.slice(clause.start, clause.end)) + ' ';
  if (STRONG_PAST.test(text)) return true;
  const after = squash(n.slice(e, e + CONTEXT_CHARS));
  const resolvedLater =
    RESOLVED.test(' ' + after) ||
    RESOLVED_AFTER.test(' ' + after) ||
    RESOLVED.test(' ' + squash(n.slice(Math.max(0, clause.start - CONTEXT_CHARS), clause.start)));
  const presentHere = PRESENT.test(text);
  const upTo = tokens(n.slice(clause.start, e));
  // "the chest pain I had in March": a past relative clause right after the cue.
  const pastFrame = hasPastFrame(upTo, text) || PAST_RELATIVE.test(squash(n.slice(e, clause.end)));

  if (rule === 'mental') {
    if (pastFrame && !RECENT_MENTAL.test(text) && !PRESENT.test(text)) {
      return (
        resolvedLater ||
        RESOLVED.test(text) ||
        /(?:^|[ ,])(?:when|once|at one point|for a while)(?=[ ,.?!;]|$)/.test(text)
      );
    }
    return false;
  }
  // Only a strong now-marker later in the turn reopens a past frame: "and I just kept going" is
  // still the story.
  const presentLater = PRESENT_STRONG.test(' ' + after) && !resolvedLater;
  if (
    HABITUAL.test(text) &&
    !/(?:^|[ ,])(?:now|right now|just now|currently|at the moment)(?=[ ,.?!;]|$)/.test(text)
  )
    return true;
  if (WEAK_PAST.test(text) && !presentHere) return true;
  if (resolvedLater && !PRESENT_STRONG.test(text)) return true;
  if (rule === 'medical' && pastFrame && !presentHere && !presentLater) return true;
  return false;
}

function hasPastFrame(upTo: readonly string[], clauseText: string): boolean {
  for (let i = 0; i < upTo.length; i++) {
    const t = upTo[i]!;
    if (!PAST_VERBS.has(t)) continue;
    if (t === 'had' && i > 0 && PERFECT_AUX.has(upTo[i - 1]!)) {
      // "I've had chest pain since this morning" is ongoing; "my mother has had a stroke" is history.
      if (
        /(?:^|[ ,])(?:since|for (?:the (?:last|past) )?(?:(?:an?|one|two|three|four|five|few|couple(?: of)?|\d+|several) (?:minutes?|mins?|hours?|days?)|half (?:an )?hour)|all (?:day|night|morning))(?=[ ,.?!;]|$)/.test(
          clauseText,
        )
      ) {
        continue;
      }
      return true;
    }
    return true;
  }
  return false;
}

// Only plainly trivial causes: money worries are real distress and stay in ("if I lose my
// coverage I'll kill myself").
const TRIVIAL =
  /(?:^|[ ,])(?:if|when|over|because of|from|until|till)(?: [a-z0-9']+){0,8} (?:hold|on hold|hold music|music|elevator music|transfer|transferred|menu|phone tree|automated|robot|bot|paperwork|form|forms|website|app|portal|password|login|this call|queue|wait|waiting|traffic|commercials?|meeting|homework|one more time|press(?:ing)? (?:one|two|\d)|survey|spreadsheet|customer service|hold time|voicemail|this song|longer|this takes|it takes|takes)(?=[ ,.?!;]|$)/;

// "This paperwork makes me want to die": a trivial thing as the cause.
const TRIVIAL_CAUSE =
  /(?:^|[ ,])(?:my (?:job|boss|work|commute|homework|coworkers?|manager|landlord|neighbors?)|(?:this|that|the|your|these|those|all this|all these)(?: [a-z']+)? (?:paperwork|forms?|bills?|billing|call|calls|hold|music|company|insurance|website|app|system|process|wait|waiting|line|menu|prices?|fees?|charges?|premiums?|copays?|traffic|job|work|meeting|homework|weather|heat|noise|people|kids|phone tree|automated system|customer service|bureaucracy|red tape))(?: [a-z']+){0,2} (?:makes?|made|making|is making|is going to make|gonna make|will make) me(?=[ ,.?!;]|$)/;

/** "If I have to hear this hold music again I'll kill myself": hyperbole tied to something trivial. */
export function trivialHyperbole(n: string, clause: Clause): boolean {
  const text = ' ' + squash(n.slice(clause.start, clause.end));
  return TRIVIAL.test(text) || TRIVIAL_CAUSE.test(text);
}

const NONHUMAN = new Set([
  'it',
  "it's",
  'its',
  'this',
  'that',
  'website',
  'site',
  'app',
  'application',
  'system',
  'portal',
  'page',
  'computer',
  'laptop',
  'phone',
  'screen',
  'machine',
  'server',
  'link',
  'program',
  'software',
  'account',
  'engine',
  'car',
  'market',
  'stock',
  'deal',
  'company',
  'business',
  'building',
  'roof',
  'bridge',
  'tent',
  'printer',
  'router',
  'internet',
  'wifi',
  'tv',
  'modem',
  'chat',
  'line',
  'email',
  'browser',
  'keyboard',
  'mouse',
  'queue',
  'traffic',
  'process',
  'claim',
  'case',
  'application',
  'paperwork',
]);
const PERSON = new Set([
  'he',
  "he's",
  'she',
  "she's",
  'they',
  "they're",
  'i',
  "i'm",
  'im',
  'my',
  'his',
  'her',
  'baby',
  'husband',
  'wife',
  'son',
  'daughter',
]);

/** "The website is unresponsive", "the deal collapsed": the subject is a thing, not a person. */
export function nonhumanSubject(n: string, clause: Clause, s: number, e: number): boolean {
  // The subject may open the match itself ("my car stopped moving").
  const pre = tokens(n.slice(clause.start, s)).concat(tokens(n.slice(s, e)).slice(0, 2));
  for (let i = pre.length - 1, k = 0; i >= 0 && k < 4; i--, k++) {
    const t = pre[i]!;
    if (PERSON.has(t) || t === ',') return false;
    if (NONHUMAN.has(t)) return true;
  }
  return false;
}

const JOKING = /(?:^|[ ,])(?:lol|lmao|rofl|haha+|hehe+|jk|just kidding|kidding|joking)(?=[ ,.?!;]|$)/;

/** "he sounds like he's choking lol": a laugh marks the words as not literal. */
export function joking(n: string, clause: Clause): boolean {
  return JOKING.test(' ' + squash(n.slice(clause.start, clause.end)));
}
