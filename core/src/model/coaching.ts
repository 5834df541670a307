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

export const CoachingTask = z.strictObject({
  id: z.string(),
  interactionId: z.string(),
  assignee: z.string(),
  facilitator: z.string().optional(),
  due: z.string().optional(),
  status: CoachingTaskStatus.default('open'),
  /** The finding or escalation that caused the task. */
  source: z.strictObject({ criterionId: z.string().optional(), escalationType: z.string().optional() }),
  notes: z.array(CoachingNote).default([]),
});
export type CoachingTask = z.infer<typeof CoachingTask>;
