import { z } from 'zod';

/** A note anchored to the moment in the interaction it is about ("At 2:34, you ..."). */
export const CoachingNote = z.strictObject({
  atMs: z.number().int().nonnegative().nullable(),
  text: z.string(),
  criterionId: z.string().optional(),
  escalationType: z.string().optional(),
  utterance: z.number().int().nonnegative().optional(),
  /** `strength`: names what went well; absent: something to improve or an escalation. */
  kind: z.enum(['strength']).optional(),
});
export type CoachingNote = z.infer<typeof CoachingNote>;

export const CoachingTaskStatus = z.enum(['open', 'scheduled', 'done', 'dismissed']);

const Ref = z.string().min(1).max(200);

export const CoachingTask = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only'),
  interactionId: Ref,
  assignee: Ref,
  facilitator: Ref.optional(),
  /** A day (YYYY-MM-DD) or an instant with its offset. */
  due: z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], 'a date YYYY-MM-DD or an ISO date-time')
    .optional(),
  status: CoachingTaskStatus.default('open'),
  /** The finding or escalation that caused the task. */
  source: z.strictObject({ criterionId: Ref.optional(), escalationType: Ref.optional() }),
  notes: z
    .array(CoachingNote.extend({ text: z.string().max(4000) }))
    .max(50)
    .default([]),
});
export type CoachingTask = z.infer<typeof CoachingTask>;
