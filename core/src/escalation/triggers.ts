/**
 * A one-pass trigger index. Each trigger word is filed under its first four characters; a scan
 * walks the utterance once, reads the table once per word, and only on a hit compares the rest
 * of the word. So the many utterances of a call that mention none of our words cost one loop,
 * and only the cues whose words appear run their regexes.
 *
 * Trigger syntax: space-separated words; a word matches any text word that starts with it, a
 * word ending in `$` only the whole word. Words shorter than four characters are whole words.
 */
const WIDTH = 4;
const BITS = 5;
// The 20-bit word key is hashed into a small table that stays in cache; entries keep the full
// key, so a collision costs one comparison.
const TABLE_BITS = 14;

function slotOf(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - TABLE_BITS);
}

interface Entry {
  key: number;
  word: string;
  exact: boolean;
  target: number;
}

// 1..26 letters, 27 apostrophe, 28 digit, 29 asterisk (masked profanity); 0 ends a word. A
// lookup table beats the comparisons in the hot loop.
const CODES = new Uint8Array(65536);
for (let c = 0; c < 26; c++) {
  CODES[97 + c] = c + 1;
  CODES[65 + c] = c + 1;
}
for (let c = 48; c <= 57; c++) CODES[c] = 28;
CODES[39] = 27;
CODES[0x2019] = 27;
CODES[42] = 29;
const MASK = 29;

function charCode(c: number): number {
  return CODES[c]!;
}

function keyOf(word: string): number {
  let key = 0;
  const len = Math.min(WIDTH, word.length);
  for (let i = 0; i < len; i++) {
    const code = charCode(word.charCodeAt(i));
    if (code === 0) throw new Error(`trigger "${word}" has a character that ends a word`);
    key = (key << BITS) | code;
  }
  return key << (BITS * (WIDTH - len));
}

const NONE: readonly number[] = Object.freeze([]);

export class TriggerIndex {
  private readonly table = new Uint16Array(1 << TABLE_BITS);
  private readonly slots: Entry[][] = [[]];
  private readonly seen: Uint8Array;
  /** The targets found by the scan under way, in text order (a target once); reused. */
  private readonly found: Int32Array;
  /** Target reported whenever the text has a `*`: masked profanity ("f***") is abuse material. */
  maskedTarget = -1;

  constructor(targets: number) {
    this.seen = new Uint8Array(targets);
    this.found = new Int32Array(targets);
  }

  add(words: string, target: number): void {
    for (const raw of words.split(' ')) {
      if (raw === '') continue;
      const exact = raw.endsWith('$') || raw.length < WIDTH;
      const word = raw.replace(/\$$/, '').toLowerCase();
      const key = keyOf(word);
      const at = slotOf(key);
      let slot = this.table[at]!;
      if (slot === 0) {
        slot = this.slots.length;
        this.slots.push([]);
        this.table[at] = slot;
      }
      this.slots[slot]!.push({ key, word, exact, target });
    }
  }

  /** The targets whose trigger words occur in the text, ascending. Most text gets the shared empty list. */
  scan(text: string): readonly number[] {
    const table = this.table;
    let count = 0;
    let key = 0;
    let len = 0;
    let masked = false;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const code = CODES[text.charCodeAt(i)]!;
      if (code !== 0) {
        if (len < WIDTH) key = (key << BITS) | code;
        if (code === MASK) masked = true;
        len++;
        continue;
      }
      if (len === 0) continue;
      if (len < WIDTH) key <<= BITS * (WIDTH - len);
      const slot = table[slotOf(key)]!;
      if (slot !== 0) count = this.collect(this.slots[slot]!, key, text, i - len, len, count);
      key = 0;
      len = 0;
    }
    if (len !== 0) {
      if (len < WIDTH) key <<= BITS * (WIDTH - len);
      const slot = table[slotOf(key)]!;
      if (slot !== 0) count = this.collect(this.slots[slot]!, key, text, n - len, len, count);
    }
    if (masked && this.maskedTarget >= 0 && this.seen[this.maskedTarget] === 0) {
      this.seen[this.maskedTarget] = 1;
      this.found[count++] = this.maskedTarget;
    }
    if (count === 0) return NONE;
    // A handful of targets at most: an insertion sort, no comparator or scratch array.
    const found = this.found;
    const out: number[] = new Array<number>(count);
    for (let k = 0; k < count; k++) {
      const t = found[k]!;
      this.seen[t] = 0;
      let at = k;
      while (at > 0 && out[at - 1]! > t) {
        out[at] = out[at - 1]!;
        at--;
      }
      out[at] = t;
    }
    return out;
  }

  /**
   * Walks the text like `scan` and hands each matched target to `stop` in text order (a target may
   * come more than once); answers true at the first target `stop` accepts, without reading the
   * rest of the text or building the sorted list. Ignores `maskedTarget`.
   */
  some(text: string, stop: (target: number) => boolean): boolean {
    const table = this.table;
    let key = 0;
    let len = 0;
    const n = text.length;
    for (let i = 0; i <= n; i++) {
      const code = i < n ? CODES[text.charCodeAt(i)]! : 0;
      if (code !== 0) {
        if (len < WIDTH) key = (key << BITS) | code;
        len++;
        continue;
      }
      if (len === 0) continue;
      if (len < WIDTH) key <<= BITS * (WIDTH - len);
      const slot = table[slotOf(key)]!;
      if (slot !== 0) {
        for (const e of this.slots[slot]!) {
          if (matches(e, key, text, i - len, len) && stop(e.target)) return true;
        }
      }
      key = 0;
      len = 0;
    }
    return false;
  }

  /** Adds the targets of the entries the word text[start, start + len) matches to `found` (each once); returns the new count. */
  private collect(
    entries: readonly Entry[],
    key: number,
    text: string,
    start: number,
    len: number,
    count: number,
  ): number {
    for (const e of entries) {
      if (!matches(e, key, text, start, len) || this.seen[e.target] !== 0) continue;
      this.seen[e.target] = 1;
      this.found[count++] = e.target;
    }
    return count;
  }
}

/** Whether the word text[start, start + len), whose key is `key`, matches the entry. */
function matches(e: Entry, key: number, text: string, start: number, len: number): boolean {
  if (e.key !== key) return false;
  const w = e.word;
  if (e.exact ? len !== w.length : len < w.length) return false;
  for (let k = WIDTH; k < w.length; k++) {
    if ((text.charCodeAt(start + k) | 0x20) !== w.charCodeAt(k)) return false;
  }
  return true;
}
