import type { AccessContext, CoachingTask, CoachingTaskFilter } from './records';

/** Coaching tasks a supervisor assigns from a call; the assignee moves their own task along. */
export interface CoachingStore {
  saveTask(ctx: AccessContext, tenantId: string, task: CoachingTask): Promise<CoachingTask>;
  listTasks(ctx: AccessContext, tenantId: string, filter?: CoachingTaskFilter): Promise<CoachingTask[]>;
}
