/**
 * A cheap necessary condition for hasCandidateFrame (frames.ts), which the monitor asks of every
 * caller turn it reads, for each of the three framed types, although almost no turn has such a
 * frame: each ask builds the spaced turn and runs a long pattern.
 *
 * The gate is built at load time from frames.ts's own CANDIDATE_FRAME_NEEDS (the patterns one
 * group of which must all match for a type to be framed): the opening words of those that open
 * with `(?:^|\s)` (opening-words.ts), and any other pattern run as it is on the normalised turn.
 * So a frame added to those patterns is gated the moment it is written; a turn the gate lets
 * through still gets hasCandidateFrame's full answer.
 */
import { CANDIDATE_FRAME_NEEDS, type FramedType } from './frames';
import { OpeningWordGate, openingsOf } from './opening-words';

/** How a pattern over the spaced turn opens (frames.ts, CANDIDATE_FRAME_NEEDS). */
const SPACED_OPENING = '(?:^|\\s)';

const TYPES: readonly FramedType[] = ['medical_emergency', 'abusive_caller', 'mental_health_crisis'];

// One word pass answers for the three types: the groups whose patterns all have readable
// openings go into one gate, each group's bit mapped to its type; a group with a pattern whose
// openings cannot be read is tested directly (only that pattern: looser, still necessary).
const READABLE: (readonly RegExp[])[] = [];
const TYPE_BITS: Record<FramedType, number> = {
  medical_emergency: 0,
  abusive_caller: 0,
  mental_health_crisis: 0,
};
const DIRECT: Record<FramedType, (readonly RegExp[])[]> = {
  medical_emergency: [],
  abusive_caller: [],
  mental_health_crisis: [],
};
for (const type of TYPES)
  for (const g of CANDIDATE_FRAME_NEEDS[type]) {
    const unreadable = g.filter((re) => openingsOf(re) === undefined);
    if (unreadable.length > 0) DIRECT[type].push(unreadable);
    else {
      TYPE_BITS[type] |= 1 << READABLE.length;
      READABLE.push(g);
    }
  }
const WORDS = new OpeningWordGate(READABLE);

/**
 * False only when hasCandidateFrame(n, type) is false: no group of the type's needs has all its
 * patterns' openings in the normalised turn `n` (or, for a pattern whose openings cannot be read,
 * a match in the text hasCandidateFrame runs it on).
 */
export function mayHaveCandidateFrame(n: string, type: FramedType): boolean {
  if ((WORDS.groupsSeen(n) & TYPE_BITS[type]) !== 0) return true;
  return directMatch(n, DIRECT[type]);
}

/**
 * Of `types`, in their order, those hasCandidateFrame may frame in the normalised turn `n`: the
 * same answer as asking mayHaveCandidateFrame of each, with one pass over the words.
 */
export function mayBeFramed<T extends FramedType>(n: string, types: readonly T[]): T[] {
  const seen = WORDS.groupsSeen(n);
  return types.filter((t) => (seen & TYPE_BITS[t]) !== 0 || directMatch(n, DIRECT[t]));
}

function directMatch(n: string, direct: readonly (readonly RegExp[])[]): boolean {
  if (direct.length === 0) return false;
  let spaced: string | undefined;
  // A group with an unreadable pattern passes when each of those patterns matches (its readable
  // patterns are not asked: a looser test, still a necessary condition).
  return direct.some((g) =>
    g.every((re) => {
      re.lastIndex = 0;
      if (!re.source.startsWith(SPACED_OPENING)) return re.test(n);
      spaced ??= ' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ';
      return re.test(spaced);
    }),
  );
}
