import { z } from 'zod';
import {
  TeachbackError,
  type CapabilityGap,
  type InteractionInput,
  type QuarantineSink,
  type RequestCount,
  type Transcript,
} from '@teachback/core';
import { ConnectorError } from '@teachback/connector-kit';
import {
  GENESYS_LIMITS,
  RawConversation,
  RawSurvey,
  RawSurveyForm,
  conversationDrift,
  detailsJobPages,
  detailsQueryPages,
  parseRaw,
  type GenesysClient,
  type Interval,
  type Models,
} from '@teachback/connector-genesys';
import { SyncCapabilities, isPermissionMissing, syncCapabilities, type SyncFeatures } from './capabilities';
import {
  conversationToInteraction,
  customerSession,
  emailTranscript,
  finalizeInteraction,
  messagesTranscript,
  recordingRefs,
  recordingTranscript,
  sessionRecorded,
  staTranscript,
} from './mapping';
import { completedSurveyIds, surveyResponseFrom, type CallTypeMap } from './contact-center';
import type {
  CheckpointStore,
  InteractionSink,
  RecordingTranscriber,
  SurveySink,
  UpsertOutcome,
} from './ports';

/** Emitted for operators: counts and codes only, never conversation content. */
export type SyncEvent =
  | { type: 'malformed_conversation'; index: number; reason: string }
  | { type: 'quarantined'; ref: string; reason: string }
  | { type: 'capability_skipped'; what: string; why: string }
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
  /**
   * Where conversations we cannot parse or map are kept, with the reason. Without one, such a
   * conversation fails the window (its checkpoint is not saved): nothing is ever skipped silently.
   */
  quarantine?: QuarantineSink;
  /** Audio of voice calls without a platform transcript goes here. Without it they are stored untranscribed. */
  transcription?: RecordingTranscriber;
  /** Finished post-call surveys of synced conversations go here. Without it no survey is read. */
  surveys?: SurveySink;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  onEvent?: (e: SyncEvent) => void;
}

export interface EnrichOptions {
  /**
   * 'always' lists every voice call's recordings (one request each, for recording refs). By
   * default none are listed: calls without an STA transcript go through the batch request.
   */
  listRecordings?: 'untranscribed' | 'always';
  /** Empty 202s (still transcoding) tolerated per conversation before giving up for this run. */
  transcodingRetries?: number;
  transcodingRetryMs?: number;
  batchPollMs?: number;
  batchMaxPolls?: number;
  concurrency?: number;
  /** The tenant's wrap-up code / queue → call type mapping (sets Interaction.callType). */
  callTypes?: CallTypeMap;
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
  /** Post-call survey responses saved. */
  surveys: number;
  recordings: { transcoding202: number; archived: number; batchRequested: number; batchFailed: number };
  apiRequests: number;
  /** Conversations quarantined (kind `conversation`) instead of stored. */
  quarantined: number;
  /** API requests and the conversations they brought in, for requests per 1,000. */
  requests: RequestCount;
  /** Optional capabilities the org lacks, synced without (and why). */
  skippedCapabilities: CapabilityGap[];
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
  surveys: 0,
  recordings: { transcoding202: 0, archived: 0, batchRequested: 0, batchFailed: 0 },
  apiRequests: 0,
  quarantined: 0,
  requests: { requests: 0, interactions: 0 },
  skippedCapabilities: [],
});

function finishReport<R extends SyncReport>(report: R, requests: number, caps: SyncCapabilities): R {
  report.apiRequests = requests;
  report.requests = { requests, interactions: report.processed + report.quarantined };
  report.skippedCapabilities = [...caps.skipped];
  return report;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Pending {
  input: InteractionInput;
  /** Voice without a platform transcript: its recordings go into one batch download request. */
  batch?: { conversationId: string };
  /** Finished surveys the details name, read after the interaction is stored. */
  surveyIds: string[];
}

/** A conversation id we can name in the quarantine without trusting the rest of the record. */
function refOf(raw: unknown, index: number, page: number): string {
  const id =
    raw && typeof raw === 'object' ? (raw as { conversationId?: unknown }).conversationId : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : `page-${page}#${index}`;
}

/** First zod issue as `path: message` (names the field, never echoes the value). */
function zodReason(err: unknown, prefix: string): string | undefined {
  const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  const i = issues[0]!;
  return `${prefix}${i.path.map(String).join('.') || '(root)'}: ${i.message}`;
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
  private readonly surveyForms = new Map<string, RawSurveyForm>();
  private readonly sleep: (ms: number) => Promise<void>;
  private pages = 0;

  constructor(
    private readonly deps: SyncDeps,
    private readonly tenantId: string,
    private readonly options: EnrichOptions,
    readonly report: SyncReport,
    private readonly caps: SyncCapabilities,
  ) {
    this.sleep = deps.sleep ?? realSleep;
  }

  private get features(): SyncFeatures {
    return this.caps.features;
  }

  /** Keeps a conversation we cannot take in, with its reason; fails the window when there is no sink. */
  private async quarantine(ref: string, reason: string): Promise<void> {
    if (!this.deps.quarantine) {
      throw new TeachbackError('SYNC.UNREADABLE_RECORD', `conversation ${ref}: ${reason}`, {
        details: { platform: 'genesys', ref },
      });
    }
    await this.deps.quarantine.add({
      tenantId: this.tenantId,
      platform: 'genesys',
      kind: 'conversation',
      ref,
      reason,
      at: (this.deps.now ?? (() => new Date()))().toISOString(),
    });
    this.report.quarantined++;
    this.deps.onEvent?.({ type: 'quarantined', ref, reason });
  }

  /** An optional source the org turned out not to have: off for the rest of the run, reported once. */
  private turnOff(feature: keyof SyncFeatures, err: ConnectorError, permission: string, without: string) {
    if (!this.features[feature]) return;
    const gap = { what: permission, why: `${err.code}: ${without}` };
    this.caps.turnOff(feature, gap);
    this.deps.onEvent?.({ type: 'capability_skipped', ...gap });
  }

  async process(raws: readonly unknown[]): Promise<void> {
    const ready: RawConversation[] = [];
    const page = ++this.pages;
    const rejected: { ref: string; reason: string }[] = [];
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
        const reason = err instanceof Error ? err.message : 'invalid';
        this.deps.onEvent?.({ type: 'malformed_conversation', index, reason });
        rejected.push({ ref: refOf(raw, index, page), reason });
        return;
      }
      // Still running: its end is unknown. It overlaps every later window until it ends, so the
      // next run (which starts before this window's end) reads it again: not a loss.
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
    for (const r of rejected) await this.quarantine(r.ref, r.reason);
    const pending = await mapLimit(ready, this.options.concurrency ?? 4, (c) => this.enrich(c));
    const kept = pending.filter((p): p is Pending => p !== undefined);
    await this.transcribeBatches(kept);
    for (const p of kept) {
      let finalized: ReturnType<typeof finalizeInteraction>;
      try {
        finalized = finalizeInteraction(p.input);
      } catch (err) {
        const reason = zodReason(err, 'interaction.');
        if (!reason) throw err;
        // Genesys sent something our model cannot hold (say, an end before the start): kept aside.
        await this.quarantine(p.input.source.externalId, reason);
        continue;
      }
      if (!p.input.transcript) this.report.transcripts.none++;
      const outcome: UpsertOutcome = await this.deps.sink.upsert(
        this.tenantId,
        finalized.interaction,
        finalized.hash,
      );
      this.report[outcome]++;
      this.report.processed++;
      if (p.surveyIds.length > 0) await this.syncSurveys(p.input.source.externalId, p.surveyIds);
    }
  }

  /** Reads each finished survey and its form (once per run), maps and saves the answers. */
  private async syncSurveys(conversationId: string, surveyIds: readonly string[]): Promise<void> {
    const sink = this.deps.surveys;
    if (!sink || !this.features.surveys) return;
    for (const id of surveyIds) {
      try {
        const survey = parseRaw(RawSurvey, await this.deps.client.getSurvey(id), 'survey');
        const formId = survey.surveyForm?.id;
        if (!formId) continue;
        let form = this.surveyForms.get(formId);
        if (!form) {
          form = parseRaw(RawSurveyForm, await this.deps.client.getSurveyForm(formId), 'surveyForm');
          this.surveyForms.set(formId, form);
        }
        const response = surveyResponseFrom(conversationId, survey, form);
        if (response) {
          await sink.save(this.tenantId, response);
          this.report.surveys++;
        }
      } catch (err) {
        if (isPermissionMissing(err)) {
          this.turnOff('surveys', err, 'quality:survey:view', 'synced without post-call surveys');
          return;
        }
        // A survey deleted since the details were computed: nothing to read.
        if (err instanceof ConnectorError && err.status === 404) continue;
        throw err;
      }
    }
  }

  private async enrich(c: RawConversation): Promise<Pending | undefined> {
    const input = conversationToInteraction(
      this.tenantId,
      c,
      this.options.callTypes ? { callTypes: this.options.callTypes } : {},
    );
    if (!input) {
      this.report.skipped.unsupportedMedia++;
      return undefined;
    }
    const surveyIds = this.deps.surveys ? completedSurveyIds(c) : [];
    const customer = customerSession(c)?.session;
    // The details say whether anything was recorded; no call is spent asking what they answer.
    const recorded = sessionRecorded(c);
    if (input.channel === 'voice') {
      if (this.features.staTranscripts && customer?.sessionId && recorded !== false) {
        const transcript = await this.staTranscript(c.conversationId, customer.sessionId);
        if (transcript) {
          input.transcript = transcript;
          this.report.transcripts.sta++;
        }
      }
      if (this.options.listRecordings === 'always' && this.features.recordings) {
        const recordings = await this.recordings(c.conversationId);
        input.recordings = recordingRefs(recordings);
        if (recordings.some((r) => !r.sessionId) && !recordings.some((r) => r.sessionId)) {
          this.report.recordings.archived++;
          input.attributes = { ...input.attributes, recordingState: 'archived' };
          this.deps.onEvent?.({
            type: 'recording_unavailable',
            conversationId: c.conversationId,
            reason: 'archived',
          });
        }
      }
      // No per-call recordings list: the batch request takes the conversation id alone and its
      // results name the recording, so untranscribed calls cost a share of one request per 100.
      if (!input.transcript && recorded !== false && this.features.recordings && this.deps.transcription) {
        return { input, batch: { conversationId: c.conversationId }, surveyIds };
      }
      return { input, surveyIds };
    }
    if (this.features.recordings && recorded !== false) {
      const recordings = await this.guard('recordings', () => this.recordings(c.conversationId));
      const fromRecording = recordingTranscript(recordings ?? [], input.startedAt);
      if (fromRecording) {
        input.transcript = fromRecording;
        this.report.transcripts.recording++;
        return { input, surveyIds };
      }
    }
    if (!this.features.bodies) return { input, surveyIds };
    const transcript = await this.guard('bodies', () => this.bodies(c.conversationId, input));
    if (transcript) {
      input.transcript = transcript;
      this.report.transcripts[input.channel === 'email' ? 'email' : 'messages']++;
    }
    return { input, surveyIds };
  }

  /** Runs a call of an optional source; a 403 turns that source off for the run instead of failing. */
  private async guard<T>(feature: 'recordings' | 'bodies', call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (err) {
      if (!isPermissionMissing(err)) throw err;
      const [permission, without] =
        feature === 'recordings'
          ? ['recording:recording:view', 'recordings and chat/messaging transcripts skipped']
          : ['conversation:message:view', 'message and email bodies skipped'];
      this.turnOff(feature, err, permission, without);
      return undefined;
    }
  }

  /** Message or email bodies of a digital conversation that the recordings API did not carry. */
  private async bodies(conversationId: string, input: InteractionInput): Promise<Transcript | undefined> {
    const client = this.deps.client;
    if (input.channel === 'sms' || input.channel === 'messaging') {
      const conv = await client.getMessageConversation(conversationId);
      const ids = (conv.participants ?? [])
        .flatMap((p) => (p.messages ?? []).map((m) => m.messageId ?? ''))
        .filter(Boolean);
      const bodies: Models.MessageData[] = [];
      for (let i = 0; i < ids.length; i += GENESYS_LIMITS.messagesBulkMaxIds) {
        const res = await client.getMessagesBulk(
          conversationId,
          ids.slice(i, i + GENESYS_LIMITS.messagesBulkMaxIds),
        );
        bodies.push(...(res.entities ?? []));
      }
      return messagesTranscript(bodies, input.startedAt);
    }
    if (input.channel === 'email') {
      const previews = await client.getEmailMessages(conversationId);
      const messages: Models.EmailMessage[] = [];
      for (const p of previews.entities ?? []) {
        if (p.id) messages.push(await client.getEmailMessage(conversationId, p.id));
      }
      const customers = new Set((input.contact?.emails ?? []).map((e) => e.toLowerCase()));
      return emailTranscript(messages, input.startedAt, customers);
    }
    return undefined;
  }

  private async staTranscript(
    conversationId: string,
    communicationId: string,
  ): Promise<Transcript | undefined> {
    let url: string | undefined;
    try {
      url = await this.deps.client.getTranscriptUrl(conversationId, communicationId);
    } catch (err) {
      if (!isPermissionMissing(err)) throw err;
      this.turnOff(
        'staTranscripts',
        err,
        'speechAndTextAnalytics:transcript:view',
        'STA transcripts skipped; voice calls are transcribed from their recordings',
      );
      return undefined;
    }
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
    for (
      let i = 0;
      i < wanted.length && this.features.recordings;
      i += GENESYS_LIMITS.batchDownloadMaxItems
    ) {
      const chunk = wanted.slice(i, i + GENESYS_LIMITS.batchDownloadMaxItems);
      const status = await this.guard('recordings', () => this.runBatch(chunk));
      if (!status) return;
      // One conversation may have several recordings (a transfer can add one): the first audio wins.
      const byConversation = new Map<string, Models.BatchDownloadJobResult[]>();
      for (const r of status.results ?? []) {
        const list = byConversation.get(r.conversationId ?? '') ?? [];
        list.push(r);
        byConversation.set(r.conversationId ?? '', list);
      }
      await mapLimit(chunk, this.options.concurrency ?? 4, async (p) => {
        const conversationId = p.batch!.conversationId;
        const results = byConversation.get(conversationId) ?? [];
        const r = results.find((x) => x.resultUrl);
        if (!r?.resultUrl) {
          // Assumed wording: Genesys' batch error message names archived media.
          const archived = results.some((x) => /archiv/i.test(x.errorMsg ?? ''));
          if (archived) {
            this.report.recordings.archived++;
            p.input.attributes = { ...p.input.attributes, recordingState: 'archived' };
          } else this.report.recordings.batchFailed++;
          this.deps.onEvent?.({
            type: 'recording_unavailable',
            conversationId,
            reason: archived ? 'archived' : 'batch_error',
          });
          return;
        }
        if (r.recordingId) {
          p.input.recordings = [{ id: r.recordingId, mediaType: 'audio', channels: 2, customerChannel: 0 }];
        }
        const audio = await this.deps.client.download(r.resultUrl, 'recording');
        const transcript = await port.transcribe(audio, {
          tenantId: this.tenantId,
          conversationId,
          ...(r.recordingId ? { recordingId: r.recordingId } : {}),
          ...(r.contentType ? { contentType: r.contentType } : {}),
          customerChannel: 0,
        });
        p.input.transcript = transcript;
        this.report.transcripts.asr++;
      });
    }
  }

  /** One batch download request for up to 100 conversations, polled until every result is in. */
  private async runBatch(chunk: Pending[]): Promise<Models.BatchDownloadJobStatusResult> {
    const client = this.deps.client;
    this.report.recordings.batchRequested += chunk.length;
    const jobId = await client.createRecordingBatch(chunk.map((p) => p.batch!));
    let status: Models.BatchDownloadJobStatusResult = {};
    for (let poll = 0; poll < (this.options.batchMaxPolls ?? 60); poll++) {
      // Genesys needs a moment to gather the files; asking at once only spends a request.
      await this.sleep(this.options.batchPollMs ?? 5000);
      status = await client.getRecordingBatch(jobId);
      const expected = status.expectedResultCount ?? chunk.length;
      if ((status.resultCount ?? 0) >= expected) break;
    }
    return status;
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
  const caps = await syncCapabilities(deps.client);
  for (const g of caps.skipped) deps.onEvent?.({ type: 'capability_skipped', ...g });
  const pipeline = new ConversationPipeline(deps, options.tenantId, options, report, caps);
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
  return finishReport(report, deps.client.stats.requests - requestsBefore, caps);
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
  if (cp?.done && cp.interval === intervalKey) {
    report.apiRequests = deps.client.stats.requests - requestsBefore;
    report.requests = { requests: report.apiRequests, interactions: 0 };
    return { ...report, availableUntil: to.toISOString() };
  }
  const resume =
    cp && cp.interval === intervalKey && cp.jobId
      ? { jobId: cp.jobId, ...(cp.cursor ? { cursor: cp.cursor } : {}) }
      : undefined;
  const caps = await syncCapabilities(deps.client);
  for (const g of caps.skipped) deps.onEvent?.({ type: 'capability_skipped', ...g });
  const pipeline = new ConversationPipeline(deps, options.tenantId, options, report, caps);
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
  return {
    ...finishReport(report, deps.client.stats.requests - requestsBefore, caps),
    availableUntil: to.toISOString(),
  };
}
