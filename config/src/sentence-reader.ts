import type { ActTagLike, ActTagger, Utterance } from '@teachback/core';

/**
 * The learned empathy act read sentence by sentence in an agent turn that does something else as
 * well. The act model scores a turn as a whole and gives it one dominant reading, so an
 * acknowledgement that opens a crisis hand-off or an identifier request ("Having to repeat
 * yourself three times is maddening. Let me take it from here. Your name and date of birth?")
 * scores low as empathy, though the same sentence alone scores high. Read only where an
 * acknowledgement is owed, so it costs a few model calls per call: an agent turn of two or more
 * sentences right after a caller turn the model tagged `distress`, or a turn the model reads as an
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
): ActTagLike | undefined {
  const utt = utterances[index];
  if (utt?.speaker !== 'agent') return undefined;
  const prev = index > 0 ? utterances[index - 1] : undefined;
  const own = tagged[index]?.acts ?? [];
  const owed =
    (prev?.speaker === 'customer' && (tagged[index - 1]?.acts ?? []).some((a) => a.act === 'distress')) ||
    own.some((a) => a.act === 'emergency-instruction' || a.act === 'crisis-routing');
  if (!owed) return undefined;
  const sentences = utt.text.split(SENTENCE_END).filter((s) => s.trim() !== '');
  if (sentences.length < 2) return undefined;
  let best = 0;
  for (const text of sentences) {
    // A fragment of one to three words ("Yep, understood, understood.") read without its turn
    // gives the model too little to go on: it reads any short reply as an acknowledgement.
    if (text.split(/\s+/).filter((w) => /[a-z]/i.test(w)).length < MIN_WORDS) continue;
    const context = prev ? [prev] : [];
    const out = model.tagTranscript([...context, { ...utt, text }]);
    for (const a of out[out.length - 1]?.acts ?? [])
      if (a.act === 'empathy' && a.score > best) best = a.score;
  }
  return best >= SENTENCE_FLOOR ? { act: EMPATHY_SENTENCE_ACT, score: best } : undefined;
}
