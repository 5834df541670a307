import type { Interaction, InteractionSink, Job, SaveResult, Store, UpsertOutcome } from '@teachback/core';
import { jobsActor } from '../actor';
import type { JobContext } from '../runner';
import { firstStep } from './next';
import type { PlatformPlan } from './plan';

/** Whether an interaction synced without a transcript gets one from a transcript source. */
export type NeedsTranscript = (interaction: Interaction) => boolean;

/**
 * Writes each synced interaction to the store (one write; when the plan keeps what later sources
 * added, the store keeps the stored transcript and recordings inside that write), then schedules
 * its next step: transcribe when it came without a transcript and one can be fetched, else score.
 */
export class StoreSink implements InteractionSink {
  /** False while another part of the sync schedules scoring (Five9's recordings ingest). */
  schedulesNext = true;

  constructor(
    private readonly store: Store,
    private readonly plan: PlatformPlan,
    private readonly job: Job,
    private readonly ctx: JobContext,
    private readonly needsTranscript: NeedsTranscript,
  ) {}

  async upsert(tenantId: string, incoming: Interaction): Promise<UpsertOutcome> {
    return (await this.save(tenantId, incoming)).outcome;
  }

  /**
   * The write with its result (the store's id). What the platform does not resend (a transcript,
   * recordings added later) is kept by the store under the row's lock, not read here first: a
   * transcribe step of a call a re-sync brings again (after a crash) may save its transcript
   * between such a read and this write, and the write would delete it.
   */
  async save(tenantId: string, incoming: Interaction): Promise<SaveResult> {
    const saved = await this.store.interactions.save(
      jobsActor(tenantId),
      tenantId,
      { interaction: incoming },
      { keepStored: this.plan.keepsLaterAdditions },
    );
    // Scheduled even when unchanged: a crash between the write and this line must not lose the score.
    if (this.schedulesNext && (this.plan.scores?.(incoming) ?? true)) {
      // A transcript the store kept makes the transcribe step go straight on to score.
      const step = !incoming.transcript && this.needsTranscript(incoming) ? 'transcribe' : 'score';
      await this.ctx.enqueue(firstStep(this.job, incoming.source.externalId, step, saved.id));
    }
    return saved;
  }
}
