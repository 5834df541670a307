import type { ActTagLike, ActTagger, Utterance } from '@teachback/core';
import { EAGER_IDIOM_ACT, saysEagerIdiom } from './idiom-reader';
import { PAIN_IN_PAST_ACT, mentionsPainOnlyInPast } from './past-pain-reader';
import { MEDICATION_NAMED_ACT, namesMedication } from './medication-reader';
import { sentenceEmpathy } from './sentence-reader';
import { NAME_STATED_ACT, statesName } from './name-reader';
import { RECORD_READ_ACT, readsRecord } from './record-reader';
import { RECORDING_NOW_ACT, saysRecordingNow } from './recording-reader';
import { BOOKING_READ_ACT, readsBooking } from './booking-reader';

const wrapped = new WeakMap<ActTagger, ActTagger>();

/**
 * The act model plus the readers beside it, as one tagger:
 * - customer turns: the name reader's `name-stated` (name-reader.ts) and the past-pain reader's
 *   `pain-in-past` (past-pain-reader.ts);
 * - agent turns: the medication reader's `medication-named` (medication-reader.ts), the record
 *   reader's `record-read` (record-reader.ts), the recording reader's `recording-now`
 *   (recording-reader.ts), the booking reader's `booking-read` (booking-reader.ts), and the
 *   learned empathy act read sentence by sentence, `empathy-sentence`, on turns that owe an
 *   acknowledgement (sentence-reader.ts);
 * - any turn: the idiom reader's `eager-idiom` (idiom-reader.ts).
 * Scoring and the live session are both handed this tagger (`compileForScoring`), so they read
 * the reader tags the same way as the learned ones.
 */
export function withReaders(model: ActTagger): ActTagger {
  const known = wrapped.get(model);
  if (known) return known;
  const out: ActTagger = {
    version: `${model.version}+name-reader+medication-reader+idiom-reader+past-pain-reader+sentence-reader+record-reader+recording-reader+booking-reader`,
    tagTranscript(utterances: readonly Utterance[]) {
      const tagged = model.tagTranscript(utterances);
      return tagged.map((u) => {
        const utt = utterances[u.index];
        if (!utt) return u;
        const extra: ActTagLike[] = [];
        if (utt.speaker === 'customer' && statesName(utt.text))
          extra.push({ act: NAME_STATED_ACT, score: 1, detail: 'name' });
        // Agent turns only: a drug is PHI when the agent reads it from the record (and scanning
        // every turn is the readers' main cost).
        if (utt.speaker === 'agent' && namesMedication(utt.text))
          extra.push({ act: MEDICATION_NAMED_ACT, score: 1 });
        if (saysEagerIdiom(utt.text)) extra.push({ act: EAGER_IDIOM_ACT, score: 1 });
        if (utt.speaker === 'customer' && mentionsPainOnlyInPast(utt.text))
          extra.push({ act: PAIN_IN_PAST_ACT, score: 1 });
        // Agent turns only: the agent saying it reads the caller's record (record-reader.ts).
        if (utt.speaker === 'agent' && readsRecord(utt.text)) extra.push({ act: RECORD_READ_ACT, score: 1 });
        // Agent turns only: "we're recording" said outright (recording-reader.ts).
        if (utt.speaker === 'agent' && saysRecordingNow(utt.text))
          extra.push({ act: RECORDING_NOW_ACT, score: 1 });
        // Agent turns only: the caller's own booking stated (booking-reader.ts).
        if (utt.speaker === 'agent' && readsBooking(utt.text))
          extra.push({ act: BOOKING_READ_ACT, score: 1 });
        const empathy = sentenceEmpathy(model, utterances, tagged, u.index);
        if (empathy) extra.push(empathy);
        return extra.length === 0 ? u : { index: u.index, acts: [...u.acts, ...extra] };
      });
    },
  };
  wrapped.set(model, out);
  return out;
}
