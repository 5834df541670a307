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

interface TypeGate {
  /** The groups whose patterns all have readable openings. */
  words: OpeningWordGate | undefined;
  /** The groups with a pattern whose openings cannot be read: every such pattern is run. */
  direct: (readonly RegExp[])[];
}

function gateOf(groups: readonly (readonly RegExp[])[]): TypeGate {
  const readable = groups.filter((g) => g.every((re) => openingsOf(re) !== undefined));
  return {
    words: readable.length > 0 ? new OpeningWordGate(readable) : undefined,
    direct: groups
      .filter((g) => !readable.includes(g))
      .map((g) => g.filter((re) => openingsOf(re) === undefined)),
  };
}

const GATES: Readonly<Record<FramedType, TypeGate>> = {
  medical_emergency: gateOf(CANDIDATE_FRAME_NEEDS.medical_emergency),
  abusive_caller: gateOf(CANDIDATE_FRAME_NEEDS.abusive_caller),
  mental_health_crisis: gateOf(CANDIDATE_FRAME_NEEDS.mental_health_crisis),
};

/**
 * False only when hasCandidateFrame(n, type) is false: no group of the type's needs has all its
 * patterns' openings in the normalised turn `n` (or, for a pattern whose openings cannot be read,
 * a match in the text hasCandidateFrame runs it on).
 */
export function mayHaveCandidateFrame(n: string, type: FramedType): boolean {
  const gate = GATES[type];
  if (gate.words?.mayMatch(n)) return true;
  if (gate.direct.length === 0) return false;
  let spaced: string | undefined;
  // A group with an unreadable pattern passes when each of those patterns matches (its readable
  // patterns are not asked: a looser test, still a necessary condition).
  return gate.direct.some((g) =>
    g.every((re) => {
      re.lastIndex = 0;
      if (!re.source.startsWith(SPACED_OPENING)) return re.test(n);
      spaced ??= ' ' + n.replace(/[,.!?;]/g, ' ').replace(/\s+/g, ' ') + ' ';
      return re.test(spaced);
    }),
  );
}
