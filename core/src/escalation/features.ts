import stemWord from 'wink-porter2-stemmer';
import type { EscalationType } from '../model/escalation';
import type { Acuity } from './acuity';
import type { Frame } from './frames';
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
  /** The ConText acuity of each recall concept of this type (medical and crisis types). */
  conceptAcuity: readonly { concept: string; acuity: Acuity }[];
  /** Every cue match of this type with the acuity the cue layer gave it (current or not). */
  cues: readonly { signal: string; acuity: Acuity }[];
  /** The cue layer raised this type on this turn (with this severity). */
  ruleSeverity: string | undefined;
  /** Abuse patterns of the cue layer: `insult` / `threat` when one matched at the agent. */
  abuse: string | undefined;
}

const MAX_TOKENS = 80;
const WINDOW = 5;

const MARKERS: readonly [string, RegExp][] = [
  [
    'neg',
    /^(?:no|not|never|nope|nah|none|nothing|without|denies|deny|denied|don't|dont|didn't|didnt|haven't|havent|hasn't|isn't|wasn't|aren't|can't|cant|won't|wont|neither|nor)$/,
  ],
  [
    'past',
    /^(?:ago|last|used|was|were|had|back|once|previously|history|before|earlier|then|years|college|childhood|recovered|resolved|stopped|went|gone|ago)$/,
  ],
  [
    'now',
    /^(?:now|moment|second|right|currently|still|just|tonight|today|morning|minutes|minute|hour|hours|suddenly|sudden|started|starting|keeps|keep|worse|worsening|happening|going|it's|is|am|i'm|im|he's|she's)$/,
  ],
  [
    'chronic',
    /^(?:always|years|months|weeks|usually|sometimes|often|whenever|chronic|occasionally|same|normal|usual|again|every|lately|since)$/,
  ],
  [
    'hypo',
    /^(?:if|would|could|should|might|may|case|ever|whether|suppose|worried|worry|afraid|scared|risk|chance)$/,
  ],
  [
    'third',
    /^(?:mom|mother|mum|dad|father|husband|wife|son|daughter|grandson|granddaughter|grandma|grandpa|baby|child|kid|kids|brother|sister|friend|partner|boyfriend|girlfriend|neighbor|he|she|him|her|he's|she's|they|patient)$/,
  ],
  ['family', /^(?:family|runs|grandfather|grandmother|uncle|aunt|cousin|genetic|hereditary|relatives)$/],
  ['first', /^(?:i|i'm|im|my|me|myself|i've|ive|i'll)$/],
  ['second', /^(?:you|your|you're|youre|yourself|yours|u|ur)$/],
  [
    'intense',
    /^(?:really|so|very|severe|worst|terrible|horrible|unbearable|lot|everywhere|badly|bad|crushing|heavy|heavily|huge|massive|can't|cant|won't|wont|stop|help|please|emergency|scared)$/,
  ],
  ['mild', /^(?:little|bit|slight|slightly|mild|mildly|minor|kind|kinda|sort|somewhat|fine|okay|ok|better)$/],
  [
    'figurative',
    /^(?:bill|bills|price|cost|copay|charge|charges|wait|waiting|hold|traffic|boss|work|job|funny|joke|joking|kidding|lol|haha|literally|dying|killing|crazy|nuts|insane|laugh|laughing)$/,
  ],
  [
    'plan',
    /^(?:tonight|plan|planned|planning|saving|saved|stash|stockpile|ready|decided|goodbye|letter|note|method|bought)$/,
  ],
];

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a continued over more characters: hashing "a" then "b" equals hashing "ab". */
function more(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

// Word features (caller and agent words, bigrams) get the lowest bit set, structure cleared, so
// training can regularise the many rare words harder than the few features that generalise.
function word(h: number): number {
  return h | 1;
}
function structure(h: number): number {
  return h & ~1;
}

/** 32-bit hash of a feature name (the same value the extraction below computes in pieces). */
export function hashFeature(name: string): number {
  const h = more(FNV_OFFSET, name);
  return /^(?:w|b|nl|nr|nc|q):/.test(name) ? word(h) : structure(h);
}

/** The feature is a word feature (see hashFeature). */
export function isLexicalFeature(hash: number): boolean {
  return (hash & 1) === 1;
}

const P = (prefix: string): number => more(FNV_OFFSET, prefix);
const W = P('w:');
const B = P('b:');
const Q = P('q:');
const QM = P('qm:');
const M = P('m:');
const MM = P('mm:');
const K = P('k:');
const C = P('c:');
const KA = P('ka:');
const QC = P('qc:');
const R = P('r:');
const SIDE = { l: [P('nl:'), P('nml:')], r: [P('nr:'), P('nmr:')], c: [P('nc:'), P('ncm:')] } as const;
const FIXED = Object.fromEntries(
  [
    'bias',
    'q',
    'q:asks',
    'q:none',
    'ends-question',
    'ans:yes',
    'ans:no',
    'len:short',
    'len:mid',
    'len:long',
    'ka:none-current',
    'r:none',
    'cc:0',
    'cc:1',
    'cc:2',
    'cc:3',
    'qc&yes',
    'qc&no',
    'qc&other',
  ].map((n) => [n, structure(P(n))]),
) as Record<string, number>;

const stemCache = new Map<string, string>();
function stem(w: string): string {
  let s = stemCache.get(w);
  if (s === undefined) {
    s = stemWord(w);
    if (stemCache.size < 50_000) stemCache.set(w, s);
  }
  return s;
}

// Function words say more about who wrote a turn (a doctor's visit, a call) than about what
// happened; the marker classes keep the ones that carry negation, time and person.
const STOP = new Set(
  (
    'a an the and or but so of to in on at for with from by as is are was were be been being am ' +
    "it it's its this that these those there here then than too very just also um uh like " +
    'have has had do does did i me my you your we our they them he him his she her'
  ).split(' '),
);

const TOKEN = /[a-z0-9*]+(?:'[a-z]+)?/g;

function tokensOf(text: string, max: number): string[] {
  const out = text.match(TOKEN) ?? [];
  return out.length > max ? out.slice(0, max) : out;
}

// The marker classes are whole-word lists: one table lookup per word instead of a regex each.
const MARKER_OF = new Map<string, string[]>();
for (const [name, re] of MARKERS) {
  for (const w of re.source.replace(/^\^\(\?:|\)\$$/g, '').split('|')) {
    const list = MARKER_OF.get(w) ?? [];
    list.push(name);
    MARKER_OF.set(w, list);
  }
}
const NO_MARKERS: readonly string[] = [];

function markerOf(w: string): readonly string[] {
  return MARKER_OF.get(w) ?? NO_MARKERS;
}

/** The features of the agent's question (computed once per agent turn). */
export function questionFeatures(question: string | undefined): Int32Array {
  if (question === undefined) return Int32Array.of(FIXED['q:none']!);
  const out: number[] = [FIXED.q!];
  const last = lastSentence(question);
  if (/\?/.test(last)) out.push(FIXED['q:asks']!);
  for (const w of tokensOf(last, 30)) {
    out.push(word(more(Q, stem(w))));
    for (const m of markerOf(w)) out.push(structure(more(QM, m)));
  }
  return Int32Array.from(out);
}

/**
 * What a turn gives every candidate type alike (computed once per turn): the caller's words,
 * the marker classes and their pairs, the turn's shape, and the agent's question.
 */
export interface TurnFeatures {
  tokens: string[];
  stems: string[];
  markers: readonly string[];
  answer: 'yes' | 'no' | 'other';
  frames: readonly Frame[];
  hashes: number[];
}

const FR = P('fr:');
const FRP = P('frp:');

export function turnFeatures(
  n: string,
  turnStart: number,
  question: Int32Array,
  frames: readonly Frame[] = [],
): TurnFeatures {
  const out: number[] = [FIXED.bias!];
  // Frames (frames.ts): what the words are aimed at, what a wish is for, means with a plan, who
  // is affected and since when; alone and in pairs ("third-now" with "onset-acute").
  for (let i = 0; i < frames.length; i++) {
    out.push(structure(more(FR, frames[i]!)));
    const h = more(more(FRP, frames[i]!), '&');
    for (let j = i + 1; j < frames.length; j++) out.push(structure(more(h, frames[j]!)));
  }
  const turn = n.slice(turnStart);
  const tokens = tokensOf(n, MAX_TOKENS);
  const own = turnStart === 0 ? tokens : tokensOf(turn, MAX_TOKENS);
  const stems = tokens.map(stem);
  // Only the caller's newest turn gives word features, and only bigrams near the condition:
  // long visit turns otherwise drown the few words that matter in ones that do not.
  for (const w of own) if (!STOP.has(w)) out.push(word(more(W, stem(w))));
  const counts = new Map<string, number>();
  for (const w of tokens) for (const m of markerOf(w)) counts.set(m, (counts.get(m) ?? 0) + 1);
  for (const [m, k] of counts) out.push(structure(more(more(M, m), k > 1 ? ':2' : ':1')));
  const markers = [...counts.keys()].sort();
  for (let i = 0; i < markers.length; i++) {
    const h = more(more(MM, markers[i]!), '&');
    for (let j = i + 1; j < markers.length; j++) out.push(structure(more(h, markers[j]!)));
  }
  out.push(FIXED[own.length <= 3 ? 'len:short' : own.length <= 12 ? 'len:mid' : 'len:long']!);
  if (/\?\s*$/.test(turn)) out.push(FIXED['ends-question']!);
  const answer = /^\W*(?:no|nope|nah|not really|never)\b/.test(turn)
    ? 'no'
    : /^\W*(?:yes|yeah|yep|yup|uh huh|mhm|i am|i do|it is|he is|she is)\b/.test(turn)
      ? 'yes'
      : 'other';
  if (answer !== 'other') out.push(FIXED[`ans:${answer}`]!);
  for (const h of question) out.push(h);
  return { tokens, stems, markers, answer, frames, hashes: out };
}

/** The hashed features of a candidate: its turn's and its own, each once, ascending. */
export function candidateFeatures(c: Candidate, turn: TurnFeatures): Int32Array {
  const out = turn.hashes.slice();
  const { tokens: all, stems } = turn;
  // Where the condition is named, and what is said just around it. Conjunctions of the concept
  // with the markers around it generalise to words never seen in training: "bleeding" + now +
  // intense, "die" + negation, "chest" + someone else.
  const at = firstConceptToken(all, c);
  const concept = more(more(K, c.concepts[0]?.name ?? 'cue'), '&');
  if (at >= 0) {
    for (let i = Math.max(0, at - WINDOW); i < Math.min(all.length, at + WINDOW + 1); i++) {
      const side = i < at ? 'l' : i > at ? 'r' : 'c';
      const [near, nearMarker] = SIDE[side];
      if (!STOP.has(all[i]!)) out.push(word(more(near, stems[i]!)));
      if (i > 0 && !STOP.has(all[i]!) && !STOP.has(all[i - 1]!))
        out.push(word(more(more(more(B, stems[i - 1]!), '_'), stems[i]!)));
      for (const m of markerOf(all[i]!)) {
        out.push(structure(more(nearMarker, m)));
        out.push(structure(more(more(concept, side), m)));
      }
    }
  }
  for (const m of turn.markers) out.push(structure(more(concept, m)));
  for (const f of turn.frames) out.push(structure(more(more(concept, 'fr:'), f)));
  for (const k of c.concepts) out.push(structure(more(C, k.name)));
  for (const a of c.conceptAcuity) {
    out.push(structure(more(KA, a.acuity)));
    out.push(structure(more(more(more(KA, a.concept), ':'), a.acuity)));
  }
  if (c.conceptAcuity.length > 0 && c.conceptAcuity.every((a) => a.acuity !== 'current'))
    out.push(FIXED['ka:none-current']!);
  for (const k of c.asked) {
    const h = more(QC, k.name);
    out.push(structure(h));
    out.push(structure(more(more(h, '&'), turn.answer)));
    out.push(FIXED[`qc&${turn.answer}`]!);
  }
  out.push(FIXED[`cc:${Math.min(c.concepts.length, 3)}`]!);
  for (const cue of c.cues) {
    out.push(structure(more(R, cue.acuity)));
    out.push(structure(more(more(more(R, cue.signal), ':'), cue.acuity)));
  }
  if (c.cues.length === 0) out.push(FIXED['r:none']!);
  out.push(structure(more(P('rule:'), c.ruleSeverity ?? 'quiet')));
  out.push(structure(more(P('abuse:'), c.abuse ?? 'none')));
  // Each feature counts once (as a set), in a fixed order.
  const sorted = Int32Array.from(out).sort();
  let kept = 0;
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[kept++] = sorted[i]!;
  return sorted.slice(0, kept);
}

/** The index of the token where the first concept of the candidate is named, or -1. */
function firstConceptToken(tokens: readonly string[], c: Candidate): number {
  let first = -1;
  for (const k of c.concepts) {
    k.re.lastIndex = 0;
    const m = k.re.exec(c.n);
    if (m && (first < 0 || m.index < first)) first = m.index;
  }
  if (first < 0) return -1;
  // Tokens before the match: the words in the text before it.
  const before = c.n.slice(0, first).match(TOKEN);
  const at = before === null ? 0 : before.length;
  return at < tokens.length ? at : -1;
}

function lastSentence(text: string): string {
  const parts = text.split(/(?<=[.!?;])\s+/).filter((p) => p.trim() !== '');
  return parts.length === 0 ? text : parts[parts.length - 1]!;
}
