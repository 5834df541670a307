/** Lower-case word tokens; apostrophes stay inside words ("don't"). */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .map((t) => t.replace(/^'+|'+$/g, ''))
    .filter(Boolean);
}

/*
 * Function words: an n-gram made only of these says nothing a supervisor could coach, and testing
 * it would only widen the multiple-comparison family.
 */
const STOP = new Set(
  (
    'a an the and or but so of to in on at for with from by as is are was were be been am i you he she ' +
    "it we they me my your our their us this that these those there here it's i'm you're do does did " +
    'have has had will would can could just if then um uh okay ok yeah yes no oh well'
  ).split(' '),
);

export function isStopword(t: string): boolean {
  return STOP.has(t);
}

/** Distinct 1..n-grams of a token list, skipping those made only of function words. */
export function ngrams(toks: readonly string[], maxN: number): Set<string> {
  const out = new Set<string>();
  for (let n = 1; n <= maxN; n++)
    for (let i = 0; i + n <= toks.length; i++) {
      const g = toks.slice(i, i + n);
      if (g.every(isStopword)) continue;
      out.add(g.join(' '));
    }
  return out;
}

/**
 * The objection lexicon the miner uses when the caller gives none: customer phrasings of the
 * objections healthcare sales and service calls meet. A small lexicon, not a learned act, because
 * the act model (core/src/acts) has no objection act yet; a tenant can pass its own.
 */
export const DEFAULT_OBJECTIONS: Readonly<Record<string, readonly string[]>> = {
  price: [
    'too expensive',
    "can't afford",
    'cannot afford',
    'costs too much',
    'too much money',
    'premium is too high',
    'on a fixed income',
  ],
  'current-coverage': [
    'already have a plan',
    'happy with my plan',
    'happy with my current',
    'already covered',
  ],
  'think-it-over': ['think about it', 'think it over', 'talk to my', 'call you back', 'not ready to decide'],
  'doctor-network': ['keep my doctor', 'my doctor is', 'in network', 'see my doctor'],
  trust: ['is this a scam', "don't trust", 'how did you get my number', 'sounds like a scam'],
};

/** The first objection kind whose phrase occurs in the utterance, or undefined. */
export function objectionIn(
  text: string,
  lexicon: Readonly<Record<string, readonly string[]>>,
): string | undefined {
  const t = ` ${tokens(text).join(' ')} `;
  for (const [kind, phrases] of Object.entries(lexicon))
    if (phrases.some((p) => t.includes(` ${tokens(p).join(' ')} `))) return kind;
  return undefined;
}
