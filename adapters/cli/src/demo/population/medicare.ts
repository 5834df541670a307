/**
 * Medicare Advantage sales calls (a TPMO's line): the CMS disclaimer in full, cut short, or not
 * at all; the scope of appointment confirmed or skipped; identity checked before the current plan
 * is discussed.
 */
import type { Say } from './phrasebook';

interface Opening {
  disclosed: Say[];
  undisclosed: Say[];
  /** What the beneficiary says next. */
  reply: Say[];
}

/** The Medicare line takes calls from mailers and calls back people who asked for information. */
export const salesOpening: Record<'inbound' | 'outbound', Opening> = {
  inbound: {
    disclosed: [
      (s) =>
        `Thank you for calling Northwind Medicare Advisors, this is ${s.agent}, a licensed agent. This call is recorded. How can I help?`,
      (s) =>
        `Northwind Medicare Advisors, ${s.agent} speaking; just so you know, this call may be recorded. What can I do for you?`,
    ],
    undisclosed: [
      (s) => `Thank you for calling Northwind Medicare Advisors, this is ${s.agent}. How can I help?`,
    ],
    reply: [
      () => "I got something in the mail about Medicare Advantage plans and I'd like to hear my options.",
      () => "I'm turning sixty-five next month and I need to pick a Medicare plan.",
    ],
  },
  outbound: {
    disclosed: [
      (s) =>
        `Hi ${s.patient.firstName}, this is ${s.agent} with Northwind Medicare Advisors returning your request about Medicare Advantage plans. This call is being recorded. Is now a good time?`,
    ],
    undisclosed: [
      (s) =>
        `Hi ${s.patient.firstName}, it's ${s.agent} from Northwind Medicare Advisors, calling back about the Medicare plans you asked about. Is now a good time?`,
    ],
    reply: [() => "Yes, now's fine.", () => 'Sure, go ahead.'],
  },
};

/** The CMS TPMO disclaimer, all three parts, in a few agents' deliveries. */
export const tpmoFull: Say[] = [
  () =>
    'Before we start, we do not offer every plan available in your area. Currently we represent six organizations which offer twenty-two products in your area. Please contact Medicare.gov, 1-800-MEDICARE, or your local State Health Insurance Program to get information on all of your options.',
  () =>
    "I have to read you a short disclaimer first: we don't offer all the plans in your area. We currently represent five organizations offering eighteen products in your area. You can always contact Medicare.gov, 1-800-MEDICARE, or your local SHIP to get information on all of your options.",
];
/** The disclaimer without the "where else to get information" part. */
export const tpmoPartial: Say[] = [
  () =>
    'Just so you know, we do not offer every plan available in your area. Currently we represent six organizations which offer twenty-two products in your area.',
  () =>
    "Quick note: we don't represent every plan available; we represent several organizations that offer plans in your area.",
];

export const scopeConfirm: Say[] = [
  () =>
    'And just to confirm the scope of appointment, you agreed to discuss Medicare Advantage and prescription drug plans today, is that right?',
  () => "Before we go further, you'd like to discuss Medicare Advantage and Part D plans today, correct?",
];
export const scopeYes: Say[] = [() => "Yes, that's right.", () => 'Correct.'];

export const currentPlan: Say[] = [
  () => 'I see your current plan is original Medicare with a separate Part D drug plan.',
  () => 'Okay, your current plan is a Medicare supplement, plan G.',
];

export const benefits: Array<[Say, Say, Say]> = [
  [
    () => 'This plan has a zero dollar monthly premium, and the copay for primary care visits is zero.',
    () => 'Does it have drug coverage?',
    () =>
      'Yes, prescription drug coverage is included, and there is an over the counter allowance every quarter.',
  ],
  [
    () => 'The plan I would look at has a twenty dollar premium and covers dental, vision and hearing.',
    () => 'What about my prescriptions?',
    () => 'Your drugs are covered on the formulary, and the maximum out of pocket is four thousand dollars.',
  ],
];

export const salesClose: Array<[Say, Say]> = [
  [
    () => "I'll email you the summary of benefits so you can look it over. Anything else I can help with?",
    () => "No, that's all. Thanks.",
  ],
  [
    () => 'I can enroll you whenever you are ready, no rush. Anything else for today?',
    () => "Not right now, I'll think about it.",
  ],
];
