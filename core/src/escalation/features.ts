import stemWord from 'wink-porter2-stemmer';
import type { EscalationType } from '../model/escalation';
import type { Acuity } from './acuity';
import type { Concept } from './recall';

/**
 * Features of one candidate (a caller turn that the recall layer or a cue made a candidate for
 * one escalation type), shared by training and inference so the two cannot drift apart. Each
 * feature is a name hashed to 32 bits: the caller's words (stemmed) and the words near the
 * candidate condition, the agent's question just before, the cue layer's verdicts (which signal,
 * and the ConText acuity it assessed), and marker classes for negation, temporality, experiencer,
 * hypotheticals, intensity and figurative speech.
 */
export interface Candidate {
  type: EscalationType;
  /** Normalised caller text (the turn, possibly joined with the caller's turn before). */
  n: string;
  /** Where the newest turn starts in `n`. */
  turnStart: number;
  /** Recall-layer concepts of this type present in the text. */
  concepts: readonly Concept[];
  /** Concepts of this type in the agent's question, when the turn is a short answer to it. */
  asked: readonly Concept[];
  /** Every cue match of this type with the acuity the cue layer gave it (current or not). */
  cues: readonly { signal: string; acuity: Acuity }[];
  /** The agent's last turn (normalised), which this turn may answer. */
  question: string | undefined;
  /** The cue layer raised this type on this turn (with this severity). */
  ruleSeverity: string | undefined;
  /** Abuse patterns of the cue layer: `insult` / `threat` when one matched at the agent. */
  abuse: string | undefined;
}

const MAX_TOKENS = 80;
const WINDOW = 5;

const MARKERS: readonly [string, RegExp][] = [
  ['neg', /^(?:no|not|never|nope|nah|none|nothing|without|denies|deny|denied|don't|dont|didn't|didnt|haven't|havent|hasn't|isn't|wasn't|aren't|can't|cant|won't|wont|neither|nor)$/],
  ['past', /^(?:ago|last|used|was|were|had|back|once|previously|history|before|earlier|then|years|college|childhood|recovered|resolved|stopped|went|gone|ago)$/],
  ['now', /^(?:now|moment|second|right|currently|still|just|tonight|today|morning|minutes|minute|hour|hours|suddenly|sudden|started|starting|keeps|keep|worse|worsening|happening|going|it's|is|am|i'm|im|he's|she's)$/],
  ['chronic', /^(?:always|years|months|weeks|usually|sometimes|often|whenever|chronic|occasionally|same|normal|usual|again|every|lately|since)$/],
  ['hypo', /^(?:if|would|could|should|might|may|case|ever|whether|suppose|worried|worry|afraid|scared|risk|chance)$/],
  ['third', /^(?:mom|mother|mum|dad|father|husband|wife|son|daughter|grandson|granddaughter|grandma|grandpa|baby|child|kid|kids|brother|sister|friend|partner|boyfriend|girlfriend|neighbor|he|she|him|her|he's|she's|they|patient)$/],
  ['family', /^(?:family|runs|grandfather|grandmother|uncle|aunt|cousin|genetic|hereditary|relatives)$/],
  ['first', /^(?:i|i'm|im|my|me|myself|i've|ive|i'll)$/],
  ['second', /^(?:you|your|you're|youre|yourself|yours|u|ur)$/],
  ['intense', /^(?:really|so|very|severe|worst|terrible|horrible|unbearable|lot|everywhere|badly|bad|crushing|heavy|heavily|huge|massive|can't|cant|won't|wont|stop|help|please|emergency|scared)$/],
  ['mild', /^(?:little|bit|slight|slightly|mild|mildly|minor|kind|kinda|sort|somewhat|fine|okay|ok|better)$/],
  ['figurative', /^(?:bill|bills|price|cost|copay|charge|charges|wait|waiting|hold|traffic|boss|work|job|funny|joke|joking|kidding|lol|haha|literally|dying|killing|crazy|nuts|insane|laugh|laughing)$/],
  ['plan', /^(?:tonight|plan|planned|planning|saving|saved|stash|stockpile|ready|decided|goodbye|letter|note|method|bought)$/],
];

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * 32-bit FNV-1a of a feature name. The lowest bit says whether the feature is a word (a caller
 * or agent word, a bigram) or structure (concepts, markers, cue verdicts, shape), so training can
 * regularise the many rare words harder than the few structural features that generalise.
 */
export function hashFeature(name: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), FNV_PRIME);
  return isLexical(name) ? h | 1 : h & ~1;
}

const LEXICAL = /^(?:w|b|nl|nr|nc|q):/;

function isLexical(name: string): boolean {
  return LEXICAL.test(name);
}

/** The feature is a word feature (see hashFeature). */
export function isLexicalFeature(hash: number): boolean {
  return (hash & 1) === 1;
}

const stemCache = new Map<string, string>();
function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemWord(word);
    if (stemCache.size < 50_000) stemCache.set(word, s);
  }
  return s;
}

// Function words say more about who wrote a turn (a doctor's visit, a call) than about what
// happened; the marker classes keep the ones that carry negation, time and person.
const STOP = new Set(
  ('a an the and or but so of to in on at for with from by as is are was were be been being am ' +
    "it it's its this that these those there here then than too very just also um uh like " +
    'have has had do does did i me my you your we our they them he him his she her').split(' '),
);

const TOKEN = /[a-z0-9*]+(?:'[a-z]+)?/g;

function tokensOf(text: string, max: number): string[] {
  const out = text.match(TOKEN) ?? [];
  return out.length > max ? out.slice(0, max) : out;
}

function markerOf(word: string): string[] {
  const out: string[] = [];
  for (const [name, re] of MARKERS) if (re.test(word)) out.push(name);
  return out;
}

/** The feature names of a candidate (readable, for review); `candidateFeatures` hashes them. */
export function candidateFeatureNames(c: Candidate): string[] {
  const out = new Set<string>(['bias']);
  const turn = c.n.slice(c.turnStart);
  const all = tokensOf(c.n, MAX_TOKENS);
  const own = tokensOf(turn, MAX_TOKENS);
  const stems = all.map(stem);
  // Only the caller's newest turn gives word features, and only bigrams near the condition:
  // long visit turns otherwise drown the few words that matter in ones that do not.
  for (const w of own) if (!STOP.has(w)) out.add(`w:${stem(w)}`);
  // Where the condition is named, and what is said just around it.
  // Conjunctions of the concept with the markers around it generalise to words never seen in
  // training: "bleeding" + now + intense, "die" + negation, "chest" + someone else.
  const at = firstConceptToken(all, c);
  const concept = c.concepts[0]?.name ?? 'cue';
  if (at >= 0) {
    for (let i = Math.max(0, at - WINDOW); i < Math.min(all.length, at + WINDOW + 1); i++) {
      const side = i < at ? 'l' : i > at ? 'r' : 'c';
      if (!STOP.has(all[i]!)) out.add(`n${side}:${stems[i]}`);
      if (i > 0 && !STOP.has(all[i]!) && !STOP.has(all[i - 1]!)) out.add(`b:${stems[i - 1]}_${stems[i]}`);
      for (const m of markerOf(all[i]!)) {
        out.add(`nm${side}:${m}`);
        out.add(`k:${concept}&${side}${m}`);
      }
    }
  }
  const counts = new Map<string, number>();
  for (const w of all) for (const m of markerOf(w)) counts.set(m, (counts.get(m) ?? 0) + 1);
  for (const [m, k] of counts) {
    out.add(`m:${m}:${k > 1 ? 2 : 1}`);
    out.add(`k:${concept}&${m}`);
  }
  const present = [...counts.keys()].sort();
  for (let i = 0; i < present.length; i++)
    for (let j = i + 1; j < present.length; j++) out.add(`mm:${present[i]}&${present[j]}`);
  out.add(`len:${own.length <= 3 ? 'short' : own.length <= 12 ? 'mid' : 'long'}`);
  if (/\?\s*$/.test(turn)) out.add('ends-question');
  if (/^\W*(?:no|nope|nah|not really|never)\b/.test(turn)) out.add('ans:no');
  if (/^\W*(?:yes|yeah|yep|yup|uh huh|mhm|i am|i do|it is|he is|she is)\b/.test(turn)) out.add('ans:yes');

  for (const k of c.concepts) out.add(`c:${k.name}`);
  const answer = out.has('ans:yes') ? 'yes' : out.has('ans:no') ? 'no' : 'other';
  for (const k of c.asked) {
    out.add(`qc:${k.name}`);
    out.add(`qc:${k.name}&${answer}`);
    out.add(`qc&${answer}`);
  }
  out.add(`cc:${Math.min(c.concepts.length, 3)}`);
  for (const cue of c.cues) {
    out.add(`r:${cue.acuity}`);
    out.add(`r:${cue.signal}:${cue.acuity}`);
  }
  if (c.cues.length === 0) out.add('r:none');
  out.add(`rule:${c.ruleSeverity ?? 'quiet'}`);
  out.add(`abuse:${c.abuse ?? 'none'}`);

  if (c.question !== undefined) {
    const last = lastSentence(c.question);
    out.add('q');
    if (/\?/.test(last)) out.add('q:asks');
    for (const w of tokensOf(last, 30)) {
      out.add(`q:${stem(w)}`);
      for (const m of markerOf(w)) out.add(`qm:${m}`);
    }
  } else out.add('q:none');
  return [...out];
}

/** The hashed features of a candidate. */
export function candidateFeatures(c: Candidate): Int32Array {
  const names = candidateFeatureNames(c);
  const out = new Int32Array(names.length);
  for (let i = 0; i < names.length; i++) out[i] = hashFeature(names[i]!);
  return out;
}

function firstConceptToken(tokens: readonly string[], c: Candidate): number {
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!;
    for (const k of c.concepts) {
      k.re.lastIndex = 0;
      if (k.re.test(w)) return i;
    }
  }
  return -1;
}

function lastSentence(text: string): string {
  const parts = text.split(/(?<=[.!?;])\s+/).filter((p) => p.trim() !== '');
  return parts.length === 0 ? text : parts[parts.length - 1]!;
}
