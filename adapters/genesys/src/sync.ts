import { z } from 'zod';
import { TeachbackError, type InteractionInput, type Transcript } from '@teachback/core';
import { ConnectorError } from '@teachback/connector-kit';
import {
  GENESYS_LIMITS,
  RawConversation,
  conversationDrift,
  detailsJobPages,
  detailsQueryPages,
  parseRaw,
  type GenesysClient,
  type Interval,
  type Models,
} from '@teachback/connector-genesys';
import {
  agentSession,
  conversationToInteraction,
  emailTranscript,
  finalizeInteraction,
  messagesTranscript,
  recordingRefs,
  recordingTranscript,
  staTranscript,
} from './mapping';
import type { CheckpointStore, InteractionSink, TranscriptionPort, UpsertOutcome } from './ports';

/** Emitted for operators: counts and codes only, never conversation content. */
export type SyncEvent =
  | { type: 'malformed_conversation'; index: number; reason: string }
  | { type: 'schema_drift'; fields: string[] }
  | { type: 'transcript_unreadable'; conversationId: string; code: string }
  | {
      type: 'recording_unavailable';
      conversationId: string;
      reason: 'transcoding' | 'archived' | 'batch_error';
    }
  | { type: 'checkpoint_reset'; reason: 'in_future' }
  | { type: 'job_restarted'; reason: string }
  | { type: 'window_done'; interval: string; conversations: number };

export interface SyncDeps {
  client: GenesysClient;
  checkpoints: CheckpointStore;
  sink: InteractionSink;
  /** Audio of voice calls without a platform transcript goes here. Without it they are stored untranscribed. */
  transcription?: TranscriptionPort;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  onEvent?: (e: SyncEvent) => void;
}

export interface EnrichOptions {
  /** Voice recordings are listed only when there is no STA transcript, unless 'always'. */
  listRecordings?: 'untranscribed' | 'always';
  /** Empty 202s (still transcoding) tolerated per conversation before giving up for this run. */
  transcodingRetries?: number;
  transcodingRetryMs?: number;
  batchPollMs?: number;
  batchMaxPolls?: number;
  concurrency?: number;
}

export interface SyncReport {
  windows: number;
  pages: number;
  conversationsSeen: number;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: { active: number; unsupportedMedia: number; malformed: number; duplicateInRun: number };
  transcripts: { sta: number; recording: number; messages: number; email: number; asr: number; none: number };
  recordings: { transcoding202: number; archived: number; batchRequested: number; batchFailed: number };
  apiRequests: number;
  highWaterMark?: string;
  checkpointReset?: boolean;
}

const emptyReport = (): SyncReport => ({
  windows: 0,
  pages: 0,
  conversationsSeen: 0,
  processed: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: { active: 0, unsupportedMedia: 0, malformed: 0, duplicateInRun: 0 },
  transcripts: { sta: 0, recording: 0, messages: 0, email: 0, asr: 0, none: 0 },
  recordings: { transcoding202: 0, archived: 0, batchRequested: 0, batchFailed: 0 },
  apiRequests: 0,
});

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Pending {
  input: InteractionInput;
  batch?: { conversationId: string; recordingId: string };
}

/** Runs `fn` over items with at most `limit` in flight, keeping order of results. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (t: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return out;
}

/**
 * Turns raw details conversations into stored interactions: map, enrich (transcript, bodies,
 * recordings), transcribe what has only audio, upsert. Shared by the recent and backfill syncs.
 */
class ConversationPipeline {
  private readonly seen = new Set<string>();
  private readonly drift = new Set<string>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly deps: SyncDeps,
    private readonly tenantId: string,
    private readonly options: EnrichOptions,
    readonly report: SyncReport,
  ) {
    this.sleep = deps.sleep ?? realSleep;
  }

  async process(raws: readonly unknown[]): Promise<void> {
    const ready: RawConversation[] = [];
    raws.forEach((raw, index) => {
      this.report.conversationsSeen++;
      const unknown = conversationDrift(raw).filter((f) => !this.drift.has(f));
      if (unknown.length > 0) {
        // Reported once per field per run: tolerated, but someone should look at the new SDK.
        unknown.forEach((f) => this.drift.add(f));
        this.deps.onEvent?.({ type: 'schema_drift', fields: unknown });
      }
      let c: RawConversation;
      try {
        c = parseRaw(RawConversation, raw, 'conversation');
      } catch (err) {
        this.report.skipped.malformed++;
        this.deps.onEvent?.({
          type: 'malformed_conversation',
          index,
          reason: err instanceof Error ? err.message : 'invalid',
        });
        return;
      }
      // Still running: its end is unknown and it will come back in a later window.
      if (!c.conversationEnd) {
        this.report.skipped.active++;
        return;
      }
      // Windows overlap and a conversation active in two windows is returned by both.
      if (this.seen.has(c.conversationId)) {
        this.report.skipped.duplicateInRun++;
        return;
      }
      this.seen.add(c.conversationId);
      ready.push(c);
    });
    const pending = await mapLimit(ready, this.options.concurrency ?? 4, (c) => this.enrich(c));
    const kept = pending.filter((p): p is Pending => p !== undefined);
    await this.transcribeBatches(kept);
    for (const p of kept) {
      if (!p.input.transcript) this.report.transcripts.none++;
      const { interaction, hash } = finalizeInteraction(p.input);
      const outcome: UpsertOutcome = await this.deps.sink.upsert(this.tenantId, interaction, hash);
      this.report[outcome]++;
      this.report.processed++;
    }
  }

  private async enrich(c: RawConversation): Promise<Pending | undefined> {
    const input = conversationToInteraction(this.tenantId, c);
    if (!input) {
      this.report.skipped.unsupportedMedia++;
      return undefined;
    }
    const client = this.deps.client;
    const session = agentSession(c)?.session;
    if (input.channel === 'voice') {
      if (session?.sessionId && session.recording !== false) {
        const transcript = await this.staTranscript(c.conversationId, session.sessionId);
        if (transcript) {
          input.transcript = transcript;
          this.report.transcripts.sta++;
        }
      }
      if (input.transcript && this.options.listRecordings !== 'always') return { input };
      const recordings = await this.recordings(c.conversationId);
      input.recordings = recordingRefs(recordings);
      const archived = recordings.filter((r) => !r.sessionId);
      const playable = recordings.find((r) => r.sessionId && r.id && (r.media ?? 'audio') === 'audio');
      if (archived.length > 0 && !playable) {
        this.report.recordings.archived++;
        input.attributes = { ...input.attributes, recordingState: 'archived' };
        this.deps.onEvent?.({
          type: 'recording_unavailable',
          conversationId: c.conversationId,
          reason: 'archived',
        });
      }
      if (!input.transcript && playable && this.deps.transcription) {
        return { input, batch: { conversationId: c.conversationId, recordingId: playable.id! } };
      }
      return { input };
    }
    const recordings = await this.recordings(c.conversationId);
    const fromRecording = recordingTranscript(recordings, input.startedAt);
    if (fromRecording) {
      input.transcript = fromRecording;
      this.report.transcripts.recording++;
      return { input };
    }
    if (input.channel === 'sms' || input.channel === 'messaging') {
      const conv = await client.getMessageConversation(c.conversationId);
      const ids = (conv.participants ?? [])
        .flatMap((p) => (p.messages ?? []).map((m) => m.messageId ?? ''))
        .filter(Boolean);
      const bodies: Models.MessageData[] = [];
      for (let i = 0; i < ids.length; i += GENESYS_LIMITS.messagesBulkMaxIds) {
        const res = await client.getMessagesBulk(
          c.conversationId,
          ids.slice(i, i + GENESYS_LIMITS.messagesBulkMaxIds),
        );
        bodies.push(...(res.entities ?? []));
      }
      const t = messagesTranscript(bodies, input.startedAt);
      if (t) {
        input.transcript = t;
        this.report.transcripts.messages++;
      }
    } else if (input.channel === 'email') {
      const previews = await client.getEmailMessages(c.conversationId);
      const messages: Models.EmailMessage[] = [];
      for (const p of previews.entities ?? []) {
        if (p.id) messages.push(await client.getEmailMessage(c.conversationId, p.id));
      }
      const customers = new Set((input.contact?.emails ?? []).map((e) => e.toLowerCase()));
      const t = emailTranscript(messages, input.startedAt, customers);
      if (t) {
        input.transcript = t;
        this.report.transcripts.email++;
      }
    }
    return { input };
  }

  private async staTranscript(
    conversationId: string,
    communicationId: string,
  ): Promise<Transcript | undefined> {
    const url = await this.deps.client.getTranscriptUrl(conversationId, communicationId);
    if (!url) return undefined;
    try {
      const body = await this.deps.client.download(url, 'sta-transcript');
      return staTranscript(body.toString('utf8'));
    } catch (err) {
      // A transcript we cannot read must not stop the sync: the call is kept and can be transcribed.
      if (
        err instanceof TeachbackError ||
        (err instanceof ConnectorError && err.code === 'GENESYS.MALFORMED_RESPONSE')
      ) {
        this.deps.onEvent?.({ type: 'transcript_unreadable', conversationId, code: err.code });
        return undefined;
      }
      throw err;
    }
  }

  /** Lists recordings, coming back a bounded number of times while Genesys answers 202. */
  private async recordings(conversationId: string): Promise<Models.Recording[]> {
    const retries = this.options.transcodingRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      const res = await this.deps.client.getConversationRecordings(conversationId);
      if (!res.transcoding) return res.recordings;
      this.report.recordings.transcoding202++;
      if (attempt >= retries) {
        this.deps.onEvent?.({ type: 'recording_unavailable', conversationId, reason: 'transcoding' });
        return [];
      }
      await this.sleep(this.options.transcodingRetryMs ?? 10_000);
    }
  }

  private async transcribeBatches(items: Pending[]): Promise<void> {
    const port = this.deps.transcription;
    const wanted = items.filter((p) => p.batch);
    if (!port || wanted.length === 0) return;
    const client = this.deps.client;
    for (let i = 0; i < wanted.length; i += GENESYS_LIMITS.batchDownloadMaxItems) {
      const chunk = wanted.slice(i, i + GENESYS_LIMITS.batchDownloadMaxItems);
      this.report.recordings.batchRequested += chunk.length;
      const jobId = await client.createRecordingBatch(chunk.map((p) => p.batch!));
      let status: Models.BatchDownloadJobStatusResult = {};
      for (let poll = 0; poll < (this.options.batchMaxPolls ?? 60); poll++) {
        status = await client.getRecordingBatch(jobId);
        const expected = status.expectedResultCount ?? chunk.length;
        if ((status.resultCount ?? 0) >= expected) break;
        await this.sleep(this.options.batchPollMs ?? 5000);
      }
      const byConversation = new Map((status.results ?? []).map((r) => [r.conversationId, r]));
      await mapLimit(chunk, this.options.concurrency ?? 4, async (p) => {
        const r = byConversation.get(p.batch!.conversationId);
        if (!r?.resultUrl) {
          this.report.recordings.batchFailed++;
          this.deps.onEvent?.({
            type: 'recording_unavailable',
            conversationId: p.batch!.conversationId,
            reason: 'batch_error',
          });
          return;
        }
        const audio = await client.download(r.resultUrl, 'recording');
        const transcript = await port.transcribe(audio, {
          tenantId: this.tenantId,
          conversationId: p.batch!.conversationId,
          recordingId: p.batch!.recordingId,
          ...(r.contentType ? { contentType: r.contentType } : {}),
          customerChannel: 0,
        });
        p.input.transcript = transcript;
        this.report.transcripts.asr++;
      });
    }
  }
}

// ---- recent window: the synchronous details query ------------------------------------------

export const RecentSyncCheckpoint = z.strictObject({
  version: z.literal(1),
  /** Inclusive: the next run re-reads from here (minus the overlap). */
  highWaterMark: z.iso.datetime(),
  lastRunAt: z.iso.datetime().optional(),
});
export type RecentSyncCheckpoint = z.infer<typeof RecentSyncCheckpoint>;

export interface RecentSyncOptions extends EnrichOptions {
  tenantId: string;
  /** First run reads this far back. Default 24 h. */
  initialLookbackMs?: number;
  /** Progress is checkpointed after each window. Default 1 h. */
  windowMs?: number;
  /** Re-read this much before the high-water mark for late-arriving detail. Default 10 min. */
  overlapMs?: number;
  /** Split threshold; Genesys caps a query at 100,000 results. */
  resultCap?: number;
}

export const RECENT_STREAM = 'genesys:conversations:recent';

async function loadCheckpoint<S extends z.ZodType>(
  store: CheckpointStore,
  tenantId: string,
  stream: string,
  schema: S,
): Promise<z.infer<S> | undefined> {
  const raw = await store.load(tenantId, stream);
  if (raw === undefined || raw === null) return undefined;
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new TeachbackError(
      'SYNC.CHECKPOINT_INVALID',
      `checkpoint ${stream}: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim(),
      {
        details: { stream },
      },
    );
  }
  return r.data;
}

/**
 * Pulls conversations that had activity since the last run with the details query, one window at
 * a time, and checkpoints each window only after its conversations are written.
 */
export async function syncRecentConversations(
  deps: SyncDeps,
  options: RecentSyncOptions,
): Promise<SyncReport> {
  const report = emptyReport();
  const requestsBefore = deps.client.stats.requests;
  const now = (deps.now ?? (() => new Date()))();
  const overlap = options.overlapMs ?? 10 * 60_000;
  const windowMs = options.windowMs ?? 3_600_000;
  const cp = await loadCheckpoint(deps.checkpoints, options.tenantId, RECENT_STREAM, RecentSyncCheckpoint);
  let hwm = cp ? Date.parse(cp.highWaterMark) : now.getTime() - (options.initialLookbackMs ?? 86_400_000);
  if (hwm > now.getTime()) {
    // A mark from the future (clock skew, hand edit) would skip data forever; re-read instead.
    report.checkpointReset = true;
    deps.onEvent?.({ type: 'checkpoint_reset', reason: 'in_future' });
    hwm = now.getTime();
  }
  const pipeline = new ConversationPipeline(deps, options.tenantId, options, report);
  let start = Math.max(0, hwm - (cp ? overlap : 0));
  const end = now.getTime();
  while (start < end) {
    const windowEnd = Math.min(end, start + windowMs);
    const interval: Interval = { start: new Date(start), end: new Date(windowEnd) };
    let count = 0;
    for await (const page of detailsQueryPages(deps.client, interval, {
      ...(options.resultCap ? { resultCap: options.resultCap } : {}),
    })) {
      report.pages++;
      count += page.conversations.length;
      await pipeline.process(page.conversations);
    }
    report.windows++;
    const checkpoint: RecentSyncCheckpoint = {
      version: 1,
      highWaterMark: interval.end.toISOString(),
      lastRunAt: now.toISOString(),
    };
    await deps.checkpoints.save(options.tenantId, RECENT_STREAM, checkpoint);
    report.highWaterMark = checkpoint.highWaterMark;
    deps.onEvent?.({
      type: 'window_done',
      interval: `${interval.start.toISOString()}/${interval.end.toISOString()}`,
      conversations: count,
    });
    start = windowEnd;
  }
  report.apiRequests = deps.client.stats.requests - requestsBefore;
  return report;
}

// ---- backfill: async details jobs ---------------------------------------------------------------

export const BackfillCheckpoint = z.strictObject({
  version: z.literal(1),
  interval: z.string(),
  jobId: z.string().optional(),
  /** Cursor of the next results page to read. */
  cursor: z.string().optional(),
  done: z.boolean(),
});
export type BackfillCheckpoint = z.infer<typeof BackfillCheckpoint>;

export interface BackfillOptions extends EnrichOptions {
  tenantId: string;
  from: Date;
  to: Date;
  pollIntervalMs?: number;
  pageSize?: number;
}

export const BACKFILL_STREAM = 'genesys:conversations:backfill';

/**
 * Backfills an interval with an async details job. The interval is clipped to the data lake's
 * availability date (jobs see nothing later). Progress (job id + cursor) is checkpointed after each
 * written page, so a restart resumes the same job.
 */
export async function backfillConversations(
  deps: SyncDeps,
  options: BackfillOptions,
): Promise<SyncReport & { availableUntil?: string }> {
  const report = emptyReport();
  const requestsBefore = deps.client.stats.requests;
  if (!(options.to > options.from)) {
    throw new TeachbackError('SYNC.INVALID_INTERVAL', 'backfill: to must be after from', {
      details: { field: 'to' },
    });
  }
  const availability = await deps.client.getDetailsJobsAvailability();
  const available = availability.dataAvailabilityDate
    ? new Date(availability.dataAvailabilityDate)
    : options.to;
  const to = available < options.to ? available : options.to;
  const intervalKey = `${options.from.toISOString()}/${to.toISOString()}`;
  const cp = await loadCheckpoint(deps.checkpoints, options.tenantId, BACKFILL_STREAM, BackfillCheckpoint);
  if (cp?.done && cp.interval === intervalKey) return { ...report, availableUntil: to.toISOString() };
  const resume =
    cp && cp.interval === intervalKey && cp.jobId
      ? { jobId: cp.jobId, ...(cp.cursor ? { cursor: cp.cursor } : {}) }
      : undefined;
  const pipeline = new ConversationPipeline(deps, options.tenantId, options, report);
  const run = async (from: { jobId: string; cursor?: string } | undefined) => {
    for await (const page of detailsJobPages(
      deps.client,
      { start: options.from, end: to },
      {
        ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
        ...(options.pageSize ? { pageSize: options.pageSize } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      },
      from,
    )) {
      report.pages++;
      await pipeline.process(page.conversations);
      const checkpoint: BackfillCheckpoint = {
        version: 1,
        interval: intervalKey,
        jobId: page.jobId,
        ...(page.cursor ? { cursor: page.cursor } : {}),
        done: !page.cursor,
      };
      await deps.checkpoints.save(options.tenantId, BACKFILL_STREAM, checkpoint);
    }
  };
  if (to > options.from) {
    try {
      await run(resume);
    } catch (err) {
      // Jobs expire (results are kept for a limited time): a resumed job that is gone or failed is
      // submitted again. Upserts are idempotent, so re-reading the pages already written is harmless.
      const gone =
        err instanceof ConnectorError &&
        (err.code === 'GENESYS.NOT_FOUND' || err.code === 'GENESYS.JOB_FAILED');
      if (!resume || !gone) throw err;
      deps.onEvent?.({ type: 'job_restarted', reason: err.code });
      await run(undefined);
    }
  }
  report.windows = 1;
  report.apiRequests = deps.client.stats.requests - requestsBefore;
  return { ...report, availableUntil: to.toISOString() };
}
