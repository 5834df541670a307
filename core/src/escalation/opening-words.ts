/**
 * A cheap necessary condition for the frame patterns (frames.ts), which run on every caller turn
 * the monitor reads although almost none of them match.
 *
 * The frame patterns are written over "spaced" text: the turn with `,.!?;` turned into spaces,
 * runs of whitespace squeezed to one space, and a space at each end. Each top-level alternative
 * starts with `(?:^|\s)` and every word it matches ends at a space or at a lookahead such as
 * `(?=\s|$|[,.!?])`. So a pattern can only match when the turn holds one of its opening words
 * as a whole word — and, where the pattern spells out its second word too, the opening pair of
 * words as consecutive words. Those openings are read from each pattern's own source when the
 * gate is built (so a new alternative is gated the moment it is written); a pattern whose source
 * this reader cannot follow is never gated (it always "may match").
 *
 * A turn's words are hashed in one pass without building the spaced text; two different words
 * sharing a hash only let a turn through that the patterns then reject, never the other way.
 */

import { isSpace } from './text';

/** A pattern's openings: each one word or two words joined by a single space. */
export function openingsOf(re: RegExp): Set<string> | undefined {
  if (re.flags !== '' && re.flags !== 'g') return undefined;
  try {
    const top = parseAlternatives(re.source, { at: 0 }, true);
    const out = new Set<string>();
    for (const alt of top) {
      const [first, ...rest] = alt;
      // Each top-level alternative must open with (?:^|\s): what it matches after that starts a word.
      if (first?.kind !== 'group' || !isLineStartOrSpace(first.alts)) return undefined;
      walk(rest, '', 0, out, { steps: 0 });
    }
    return out;
  } catch (e) {
    if (e instanceof Unreadable) return undefined;
    throw e;
  }
}

type Node =
  | { kind: 'char'; c: string }
  | { kind: 'space' }
  | { kind: 'start' }
  | { kind: 'end' }
  | { kind: 'class'; chars: string | undefined }
  | { kind: 'group'; alts: Node[][] }
  | { kind: 'look'; ahead: boolean; negative: boolean; alts: Node[][] }
  | { kind: 'repeat'; node: Node; min: number; max: number };

class Unreadable extends Error {}

function parseAlternatives(src: string, p: { at: number }, top = false): Node[][] {
  const alts: Node[][] = [[]];
  while (p.at < src.length) {
    const ch = src[p.at]!;
    if (ch === ')') {
      if (top) throw new Unreadable();
      return alts;
    }
    if (ch === '|') {
      p.at++;
      alts.push([]);
      continue;
    }
    const atom = parseAtom(src, p);
    alts[alts.length - 1]!.push(parseQuantifier(src, p, atom));
  }
  if (!top) throw new Unreadable();
  return alts;
}

function parseAtom(src: string, p: { at: number }): Node {
  const ch = src[p.at]!;
  if (ch === '(') {
    let kind: 'group' | 'look' = 'group';
    let ahead = true;
    let negative = false;
    if (src.startsWith('(?:', p.at)) p.at += 3;
    else if (src.startsWith('(?=', p.at) || src.startsWith('(?!', p.at)) {
      kind = 'look';
      negative = src[p.at + 2] === '!';
      p.at += 3;
    } else if (src.startsWith('(?<=', p.at) || src.startsWith('(?<!', p.at)) {
      kind = 'look';
      ahead = false;
      negative = src[p.at + 3] === '!';
      p.at += 4;
    } else throw new Unreadable(); // capturing or named groups (and their back-references)
    const alts = parseAlternatives(src, p);
    p.at++; // ')'
    return kind === 'group' ? { kind, alts } : { kind, ahead, negative, alts };
  }
  if (ch === '[') {
    const close = src.indexOf(']', p.at + 1);
    const body = src.slice(p.at + 1, close);
    if (close < 0 || body.includes('\\')) throw new Unreadable();
    p.at = close + 1;
    // A range or a negated class is read as "some character": the walk stops at a class anyway,
    // and a lookahead on it is then not taken to end a word (endsWord), so nothing is lost.
    if (body.startsWith('^') || /-/.test(body.slice(1, -1))) return { kind: 'class', chars: undefined };
    return { kind: 'class', chars: body };
  }
  if (ch === '\\') {
    const e = src[p.at + 1];
    p.at += 2;
    if (e === 's') return { kind: 'space' };
    if (e === 'w' || e === 'd' || e === 'S' || e === 'W' || e === 'D')
      return { kind: 'class', chars: undefined };
    throw new Unreadable(); // \b, escapes of special characters, code points: not followed
  }
  p.at++;
  if (ch === '^') return { kind: 'start' };
  if (ch === '$') return { kind: 'end' };
  if (ch === '.') return { kind: 'class', chars: undefined };
  if ('*+?{}]'.includes(ch)) throw new Unreadable();
  return { kind: 'char', c: ch };
}

function parseQuantifier(src: string, p: { at: number }, node: Node): Node {
  const ch = src[p.at];
  let min: number;
  let max: number;
  if (ch === '?') [min, max] = [0, 1];
  else if (ch === '*') [min, max] = [0, Infinity];
  else if (ch === '+') [min, max] = [1, Infinity];
  else if (ch === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(p.at));
    if (!m) throw new Unreadable();
    min = Number(m[1]);
    max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    p.at += m[0].length - 1;
  } else return node;
  p.at++;
  if (src[p.at] === '?') p.at++; // lazy: the same strings match
  if (node.kind === 'start' || node.kind === 'end' || node.kind === 'look') throw new Unreadable();
  return { kind: 'repeat', node, min, max };
}

function isLineStartOrSpace(alts: Node[][]): boolean {
  return (
    alts.length === 2 &&
    alts.every((a) => a.length === 1) &&
    alts.some((a) => a[0]!.kind === 'start') &&
    alts.some((a) => a[0]!.kind === 'space')
  );
}

/** Characters that never stay in the spaced text: a lookahead on them alone can never pass. */
const GONE = ',.!?;';

/** Whether every alternative of a lookahead starts at a word's end: a space, the end, or a mark of GONE. */
function endsWord(alts: Node[][]): boolean {
  return alts.every((a) => {
    const n = a[0];
    if (n === undefined) return false;
    if (n.kind === 'space' || n.kind === 'end') return true;
    if (n.kind === 'char') return GONE.includes(n.c);
    return n.kind === 'class' && n.chars !== undefined && [...n.chars].every((c) => GONE.includes(c));
  });
}

const MAX_WORD = 48;
const MAX_STEPS = 200_000;

/**
 * Follows every way `seq` can match after a space, collecting what it matches up to the end of
 * its first word (`words` 0) or second word (1). A second word this reader cannot spell (a `\w+`)
 * leaves the first word alone as the opening; a first word it cannot spell makes the pattern
 * unreadable.
 */
function walk(
  seq: readonly Node[],
  text: string,
  words: number,
  out: Set<string>,
  budget: { steps: number },
): void {
  if (++budget.steps > MAX_STEPS || text.length > MAX_WORD) throw new Unreadable();
  const fallback = (): void => {
    if (words === 0) throw new Unreadable();
    out.add(text.slice(0, text.indexOf(' ')));
  };
  const wordEnds = (): void => {
    // An empty word would need two spaces in a row, which spaced text never has.
    if (text === '' || text.endsWith(' ')) return fallback();
    out.add(text);
  };
  const node = seq[0];
  if (node === undefined) return fallback(); // the pattern ends without saying where the word ends
  const rest = seq.slice(1);
  switch (node.kind) {
    case 'char':
      if (node.c === ' ') {
        if (words === 1) return wordEnds();
        if (text === '') throw new Unreadable();
        return walk(rest, text + ' ', 1, out, budget);
      }
      if (/\s/.test(node.c)) throw new Unreadable();
      return walk(rest, text + node.c, words, out, budget);
    case 'space':
      if (words === 1) return wordEnds();
      if (text === '') throw new Unreadable();
      return walk(rest, text + ' ', 1, out, budget);
    case 'end':
      return wordEnds();
    case 'look':
      if (node.negative || !node.ahead) return walk(rest, text, words, out, budget); // a superset
      if (endsWord(node.alts)) return wordEnds();
      return fallback();
    case 'group':
      for (const alt of node.alts) walk([...alt, ...rest], text, words, out, budget);
      return;
    case 'repeat': {
      const { min, max } = node;
      if (min === 0) walk(rest, text, words, out, budget);
      if (max === 0) return;
      const again: Node[] =
        max === 1 && min <= 1
          ? []
          : [{ kind: 'repeat', node: node.node, min: Math.max(0, min - 1), max: max - 1 }];
      return walk([node.node, ...again, ...rest], text, words, out, budget);
    }
    case 'class':
      // A first word spelled up to here and then any characters ("squeez\\w*"): every match's
      // first word starts with what is spelled, a prefix opening.
      if (words === 0 && text !== '') {
        out.add(text + PREFIX);
        return;
      }
      return fallback();
    case 'start':
      return fallback();
  }
}

/** Marks an opening that is a word's beginning, not a whole word (a literal `*` is never read). */
export const PREFIX = '*';
/** Prefix openings longer than this are cut to it (a shorter prefix is still a necessary condition). */
const MAX_PREFIX = 24;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function hashOf(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** What the spaced text turns into a space: `,.!?;` and JavaScript's `\s`. */
function isSeparator(c: number): boolean {
  return c === 44 || c === 46 || c === 33 || c === 63 || c === 59 || isSpace(c);
}

interface HashTable {
  keys: Int32Array;
  /** Per slot, the bits of patterns 0-30 (`lo`) and 31-61 (`hi`); both 0 for an empty slot. */
  lo: Int32Array;
  hi: Int32Array;
  slotMask: number;
}

function hashTable(byHash: ReadonlyMap<number, readonly [number, number]>): HashTable {
  let size = 16;
  while (size < byHash.size * 4) size <<= 1;
  const keys = new Int32Array(size);
  const lo = new Int32Array(size);
  const hi = new Int32Array(size);
  const slotMask = size - 1;
  for (const [h, [l, u]] of byHash) {
    let at = h & slotMask;
    while (lo[at] !== 0 || hi[at] !== 0) at = (at + 1) & slotMask;
    keys[at] = h;
    lo[at] = l;
    hi[at] = u;
  }
  return { keys, lo, hi, slotMask };
}

/** The slot of `h` in the table, or -1. */
function slotOf({ keys, lo, hi, slotMask }: HashTable, h: number): number {
  let at = h & slotMask;
  for (;;) {
    if (lo[at] === 0 && hi[at] === 0) return -1;
    if (keys[at] === h) return at;
    at = (at + 1) & slotMask;
  }
}

/** What one OpeningWordGate holds. */
export const MAX_PATTERNS = 62;
export const MAX_GROUPS = 31;

/**
 * "Could any of these conjunctions of patterns match this turn?": `groups` is a disjunction of
 * conjunctions (each pattern of a group must match for the group to), as the caller's own test
 * is. `mayMatch` is false only when, in every group, some pattern lacks all of its openings.
 */
export class OpeningWordGate {
  private readonly words: HashTable;
  /** Prefix openings (see walk), looked up when a word has grown to one of `prefixLengths`. */
  private readonly prefixes: HashTable;
  /** Bit k set: some prefix opening has k characters. */
  private readonly prefixLengths: number;
  /** Per group, the bits of its patterns; a pattern with unreadable openings has no bit (always passes). */
  private readonly needLo: Int32Array;
  private readonly needHi: Int32Array;

  constructor(groups: readonly (readonly RegExp[])[]) {
    const patterns: RegExp[] = [];
    for (const g of groups) for (const re of g) if (!patterns.includes(re)) patterns.push(re);
    if (patterns.length > MAX_PATTERNS) throw new Error(`OpeningWordGate: at most ${MAX_PATTERNS} patterns`);
    if (groups.length > MAX_GROUPS) throw new Error(`OpeningWordGate: at most ${MAX_GROUPS} groups`);
    const byHash = new Map<number, [number, number]>();
    const byPrefix = new Map<number, [number, number]>();
    const mark = (table: Map<number, [number, number]>, h: number, bit: number): void => {
      const m = table.get(h) ?? [0, 0];
      if (bit < 31) m[0] |= 1 << bit;
      else m[1] |= 1 << (bit - 31);
      table.set(h, m);
    };
    let prefixLengths = 0;
    const readable = new Set<RegExp>();
    patterns.forEach((re, bit) => {
      const openings = openingsOf(re);
      if (openings === undefined) return;
      readable.add(re);
      for (const o of openings) {
        if (o.endsWith(PREFIX)) {
          const p = o.slice(0, Math.min(o.length - 1, MAX_PREFIX));
          prefixLengths |= 1 << p.length;
          mark(byPrefix, hashOf(p), bit);
        } else mark(byHash, hashOf(o), bit);
      }
    });
    this.needLo = new Int32Array(groups.length);
    this.needHi = new Int32Array(groups.length);
    groups.forEach((g, k) => {
      for (const re of g) {
        if (!readable.has(re)) continue;
        const bit = patterns.indexOf(re);
        if (bit < 31) this.needLo[k]! |= 1 << bit;
        else this.needHi[k]! |= 1 << (bit - 31);
      }
    });
    this.words = hashTable(byHash);
    this.prefixes = hashTable(byPrefix);
    this.prefixLengths = prefixLengths;
  }

  /**
   * Bit k set: the text holds an opening (a word, a pair of words or a word's beginning) of every
   * readable pattern of group k.
   */
  groupsSeen(text: string): number {
    const { words, prefixes, prefixLengths } = this;
    let lo = 0;
    let hi = 0;
    let h = FNV_OFFSET;
    // The hash of the previous word, a space and this word so far; 0 before the first word.
    let pair = 0;
    let hasPrevious = false;
    let inWord = false;
    let length = 0;
    let at: number;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 32;
      if (!isSeparator(c)) {
        if (!inWord) {
          inWord = true;
          h = FNV_OFFSET;
          length = 0;
        }
        h = Math.imul(h ^ c, FNV_PRIME);
        if (++length < 32 && (prefixLengths & (1 << length)) !== 0 && (at = slotOf(prefixes, h)) >= 0) {
          lo |= prefixes.lo[at]!;
          hi |= prefixes.hi[at]!;
        }
        if (hasPrevious) pair = Math.imul(pair ^ c, FNV_PRIME);
        continue;
      }
      if (!inWord) continue;
      inWord = false;
      if ((at = slotOf(words, h)) >= 0) {
        lo |= words.lo[at]!;
        hi |= words.hi[at]!;
      }
      if (hasPrevious && (at = slotOf(words, pair)) >= 0) {
        lo |= words.lo[at]!;
        hi |= words.hi[at]!;
      }
      hasPrevious = true;
      pair = Math.imul(h ^ 32, FNV_PRIME);
    }
    let groups = 0;
    const { needLo, needHi } = this;
    for (let k = 0; k < needLo.length; k++)
      if ((lo & needLo[k]!) === needLo[k] && (hi & needHi[k]!) === needHi[k]) groups |= 1 << k;
    return groups;
  }

  mayMatch(text: string): boolean {
    return this.groupsSeen(text) !== 0;
  }
}
