import { TeachbackError, type Interaction, type Store } from '@teachback/core';
import {
  linkedSummaryKey,
  pushLinkedCallSummary,
  summaryTaskId,
  type SummaryOutcome,
} from '@teachback/adapter-salesforce';
import { OutboxPushReceipts } from '@teachback/adapter-store';
import { jobsActor } from '../actor';
import type { PlatformPlan } from '../pipeline/plan';
import type { SalesforceConnection } from './salesforce';
import type { SummaryFor } from './summary';

export interface LinkedSummaryOptions {
  /** The tenant's Salesforce connection (connections.ts); a tenant without one is left alone. */
  connection(tenantId: string): Promise<SalesforceConnection>;
  summaryFor: SummaryFor;
  /** Told each outcome (`no_task`: the org has no call-log Task for that call, yet). */
  onOutcome?: (tenantId: string, interactionId: string, outcome: SummaryOutcome) => void;
}

/** How long a tenant's answer (a connection, or none) is reused before the store is read again. */
export const CONNECTION_CACHE_MS = 5 * 60_000;

/**
 * The tenant's connection, or undefined when it has none stored; remembered per tenant for `ttlMs`
 * (the absence too), so the pushes of one sync do not each read the store. Other failures (an
 * invalid connection, a store error) are not remembered: the next push asks again.
 */
export function cachedSalesforceConnection(
  connection: (tenantId: string) => Promise<SalesforceConnection>,
  opts: { ttlMs?: number; now?: () => number } = {},
): (tenantId: string) => Promise<SalesforceConnection | undefined> {
  const ttl = opts.ttlMs ?? CONNECTION_CACHE_MS;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { until: number; value: Promise<SalesforceConnection | undefined> }>();
  return (tenantId) => {
    const hit = cache.get(tenantId);
    if (hit && hit.until > now()) return hit.value;
    const value = connection(tenantId).catch((err: unknown) => {
      if (err instanceof TeachbackError && err.code === 'STORE.NOT_FOUND') return undefined;
      cache.delete(tenantId);
      throw err;
    });
    cache.set(tenantId, { until: now() + ttl, value });
    return value;
  };
}

/**
 * A Genesys or Five9 plan whose push also writes the call's summary to the Salesforce Task that
 * logs the call (found by the call's id in the Task's / VoiceCall's call-key fields, the same keys
 * the Salesforce sync links calls by), when the tenant has a Salesforce connection. After the
 * platform's own push; a failure retries the push job, whose receipts make the replay send
 * nothing twice. No Task in Salesforce → nothing is created (see the adapter README); the call's
 * receipt stays pending and `lateCallLogSummaries` pushes the summary when the Task shows up.
 */
export function withSalesforceSummary(plan: PlatformPlan, o: LinkedSummaryOptions): PlatformPlan {
  if (plan.platform === 'salesforce') return plan;
  const connectionOf = cachedSalesforceConnection(o.connection);
  return {
    ...plan,
    push: async (run) => {
      await plan.push(run);
      const t = await connectionOf(run.job.tenantId);
      if (!t || !t.config.linkedCallSummaries) return;
      const summary = await o.summaryFor(run.job.tenantId, run.detail);
      if (!summary) return;
      const at = new Date(run.detail.scorecard.scoredAt ?? run.detail.interaction.startedAt ?? 0);
      const outcome = await pushLinkedCallSummary(
        { client: t.client, outbox: run.receipts, config: t.config, now: () => at },
        { tenantId: run.job.tenantId, interaction: run.detail.interaction, summary },
      );
      o.onOutcome?.(run.job.tenantId, run.detail.summary.id, outcome);
    },
  };
}

export interface LateSummaryOptions {
  store: Store;
  summaryFor: SummaryFor;
  /** Told each summary pushed this way. */
  onOutcome?: (tenantId: string, interactionId: string, outcome: SummaryOutcome) => void;
}

/**
 * Called by the Salesforce sync for each call-log Task (or VoiceCall with its Task) it stores: when
 * it logs a Genesys/Five9 call whose summary push found no Task earlier (its receipt is pending),
 * the summary is pushed to this Task now. One store read (the receipt) per linked call; nothing
 * is sent unless it is pending. Idempotent through the same receipts as the push (`done` once written).
 */
export function lateCallLogSummaries(o: LateSummaryOptions) {
  return async (t: SalesforceConnection, tenantId: string, callLog: Interaction): Promise<void> => {
    if (!t.config.linkedCallSummaries) return;
    const taskId = summaryTaskId(callLog);
    if (!taskId) return;
    const actor = jobsActor(tenantId);
    for (const ref of callLog.links) {
      if (ref.platform !== 'genesys' && ref.platform !== 'five9') continue;
      const key = linkedSummaryKey(tenantId, ref.platform, ref.externalId);
      const pending = await o.store.sync.findPush(tenantId, key);
      if ((pending?.payload as { status?: string } | undefined)?.status !== 'pending') continue;
      const call = await o.store.interactions.findBySource(actor, tenantId, ref.platform, ref.externalId);
      if (!call) continue;
      const detail = await o.store.interactions.get(actor, tenantId, call.id);
      if (!detail.scorecard) continue;
      const summary = await o.summaryFor(tenantId, { ...detail, scorecard: detail.scorecard });
      if (!summary) continue;
      const at = new Date(detail.scorecard.scoredAt ?? detail.interaction.startedAt ?? 0);
      const outcome = await pushLinkedCallSummary(
        {
          client: t.client,
          outbox: new OutboxPushReceipts(o.store, tenantId, ref.platform, call.id),
          config: t.config,
          now: () => at,
        },
        { tenantId, interaction: detail.interaction, summary, taskId },
      );
      o.onOutcome?.(tenantId, call.id, outcome);
    }
  };
}
