import { TeachbackError, type InteractionDetail, type Job, type Store } from '@teachback/core';
import { jobsActor } from '../actor';

/**
 * The interaction a step works on: one read by the store id the sync put in the job, or (jobs
 * queued before ids were carried) found by its platform id first.
 */
export async function readInteraction(store: Store, job: Job): Promise<InteractionDetail> {
  const ctx = jobsActor(job.tenantId);
  const id = job.payload['interactionId'];
  if (typeof id === 'string') return store.interactions.get(ctx, job.tenantId, id);
  const summary = await store.interactions.findBySource(ctx, job.tenantId, job.platform, job.externalId);
  if (!summary) {
    throw new TeachbackError('JOBS.INTERACTION_MISSING', 'interaction not in the store', {
      details: { platform: job.platform, step: job.step },
    });
  }
  return store.interactions.get(ctx, job.tenantId, summary.id);
}
