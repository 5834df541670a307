import {
  TeachbackError,
  coachingTaskFor,
  scoreTranscript,
  type CompiledPlaybook,
  type Interaction,
  type InteractionDetail,
  type Platform,
  type Store,
  type Transcript,
} from '@teachback/core';
import type { SqlDriver } from '@teachback/adapter-store';
import { jobsActor } from './genesys';
import type { Job } from './ledger';
import type { JobContext } from './runner';

/*
 * The post-sync steps every platform shares (score → escalate), and the push records that make a
 * push a no-op the second time. Genesys keeps its own copy in genesys.ts (it came first and its
 * behaviour is pinned by the crash test); Five9 and Salesforce use these.
 */

/** Where a transcript comes from when the platform's sync brings none (recordings → speech). */
export type TranscriptSource = (
  tenantId: string,
  interaction: Interaction,
) => Promise<Transcript | undefined>;

export async function loadDetail(
  store: Store,
  tenantId: string,
  platform: Platform,
  externalId: string,
): Promise<InteractionDetail> {
  const ctx = jobsActor(tenantId);
  const summary = await store.interactions.findBySource(ctx, tenantId, platform, externalId);
  if (!summary) {
    throw new TeachbackError('JOBS.INTERACTION_MISSING', 'interaction not in the store', {
      details: { platform },
    });
  }
  return store.interactions.get(ctx, tenantId, summary.id);
}

export const nextStep = (job: Job, step: 'escalate' | 'push') => ({
  tenantId: job.tenantId,
  platform: job.platform,
  externalId: job.externalId,
  step,
  ...(job.run ? { run: job.run } : {}),
});

/**
 * Scores the interaction when it has a transcript (fetching one from `transcripts` first if the
 * sync brought none), then schedules escalation. Unscored interactions still flow on, so the run's
 * progress counts them.
 */
export async function scoreStep(
  store: Store,
  job: Job,
  ctx: JobContext,
  playbook: (interaction: Interaction) => Promise<CompiledPlaybook>,
  transcripts?: TranscriptSource,
): Promise<void> {
  const detail = await loadDetail(store, job.tenantId, job.platform, job.externalId);
  let interaction = detail.interaction;
  if (!interaction.transcript && transcripts) {
    const transcript = await transcripts(job.tenantId, interaction);
    if (transcript) {
      interaction = { ...interaction, transcript };
      await store.interactions.save(jobsActor(job.tenantId), job.tenantId, { interaction });
    }
  }
  const transcript = interaction.transcript;
  if (transcript && transcript.utterances.length > 0) {
    const { scorecard, escalations, coaching } = scoreTranscript(transcript, await playbook(interaction), {
      interactionId: detail.summary.id,
      callDate: interaction.startedAt?.slice(0, 10),
      // Fixed so a replay produces the same scorecard, and the same values pushed.
      scoredAt: interaction.endedAt ?? interaction.startedAt,
    });
    await store.interactions.save(jobsActor(job.tenantId), job.tenantId, {
      interaction,
      scorecard,
      escalations,
      coaching,
    });
  }
  await ctx.enqueue(nextStep(job, 'escalate'));
}

export const outboxKey = (job: Job, version: number): string =>
  `${job.tenantId}|${job.platform}|${job.externalId}|v${version}`;

/** A coaching task for compliance misses or escalations, and the outbox item the push completes. */
export async function escalateStep(
  store: Store,
  job: Job,
  ctx: JobContext,
  outboxKind: string,
): Promise<void> {
  const detail = await loadDetail(store, job.tenantId, job.platform, job.externalId);
  const card = detail.scorecard;
  if (card) {
    const version = detail.summary.scoreVersion ?? 0;
    // The task id is the key: a replay rewrites the same task instead of adding one.
    const task = coachingTaskFor(detail);
    if (task) await store.coaching.saveTask(jobsActor(job.tenantId), job.tenantId, task);
    await store.sync.enqueuePush(job.tenantId, {
      platform: job.platform,
      kind: outboxKind,
      idempotencyKey: outboxKey(job, version),
      interactionId: detail.summary.id,
      payload: { scoreVersion: version },
    });
  }
  await ctx.enqueue(nextStep(job, 'push'));
}

/** Marks a push key as done in the jobs database; a replayed push finds it and sends nothing. */
export class PushLedger {
  constructor(private readonly driver: SqlDriver) {}
  async has(key: string): Promise<boolean> {
    return (
      (await this.driver.get('SELECT 1 AS one FROM tb_jobs_push WHERE push_key = ?', [key])) !== undefined
    );
  }
  async record(key: string, body: Record<string, string | number | boolean>): Promise<void> {
    await this.driver.run(
      'INSERT INTO tb_jobs_push (push_key, body) VALUES (?, ?) ON CONFLICT (push_key) DO UPDATE SET body = excluded.body',
      [key, JSON.stringify(body)],
    );
  }
}

/** Completes the outbox item the escalate step queued (enqueue returns the existing item). */
export async function completePushOutbox(
  store: Store,
  job: Job,
  detail: InteractionDetail,
  outboxKind: string,
): Promise<void> {
  const version = detail.summary.scoreVersion ?? 0;
  const item = await store.sync.enqueuePush(job.tenantId, {
    platform: job.platform,
    kind: outboxKind,
    idempotencyKey: outboxKey(job, version),
    interactionId: detail.summary.id,
    payload: { scoreVersion: version },
  });
  await store.sync.completePush(item.id);
}
