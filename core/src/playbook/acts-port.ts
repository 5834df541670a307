import type { Utterance } from '../model/transcript';

/**
 * What the rule engine needs from a dialogue-act model (the act layer's `ActModel` fits it
 * structurally, and so does a small fake in tests). The engine never loads a model itself: one is handed in through the evaluate
 * options or attached at compile time, so core stays pure.
 */
export interface ActTagLike {
  act: string;
  score: number;
  detail?: string | undefined;
}

export interface ActTagger {
  readonly version: string;
  tagTranscript(
    utterances: readonly Utterance[],
  ): ReadonlyArray<{ index: number; acts: readonly ActTagLike[] }>;
}

/** How each act reads in an explanation ("Identity verification before the caller's health information"). */
export const ACT_LABELS: Record<string, string> = {
  'identifier-request': 'a request for an identifier',
  'identifier-provide': 'an identifier given',
  'identifier-confirm': 'an identifier confirmed',
  'phi-disclosure': "the caller's health information",
  instruction: 'instructions for the caller',
  'teach-back-request': 'a teach-back request',
  'comprehension-check': 'a comprehension check',
  distress: 'worry, pain or frustration',
  empathy: "an acknowledgement of the caller's feelings",
  'clinical-question': 'a clinical question',
  'clinical-advice': 'medical advice',
  'clinical-routing': 'a hand-off to clinical staff',
  'recording-disclosure': 'the recording disclosure',
  'tpmo-disclaimer': 'the TPMO disclaimer',
  'plan-benefits': 'plan benefits',
  'scope-of-appointment': 'the scope of appointment',
  'emergency-instruction': 'an emergency instruction (911 / ER)',
  'crisis-routing': 'a crisis hand-off (988 / crisis staff)',
  'name-stated': 'a name the caller gave',
  'medication-named': 'a medication by name',
  'eager-idiom': 'eagerness said with a word of suffering ("dying to")',
  'pain-in-past': 'pain the caller mentions only as history',
  'empathy-sentence': "an acknowledgement of the caller's feelings",
  'record-read': "the agent reading the caller's record",
  'recording-now': 'the agent saying the call is being recorded',
  'booking-read': "the caller's own booking (clinician, day, time or visit)",
};

/** Readable detail values, e.g. phi-disclosure/results → "test results". */
export const DETAIL_LABELS: Record<string, string> = {
  results: 'test results',
  diagnosis: 'a diagnosis',
  medication: 'medications',
  appointment: 'appointment details',
  'claims-billing': 'claims or billing details',
  dob: 'date of birth',
  name: 'full name',
  address: 'address',
  phone: 'phone on file',
  'member-id': 'member ID',
  ssn: 'last four of SSN',
  email: 'email',
  'not-all-plans': 'not every plan',
  'plan-count': 'organizations/products represented',
  'medicare-alternatives': 'Medicare.gov / 1-800-MEDICARE / SHIP',
};
