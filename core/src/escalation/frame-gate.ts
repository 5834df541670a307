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
import { MAX_GROUPS, MAX_PATTERNS, OpeningWordGate, openingsOf } from './opening-words';

/** How a pattern over the spaced turn opens (frames.ts, CANDIDATE_FRAME_NEEDS). */
const SPACED_OPENING = '(?:^|\\s)';

const TYPES: readonly FramedType[] = ['medical_emergency', 'abusive_caller', 'mental_health_crisis'];

// One word pass answers for the three types: the groups whose patterns all have readable
// openings go into one gate (more, should the needs outgrow one gate's limits), each group's bit
// mapped to its type; a group with a pattern whose openings cannot be read is tested directly
// (only that pattern: looser, still necessary), and only when the gate has seen the openings of
// its readable patterns, if it has any.
interface Chunk {
  gate: OpeningWordGate;
  /** Per type, the bits of its groups in this gate. */
  bits: Record<FramedType, number>;
}

/** A group tested directly: its unreadable patterns, after its readable ones' bit (if any). */
interface Direct {
  patterns: readonly RegExp[];
  /** The chunk and bit of the group's readable patterns; -1: none, test directly always. */
  chunk: number;
  bit: number;
}

type Needs = Readonly<Record<FramedType, readonly (readonly RegExp[])[]>>;

/** The gate over `needs` (CANDIDATE_FRAME_NEEDS's shape): the framed types `n` may have, of `types`. */
export function frameGateOf(needs: Needs): <T extends FramedType>(n: string, types: readonly T[]) => T[] {
  const chunks: Chunk[] = [];
  const direct: Record<FramedType, Direct[]> = {
    medical_emergency: [],
    abusive_caller: [],
    mental_health_crisis: [],
  };
  let groups: (readonly RegExp[])[] = [];
  let patterns = new Set<RegExp>();
  let bits: Record<FramedType, number> = { medical_emergency: 0, abusive_caller: 0, mental_health_crisis: 0 };
  const close = (): void => {
    if (groups.length > 0) chunks.push({ gate: new OpeningWordGate(groups), bits });
    groups = [];
    patterns = new Set();
    bits = { medical_emergency: 0, abusive_caller: 0, mental_health_crisis: 0 };
  };
  for (const type of TYPES)
    for (const g of needs[type]) {
      const unreadable = g.filter((re) => openingsOf(re) === undefined);
      const readable = g.filter((re) => !unreadable.includes(re));
      if (readable.length === 0) {
        direct[type].push({ patterns: unreadable, chunk: -1, bit: 0 });
        continue;
      }
      const added = readable.filter((re) => !patterns.has(re)).length;
      if (groups.length >= MAX_GROUPS || patterns.size + added > MAX_PATTERNS) close();
      if (unreadable.length > 0)
        direct[type].push({ patterns: unreadable, chunk: chunks.length, bit: 1 << groups.length });
      else bits[type] |= 1 << groups.length;
      groups.push(readable);
      for (const re of readable) patterns.add(re);
    }
  close();
  if (chunks.length === 1) {
    const { gate, bits: only } = chunks[0]!;
    return (n, types) => {
      const seen = [gate.groupsSeen(n)];
      return types.filter((t) => (seen[0]! & only[t]) !== 0 || directMatch(n, direct[t], seen));
    };
  }
  return (n, types) => {
    const seen = chunks.map((c) => c.gate.groupsSeen(n));
    return types.filter(
      (t) => chunks.some((c, k) => (seen[k]! & c.bits[t]) !== 0) || directMatch(n, direct[t], seen),
    );
  };
}

/**
 * Of `types`, in their order, those hasCandidateFrame may frame in the normalised turn `n`: the
 * same answer as asking mayHaveCandidateFrame of each, with one pass over the words.
 */
export const mayBeFramed = frameGateOf(CANDIDATE_FRAME_NEEDS);

/**
 * False only when hasCandidateFrame(n, type) is false: no group of the type's needs has all its
 * patterns' openings in the normalised turn `n` (or, for a pattern whose openings cannot be read,
 * a match in the text hasCandidateFrame runs it on).
 */
export function mayHaveCandidateFrame(n: string, type: FramedType): boolean {
  return mayBeFramed(n, [type]).length > 0;
}

function directMatch(n: string, direct: readonly Direct[], seen: readonly number[]): boolean {
  if (direct.length === 0) return false;
  let spaced: string | undefined;
  // A group with an unreadable pattern passes when the gate saw its readable patterns' openings
  // and each unreadable pattern matches (a looser test than the group's, still a necessary
  // condition).
  return direct.some(
    (g) =>
      (g.chunk < 0 || (seen[g.chunk]! & g.bit) !== 0) &&
      g.patterns.every((re) => {
        re.lastIndex = 0;
        if (!re.source.startsWith(SPACED_OPENING)) return re.test(n);
        spaced ??= ' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ';
        return re.test(spaced);
      }),
  );
}
