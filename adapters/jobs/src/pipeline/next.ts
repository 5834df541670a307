import type { Job, JobSpec, JobStep } from '@teachback/core';

/** The job of the next step for the same interaction, in the same run, carrying the store's id. */
export function nextStep(job: Job, step: JobStep, interactionId?: string): JobSpec {
  const id = interactionId ?? job.payload['interactionId'];
  return {
    tenantId: job.tenantId,
    platform: job.platform,
    externalId: job.externalId,
    step,
    ...(typeof id === 'string' ? { payload: { interactionId: id } } : {}),
    ...(job.run ? { run: job.run } : {}),
  };
}

/** A synced interaction's first step; it belongs to the run of the sync job that found it. */
export function firstStep(
  syncJob: Job,
  externalId: string,
  step: 'transcribe' | 'score',
  interactionId: string,
): JobSpec {
  return {
    tenantId: syncJob.tenantId,
    platform: syncJob.platform,
    externalId,
    step,
    payload: { interactionId },
    run: syncJob.run ?? syncJob.key,
  };
}
