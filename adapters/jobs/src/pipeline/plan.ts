import type {
  CapabilityGap,
  CheckpointStore,
  Interaction,
  InteractionDetail,
  Job,
  JobStep,
  Platform,
  PushReceipts,
  QuarantineSink,
} from '@teachback/core';
import type { JobContext, StepHandler } from '../runner';
import type { StoreSink } from './sink';

export type SyncedPlatform = Exclude<Platform, 'teachback'>;

/** What a plan's sync is handed: its job and the pipeline's store-backed ports. */
export interface SyncRun {
  job: Job;
  ctx: JobContext;
  checkpoints: CheckpointStore;
  /** Saves each interaction and schedules its next step (transcribe or score). */
  sink: StoreSink;
  quarantine: QuarantineSink;
}

export interface SyncOutcome {
  /** What the org lacks and the run synced without; recorded per run. */
  skipped: readonly CapabilityGap[];
  /** The sync handed its worker back mid-way; the job runs again from its checkpoint. */
  paused?: boolean;
}

/** What a plan's push is handed: one scored interaction and where its push receipts go. */
export interface PushRun {
  job: Job;
  ctx: JobContext;
  detail: InteractionDetail & { scorecard: NonNullable<InteractionDetail['scorecard']> };
  /** Outbox items: a receipt `done` means that push happened and is never sent again. */
  receipts: PushReceipts;
}

/**
 * One platform in the pipeline: what to sync and how to push back. Everything between (transcribe,
 * score, escalate) is the pipeline's and the same for every platform. A fourth platform is one
 * plan like this plus its adapter.
 */
export interface PlatformPlan {
  platform: SyncedPlatform;
  /**
   * True when a re-sync may bring less than what was added since (a transcript or recordings from
   * another source): the sink's write then keeps what is stored (`keepStored`, read inside the
   * write's transaction). Costs a read or two in each write of a stored interaction.
   */
  keepsLaterAdditions: boolean;
  /** True when the sync hands its worker back after each checkpoint once its slice is used. */
  yieldsAfterCheckpoint: boolean;
  /** False for records scored as another interaction (a Salesforce call log of a stored call). */
  scores?(interaction: Interaction): boolean;
  sync(run: SyncRun): Promise<SyncOutcome>;
  push(run: PushRun): Promise<void>;
  /** Steps only this platform has (Genesys: the agent-day metrics). */
  steps?: Partial<Record<JobStep, StepHandler>>;
}
