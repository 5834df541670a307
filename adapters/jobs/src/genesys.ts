import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  TeachbackError,
  agentDayMetrics,
  coachingTaskFor,
  scoreTranscript,
  type AccessContext,
  type CompiledPlaybook,
  type Interaction,
  type InteractionSummary,
  type Store,
} from '@teachback/core';
import {
  backfillConversations,
  pushAgentDayMetrics,
  pushScoredConversation,
  syncRecentConversations,
  type CheckpointStore,
  type GenesysInstallation,
  type InteractionSink,
  type OutboxStore,
  type PushRecord,
  type TranscriptionPort,
  type UpsertOutcome,
} from '@teachback/adapter-genesys';
import type { GenesysClient } from '@teachback/connector-genesys';
import type { SqlDriver } from '@teachback/adapter-store';
import type { Job } from './ledger';
import { playbookOfCall, type PlaybookFor } from './playbook-for';
import { LedgerQuarantine } from './quarantine';
import { LedgerSkipped } from './skipped';
import { JobYield, type JobContext, type Steps } from './runner';

/** Jobs act as the tenant's machine identity: it writes what platforms send and reads what it pushes. */
export const jobsActor = (tenantId: string): AccessContext => ({
  actor: {
    kind: 'system',
    id: 'jobs',
    tenantId,
    roles: ['integration'],
    teamIds: [],
    agentIds: [],
    active: true,
  },
  source: 'worker',
});

/** What the Genesys steps need for one tenant. */
export interface GenesysTenant {
  client: GenesysClient;
  /** What provisioning created in the org; push needs it. */
  installation?: GenesysInstallation;
  /** A fixed playbook, for wirings without `playbookFor` (tests). */
  playbook?: CompiledPlaybook;
  /** Service user that appears as the evaluator in Genesys. */
  evaluatorUserId: string;
  supervisorFor(agentUserId: string): string | undefined;
  /** Async details job polling; overrides the wiring's. */
  pollIntervalMs?: number;
}

/** Everything the Genesys steps need. The CLI builds it from each tenant's stored connection. */
export interface GenesysWiring {
  store: Store;
  /** The catalog's version in force for each call (connections.ts); else the tenant's `playbook`. */
  playbookFor?: PlaybookFor;
  driver: SqlDriver;
  tenant(tenantId: string): Promise<GenesysTenant>;
  transcription?: TranscriptionPort;
  /** Async details job polling; the simulator is fast, Genesys is not. Default 5 s. */
  pollIntervalMs?: number;
  now?: () => Date;
}

/** The store's checkpoints as the adapter's port; after each save a long job may hand back its worker. */
class JobCheckpoints implements CheckpointStore {
  constructor(
    private readonly store: Store,
    private readonly ctx: JobContext,
    private readonly job: Job,
  ) {}
  /** Backfill chunks run side by side, so each keeps its own checkpoint. */
  private stream(stream: string): string {
    return this.job.payload['chunk'] === true ? `${stream}@${this.job.externalId}` : stream;
  }
  async load(tenantId: string, stream: string): Promise<unknown> {
    return (await this.store.sync.readCheckpoint(tenantId, 'genesys', this.stream(stream)))?.value;
  }
  async save(tenantId: string, stream: string, value: unknown): Promise<void> {
    await this.store.sync.writeCheckpoint(tenantId, 'genesys', this.stream(stream), value);
    // Saved first: the next run resumes after this page. A finished backfill never yields.
    const done = typeof value === 'object' && value !== null && 'done' in value && value.done === true;
    if (!done && this.ctx.shouldYield()) throw new JobYield();
  }
}

/** Writes each synced interaction to the store, then schedules its scoring. */
class JobSink implements InteractionSink {
  constructor(
    private readonly store: Store,
    private readonly ctx: JobContext,
    private readonly job: Job,
  ) {}
  async upsert(tenantId: string, interaction: Interaction): Promise<UpsertOutcome> {
    const r = await this.store.interactions.save(jobsActor(tenantId), tenantId, { interaction });
    // Enqueued even when unchanged: a crash between the write and this line must not lose the score.
    await this.ctx.enqueue({
      tenantId,
      platform: 'genesys',
      externalId: interaction.source.externalId,
      step: 'score',
      run: this.job.run ?? this.job.key,
    });
    return r.outcome;
  }
}

/** The adapter's push records, kept in the jobs database so a replayed push is recognised. */
export class LedgerPushRecords implements OutboxStore {
  constructor(private readonly driver: SqlDriver) {}
  async get(key: string): Promise<PushRecord | undefined> {
    const r = await this.driver.get<{ body: string }>('SELECT body FROM tb_jobs_push WHERE push_key = ?', [
      key,
    ]);
    return r ? (JSON.parse(r.body) as PushRecord) : undefined;
  }
  async put(record: PushRecord): Promise<void> {
    await this.driver.run(
      'INSERT INTO tb_jobs_push (push_key, body) VALUES (?, ?) ON CONFLICT (push_key) DO UPDATE SET body = excluded.body',
      [record.key, JSON.stringify(record)],
    );
  }
}

const isoDate = (s: string): Date => {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new TeachbackError('JOBS.INVALID', 'job.payload: not a date');
  return d;
};

async function loadDetail(store: Store, tenantId: string, externalId: string) {
  const ctx = jobsActor(tenantId);
  const summary = await store.interactions.findBySource(ctx, tenantId, 'genesys', externalId);
  if (!summary) {
    throw new TeachbackError('JOBS.INTERACTION_MISSING', 'interaction not in the store', {
      details: { step: 'score' },
    });
  }
  return store.interactions.get(ctx, tenantId, summary.id);
}

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

const MetricsPayload = z.object({
  agentUserId: z.string().min(1),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
});

const next = (job: Job, step: 'escalate' | 'push') => ({
  tenantId: job.tenantId,
  platform: job.platform,
  externalId: job.externalId,
  step,
  ...(job.run ? { run: job.run } : {}),
});

/**
 * The Genesys pipeline as job steps: sync (recent or backfill; transcripts, bodies and the
 * transcription of untranscribed audio happen inside the adapter's sync) → score → escalate
 * (coaching task + outbox item) → push (evaluation and coaching appointment in Genesys) → metrics
 * (compliance % and adherence % of the agent-day as external metrics).
 */
export function genesysSteps(w: GenesysWiring): Steps {
  const now = w.now ?? (() => new Date());
  return {
    sync: async (job, ctx) => {
      const { client, pollIntervalMs } = await w.tenant(job.tenantId);
      const deps = {
        client,
        checkpoints: new JobCheckpoints(w.store, ctx, job),
        sink: new JobSink(w.store, ctx, job),
        // Unreadable conversations are kept with their reason; the checkpoint then moves past them.
        quarantine: new LedgerQuarantine(w.driver),
        ...(w.transcription ? { transcription: w.transcription } : {}),
        now,
      };
      if (job.payload['mode'] === 'backfill' && job.payload['chunk'] !== true) {
        // A backfill is planned as chunks of the interval, each its own job (and async details
        // job), so several workers backfill at once. Progress is counted under this plan's key.
        const from = isoDate(String(job.payload['from'])).getTime();
        const to = isoDate(String(job.payload['to'])).getTime();
        if (!(to > from)) throw new TeachbackError('JOBS.INVALID', 'job.payload.to: must be after from');
        const step = Math.max(1, Number(job.payload['chunkHours'] ?? 24)) * 3_600_000;
        for (let a = from; a < to; a += step) {
          const chunk = {
            from: new Date(a).toISOString(),
            to: new Date(Math.min(to, a + step)).toISOString(),
          };
          await ctx.enqueue({
            tenantId: job.tenantId,
            platform: 'genesys',
            externalId: `backfill:${chunk.from}/${chunk.to}`,
            step: 'sync',
            payload: { mode: 'backfill', ...chunk, chunk: true },
            run: job.key,
          });
        }
      } else if (job.payload['mode'] === 'backfill') {
        const report = await backfillConversations(deps, {
          tenantId: job.tenantId,
          from: isoDate(String(job.payload['from'])),
          to: isoDate(String(job.payload['to'])),
          pollIntervalMs: pollIntervalMs ?? w.pollIntervalMs ?? 5_000,
        });
        await new LedgerSkipped(w.driver).record(job.tenantId, 'genesys', report.skippedCapabilities);
      } else {
        const report = await syncRecentConversations(deps, { tenantId: job.tenantId });
        await new LedgerSkipped(w.driver).record(job.tenantId, 'genesys', report.skippedCapabilities);
      }
    },

    score: async (job, ctx) => {
      const detail = await loadDetail(w.store, job.tenantId, job.externalId);
      const transcript = detail.interaction.transcript;
      if (transcript && transcript.utterances.length > 0) {
        const { scorecard, escalations, coaching } = scoreTranscript(
          transcript,
          await playbookOfCall(w, job.tenantId, detail.interaction),
          {
            interactionId: detail.summary.id,
            callDate: detail.interaction.startedAt?.slice(0, 10),
            // Fixed so a replay produces the same scorecard (the store hashes it without scoredAt anyway).
            scoredAt: detail.interaction.endedAt ?? detail.interaction.startedAt,
          },
        );
        await w.store.interactions.save(jobsActor(job.tenantId), job.tenantId, {
          interaction: detail.interaction,
          scorecard,
          escalations,
          coaching,
        });
      }
      await ctx.enqueue(next(job, 'escalate'));
    },

    escalate: async (job, ctx) => {
      const detail = await loadDetail(w.store, job.tenantId, job.externalId);
      const card = detail.scorecard;
      const agent = detail.summary.agentIds[0];
      if (card && agent) {
        const version = detail.summary.scoreVersion ?? 0;
        // The task id is the key: a replay rewrites the same task instead of adding one.
        const task = coachingTaskFor(detail);
        if (task) await w.store.coaching.saveTask(jobsActor(job.tenantId), job.tenantId, task);
        await w.store.sync.enqueuePush(job.tenantId, {
          platform: 'genesys',
          kind: 'genesys.evaluation',
          idempotencyKey: `${job.tenantId}|genesys|${job.externalId}|v${version}`,
          interactionId: detail.summary.id,
          payload: { scoreVersion: version },
        });
      }
      await ctx.enqueue(next(job, 'push'));
    },

    push: async (job, ctx) => {
      const detail = await loadDetail(w.store, job.tenantId, job.externalId);
      const card = detail.scorecard;
      const agent = detail.summary.agentIds[0];
      if (!card || !agent) return;
      const t = await w.tenant(job.tenantId);
      const installation = t.installation;
      if (!installation) {
        throw new TeachbackError('JOBS.NOT_INSTALLED', 'Genesys push: the tenant has no installation');
      }
      const version = detail.summary.scoreVersion ?? 0;
      await pushScoredConversation(
        {
          client: t.client,
          outbox: new LedgerPushRecords(w.driver),
          installation,
          evaluatorUserId: t.evaluatorUserId,
          supervisorFor: (a) => t.supervisorFor(a),
          now,
        },
        {
          tenantId: job.tenantId,
          conversationId: job.externalId,
          agentUserId: agent,
          scorecard: card,
          escalations: detail.escalations,
          scorecardVersion: `v${version}`,
        },
      );
      const item = await w.store.sync.enqueuePush(job.tenantId, {
        platform: 'genesys',
        kind: 'genesys.evaluation',
        idempotencyKey: `${job.tenantId}|genesys|${job.externalId}|v${version}`,
        interactionId: detail.summary.id,
        payload: { scoreVersion: version },
      });
      await w.store.sync.completePush(item.id);

      // The agent-day's metrics job is keyed by its set of scores: a replay of the same state finds
      // the job done, a new or re-versioned score makes a new key and so a recomputation.
      const day = detail.summary.occurredAt.slice(0, 10);
      const scored = await agentDayScored(w.store, job.tenantId, agent, day);
      await ctx.enqueue({
        tenantId: job.tenantId,
        platform: 'genesys',
        externalId: `metrics:${agent}:${day}:${scoreSetHash(scored)}`,
        step: 'metrics',
        payload: { agentUserId: agent, day },
        ...(job.run ? { run: job.run } : {}),
      });
    },

    metrics: async (job) => {
      const parsed = MetricsPayload.safeParse(job.payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new TeachbackError(
          'JOBS.INVALID',
          `job.payload.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
        );
      }
      const { agentUserId, day } = parsed.data;
      const t = await w.tenant(job.tenantId);
      if (!t.installation) {
        throw new TeachbackError('JOBS.NOT_INSTALLED', 'Genesys metrics: the tenant has no installation');
      }
      const deps = {
        client: t.client,
        outbox: new LedgerPushRecords(w.driver),
        installation: t.installation,
        now,
      };
      // Always computed from the store's current scores, not the key's: two metrics jobs of one
      // agent-day may run side by side, and the one that read older scores may write last. So the
      // set is read again after the write and the write repeated until it held still.
      let before = '';
      for (let round = 0; round < 5; round++) {
        const scored = await agentDayScored(w.store, job.tenantId, agentUserId, day);
        const hash = scoreSetHash(scored);
        if (hash === before) return;
        before = hash;
        const rows = [];
        for (const s of scored) {
          const card = (await w.store.interactions.get(jobsActor(job.tenantId), job.tenantId, s.id))
            .scorecard;
          if (card) rows.push({ agentUserId, day, scorecard: card });
        }
        if (rows.length === 0) return;
        await pushAgentDayMetrics(deps, job.tenantId, agentDayMetrics(rows));
      }
    },
  };
}
