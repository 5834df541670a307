import { z } from 'zod';

/**
 * Contact-center facts of one interaction as the platform reports them (Genesys conversation
 * metrics tAnswered/tAbandon/tHandle/tHeld/tAcw, the Five9 call log, Salesforce VoiceCall). Every
 * field is optional: a missing fact is unknown and must be shown as missing, never as zero.
 * None of these is PHI.
 */
export const ContactCenterFacts = z.strictObject({
  /** Time the caller waited in queue before an agent answered (or before hanging up), ms. */
  waitMs: z.number().int().nonnegative().optional(),
  answered: z.boolean().optional(),
  /** The caller hung up while waiting in queue, before any agent answered. */
  abandoned: z.boolean().optional(),
  talkMs: z.number().int().nonnegative().optional(),
  holdMs: z.number().int().nonnegative().optional(),
  holdCount: z.number().int().nonnegative().optional(),
  /** After-call work (wrap-up) time, ms. */
  wrapUpMs: z.number().int().nonnegative().optional(),
  /** Talk + hold + wrap-up, as the platform computes it (Genesys tHandle). */
  handleMs: z.number().int().nonnegative().optional(),
  transfers: z.number().int().nonnegative().optional(),
  /** Funnel stage reached (CRM opportunity stage or a disposition mapped to a stage). */
  stage: z.string().max(200).optional(),
});
export type ContactCenterFacts = z.infer<typeof ContactCenterFacts>;

export const SurveyQuestionKind = z.enum(['csat', 'nps', 'yes_no', 'text']);
export type SurveyQuestionKind = z.infer<typeof SurveyQuestionKind>;

/**
 * One post-call survey answer set, from a platform (Genesys Quality surveys, Five9 post-call IVR
 * survey, Salesforce SurveyResponse) or from Teachback's own survey page.
 */
export const SurveyResponse = z.strictObject({
  id: z.string().min(1),
  /** The interaction it is about, by its source reference (platform + external id). */
  interaction: z.strictObject({
    platform: z.enum(['genesys', 'five9', 'salesforce', 'teachback']),
    externalId: z.string().min(1),
  }),
  source: z.enum(['genesys', 'five9', 'salesforce', 'teachback']),
  submittedAt: z.string().datetime({ offset: true }),
  answers: z
    .array(
      z.strictObject({
        questionId: z.string().min(1).max(200),
        kind: SurveyQuestionKind,
        /** csat: 1–5; nps: 0–10; yes_no: 1 yes / 0 no; text: absent (free text is not kept). */
        value: z.number().optional(),
      }),
    )
    .min(1),
});
export type SurveyResponse = z.infer<typeof SurveyResponse>;
