import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  TeachbackError,
  agentDayMetrics,
  type InteractionSummary,
  type Job,
  type Store,
} from '@teachback/core';
import { pushAgentDayMetrics, type AgentDayExtras } from '@teachback/adapter-genesys';
import { OutboxPushReceipts } from '@teachback/adapter-store';
import { jobsActor } from '../actor';
import type { JobContext, StepHandler } from '../runner';
import type { GenesysConnection } from './genesys';

/** The agent's scored Genesys interactions on one UTC day (by when the call happened). */
async function agentDayScored(
  store: Store,
  tenantId: string,
  agentUserId: string,
  day: string,
): Promise<InteractionSummary[]> {
  const from = `${day}T00:00:00.000Z`;
  const to = new Date(Date.parse(from) + 86_400_000).toISOString();
  const items: InteractionSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.interactions.list(
      jobsActor(tenantId),
      tenantId,
      { agentId: agentUserId, platform: 'genesys', from, to },
      { limit: 500, ...(cursor ? { cursor } : {}) },
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items.filter((i) => i.scoreVersion !== null && i.agentIds[0] === agentUserId);
}

/** Changes whenever a score of the agent-day is added or re-versioned; order-independent. */
const scoreSetHash = (scored: readonly InteractionSummary[]): string =>
  createHash('sha256')
    .update(
      scored
        .map((i) => `${i.id}:v${i.scoreVersion}`)
        .sort()
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 16);

/**
 * The agent-day's metrics job is keyed by its set of scores: a replay of the same state finds the
 * job done, a new or re-versioned score makes a new key and so a recomputation.
 */
export async function scheduleAgentDayMetrics(
  store: Store,
  job: Job,
  ctx: JobContext,
  agent: string,
  day: string,
): Promise<void> {
  const scored = await agentDayScored(store, job.tenantId, agent, day);
  ctx.enqueueWhenDone({
    tenantId: job.tenantId,
    platform: 'genesys',
    externalId: `metrics:${agent}:${day}:${scoreSetHash(scored)}`,
    step: 'metrics',
    payload: { agentUserId: agent, day },
    ...(job.run ? { run: job.run } : {}),
  });
}

const MetricsPayload = z.object({
  agentUserId: z.string().min(1),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
});

/** Compliance % and adherence % of an agent-day, pushed as Genesys external metrics. */
export function agentDayMetricsStep(
  store: Store,
  connection: (tenantId: string) => Promise<GenesysConnection>,
  now: () => Date,
  extras?: (tenantId: string, agentUserId: string, day: string) => Promise<AgentDayExtras | undefined>,
): StepHandler {
  return async (job) => {
    const parsed = MetricsPayload.safeParse(job.payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TeachbackError(
        'JOBS.INVALID',
        `job.payload.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const { agentUserId, day } = parsed.data;
    const t = await connection(job.tenantId);
    if (!t.installation) {
      throw new TeachbackError('JOBS.NOT_INSTALLED', 'Genesys metrics: the tenant has no installation');
    }
    const deps = {
      client: t.client,
      outbox: new OutboxPushReceipts(store, job.tenantId, 'genesys'),
      installation: t.installation,
      now,
    };
    // Always computed from the store's current scores, not the key's: two metrics jobs of one
    // agent-day may run side by side, and the one that read older scores may write last. So the
    // set is read again after the write and the write repeated until it held still.
    let before = '';
    for (let round = 0; round < 5; round++) {
      const scored = await agentDayScored(store, job.tenantId, agentUserId, day);
      const hash = scoreSetHash(scored);
      if (hash === before) return;
      before = hash;
      const rows = [];
      for (const s of scored) {
        const card = (await store.interactions.get(jobsActor(job.tenantId), job.tenantId, s.id)).scorecard;
        if (card) rows.push({ agentUserId, day, scorecard: card });
      }
      if (rows.length === 0) return;
      const dayExtras = extras ? await extras(job.tenantId, agentUserId, day) : undefined;
      await pushAgentDayMetrics(deps, job.tenantId, agentDayMetrics(rows), () => dayExtras);
    }
  };
}
