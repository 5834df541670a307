import { TeachbackError, type RecordingTranscriber, type Store } from '@teachback/core';
import {
  backfillConversations,
  pushCallSummary,
  pushScoredConversation,
  syncRecentConversations,
  type AgentDayExtras,
  type CallTypeMap,
  type GenesysInstallation,
  type RecentSyncOptions,
} from '@teachback/adapter-genesys';
import type { GenesysClient } from '@teachback/connector-genesys';
import type { PlatformPlan, SyncOutcome, SyncRun } from '../pipeline/plan';
import { agentDayMetricsStep, scheduleAgentDayMetrics } from './genesys-metrics';
import type { SummaryFor, SurveySaver } from './summary';

/** A tenant's Genesys connection, as the plan needs it (connections.ts builds it from the store). */
export interface GenesysConnection {
  client: GenesysClient;
  /** What provisioning created in the org; push needs it. */
  installation?: GenesysInstallation;
  /** Service user that appears as the evaluator in Genesys. */
  evaluatorUserId: string;
  supervisorFor(agentUserId: string): string | undefined;
  /** Async details job polling; overrides the plan's. */
  pollIntervalMs?: number;
  /** The tenant's wrap-up code / queue → call type mapping. */
  callTypes?: CallTypeMap;
  /** Participant data key the summary is written under (default `Teachback Summary`). */
  summaryAttribute?: string;
}

export interface GenesysPlanOptions {
  store: Store;
  connection(tenantId: string): Promise<GenesysConnection>;
  /** Speech to text for conversations Genesys holds only as audio. */
  transcriber?: RecordingTranscriber;
  /** Async details job polling; the simulator is fast, Genesys is not. Default 5 s. */
  pollIntervalMs?: number;
  /** The recent sync's look-back and pacing (the demo's simulator needs no waiting). */
  recent?: Omit<RecentSyncOptions, 'tenantId'>;
  now?: () => Date;
  /** Post-call summaries to push as participant data; none → no summary push. */
  summaryFor?: SummaryFor;
  /** Where synced Quality survey answers go; none → surveys are not read. */
  surveys?: SurveySaver;
  /** FCR / CSAT / AHT of an agent-day (core metrics), written where the installation has a definition. */
  agentDayExtras?: (
    tenantId: string,
    agentUserId: string,
    day: string,
  ) => Promise<AgentDayExtras | undefined>;
}

const isoDate = (s: string): Date => {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new TeachbackError('JOBS.INVALID', 'job.payload: not a date');
  return d;
};

/**
 * Genesys: sync recent conversations or a backfill (transcripts, bodies and the transcription of
 * untranscribed audio happen inside the adapter's sync); push an evaluation and a coaching
 * appointment; then the agent-day's compliance and adherence as external metrics.
 */
export function genesysPlan(o: GenesysPlanOptions): PlatformPlan {
  const now = o.now ?? (() => new Date());
  return {
    platform: 'genesys',
    keepsLaterAdditions: false,
    yieldsAfterCheckpoint: true,
    sync: async (run) => {
      const { client, pollIntervalMs, callTypes } = await o.connection(run.job.tenantId);
      const deps = {
        client,
        checkpoints: run.checkpoints,
        sink: run.sink,
        quarantine: run.quarantine,
        ...(o.transcriber ? { transcription: o.transcriber } : {}),
        ...(o.surveys ? { surveys: o.surveys } : {}),
        now,
      };
      const { job } = run;
      if (job.payload['mode'] !== 'backfill') {
        const report = await syncRecentConversations(deps, {
          ...o.recent,
          ...(callTypes ? { callTypes } : {}),
          tenantId: job.tenantId,
        });
        return { skipped: report.skippedCapabilities };
      }
      if (job.payload['chunk'] !== true) return planBackfill(run);
      const report = await backfillConversations(deps, {
        tenantId: job.tenantId,
        from: isoDate(String(job.payload['from'])),
        to: isoDate(String(job.payload['to'])),
        pollIntervalMs: pollIntervalMs ?? o.pollIntervalMs ?? 5_000,
        ...(callTypes ? { callTypes } : {}),
      });
      return { skipped: report.skippedCapabilities };
    },
    push: async ({ job, ctx, detail, receipts }) => {
      const agent = detail.summary.agentIds[0];
      if (!agent) return;
      const t = await o.connection(job.tenantId);
      if (!t.installation) {
        throw new TeachbackError('JOBS.NOT_INSTALLED', 'Genesys push: the tenant has no installation');
      }
      await pushScoredConversation(
        {
          client: t.client,
          outbox: receipts,
          installation: t.installation,
          evaluatorUserId: t.evaluatorUserId,
          supervisorFor: (a) => t.supervisorFor(a),
          now,
        },
        {
          tenantId: job.tenantId,
          conversationId: job.externalId,
          agentUserId: agent,
          scorecard: detail.scorecard,
          escalations: detail.escalations,
          scorecardVersion: `v${detail.summary.scoreVersion ?? 0}`,
        },
      );
      // The summary is pushed after the score (a failure here retries the job; the score's
      // receipts make that replay send nothing twice).
      const summary = o.summaryFor ? await o.summaryFor(job.tenantId, detail) : undefined;
      if (summary) {
        await pushCallSummary(
          { client: t.client, outbox: receipts, now },
          {
            tenantId: job.tenantId,
            conversationId: job.externalId,
            summary,
            ...(t.summaryAttribute ? { attribute: t.summaryAttribute } : {}),
          },
        );
      }
      await scheduleAgentDayMetrics(o.store, job, ctx, agent, detail.summary.occurredAt.slice(0, 10));
    },
    steps: { metrics: agentDayMetricsStep(o.store, o.connection, now, o.agentDayExtras) },
  };
}

/**
 * A backfill is planned as chunks of the interval, each its own job (and async details job), so
 * several workers backfill at once. Progress is counted under this plan's key.
 */
async function planBackfill({ job, ctx }: SyncRun): Promise<SyncOutcome> {
  const from = isoDate(String(job.payload['from'])).getTime();
  const to = isoDate(String(job.payload['to'])).getTime();
  if (!(to > from)) throw new TeachbackError('JOBS.INVALID', 'job.payload.to: must be after from');
  const step = Math.max(1, Number(job.payload['chunkHours'] ?? 24)) * 3_600_000;
  for (let a = from; a < to; a += step) {
    const chunk = { from: new Date(a).toISOString(), to: new Date(Math.min(to, a + step)).toISOString() };
    await ctx.enqueue({
      tenantId: job.tenantId,
      platform: 'genesys',
      externalId: `backfill:${chunk.from}/${chunk.to}`,
      step: 'sync',
      payload: { mode: 'backfill', ...chunk, chunk: true },
      run: job.key,
    });
  }
  return { skipped: [] };
}
