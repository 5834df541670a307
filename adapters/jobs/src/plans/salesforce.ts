import { TeachbackError } from '@teachback/core';
import {
  pushCallSummary,
  pushScores,
  syncSalesforce,
  type CallLogIndex,
  type DirectorySink,
  type SalesforceAdapterConfig,
  type SalesforceCase,
  type SalesforcePerson,
  type ScoreToPush,
  type SyncReport,
  type UpsertOutcome,
} from '@teachback/adapter-salesforce';
import type { SalesforceClient } from '@teachback/connector-salesforce';
import { CallLogLinks, CrmDirectoryHashes, type SqlDriver } from '@teachback/adapter-store';
import type { Interaction, InteractionDetail, InteractionSink } from '@teachback/core';
import type { PlatformPlan } from '../pipeline/plan';
import type { SummaryFor, SurveySaver } from './summary';

/** A tenant's Salesforce connection, as the plan needs it (connections.ts builds it from the store). */
export interface SalesforceConnection {
  client: SalesforceClient;
  config: SalesforceAdapterConfig;
}

export interface SalesforcePlanOptions {
  driver: SqlDriver;
  connection(tenantId: string): Promise<SalesforceConnection>;
  /** Told the outcome of each sync run: quarantined count, skipped capabilities, requests made. */
  onSyncReport?: (tenantId: string, report: SyncReport) => void;
  /** Post-call summaries for the call's Task description; none → no summary push. */
  summaryFor?: SummaryFor;
  /** Where synced Feedback Management survey answers go; none → surveys are not read. */
  surveys?: SurveySaver;
  /**
   * Told each call-log record the sync stores (a Task or VoiceCall linked to a Genesys/Five9 call),
   * after it is stored: where a summary that found no Task earlier is pushed (`lateCallLogSummaries`).
   */
  onCallLog?: (t: SalesforceConnection, tenantId: string, callLog: Interaction) => Promise<void>;
  /** CSAT / NPS / FCR of the interaction (core metrics, surveys) for the score object's fields. */
  outcomesFor?: (tenantId: string, detail: InteractionDetail) => Promise<ScoreToPush['outcomes']>;
}

/**
 * People and cases: the store has no CRM-directory write yet, so only their content hashes are kept
 * (no PHI) to report what changed. The identity directory is built from the store's contacts.
 */
class DirectoryHashes implements DirectorySink {
  constructor(private readonly hashes: CrmDirectoryHashes) {}
  upsertPerson(tenantId: string, person: SalesforcePerson, contentHash: string): Promise<UpsertOutcome> {
    return this.hashes.upsert(tenantId, `person:${person.contactId}`, contentHash);
  }
  upsertCase(tenantId: string, record: SalesforceCase, contentHash: string): Promise<UpsertOutcome> {
    return this.hashes.upsert(tenantId, `case:${record.id}`, contentHash);
  }
}

/** A call log of a Genesys/Five9 call (its Task, or a VoiceCall naming one). */
const logsVendorCall = (i: Interaction) =>
  (i.attributes['sfObject'] === 'Task' || i.attributes['sfObject'] === 'VoiceCall') &&
  i.links.some((l) => l.platform === 'genesys' || l.platform === 'five9');

/** The sink, telling `then` of each vendor call log once it is stored (a failure fails the page). */
function afterCallLogs(sink: InteractionSink, then: (i: Interaction) => Promise<void>): InteractionSink {
  return {
    upsert: async (tenantId, interaction, contentHash) => {
      const outcome = await sink.upsert(tenantId, interaction, contentHash);
      if (logsVendorCall(interaction)) await then(interaction);
      return outcome;
    },
  };
}

/**
 * Salesforce: sync every stream (incremental by SystemModstamp, checkpointed per page); push the
 * score object and a coaching Task, both upserted by external id.
 */
export function salesforcePlan(o: SalesforcePlanOptions): PlatformPlan {
  const callLogs: CallLogIndex = new CallLogLinks(o.driver);
  return {
    platform: 'salesforce',
    // A transcript added later (e.g. a recording's transcription) survives a re-sync.
    keepsLaterAdditions: true,
    yieldsAfterCheckpoint: true,
    // A call log of a call stored as another interaction (its VoiceCall, a Five9 or Genesys call)
    // is that call: scored there, once.
    scores: (i) => i.source.platform === 'salesforce' && !i.attributes['callLogOf'],
    sync: async ({ job, checkpoints, sink, quarantine }) => {
      const t = await o.connection(job.tenantId);
      if (t.config.tenantId !== job.tenantId) {
        throw new TeachbackError(
          'JOBS.CONNECTION_INVALID',
          'salesforce config.tenantId: not the job’s tenant',
        );
      }
      const report = await syncSalesforce({
        client: t.client,
        checkpoints,
        interactions: o.onCallLog ? afterCallLogs(sink, (i) => o.onCallLog!(t, job.tenantId, i)) : sink,
        directory: new DirectoryHashes(new CrmDirectoryHashes(o.driver)),
        // Records that cannot be taken in are kept with their reason (never skipped); the
        // checkpoint moves past a record only once it is stored or quarantined.
        quarantine,
        callLogs,
        ...(o.surveys ? { surveys: o.surveys } : {}),
        config: t.config,
      });
      o.onSyncReport?.(job.tenantId, report);
      return { skipped: report.skipped };
    },
    push: async ({ job, detail, receipts }) => {
      const t = await o.connection(job.tenantId);
      const card = detail.scorecard;
      // Times in the records come from the scorecard, so a replay computes the same fingerprint.
      const at = new Date(card.scoredAt ?? detail.interaction.startedAt ?? 0);
      const outcomes = o.outcomesFor ? await o.outcomesFor(job.tenantId, detail) : undefined;
      const report = await pushScores(
        [
          {
            interaction: detail.interaction,
            scorecard: card,
            escalations: detail.escalations,
            coaching: detail.coaching,
            ...(outcomes ? { outcomes } : {}),
          },
        ],
        { client: t.client, outbox: receipts, config: t.config, now: () => at },
      );
      const failed = [...report.scores.failed, ...report.tasks.failed][0];
      if (failed) {
        throw new TeachbackError('JOBS.PUSH_FAILED', `salesforce push failed: ${failed.code}`, {
          details: { code: failed.code },
        });
      }
      const summary = o.summaryFor ? await o.summaryFor(job.tenantId, detail) : undefined;
      if (summary) {
        await pushCallSummary(
          { client: t.client, outbox: receipts, now: () => at },
          { tenantId: job.tenantId, interaction: detail.interaction, summary },
        );
      }
    },
  };
}
