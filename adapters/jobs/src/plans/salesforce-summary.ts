import { TeachbackError } from '@teachback/core';
import { pushLinkedCallSummary, type SummaryOutcome } from '@teachback/adapter-salesforce';
import type { PlatformPlan } from '../pipeline/plan';
import type { SalesforceConnection } from './salesforce';
import type { SummaryFor } from './summary';

export interface LinkedSummaryOptions {
  /** The tenant's Salesforce connection (connections.ts); a tenant without one is left alone. */
  connection(tenantId: string): Promise<SalesforceConnection>;
  summaryFor: SummaryFor;
  /** Told each outcome (`no_task`: the org has no call-log Task for that call). */
  onOutcome?: (tenantId: string, interactionId: string, outcome: SummaryOutcome) => void;
}

/** The tenant's connection, or undefined when it has no Salesforce connection stored. */
async function connectionOf(
  o: LinkedSummaryOptions,
  tenantId: string,
): Promise<SalesforceConnection | undefined> {
  try {
    return await o.connection(tenantId);
  } catch (err) {
    if (err instanceof TeachbackError && err.code === 'STORE.NOT_FOUND') return undefined;
    throw err;
  }
}

/**
 * A Genesys or Five9 plan whose push also writes the call's summary to the Salesforce Task that
 * logs the call (found by the call's id in the Task's / VoiceCall's call-key fields, the same keys
 * the Salesforce sync links calls by), when the tenant has a Salesforce connection. After the
 * platform's own push; a failure retries the push job, whose receipts make the replay send
 * nothing twice. No Task in Salesforce → nothing is created (see the adapter README).
 */
export function withSalesforceSummary(plan: PlatformPlan, o: LinkedSummaryOptions): PlatformPlan {
  if (plan.platform === 'salesforce') return plan;
  return {
    ...plan,
    push: async (run) => {
      await plan.push(run);
      const t = await connectionOf(o, run.job.tenantId);
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
