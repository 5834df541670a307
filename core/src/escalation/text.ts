/**
 * Text plumbing for cue matching. Normalised text keeps the length of the original so a match's
 * offsets point into the original utterance (for the quote): lower case, straight apostrophes,
 * fillers blanked, every character that is not a word character, `*`, an apostrophe or a
 * clause mark (`.?!;,`) turned into a space.
 */
const FILLERS = /\b(?:u+m+|u+h+m*|e+r+m+|e+r+|a+h+|h+m+|m+h+m+|m{2,})\b/g;
const STRIP = /[^a-z0-9'*.?!;, ]/g;

export function normalise(text: string): string {
  let lower = text.toLowerCase();
  // A few characters change length when lower-cased (U+0130); keep those as they are.
  if (lower.length !== text.length) {
    let out = '';
    for (const ch of text) {
      const l = ch.toLowerCase();
      out += l.length === ch.length ? l : ch;
    }
    lower = out;
  }
  return lower
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
    .replace(STRIP, ' ')
    .replace(FILLERS, blank)
    .replace(SPLIT_NT, joinNt);
}

// Tokenised transcripts split contractions ("do n't", "ca n't"); moving the space behind the
// "n't" rejoins them and keeps every offset.
const SPLIT_NT = /([a-z]) n't(?![a-z])/g;

function joinNt(_m: string, c: string): string {
  return c + "n't ";
}

function blank(m: string): string {
  return ' '.repeat(m.length);
}

export const CONTEXT_CHARS = 300;

function isClauseMark(c: number): boolean {
  return c === 46 || c === 63 || c === 33 || c === 59; // . ? ! ;
}

// "and" followed by a new subject or "now" also starts one: "I had a stroke years ago and now my
// face is drooping".
const CONTRAST =
  /(?:^|[ ,])(?:but|although|though|however|except|whereas|yet|and(?=[ ,]+(?:now|then|today|i|i'm|im|i've|my|he|he's|she|she's|it's|they|they're)(?:[ ,]|$)))(?=[ ,]|$)/g;

export interface Clause {
  start: number;
  end: number;
  /** The clause ends with a question mark. */
  question: boolean;
}

/** The clause around [s, e): bounded by `.?!;` and contrastive conjunctions. */
export function clauseAround(n: string, s: number, e: number): Clause {
  // Context further than this from the cue says nothing about it; the cap keeps long run-on
  // ASR turns linear.
  const floor = Math.max(0, s - CONTEXT_CHARS);
  const ceiling = Math.min(n.length, e + CONTEXT_CHARS);
  let start = s;
  while (start > floor && !isClauseMark(n.charCodeAt(start - 1))) start--;
  let end = e;
  while (end < ceiling && !isClauseMark(n.charCodeAt(end))) end++;
  CONTRAST.lastIndex = start;
  let m: RegExpExecArray | null;
  let cutStart = start;
  let cutEnd = end;
  while ((m = CONTRAST.exec(n)) !== null && m.index < end) {
    const wordEnd = m.index + m[0].length;
    if (wordEnd <= s) cutStart = wordEnd;
    else if (m.index >= e) {
      cutEnd = m.index;
      break;
    }
  }
  return { start: cutStart, end: cutEnd, question: n[end] === '?' };
}

/** Blanked fillers leave runs of spaces; phrase checks want single ones. */
export function squash(s: string): string {
  return s.includes('  ') ? s.replace(/ {2,}/g, ' ') : s;
}

const TOKEN = /[a-z0-9'*]+|,/g;

export function tokens(s: string): string[] {
  return s.match(TOKEN) ?? [];
}

/**
 * The sentence of the original text that holds [s, e), trimmed; long run-on ASR text is cut to
 * a window around the match at word boundaries.
 */
export function quoteAround(original: string, s: number, e: number, max = 240): string {
  let start = s;
  while (start > 0 && !/[.?!]/.test(original[start - 1]!)) start--;
  let end = e;
  while (end < original.length && !/[.?!]/.test(original[end]!)) end++;
  if (end < original.length) end++;
  if (end - start > max) {
    const room = Math.max(0, max - (e - s));
    start = Math.max(start, s - Math.floor(room / 2));
    end = Math.min(end, e + Math.ceil(room / 2));
    while (start > 0 && start < s && /\S/.test(original[start - 1]!)) start++;
    while (end < original.length && end > e && /\S/.test(original[end]!)) end--;
  }
  return original.slice(start, end).trim();
}

/** JavaScript's `\s` (what `trim` and `split(/\s+/)` use), as a char-code test. */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
