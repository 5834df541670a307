import {
  JOB_STEPS,
  TeachbackError,
  coachingTaskFor,
  scoreTranscript,
  type CompiledPlaybook,
  type Interaction,
  type Job,
  type Platform,
  type Store,
  type Transcript,
} from '@teachback/core';
import {
  LedgerQuarantine,
  LedgerSkipped,
  OutboxPushReceipts,
  type SqlDriver,
} from '@teachback/adapter-store';
import { jobsActor } from '../actor';
import { JobYield, currentRun, type JobContext, type StepHandler, type Steps } from '../runner';
import {
  offlineSummary,
  settleFollowUps,
  trackPromises,
  withCallType,
  type CallFactsDeps,
} from './call-facts';
import { StoreCheckpoints } from './checkpoints';
import { readInteraction } from './detail';
import { nextStep } from './next';
import type { PlatformPlan } from './plan';
import { StoreSink } from './sink';

/** The playbook an interaction is scored with (the tenant's catalog: connections.ts playbookFromCatalog). */
export type PlaybookFor = (tenantId: string, interaction: Interaction) => Promise<CompiledPlaybook>;

/** Where a transcript comes from when the platform's sync brings none (recordings → speech). */
export type TranscriptSource = (
  tenantId: string,
  interaction: Interaction,
) => Promise<Transcript | undefined>;

export interface PipelineDeps {
  store: Store;
  /** The sync state's database (the store's): quarantine and skipped capabilities per run. */
  driver: SqlDriver;
  plans: readonly PlatformPlan[];
  playbookFor: PlaybookFor;
  /** Per platform, for interactions synced without a transcript. */
  transcripts?: Partial<Record<Platform, TranscriptSource>>;
  /** Call-type mappings and classifier (issue 18); default: the built-in classifier, nothing mapped. */
  callFacts?: CallFactsDeps;
  /** The clock follow-ups are settled by (tests fix it). */
  now?: () => Date;
}

/**
 * The one pipeline: sync → transcribe → score → escalate → push, the same for every platform, with
 * each platform's plan saying what to sync and how to push. Each step reads the interaction once
 * and writes what it produced once, then schedules the next step.
 */
export function pipelineSteps(deps: PipelineDeps): Steps {
  const plans = new Map(deps.plans.map((p) => [p.platform as Platform, p]));
  const planOf = (job: Job): PlatformPlan => {
    const plan = plans.get(job.platform);
    // Not retryable: this process was started without the platform's plan.
    if (!plan)
      throw new TeachbackError('JOBS.NO_HANDLER', `no ${job.step} handler for platform ${job.platform}`);
    return plan;
  };
  const common: Steps = {
    sync: (job, ctx) => syncStep(deps, planOf(job), job, ctx),
    transcribe: (job, ctx) => transcribeStep(deps, job, ctx),
    score: (job, ctx) => scoreStep(deps, job, ctx),
    escalate: (job, ctx) => escalateStep(deps.store, job, ctx),
    push: (job, ctx) => pushStep(deps.store, planOf(job), job, ctx),
  };
  const steps: Steps = {};
  for (const step of JOB_STEPS) {
    const route: StepHandler = async (job, ctx) => {
      const handler = planOf(job).steps?.[step] ?? common[step];
      if (!handler)
        throw new TeachbackError('JOBS.NO_HANDLER', `no ${step} handler for platform ${job.platform}`);
      await handler(job, ctx);
    };
    if (common[step] || deps.plans.some((p) => p.steps?.[step])) steps[step] = route;
  }
  return steps;
}

async function syncStep(deps: PipelineDeps, plan: PlatformPlan, job: Job, ctx: JobContext): Promise<void> {
  const source = deps.transcripts?.[plan.platform];
  const outcome = await plan.sync({
    job,
    ctx,
    checkpoints: new StoreCheckpoints(deps.store, plan.platform, job, ctx, plan.yieldsAfterCheckpoint),
    sink: new StoreSink(deps.store, plan, job, ctx, () => source !== undefined),
    // Unreadable records are kept with their reason; the checkpoint then moves past them.
    quarantine: new LedgerQuarantine(deps.driver, currentRun),
  });
  await new LedgerSkipped(deps.driver, currentRun).record(job.tenantId, plan.platform, outcome.skipped);
  if (outcome.paused) throw new JobYield();
  // Settling rides the sync's cadence: each finished sync run settles the tenant's due follow-ups.
  await settleFollowUps(deps.store, job.tenantId, (deps.now?.() ?? new Date()).toISOString());
}

async function transcribeStep(deps: PipelineDeps, job: Job, ctx: JobContext): Promise<void> {
  const detail = await readInteraction(deps.store, job);
  const source = deps.transcripts?.[job.platform];
  if (!detail.interaction.transcript && source) {
    const transcript = await source(job.tenantId, detail.interaction);
    if (transcript) {
      await deps.store.interactions.save(jobsActor(job.tenantId), job.tenantId, {
        interaction: { ...detail.interaction, transcript },
      });
    }
  }
  ctx.enqueueWhenDone(nextStep(job, 'score', detail.summary.id));
}

/**
 * Classifies the call type (with its evidence) before scoring, so the tenant's call type →
 * playbook mapping picks the playbook; scores an interaction with a transcript; then builds the
 * summary and records its promised follow-ups. Unscored ones still flow on, so the run's progress
 * counts them.
 */
async function scoreStep(deps: PipelineDeps, job: Job, ctx: JobContext): Promise<void> {
  const detail = await readInteraction(deps.store, job);
  const facts = deps.callFacts ?? {};
  let interaction = withCallType(facts, job.tenantId, detail.interaction).interaction;
  const transcript = interaction.transcript;
  if (transcript && transcript.utterances.length > 0) {
    const { scorecard, escalations, coaching } = scoreTranscript(
      transcript,
      await deps.playbookFor(job.tenantId, interaction),
      {
        interactionId: detail.summary.id,
        callDate: interaction.startedAt?.slice(0, 10),
        // Fixed so a replay produces the same scorecard, and the same values pushed.
        scoredAt: interaction.endedAt ?? interaction.startedAt,
      },
    );
    // An emergency raised by the escalation monitor outranks the conversation classifier.
    if (escalations.length > 0)
      interaction = withCallType(facts, job.tenantId, detail.interaction, escalations).interaction;
    await deps.store.interactions.save(jobsActor(job.tenantId), job.tenantId, {
      interaction,
      scorecard,
      escalations,
      coaching,
    });
  } else if (interaction.callType !== detail.interaction.callType) {
    await deps.store.interactions.save(jobsActor(job.tenantId), job.tenantId, { interaction });
  }
  const summary = offlineSummary({ interaction, summary: detail.summary });
  if (summary)
    await trackPromises(
      deps.store,
      job.tenantId,
      summary,
      interaction.startedAt ?? detail.summary.occurredAt,
    );
  ctx.enqueueWhenDone(nextStep(job, 'escalate', detail.summary.id));
}

/** A coaching task for compliance misses or escalations, then the push. */
async function escalateStep(store: Store, job: Job, ctx: JobContext): Promise<void> {
  const detail = await readInteraction(store, job);
  // The task id is the key: a replay rewrites the same task instead of adding one.
  const task = coachingTaskFor(detail);
  if (task) await store.coaching.saveTask(jobsActor(job.tenantId), job.tenantId, task);
  ctx.enqueueWhenDone(nextStep(job, 'push', detail.summary.id));
}

/** The plan pushes a scored interaction; its receipts are outbox items, so a replay sends nothing. */
async function pushStep(store: Store, plan: PlatformPlan, job: Job, ctx: JobContext): Promise<void> {
  const detail = await readInteraction(store, job);
  const scorecard = detail.scorecard;
  if (!scorecard) return;
  await plan.push({
    job,
    ctx,
    detail: { ...detail, scorecard },
    receipts: new OutboxPushReceipts(store, job.tenantId, plan.platform, detail.summary.id),
  });
}
