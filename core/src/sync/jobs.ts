import { z } from 'zod';
import { Platform } from '../model';

/*
 * A pipeline job: one step of one interaction (or of one sync run), keyed by (tenant, platform,
 * external id, step) so the same work twice is the same key and a replay is a no-op.
 */

export const JOB_STEPS = ['sync', 'transcribe', 'score', 'escalate', 'push', 'metrics'] as const;
export const JobStep = z.enum(JOB_STEPS);
export type JobStep = z.infer<typeof JobStep>;

export const JobSpec = z.strictObject({
  tenantId: z.string().min(1).max(63),
  platform: Platform,
  /** Platform id of the interaction, or what the sync covers (`backfill:<from>/<to>`, `recent`). */
  externalId: z.string().min(1).max(500),
  step: JobStep,
  /** Non-PHI parameters only (intervals, modes): the ledger is not encrypted. */
  payload: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  /** Key of the sync job this one descends from; progress is counted per run. */
  run: z.string().optional(),
});
export type JobSpec = z.input<typeof JobSpec>;

export type JobState = 'queued' | 'running' | 'done' | 'dead';

export interface Job {
  key: string;
  tenantId: string;
  platform: Platform;
  externalId: string;
  step: JobStep;
  payload: Record<string, string | number | boolean>;
  run: string | null;
  state: JobState;
  attempts: number;
  runAfter: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** (tenant, platform, externalId, step): the same work twice is the same key, so a replay is a no-op. */
export function jobKey(spec: Pick<JobSpec, 'tenantId' | 'platform' | 'externalId' | 'step'>): string {
  return [spec.tenantId, spec.platform, spec.externalId, spec.step].join('|');
}
