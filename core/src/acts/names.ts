import type { Utterance } from '../model';

/** The dialogue acts the built-in criteria and escalations consume (contract shared by issue 14). */
export const ACT_NAMES = [
  'identifier-request',
  'identifier-provide',
  'identifier-confirm',
  'phi-disclosure',
  'instruction',
  'teach-back-request',
  'comprehension-check',
  'distress',
  'empathy',
  'clinical-question',
  'clinical-advice',
  'clinical-routing',
  'recording-disclosure',
  'tpmo-disclaimer',
  'plan-benefits',
  'scope-of-appointment',
  'emergency-instruction',
  'crisis-routing',
] as const;
export type ActName = (typeof ACT_NAMES)[number];

/**
 * Tags a rule may name with `act:` that no learned head produces: a reader beside the model adds
 * them through the same act port (config's name reader adds `name-stated`, a name the caller
 * presents, found by the redaction name reader; its medication reader adds `medication-named`, a
 * drug named, found through the word clusters; its idiom reader adds `eager-idiom`, "dying to
 * …"; its past-pain reader adds `pain-in-past`, pain mentioned only as history; its recording
 * reader adds `recording-now`, "we're recording" said outright; its booking reader adds
 * `booking-read`, the caller's own booking stated as a slot), so post-call scoring and the
 * live session read them like learned tags. Kept out of ACT_NAMES: that list is the model's weight columns.
 */
export const READER_TAGS = [
  'name-stated',
  'medication-named',
  'eager-idiom',
  'pain-in-past',
  'empathy-sentence',
  'record-read',
  'recording-now',
  'booking-read',
] as const;

/**
 * Acts that carry a detail, grouped so one set of detail heads serves every act of the group
 * (which identifier was requested, provided or confirmed is the same question).
 */
export const DETAIL_GROUPS = {
  identifier: {
    acts: ['identifier-request', 'identifier-provide', 'identifier-confirm'],
    details: ['dob', 'name', 'address', 'phone', 'member-id', 'ssn', 'email', 'other'],
  },
  phi: {
    acts: ['phi-disclosure'],
    details: ['results', 'diagnosis', 'medication', 'appointment', 'claims-billing', 'other'],
  },
  distress: {
    acts: ['distress'],
    details: ['worry', 'pain', 'frustration', 'exhaustion', 'figurative'],
  },
  tpmo: {
    acts: ['tpmo-disclaimer'],
    details: ['not-all-plans', 'plan-count', 'medicare-alternatives'],
  },
} as const satisfies Record<string, { acts: readonly ActName[]; details: readonly string[] }>;
export type DetailGroup = keyof typeof DETAIL_GROUPS;

export function detailGroupOf(act: ActName): DetailGroup | undefined {
  for (const [group, spec] of Object.entries(DETAIL_GROUPS) as [
    DetailGroup,
    { acts: readonly ActName[] },
  ][]) {
    if (spec.acts.includes(act)) return group;
  }
  return undefined;
}

/**
 * One fired act. An act with a detail group may appear once per detail in the same utterance
 * ("name and date of birth?" gives two `identifier-request` tags, `name` and `dob`); `score` is
 * the act's probability, shared by those tags.
 */
export interface ActTag {
  act: ActName;
  /** 0..1 */
  score: number;
  detail?: string;
}
export interface UtteranceActs {
  /** Utterance index in the transcript. */
  index: number;
  acts: ActTag[];
}
export interface ActModel {
  readonly version: string;
  /** Tags every utterance, using the previous turns as context. Pure and deterministic. */
  tagTranscript(utterances: readonly Utterance[]): UtteranceActs[];
}
