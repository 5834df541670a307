import { nameSpanStarts, redactText } from '@teachback/core';
import { readActWordClusters } from './acts';

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
/**
 * The patient named beside the relation as an apposition, after a comma in the same sentence
 * ("I have to cancel my father's session this afternoon, Emil Rasmussen"), further from the cue
 * than PRESENTS reaches.
 */
const RELATION_APPOSITION = new RegExp(
  `\\bmy (${PRESENTING_CUE.slice(PRESENTING_CUE.indexOf('my (') + 4, -1)})('s)?\\b[^.?!]{0,60},\\s*$`,
  'i',
);
/**
 * Words a caller gives between presenting themselves and another identifier are their name
 * ("yeah hi its cornelius adebayo date of birth one seventeen fifty five"): in lower-case ASR text
 * the redaction reader knows a name only by its first-name lexicon. Two words, neither an everyday
 * word (among the 300 most frequent of the act model's word list) and one of them rare (beyond the
 * 10,000 most frequent, or not listed), as names are: "its still showing date of birth wrong" is
 * no name.
 */
const NAME_BEFORE_IDENTIFIER =
  /\b(?:it's|its|it is|this is|my name is|name's|names|i'm|im|i am)\s+([a-z][a-z'-]*)\s+([a-z][a-z'-]*)\s*,?\s+(?:and\s+|my\s+)*(?:date of birth|d\.?o\.?b|dob|birthday|birth date|born)\b/i;
const EVERYDAY_RANK = 300;
const RARE_RANK = 10_000;
let rankOf: Map<string, number> | undefined;

function namedBeforeIdentifier(text: string): boolean {
  const m = NAME_BEFORE_IDENTIFIER.exec(text);
  if (!m) return false;
  if (!rankOf)
    rankOf = new Map(
      readActWordClusters()
        .words.split(' ')
        .map((w, i) => [w, i] as [string, number]),
    );
  const ranks = [m[1]!, m[2]!].map((w) => rankOf!.get(w.toLowerCase()) ?? Infinity);
  return ranks.every((r) => r >= EVERYDAY_RANK) && ranks.some((r) => r >= RARE_RANK);
}

/** True when a customer turn states a person's name the way a caller identifies the patient. */
export function statesName(text: string): boolean {
  // The whole redaction runs dozens of regular expressions: a turn without a presenting cue, or
  // where no name reader's span starts after one (a merged name span starts where one of those
  // does), is answered without it.
  if (!ANY_CUE.test(text)) return false;
  if (namedBeforeIdentifier(text)) return true;
  if (!nameSpanStarts(text).some((start) => presented(text.slice(0, start), true))) return false;
  for (const span of redactText(text, { clinical: false }).spans) {
    if (span.kind !== 'name') continue;
    // An apposition closes its clause ("…, Emil Rasmussen."); a name that goes on ("…, Jennifer
    // at your desk said") is someone else.
    if (presented(text.slice(0, span.start), /^\s*([.,;!?]|$)/.test(text.slice(span.end)))) return true;
  }
  return false;
}

function presented(before: string, apposition: boolean): boolean {
  return !TITLE.test(before) && (PRESENTS.test(before) || (apposition && RELATION_APPOSITION.test(before)));
}
