import { z } from 'zod';
import { EscalationType } from '../model/escalation';
import { JudgeSpec } from '../judge/spec';
import { CriterionCategory, Severity } from '../model/scorecard';

/**
 * The declarative playbook language. A criterion's rule combines building blocks:
 * intents (example phrasings, matched with paraphrase/ASR tolerance), speaker, time window,
 * order (before/after a topic or another criterion), counting, applicability conditions and
 * negation handling. Versions select a rule by the call's date.
 */

export const SpeakerSelector = z.enum(['agent', 'customer', 'any']);
export type SpeakerSelector = z.infer<typeof SpeakerSelector>;

const phraseList = z
  .array(z.string().min(1, 'a phrase must not be empty'))
  .min(1, 'give at least one phrase');

export const Intent = z.strictObject({
  description: z.string().optional(),
  phrases: phraseList,
});
export type Intent = z.infer<typeof Intent>;

const actName = z.string().regex(/^[a-z][a-z-]*$/, 'an act name is lower-case words joined by dashes');

/**
 * Where to look: a named intent of the playbook, inline phrases, learned dialogue acts, or any mix
 * (an utterance counts when any of them matches). Acts generalize over wording; phrases keep an
 * organisation's own script lines exact.
 */
const IntentRef = {
  intent: z
    .union([z.string(), z.array(z.string()).min(1)], {
      error: 'expected an intent name or a list of intent names',
    })
    .optional(),
  phrases: phraseList.optional(),
  /** Dialogue act(s) tagged by the act model, e.g. `phi-disclosure`. */
  act: z
    .union([actName, z.array(actName).min(1, 'give at least one act')], {
      error: 'expected an act name or a list of act names',
    })
    .optional(),
  /** With `act`: only tags with one of these details count (e.g. `[results, medication]`). */
  detail: z
    .array(z.string().min(1, 'a detail must not be empty'))
    .min(1, 'give at least one detail')
    .optional(),
  /** With `act`: the least act score that counts (default: the model's own threshold). */
  minScore: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').optional(),
};

/**
 * Co-occurrence in one utterance. `with`: a hit counts only where the same utterance also says
 * each of these (a mention of the scope-of-appointment form counts as its confirmation only in a
 * turn that also names the product types). `without`: a hit does not count where the same
 * utterance says any of these (dosing advice, scored by its own criterion, is not an instruction
 * that owes teach-back). Both read the whole utterance and apply to act hits and phrase hits alike.
 */
export const CoOccurrence = z.array(z.strictObject({ ...IntentRef })).min(1, 'give at least one entry');
export type CoOccurrence = z.infer<typeof CoOccurrence>;
const coOccurrence = { with: CoOccurrence.optional(), without: CoOccurrence.optional() };

/**
 * On a topic or anchor: the topic's words do not count where these phrases start at or before
 * them in the same clause, or where the words stand in a purpose clause ("to look up your
 * coverage, …", "…, so I can check your refill") of the same sentence as these phrases. An agent
 * asking for identifiers "to pull up your results" is doing the verification itself, not
 * discussing the results it has to come before. Phrase matches only
 * (a learned act reads the whole turn and keeps counting). `with`: the phrases rule out only in
 * an utterance that also says each of these (a look-up named as the purpose of an identifier
 * request, "to pull up the medication list, can you confirm your birth date?", but not "let me
 * pull up your labs, okay, your potassium was 5.9").
 */
export const Unless = z.strictObject({ ...IntentRef, with: CoOccurrence.optional() });
export type Unless = z.infer<typeof Unless>;

export const Topic = z.strictObject({
  ...IntentRef,
  speaker: SpeakerSelector.default('any'),
  label: z.string().optional(),
  unless: Unless.optional(),
  ...coOccurrence,
});
export type Topic = z.infer<typeof Topic>;

export const Anchor = z.strictObject({
  ...IntentRef,
  speaker: SpeakerSelector.default('any'),
  /** Another criterion of the playbook: its first evidence is the anchor. */
  criterion: z.string().optional(),
  /** The first occurrence of this expectation's `when` trigger. */
  trigger: z.literal(true).optional(),
  unless: Unless.optional(),
  ...coOccurrence,
  /**
   * Alternative topics: the anchor is the first occurrence of the anchor's own words or of any of
   * these, each read with its own `speaker`, `unless`, `with` and `without` (a disclosure named
   * outright, or a clinical referent said beside the caller's own dates or values).
   */
  or: z.array(Topic).min(1, 'give at least one alternative').optional(),
});
export type Anchor = z.infer<typeof Anchor>;

/** An escalation raised on the call (passed in with the evaluate options). */
export const Raised = z.strictObject({
  type: z.union([EscalationType, z.array(EscalationType).min(1, 'give at least one escalation type')], {
    error: 'expected an escalation type or a list of them',
  }),
  label: z.string().optional(),
});
export type Raised = z.infer<typeof Raised>;

export type Condition =
  { said: Topic } | { raised: Raised } | { any: Condition[] } | { all: Condition[] } | { not: Condition };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ said: Topic }),
      z.strictObject({ raised: Raised }),
      z.strictObject({ any: z.array(Condition).min(1) }),
      z.strictObject({ all: z.array(Condition).min(1) }),
      z.strictObject({ not: Condition }),
    ],
    { error: 'a condition is exactly one of `said`, `raised`, `any`, `all` or `not`' },
  ),
) as z.ZodType<Condition>;

/** One of several things to say; parts sharing a label count once (asked by the agent or given by the caller). */
const Part = z.strictObject({
  label: z.string().min(1),
  ...IntentRef,
  speaker: SpeakerSelector.optional(),
  ...coOccurrence,
  /**
   * Counts only where its words are negated: the part is a denial ("we *don't* sell every plan
   * in your area"), whatever the negative words. Phrase hits only (learned acts carry no negation).
   */
  negated: z.literal(true).optional(),
});

export const Window = z.strictObject({
  fromMs: z.number().int().nonnegative().optional(),
  toMs: z.number().int().positive().optional(),
});

export const Expectation = z.strictObject({
  /** Short name used in explanations, e.g. "recording disclosure". */
  label: z.string().optional(),
  speaker: SpeakerSelector.default('agent'),
  ...IntentRef,
  ...coOccurrence,
  /** Every part must be said (in any utterances inside the window/order limits). */
  allOf: z.array(Part).min(1).optional(),
  /** At least N distinct parts must be said. */
  count: z.strictObject({ atLeast: z.number().int().positive(), of: z.array(Part).min(1) }).optional(),
  /** Time window from the start of the interaction. */
  within: Window.optional(),
  before: Anchor.optional(),
  after: Anchor.optional(),
  /** The expectation only applies once this happened; otherwise it is satisfied vacuously. */
  when: Condition.optional(),
  /** With `when`: must happen within this long after the trigger. */
  withinMsOfTrigger: z.number().int().positive().optional(),
  /** With `when`: must happen within this many utterances after the trigger ("within a few turns"). */
  withinTurnsOfTrigger: z.number().int().positive().optional(),
  /** exclude (default): negated mentions ("I can't tell you to stop taking it") don't count. */
  negation: z.enum(['exclude', 'include']).default('exclude'),
});
export type Expectation = z.infer<typeof Expectation>;

export const Rule = z.strictObject({
  /** Otherwise the criterion is not_applicable. */
  appliesWhen: Condition.optional(),
  /** All must be satisfied for `met`. */
  require: z.array(Expectation).optional(),
  /** Any occurrence makes the criterion `missed`. */
  forbid: z.array(Expectation).optional(),
});
export type Rule = z.infer<typeof Rule>;

export const RuleVersion = z.strictObject({
  label: z.string().optional(),
  /** Inclusive, YYYY-MM-DD. */
  effectiveFrom: z.iso.date().optional(),
  /** Exclusive, YYYY-MM-DD. */
  effectiveTo: z.iso.date().optional(),
  rule: Rule,
});
export type RuleVersion = z.infer<typeof RuleVersion>;

export const Criterion = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
    title: z.string().min(1),
    description: z.string().optional(),
    category: CriterionCategory,
    severity: Severity,
    weight: z.number().positive(),
    /** Coaching advice: what to do next time. Used in coaching notes. */
    tip: z.string().min(1),
    rule: Rule.optional(),
    versions: z.array(RuleVersion).min(1).optional(),
    /** A plain-language question for an LLM judge instead of a rule (core/src/judge). */
    judge: JudgeSpec.optional(),
  })
  .refine((c) => (c.rule ? 1 : 0) + (c.versions ? 1 : 0) + (c.judge ? 1 : 0) === 1, {
    message: 'give exactly one of `rule`, `versions` or `judge`',
    path: ['rule'],
  });
export type Criterion = z.infer<typeof Criterion>;

export const LivePromptKind = z.enum([
  'compliance_due',
  'order_guard',
  'protocol_card',
  'moment_prompt',
  'teach_back_reminder',
  'empathy_prompt',
]);
export type LivePromptKind = z.infer<typeof LivePromptKind>;

/**
 * A prompt shown to the agent during the call (core/src/live). It is written in the scoring rule
 * language: `when` is a condition (said / raised / any / all / not) over the same intents and acts
 * as the criteria, and `criterion` ties the prompt to the criterion that scores the same thing, so
 * the live prompt and the post-call finding come from one rule and cannot disagree.
 */
export const LivePrompt = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
  kind: LivePromptKind,
  title: z.string().min(1),
  /** What to show; for moment prompts, the response top performers use. */
  text: z.string().min(1),
  /** Defaults by kind: safety for protocol cards, critical for order guards, warning for compliance, info otherwise. */
  severity: z.enum(['info', 'warning', 'critical', 'safety']).optional(),
  /** Fires when this condition becomes true on an utterance (the utterance that made it true is the moment). */
  when: Condition.optional(),
  /** Fires once the call is this far in (with `criterion` not yet met); checked on every utterance and tick. */
  afterMs: z.number().int().positive().optional(),
  /**
   * The criterion this prompt serves: the prompt is not shown while the criterion's requirements
   * are met on the call so far, and it clears the moment they are.
   */
  criterion: z.string().optional(),
  /** Without `criterion`: what the agent does that resolves the prompt (counts as followed). */
  followedWhen: Condition.optional(),
  /** Doing the thing within this many seconds of the prompt counts as followed; after it the prompt expires. */
  followWithinSec: z.number().positive().optional(),
  /** No other prompt of this kind (and not this one again) for this many seconds after it is shown. */
  cooldownSec: z.number().nonnegative().optional(),
  /** Among prompts of one severity, the higher shows first. Default 0. */
  priority: z.number().int().optional(),
  /** Inclusive, YYYY-MM-DD. */
  effectiveFrom: z.iso.date().optional(),
  /** Exclusive, YYYY-MM-DD. */
  effectiveTo: z.iso.date().optional(),
});
export type LivePrompt = z.infer<typeof LivePrompt>;

export const EscalationTips = z.record(z.string(), z.string());

export const Playbook = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
  version: z.string().min(1),
  title: z.string().min(1),
  description: z.string().optional(),
  intents: z.record(z.string(), Intent).default({}),
  /**
   * Word lists that phrases can draw on: "your {medical-terms}" stands for one phrase per word of
   * the list, so a vocabulary is written once instead of copied into every phrasing.
   */
  lexicons: z
    .record(
      z.string().regex(/^[a-z0-9-]+$/, 'use lower-case letters, digits and dashes'),
      z.array(z.string().min(1)).min(1),
    )
    .default({}),
  criteria: z.array(Criterion).min(1),
  /** Coaching advice per escalation type (medical_emergency, ...). */
  escalationTips: EscalationTips.default({}),
  /** Prompts for the agent during the call (core/src/live). */
  live: z.array(LivePrompt).optional(),
});
export type Playbook = z.infer<typeof Playbook>;
export type PlaybookInput = z.input<typeof Playbook>;
