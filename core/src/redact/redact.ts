import {
  AMBIGUOUS_NAMES,
  CAPITALIZED_COMMON,
  CLINICAL_CUES,
  CLINICAL_PHRASES,
  CLINICAL_SUFFIX,
  CLINICAL_WORDS,
  FIRST_NAMES,
  NAME_CUES,
} from './lexicon';

/**
 * The Safe Harbor identifiers that occur in calls, plus the caller's clinical details. `number`
 * is a digit string no context placed (member, account, record, policy numbers mostly are).
 */
export type PhiKind =
  'name' | 'date' | 'phone' | 'email' | 'address' | 'zip' | 'ssn' | 'id-number' | 'clinical';

export interface RedactedSpan {
  start: number;
  end: number;
  kind: PhiKind;
}

export interface Redaction {
  text: string;
  /** Spans in the ORIGINAL text, sorted, non-overlapping. */
  spans: RedactedSpan[];
}

export interface RedactOptions {
  /** Also remove conditions, drugs and procedures (default true). */
  clinical?: boolean;
  /** What replaces a span (default `[KIND]`). */
  placeholder?: (kind: PhiKind) => string;
}

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
  'twentieth',
  'thirtieth',
];
const NUM_WORD = `(?:${[...UNITS, ...TEENS, ...TENS, 'oh', 'o', 'double', 'triple', 'hundred', 'thousand'].join('|')})`;
const NUM_TOKEN = `(?:\\d+|${NUM_WORD}(?:-(?:${UNITS.slice(1).join('|')}))?)`;
const SEP = `(?:[\\s,.]+(?:dash\\s+|and\\s+)?|\\s*[-/]\\s*)`;
const MONTHS =
  '(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?';
const DAY_WORD = `(?:\\d{1,2}(?:st|nd|rd|th)?|(?:(?:twenty|thirty)[- ])?(?:${ORDINALS.join('|')})|(?:twenty|thirty)(?:[- ](?:${UNITS.slice(1).join('|')}))?|${[...UNITS.slice(1), ...TEENS].join('|')})`;
const YEAR_WORD = `(?:\\d{4}|'?\\d{2}|(?:nineteen|twenty)[- ](?:${[...TENS, ...TEENS].join('|')}|oh[- ](?:${UNITS.slice(1).join('|')}))(?:[- ](?:${UNITS.slice(1).join('|')}))?|two thousand(?:[- ]and)?(?:[- ](?:${[...UNITS.slice(1), ...TEENS, ...TENS].join('|')})(?:[- ](?:${UNITS.slice(1).join('|')}))?)?)`;
const STREET =
  '(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|court|ct|boulevard|blvd|way|place|pl|circle|cir|terrace|ter|parkway|pkwy|highway|hwy|trail|trl|square|sq|loop|run|row|pike|alley)\\.?';

/** How many digits a spoken/written number token stands for, so "double five" counts as 2. */
function digitsOf(run: string): number {
  let n = 0;
  const toks = run.toLowerCase().match(/\d+|[a-z]+/g) ?? [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (/^\d+$/.test(t)) n += t.length;
    else if (t === 'double') n += 1;
    else if (t === 'triple') n += 2;
    else if (t === 'hundred') n += 2;
    else if (t === 'thousand') n += 3;
    else if (TEENS.includes(t)) n += 2;
    else if (TENS.includes(t)) n += UNITS.includes(toks[i + 1] ?? '') && toks[i + 1] !== 'zero' ? 1 : 2;
    else if (UNITS.includes(t) || t === 'oh' || t === 'o') n += 1;
  }
  return n;
}

/** Whole-utterance redaction; see `redactText` for the options. */
export function redactText(text: string, options: RedactOptions = {}): Redaction {
  const spans: RedactedSpan[] = [];
  const push = (start: number, end: number, kind: PhiKind) => {
    if (end > start) spans.push({ start, end, kind });
  };
  const lower = text.toLowerCase();
  const scan = (re: RegExp, kind: PhiKind | ((m: RegExpExecArray) => PhiKind | undefined), group = 0) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const k = typeof kind === 'function' ? kind(m) : kind;
      if (!k) continue;
      const g = m[group] ?? m[0];
      const start = m.index + (group === 0 ? 0 : m[0].indexOf(g));
      push(start, start + g.length, k);
    }
  };

  // Email, written and spoken ("j o h n at example dot com", "mary dot lee at mail dot org").
  scan(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, 'email');
  scan(
    new RegExp(
      `(?:(?<!')\\b[a-z0-9](?:[\\s.-]+[a-z0-9]\\b)+|\\b[a-z0-9][a-z0-9._]*(?:\\s+(?:dot|underscore|dash|period)\\s+[a-z0-9]+)*)(?:\\s+${NUM_TOKEN})*\\s+at\\s+[a-z0-9-]+(?:\\s+(?:dot|period)\\s+[a-z0-9-]+)*\\s+(?:dot|period)\\s+(?:com|org|net|edu|gov|us|io|co|info|biz)\\b`,
      'gi',
    ),
    'email',
  );

  // Dates other than a bare year: "March third, nineteen sixty", "the 3rd of March", "03/03/1960".
  scan(
    new RegExp(`\\b${MONTHS}\\s+(?:the\\s+)?${DAY_WORD}\\b(?:,?\\s+(?:of\\s+)?${YEAR_WORD}\\b)?`, 'gi'),
    (m) => (/^may\s+(?:one|two|three|four|five|six|seven|eight|nine|ten)\b/i.test(m[0]) ? undefined : 'date'),
  );
  scan(new RegExp(`\\b(?:the\\s+)?${DAY_WORD}\\s+of\\s+${MONTHS}(?:,?\\s+${YEAR_WORD}\\b)?`, 'gi'), 'date');
  scan(/\b\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})\b/g, 'date');
  scan(/(?:\(\d{3}\)\s*|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b/g, (m) =>
    /^\d{3}-\d{2}-/.test(m[0]) ? undefined : 'phone',
  );
  scan(new RegExp(`\\b${MONTHS}\\s+(?:of\\s+)?${YEAR_WORD}\\b`, 'gi'), (m) =>
    /^(?:may|march)\s/i.test(m[0]) && !/\d/.test(m[0]) && !/nineteen|thousand|twenty/i.test(m[0])
      ? undefined
      : 'date',
  );

  // Street addresses: a house number (written or spoken) through the street type and unit.
  scan(
    new RegExp(
      `\\b(?:${NUM_TOKEN}(?:[\\s-]+${NUM_TOKEN}){0,5})\\s+(?:[a-z]+\\s+){0,3}?${STREET}(?=[\\s,.]|$)(?:[\\s,]+(?:apartment|apt|unit|suite|ste|#)\\.?\\s*[a-z0-9-]+(?:\\s+${NUM_TOKEN})*)?`,
      'gi',
    ),
    'address',
  );
  scan(
    new RegExp(`\\b(?:p\\.?\\s?o\\.?\\s+box|post office box)\\s+${NUM_TOKEN}(?:[\\s-]+${NUM_TOKEN})*`, 'gi'),
    'address',
  );
  scan(
    new RegExp(
      `\\b(?:apartment|apt|unit|suite)\\.?\\s+(?:number\\s+)?[a-z0-9-]*\\d[a-z0-9-]*\\b|\\b(?:apartment|apt|unit|suite)\\.?\\s+(?:number\\s+)?${NUM_TOKEN}(?:\\s+${NUM_TOKEN})*(?:\\s+[a-z]\\b)?`,
      'gi',
    ),
    'address',
  );

  // Digit strings, written or spoken, typed by what the speaker said they were.
  const run = new RegExp(
    `(?:\\b[a-z]\\b[\\s-]+){0,3}(?<![a-z])${NUM_TOKEN}(?:${SEP}(?:${NUM_TOKEN}|\\b[a-z]\\b))*(?![a-z])`,
    'gi',
  );
  run.lastIndex = 0;
  for (let m = run.exec(text); m; m = run.exec(text)) {
    let s = m[0];
    let start = m.index;
    // Letters only at the edges of a run are part of an id ("M one two three") only if the run
    // also has digits; trim lone "a"/"i"/"o" words that are ordinary speech.
    while (/^(?:a|i)[\s-]+/i.test(s)) {
      const cut = s.match(/^(?:a|i)[\s-]+/i)![0].length;
      s = s.slice(cut);
      start += cut;
    }
    s = s.replace(/[\s,.-]+(?:a|i|o|oh)?$/i, (x) => (/\b(?:oh|o)$/i.test(x) ? x : ''));
    s = s.replace(/[\s,.-]+$/, '');
    const digits = digitsOf(s);
    const before = lower.slice(Math.max(0, start - 60), start);
    if (isYear(s) && !/\b(?:birth|born|dob|birthday)\b[^.?!]*$/.test(before)) continue;
    if (/^(?:oh|o)$/i.test(s.trim())) continue;
    const kind = numberKind(s, digits, before);
    if (kind) push(start, start + s.length, kind);
  }

  // Alphanumeric record ids written as one token ("MBR88213", "A1234567").
  scan(/\b(?=[a-z0-9-]*\d)(?=[a-z0-9-]*[a-z])[a-z0-9]{2,}(?:-[a-z0-9]+)*\b/gi, (m) =>
    (m[0].match(/\d/g) ?? []).length >= 3 ? 'id-number' : undefined,
  );

  nameSpans(text, push);
  if (options.clinical !== false) clinical(text, lower, push);

  const merged = mergeSpans(spans);
  const ph = options.placeholder ?? ((k: PhiKind) => `[${k.toUpperCase()}]`);
  let out = '';
  let at = 0;
  for (const s of merged) {
    out += text.slice(at, s.start) + ph(s.kind);
    at = s.end;
  }
  out += text.slice(at);
  return { text: out, spans: merged };
}

function isYear(s: string): boolean {
  const t = s.trim().toLowerCase();
  if (/^(?:19|20)\d{2}$/.test(t)) return true;
  return new RegExp(`^${YEAR_WORD}$`, 'i').test(t) && !/^'?\d{2}$/.test(t);
}

function numberKind(s: string, digits: number, before: string): PhiKind | undefined {
  const near = before.slice(-45);
  if (/\b(?:social|ssn|security number|last four)\b/.test(near) && digits >= 4) return 'ssn';
  if (/^\d{3}-\d{2}-\d{4}$/.test(s)) return 'ssn';
  if (/\b(?:zip|zip code|postal code)\b/.test(near) && digits >= 3) return 'zip';
  if (/\b(?:birth|born|dob|birthday)\b/.test(near) && digits >= 3) return 'date';
  if (
    /\b(?:phone|number|call|fax|cell|reach|callback|call back|mobile|landline|dial)\b/.test(near) &&
    digits >= 7
  )
    return /\b(?:member|account|policy|record|medicare|medicaid|id|claim|reference|confirmation|case|mrn|group)\b/.test(
      near,
    )
      ? 'id-number'
      : 'phone';
  if (
    /\b(?:member|account|policy|record|medicare|medicaid|id|claim|reference|confirmation|case|mrn|group|card)\b/.test(
      near,
    ) &&
    digits >= 3
  )
    return 'id-number';
  if (digits === 10 || digits === 11) return 'phone';
  if (digits >= 5) return 'id-number';
  if (digits === 4 && /[a-z]/i.test(s) && !/^\d+$/.test(s)) return undefined;
  return undefined;
}

type Push = (start: number, end: number, kind: PhiKind) => void;

/**
 * The name readers alone, before spans are merged: spelled-out letters ("s m i t h", "that's
 * j-o-h-n": a name or an id being spelled) and names after a cue. In the merged redaction a span
 * of kind `name` always starts where one of these starts (merging only ever turns a name into a
 * kind of higher priority), so a caller looking for names where they start can ask these first
 * and run the whole redaction only when one is there.
 */
function nameSpans(text: string, push: Push): void {
  const spelled = /(?<!')\b[a-z](?:(?:[\s-]+|\.\s*)[a-z]\b){2,}/gi;
  for (let m = spelled.exec(text); m; m = spelled.exec(text)) {
    const letters = m[0].replace(/[^a-z]/gi, '');
    if (!/^(?:[ai])+$/i.test(letters)) push(m.index, m.index + m[0].length, 'name');
  }
  names(text, push);
}

/** Where the name readers' spans start (unmerged; see nameSpans): a superset of the `name` spans' starts in `redactText`. */
export function nameSpanStarts(text: string): number[] {
  const starts: number[] = [];
  nameSpans(text, (start, end) => {
    if (end > start) starts.push(start);
  });
  return starts;
}

const WORD = /[A-Za-z][A-Za-z'-]*/y;

function names(text: string, push: Push): void {
  // After a cue: up to three name-like words.
  NAME_CUES.lastIndex = 0;
  for (let m = NAME_CUES.exec(text); m; m = NAME_CUES.exec(text)) {
    const cue = m[0].toLowerCase().trim();
    let at = m.index + m[0].length;
    const start = at;
    let end = at;
    let taken = 0;
    const weak =
      /^(?:i'm|i am|it's|this is|called|named|doctor|nurse|calling for|calling about|my \w+,?)$/.test(cue);
    while (taken < 3) {
      WORD.lastIndex = at;
      const w = WORD.exec(text);
      if (!w) break;
      const word = w[0];
      const lw = word.toLowerCase().replace(/'s$/, '');
      const capital = /^[A-Z]/.test(word) && !CAPITALIZED_COMMON.has(lw);
      const known = FIRST_NAMES.has(lw) || AMBIGUOUS_NAMES.has(lw);
      const ok = weak
        ? taken === 0
          ? capital || FIRST_NAMES.has(lw)
          : capital || (known && taken === 0)
        : !CAPITALIZED_COMMON.has(lw) && !FUNCTION.has(lw) && (taken === 0 || capital || known);
      if (!ok) break;
      end = at + word.length;
      taken++;
      at = end;
      const gap = /^\s+/.exec(text.slice(at));
      if (!gap || /[.,?!]/.test(gap[0])) break;
      at += gap[0].length;
    }
    if (taken > 0) push(start, end, 'name');
  }
  // Between "this is" and what the caller is doing: the words are who is calling, whatever case.
  scan2(
    text,
    /\b(?:this is|it's|i'm)\s+((?:[a-z][a-z'-]+\s+){1,3}?)(?=(?:calling|speaking|here|from|with|again)\b)/gi,
    push,
  );
  // The rest reads capitals or listed names: a text with neither (most turns) has nothing for them.
  const upper = hasCapital(text);
  if (!upper && !mayHoldListedName(text)) return;
  // A capitalized word inside a sentence that is no common word: a proper name ("Okay Siobhan,").
  const proper = /(?<=[a-z0-9,]\s+)[A-Z][a-z][A-Za-z'-]+\b/g;
  for (let m = proper.exec(text); m; m = proper.exec(text)) {
    if (CAPITALIZED_COMMON.has(m[0].toLowerCase().replace(/'s$/, ''))) continue;
    push(m.index, m.index + m[0].length, 'name');
  }
  // A known first name anywhere, with a following capitalized surname.
  const re = /\b[A-Za-z][A-Za-z'-]*\b/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lw = m[0].toLowerCase();
    const capital = /^[A-Z]/.test(m[0]);
    const isName = FIRST_NAMES.has(lw) || (capital && AMBIGUOUS_NAMES.has(lw) && m.index > 0);
    if (!isName) continue;
    let end = m.index + m[0].length;
    const next = /^\s+([A-Z][A-Za-z'-]+)/.exec(text.slice(end));
    if (next && !CAPITALIZED_COMMON.has(next[1]!.toLowerCase())) end += next[0].length;
    push(m.index, end, 'name');
  }
  // Capitalized words mid-sentence next to a title ("Mrs. Okafor") are covered by the cues; a
  // capitalized pair not at a sentence start ("... and Tomas Okafor said") is taken as a name.
  const pair = /(?<![.?!]\s|^)\b([A-Z][a-z]+)\s+([A-Z][a-z'-]+)\b/g;
  for (let m = pair.exec(text); m; m = pair.exec(text)) {
    if (m.index === 0) continue;
    if (CAPITALIZED_COMMON.has(m[1]!.toLowerCase()) || CAPITALIZED_COMMON.has(m[2]!.toLowerCase())) continue;
    push(m.index, m.index + m[0].length, 'name');
  }
}

/** Whether the text has an ASCII capital (every reader below `hasCapital` in names needs one or a listed name). */
function hasCapital(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a hashes of the listed first names (FIRST_NAMES and AMBIGUOUS_NAMES, all lower-case
 * letters), in an open-addressing table; null if a listed name had any other character (then the
 * filter below is off).
 */
const LISTED_NAME_HASHES: Int32Array | null = (() => {
  const all = [...FIRST_NAMES, ...AMBIGUOUS_NAMES];
  if (!all.every((w) => /^[a-z]+$/.test(w))) return null;
  let size = 1024;
  while (size < all.length * 2) size *= 2;
  const slots = new Int32Array(size);
  for (const w of all) {
    let h = FNV_OFFSET;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), FNV_PRIME);
    // 0 marks an empty slot: a name hashing to 0 switches the filter off.
    if (h === 0) return null;
    let at = h & (size - 1);
    while (slots[at] !== 0 && slots[at] !== h) at = (at + 1) & (size - 1);
    slots[at] = h;
  }
  return slots;
})();

/**
 * False only when no run of letters in the text is a listed name, whatever its case. A word the
 * first-name reader takes (`\b[A-Za-z][A-Za-z'-]*\b`, lower-cased, in a list of a-z names) is
 * all letters with no letter or digit either side: exactly one maximal run of letters. So a text
 * whose runs all miss the hash table has nothing for that reader.
 */
function mayHoldListedName(text: string): boolean {
  const slots = LISTED_NAME_HASHES;
  if (slots === null) return true;
  const mask = slots.length - 1;
  let h = FNV_OFFSET;
  let len = 0;
  for (let i = 0; i <= text.length; i++) {
    let c = i < text.length ? text.charCodeAt(i) : 32;
    if (c >= 65 && c <= 90) c += 32;
    if (c >= 97 && c <= 122) {
      h = Math.imul(h ^ c, FNV_PRIME);
      len++;
      continue;
    }
    if (len > 0) {
      let at = h & mask;
      for (;;) {
        const v = slots[at]!;
        if (v === h) return true;
        if (v === 0) break;
        at = (at + 1) & mask;
      }
    }
    h = FNV_OFFSET;
    len = 0;
  }
  return false;
}

function scan2(text: string, re: RegExp, push: Push): void {
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const g = m[1]!.trimEnd();
    const start = m.index + m[0].indexOf(m[1]!);
    if (g.split(/\s+/).some((w) => FUNCTION.has(w.toLowerCase()))) continue;
    push(start, start + g.length, 'name');
  }
}

const FUNCTION = new Set(
  'a an the and or but so of to in on at for with from by as is are was were be been am you he she it we they me my your our their this that there here just not no yes okay ok um uh calling here sorry glad happy fine good great well sure trying looking wondering going'.split(
    ' ',
  ),
);

function clinical(text: string, lower: string, push: Push): void {
  for (const p of CLINICAL_PHRASES) {
    let i = lower.indexOf(p);
    while (i >= 0) {
      const before = i === 0 ? ' ' : lower[i - 1]!;
      const after = lower[i + p.length] ?? ' ';
      if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) push(i, i + p.length, 'clinical');
      i = lower.indexOf(p, i + 1);
    }
  }
  // Strong cues name a condition whatever its words: take up to three words after them.
  const strong =
    /\b(?:diagnosed with|diagnosis of|history of|suffer(?:s|ing)? from|treated for|whether|if)\s+/gi;
  for (let m = strong.exec(text); m; m = strong.exec(text)) {
    const after = m.index + m[0].length;
    const words = text.slice(after).split(/(\s+)/);
    let len = 0;
    let taken = 0;
    for (let i = 0; i < words.length && taken < 3; i += 2) {
      const w = words[i]!.replace(/[.,;:?!]+$/, '');
      if (!w || CLINICAL_STOP.has(w.toLowerCase()) || FUNCTION.has(w.toLowerCase())) break;
      const isLast = w.length !== words[i]!.length;
      len += (i > 0 ? words[i - 1]!.length : 0) + w.length;
      taken++;
      if (isLast) break;
    }
    // "whether/if X is on the formulary / is covered": only then is X a drug.
    if (/^(?:whether|if)\s/i.test(m[0])) {
      const rest = text.slice(after + len);
      if (!/^\s+(?:is|are)\s+(?:on the formulary|covered|a covered|on your plan)/i.test(rest)) continue;
    }
    if (taken > 0) push(after, after + len, 'clinical');
  }
  const re = /\b[a-z][a-z'-]*\b/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const w = m[0].toLowerCase();
    if (CLINICAL_WORDS.has(w) || CLINICAL_SUFFIX.test(w)) push(m.index, m.index + m[0].length, 'clinical');
  }
  // After a clinical cue, an unknown long word ending like a drug or condition.
  CLINICAL_CUES.lastIndex = 0;
  for (let m = CLINICAL_CUES.exec(text); m; m = CLINICAL_CUES.exec(text)) {
    const rest = /^([a-z][a-z-]{4,})\b/i.exec(text.slice(m.index + m[0].length));
    if (
      rest &&
      /(?:in|ol|ide|ine|one|am|ex|ax|il|an|ix|ia|is|er)$/i.test(rest[1]!) &&
      !FUNCTION.has(rest[1]!.toLowerCase()) &&
      !COMMON_AFTER_CUE.has(rest[1]!.toLowerCase())
    )
      push(m.index + m[0].length, m.index + m[0].length + rest[1]!.length, 'clinical');
  }
}

/** Words that end a clinical phrase after a strong cue ("diagnosed with X Y last year"). */
const CLINICAL_STOP = new Set(
  'last this next in on at a an the and but so when since for about two three years year months month ago back which that because i my is was'.split(
    ' ',
  ),
);

const COMMON_AFTER_CUE = new Set(
  'question plan doctor number address birthday daughter mother father husband sister brother insurance medicare coverage premium appointment pharmacy address information problem concern other another account computer paper card mail letter dinner lunch breakfast better order either neither whether'.split(
    ' ',
  ),
);

function mergeSpans(spans: RedactedSpan[]): RedactedSpan[] {
  const priority: Record<PhiKind, number> = {
    email: 9,
    ssn: 8,
    date: 7,
    address: 6,
    phone: 5,
    zip: 5,
    'id-number': 4,
    clinical: 3,
    name: 2,
  };
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: RedactedSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) {
      if (priority[s.kind] > priority[last.kind] && s.end - s.start >= last.end - last.start)
        last.kind = s.kind;
      last.end = Math.max(last.end, s.end);
    } else out.push({ ...s });
  }
  return out;
}
