import type { Interaction, RecordingTranscriber, Store } from '@teachback/core';
import {
  complianceStatus,
  ingestRecordings,
  pushScoreToContact,
  pushSummaryToContact,
  syncCallLogs,
  type CallLogSyncConfigInput,
  type ContactPushConfig,
  type RecordingSource,
} from '@teachback/adapter-five9';
import type { Five9AdminClient } from '@teachback/connector-five9';
import type { SqlDriver } from '@teachback/adapter-store';
import type { PlatformPlan } from '../pipeline/plan';
import { Five9CallSink, InlineTranscription, TakenRecordingFiles } from './five9-recordings';
import type { SummaryFor, SurveySaver } from './summary';
import { createHash } from 'node:crypto';

/** A tenant's Five9 connection, as the plan needs it (connections.ts builds it from the store). */
export interface Five9Connection {
  client: Five9AdminClient;
  /** The call-log report sync's settings without the tenant (the job supplies it). */
  sync: Omit<CallLogSyncConfigInput, 'tenantId'>;
  push: ContactPushConfig;
  /** The customer's SFTP recording export, when the connection names one. */
  recordings?: {
    /** A fresh connection per sync; closed when the ingest ends. */
    open(): RecordingSource & { close(): Promise<void> };
    pattern?: string;
  };
}

export interface Five9PlanOptions {
  store: Store;
  driver: SqlDriver;
  connection(tenantId: string): Promise<Five9Connection>;
  /**
   * Speech to text for the SFTP recordings. With it, each sync also takes the tenant's new
   * recordings, transcribes them onto their calls, and only then schedules the calls' scoring (a
   * call is scored once, so it waits for its transcript).
   */
  transcriber?: RecordingTranscriber;
  now?: () => number;
  /** Post-call summaries for the contact's summary field (push.fields.summary); none → not pushed. */
  summaryFor?: SummaryFor;
  /** Where the IVR survey answers on the call log (sync.mappings.surveyColumns) go; none → not read. */
  surveys?: SurveySaver;
}

/** The caller's number as Five9 keys contacts (10 digits for NANP), or undefined. */
export function contactKeyOf(interaction: Interaction): string | undefined {
  const phone = interaction.contact?.phones[0] ?? interaction.participants.find((p) => p.phone)?.phone;
  if (!phone) return undefined;
  const digits = phone.replace(/[^0-9]/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits || undefined;
}

/**
 * Five9: sync call-log report windows (checkpointed per window), then the SFTP recordings onto
 * their calls; push score, compliance and time to the caller's contact (`updateCrmRecord`, no PHI).
 */
export function five9Plan(o: Five9PlanOptions): PlatformPlan {
  return {
    platform: 'five9',
    // A report re-read leaves a transcript or recordings added since as they are.
    keepsLaterAdditions: true,
    yieldsAfterCheckpoint: false,
    sync: async ({ job, ctx, checkpoints, sink, quarantine }) => {
      const t = await o.connection(job.tenantId);
      const transcriber = t.recordings ? o.transcriber : undefined;
      // With recordings to transcribe, the ingest schedules each call's score once it has its transcript.
      sink.schedulesNext = !transcriber;
      const calls = new Five9CallSink(o.store, o.driver, sink, job.tenantId);
      const report = await syncCallLogs(
        { ...t.sync, tenantId: job.tenantId },
        {
          client: t.client,
          checkpoints,
          sink: calls,
          quarantine,
          // A report outlives a time slice: the sync hands back the worker with the report's
          // identifier in the checkpoint, and this job resumes it rather than running it again.
          shouldPause: ctx.shouldYield,
          runId: job.key,
          ...(o.surveys ? { surveys: o.surveys } : {}),
          ...(o.now ? { now: o.now } : {}),
        },
      );
      if (report.paused || !transcriber || !t.recordings)
        return { skipped: report.skipped, paused: report.paused };
      // After the report: a recording is matched to a call the report has already brought in.
      const source = t.recordings.open();
      try {
        await ingestRecordings(job.tenantId, t.recordings.pattern ? { pattern: t.recordings.pattern } : {}, {
          source,
          ledger: new TakenRecordingFiles(o.driver, ctx),
          sink: calls,
          transcription: new InlineTranscription(o.store, job, ctx, transcriber, quarantine),
          quarantine,
          ...(o.now ? { now: o.now } : {}),
        });
      } finally {
        await source.close();
      }
      return { skipped: report.skipped };
    },
    push: async ({ job, detail, receipts }) => {
      await pushScore(job, detail, receipts);
      const summary = o.summaryFor ? await o.summaryFor(job.tenantId, detail) : undefined;
      const contactKey = contactKeyOf(detail.interaction);
      if (!summary || !contactKey) return;
      // One receipt per call; the text's fingerprint makes a changed summary go out again.
      const key = `five9:summary:${job.tenantId}:${job.externalId}`;
      const fingerprint = createHash('sha256').update(summary.text).digest('hex').slice(0, 16);
      const prior = await receipts.get(key);
      if (prior?.status === 'done' && prior.fingerprint === fingerprint) return;
      const t = await o.connection(job.tenantId);
      const r = await pushSummaryToContact(t.client, t.push, { contactKey, summary });
      await receipts.put({
        key,
        kind: 'contact',
        status: 'done',
        // Without a summary field nothing was sent (and no API call made); the receipt says so.
        fingerprint: r === 'not_configured' ? `${fingerprint}:not_configured` : fingerprint,
        attempts: (prior?.attempts ?? 0) + 1,
        updatedAt: new Date().toISOString(),
      });
    },
  };

  async function pushScore(
    job: Parameters<PlatformPlan['push']>[0]['job'],
    detail: Parameters<PlatformPlan['push']>[0]['detail'],
    receipts: Parameters<PlatformPlan['push']>[0]['receipts'],
  ): Promise<void> {
    {
      const key = `five9:contact:${job.tenantId}:${job.externalId}:v${detail.summary.scoreVersion ?? 0}`;
      if ((await receipts.get(key))?.status === 'done') return;
      const card = detail.scorecard;
      const contactKey = contactKeyOf(detail.interaction);
      // Chats and emails without a number have no contact to update; nothing to push.
      let fingerprint = JSON.stringify({ skipped: 'no_contact_key' });
      if (contactKey) {
        const t = await o.connection(job.tenantId);
        const r = await pushScoreToContact(t.client, t.push, { contactKey, scorecard: card });
        fingerprint = JSON.stringify({
          score: Math.round(card.score),
          compliance: complianceStatus(card),
          updated: r.updated,
        });
      }
      await receipts.put({
        key,
        kind: 'contact',
        status: 'done',
        fingerprint,
        attempts: 1,
        updatedAt: new Date().toISOString(),
      });
    }
  }
}
