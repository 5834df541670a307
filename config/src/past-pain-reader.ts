/**
 * Pain the caller mentions only as history: "I had chest pain last year, turned out to be reflux",
 * "my back used to hurt when I was younger", "Dad had chest pain years ago". The phrase
 * matcher drops "I'm" and "in" as stop words, so the distress script line "I'm in pain" is the
 * bare word "pain" and any mention of pain made empathy owed, the caller's past or someone
 * else's included. What separates history from pain now is read here, on the words as said: a
 * turn whose every pain word sits in a clause that places it well in the past ("last year",
 * "years ago", "in 2019", "used to", "turned out", "went away"; a plain past tense is not enough:
 * a patient tells the complaint that brought them in in the past tense) and that says no feeling
 * now ("worried", "scared", "it's back", "still") gets the reader tag `pain-in-past` (through the
 * act port, like `eager-idiom`). The built-in empathy rule does not count the caller's distress
 * in such a turn.
 */
export const PAIN_IN_PAST_ACT = 'pain-in-past';

const PAIN = /\b(?:pains?|painful|hurt|hurts|hurting|aches?|aching|achy|sore(?:ness)?)\b/g;

// The clause around a pain word: split at sentence ends, semicolons, commas and "but" (a turn
// saying "now" is never history: PRESENT).
const CLAUSE_BREAK = /[.!?;,]|\bbut\b/g;

// Places the clause well in the past (a week ago, yesterday, "I had" are the present complaint).
const PAST_MARKER = new RegExp(
  [
    '\\blast (?:year|winter|summer|spring|fall|autumn)\\b',
    '\\b(?:years?|months|decades?) (?:ago|back)\\b',
    '\\bin (?:19|20)\\d\\d\\b',
    '\\bback (?:in|when)\\b',
    '\\bused to\\b',
    '\\bwhen (?:i|he|she) was (?:a |little|young|younger|in)',
    '\\bas a (?:kid|child|teen|teenager)\\b',
    '\\b(?:history of|turned out|went away|cleared up|resolved|healed)\\b',
  ].join('|'),
);

// A feeling or a pain said to be here now anywhere in the turn: not history alone.
const PRESENT = new RegExp(
  [
    '\\b(?:worried|worry|worrying|scared|afraid|frightened|anxious|nervous|panicking|upset|frustrated|',
    'stressed|exhausted|overwhelmed|desperate|miserable|terrible|awful|unbearable|agony|killing|',
    "still|again|(?:it's|its|it is|is|came|coming|come) back|anymore|today|tonight|now|currently|right now|since|keeps?|worse|worsening)\\b",
    "|\\b(?:can't|cant|cannot) (?:sleep|walk|stand|move|breathe|cope|take)\\b",
    // Recent or ongoing: "since Monday", "for three days", "this morning", "I've had it a week".
    '|\\b(?:this (?:morning|afternoon|evening|week)|last night|yesterday|for (?:\\w+ )?(?:hours?|days?|weeks?))\\b',
    "|\\b(?:i've|ive|i have|he's|she's|has|have) (?:had|been)\\b",
  ].join(''),
);

/** True when every pain word in the text is the caller's history, and no feeling is said now. */
export function mentionsPainOnlyInPast(text: string): boolean {
  const lower = text.toLowerCase();
  if (!lower.includes('pain') && !/\b(?:hurt|ach|sore)/.test(lower)) return false;
  if (PRESENT.test(lower)) return false;
  const breaks: number[] = [0];
  for (const m of lower.matchAll(CLAUSE_BREAK)) breaks.push(m.index ?? 0);
  breaks.push(lower.length);
  let seen = 0;
  for (const m of lower.matchAll(PAIN)) {
    seen++;
    const at = m.index ?? 0;
    let start = 0;
    let end = lower.length;
    for (const b of breaks) {
      if (b <= at) start = b;
      else {
        end = b;
        break;
      }
    }
    if (!PAST_MARKER.test(lower.slice(start, end))) return false;
  }
  return seen > 0;
}
