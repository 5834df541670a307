import type { ActTagLike, ActTagger, Utterance } from '@teachback/core';

/**
 * The learned empathy act read sentence by sentence in an agent turn that does something else as
 * well. The act model scores a turn as a whole and gives it one dominant reading, so an
 * acknowledgement that opens a crisis hand-off or an identifier request ("Having to repeat
 * yourself three times is maddening. Let me take it from here. Your name and date of birth?")
 * scores low as empathy, though the same sentence alone scores high. Read only where an
 * acknowledgement is owed, so it costs a few model calls per call: an agent turn of two or more
 * sentences right after a caller turn the model tagged `distress` (or the clause reader below
 * `distress-clause`), or a turn the model reads as an
 * emergency or crisis response. The tag is `empathy-sentence` with the best sentence's score
 * when it is at least 0.8; the rules name it beside `empathy` (`act: [empathy,
 * empathy-sentence]`).
 */
export const EMPATHY_SENTENCE_ACT = 'empathy-sentence';

const SENTENCE_END = /(?<=[.!?])\s+/;
const MIN_WORDS = 4;
/**
 * A sentence read alone has less to go on than its turn: a stray apology ("Sorry, I didn't catch
 * that.") scores 0.73 as empathy, acknowledgements of a feeling 0.82-0.97. Below this the
 * sentence gives no tag, whatever the rule's own floor.
 */
const SENTENCE_FLOOR = 0.8;

/** The best empathy score of one sentence of the turn, read with the previous turn as context. */
export function sentenceEmpathy(
  model: ActTagger,
  utterances: readonly Utterance[],
  tagged: ReadonlyArray<{ index: number; acts: readonly ActTagLike[] }>,
  index: number,
  /** The previous turn's tags with the readers' (defaults to the model's alone). */
  previous: { acts: readonly ActTagLike[] } | undefined = tagged[index - 1],
  /**
   * The words of the previous turn the acknowledgement answers, when only a clause of it said the
   * feeling (`clauseDistress`): the sentence is read against that clause, not against the turn
   * the model read as something else.
   */
  feeling?: string,
): ActTagLike | undefined {
  const utt = utterances[index];
  if (utt?.speaker !== 'agent') return undefined;
  const prev = index > 0 ? utterances[index - 1] : undefined;
  const own = tagged[index]?.acts ?? [];
  const owed =
    (prev?.speaker === 'customer' &&
      (previous?.acts ?? []).some((a) => a.act === 'distress' || a.act === DISTRESS_CLAUSE_ACT)) ||
    own.some((a) => a.act === 'emergency-instruction' || a.act === 'crisis-routing');
  if (!owed) return undefined;
  const sentences = utt.text.split(SENTENCE_END).filter((s) => s.trim() !== '');
  if (sentences.length < 2) return undefined;
  let best = 0;
  for (const text of sentences) {
    // A fragment of one to three words ("Yep, understood, understood.") read without its turn
    // gives the model too little to go on: it reads any short reply as an acknowledgement.
    if (text.split(/\s+/).filter((w) => /[a-z]/i.test(w)).length < MIN_WORDS) continue;
    const context = prev ? [feeling === undefined ? prev : { ...prev, text: feeling }] : [];
    const out = model.tagTranscript([...context, { ...utt, text }]);
    for (const a of out[out.length - 1]?.acts ?? [])
      if (a.act === 'empathy' && a.score > best) best = a.score;
  }
  return best >= SENTENCE_FLOOR ? { act: EMPATHY_SENTENCE_ACT, score: best } : undefined;
}

/**
 * The learned distress act read clause by clause in a caller turn that does something else as
 * well. A feeling said in one clause of a long turn that also gives identifiers or asks a question
 * ("so my son, he's three, he's had a fever since last night, and I'm, I'm kind of freaking out,
 * can I give him both?") is drowned by the rest: the model scores the whole turn and its
 * sentences, and such a turn is often one long sentence of commas. Read only on caller turns the
 * model did not tag `distress` at the rules' floor (0.7) and that split into two or more chunks:
 * clauses at commas, semicolons and sentence ends, a clause of fewer than four words joined to the
 * next ("Sorry, I'm wiped out"). Each chunk is read alone (no context: a feeling is the caller's
 * own words). The tag is `distress-clause` with the best chunk's score and detail when it is at
 * least 0.85 (CLAUSE_FLOOR); the rules name it beside `distress`.
 */
export const DISTRESS_CLAUSE_ACT = 'distress-clause';

const CLAUSE_END = /(?<=[,;.!?])\s+/;
/** The rules' floor for the learned distress act: a turn tagged at it needs no clause reading. */
const DISTRESS_FLOOR = 0.7;
/**
 * A clause read alone, without its turn and with no context, scores asides as distress too
 * ("which I've never had a problem with" 0.84, "I'm on her paperwork as her contact" 0.82 on the
 * seen sets); feelings said in a clause scored 0.81-1.00. At 0.85 none of those asides counts and
 * six of nine feelings do (sets 2-12: 6 gained, 0 lost; at 0.8, 9 gained and 3 lost).
 */
const CLAUSE_FLOOR = 0.85;

export function clauseDistress(
  model: ActTagger,
  utterances: readonly Utterance[],
  tagged: ReadonlyArray<{ index: number; acts: readonly ActTagLike[] }>,
  index: number,
): { tag: ActTagLike; clause: string } | undefined {
  const utt = utterances[index];
  if (utt?.speaker !== 'customer') return undefined;
  if ((tagged[index]?.acts ?? []).some((a) => a.act === 'distress' && a.score >= DISTRESS_FLOOR)) return undefined;
  const chunks: string[] = [];
  let pending = '';
  for (const clause of utt.text.split(CLAUSE_END)) {
    const text = pending === '' ? clause : `${pending} ${clause}`;
    if (words(text) < MIN_WORDS) pending = text;
    else {
      chunks.push(text);
      pending = '';
    }
  }
  if (pending !== '' && chunks.length > 0) chunks[chunks.length - 1] += ` ${pending}`;
  if (chunks.length < 2) return undefined;
  let best: { tag: ActTagLike; clause: string } | undefined;
  for (const text of chunks) {
    const out = model.tagTranscript([{ ...utt, text }]);
    for (const a of out[0]?.acts ?? [])
      if (a.act === 'distress' && a.score >= CLAUSE_FLOOR && (!best || a.score > best.tag.score))
        best = { tag: { act: DISTRESS_CLAUSE_ACT, score: a.score, detail: a.detail }, clause: text };
  }
  return best;
}

function words(text: string): number {
  return text.split(/\s+/).filter((w) => /[a-z]/i.test(w)).length;
}
