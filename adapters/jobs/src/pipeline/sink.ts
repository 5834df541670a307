import type { Interaction, InteractionSink, Job, SaveResult, Store, UpsertOutcome } from '@teachback/core';
import { jobsActor } from '../actor';
import type { JobContext } from '../runner';
import { firstStep } from './next';
import type { PlatformPlan } from './plan';

/** Whether an interaction synced without a transcript gets one from a transcript source. */
export type NeedsTranscript = (interaction: Interaction) => boolean;

/**
 * Writes each synced interaction to the store (one write; one read first only when the plan keeps
 * what later sources added), then schedules its next step: transcribe when it came without a
 * transcript and one can be fetched, else score.
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

  /** The write with its result (the store's id), for plans that work on the stored interaction. */
  async save(tenantId: string, incoming: Interaction): Promise<SaveResult & { interaction: Interaction }> {
    const interaction = this.plan.keepsLaterAdditions ? await this.keepStored(tenantId, incoming) : incoming;
    const saved = await this.store.interactions.save(jobsActor(tenantId), tenantId, { interaction });
    // Scheduled even when unchanged: a crash between the write and this line must not lose the score.
    if (this.schedulesNext && (this.plan.scores?.(incoming) ?? true)) {
      const step = !interaction.transcript && this.needsTranscript(interaction) ? 'transcribe' : 'score';
      await this.ctx.enqueue(firstStep(this.job, incoming.source.externalId, step, saved.id));
    }
    return { ...saved, interaction };
  }

  /** What the platform does not resend (a transcript, recordings added later) is kept. */
  private async keepStored(tenantId: string, incoming: Interaction): Promise<Interaction> {
    const actor = jobsActor(tenantId);
    const { platform, externalId } = incoming.source;
    const existing = await this.store.interactions.findBySource(actor, tenantId, platform, externalId);
    if (!existing) return incoming;
    const stored = (await this.store.interactions.get(actor, tenantId, existing.id)).interaction;
    return {
      ...incoming,
      ...(stored.transcript && !incoming.transcript ? { transcript: stored.transcript } : {}),
      recordings: incoming.recordings.length > 0 ? incoming.recordings : stored.recordings,
    };
  }
}
