import { nameSpanStarts, redactText } from '@teachback/core';

/**
 * A name the caller states, read by the name reader of `@teachback/core`'s redaction (its lexicon
 * of first names and name cues), not by the learned act model. The identity-verification rules
 * use it as `act: name-stated` beside the learned `identifier-provide` tag: the model does not
 * tag a name that a third-party caller gives in passing ("its for my dad walter nobodee"), the
 * reader finds it. Added by `withReaders` (readers.ts) through the act port, so post-call
 * scoring and the live session read it exactly the way they read learned tags.
 */
export const NAME_STATED_ACT = 'name-stated';

/**
 * A person the turn presents: "for my dad", "my husband", "on behalf of", "name is", "this is",
 * "it's", "I'm". A name without one ("hi Irene", the agent's name) is a greeting, and a name
 * after a title ("Dr. Amsel") is the clinician, not the patient.
 */
const PRESENTING_CUE =
  "for|behalf of|name is|name's|names|this is|it's|its|i'm|im|i am|my (dad|father|mom|mother|husband|wife|son|daughter|brother|sister|grandson|granddaughter|grandmother|grandfather|aunt|uncle|partner|patient|client|friend|neighbor|neighbour)";
const PRESENTS = new RegExp(`\\b(${PRESENTING_CUE})\\b[^.?!]{0,24}$`, 'i');
// The cue anywhere in the turn: PRESENTS matching a prefix of the turn implies this matches the
// turn (same words, same word start), so a turn without it states no name.
const ANY_CUE = new RegExp(`\\b(${PRESENTING_CUE})`, 'i');
const TITLE = /\b(dr|doctor|nurse|np|pa)\.?\s*$/i;

/** True when a customer turn states a person's name the way a caller identifies the patient. */
export function statesName(text: string): boolean {
  // The whole redaction runs dozens of regular expressions: a turn without a presenting cue, or
  // where no name reader's span starts after one (a merged name span starts where one of those
  // does), is answered without it.
  if (!ANY_CUE.test(text)) return false;
  if (!nameSpanStarts(text).some((start) => presented(text.slice(0, start)))) return false;
  for (const span of redactText(text, { clinical: false }).spans) {
    if (span.kind !== 'name') continue;
    if (presented(text.slice(0, span.start))) return true;
  }
  return false;
}

function presented(before: string): boolean {
  return !TITLE.test(before) && PRESENTS.test(before);
}
