import { createHash } from 'node:crypto';
import { TeachbackError, type CapabilityGap, type QuarantineSink, type RequestCount } from '@teachback/core';
import { ConnectorError } from '@teachback/connector-kit';
import type { SalesforceClient } from '@teachback/connector-salesforce';
import { describeOrg, objectsToDescribe, planSync, type StreamPlan } from './capabilities';
import type { SalesforceAdapterConfig } from './config';
import type { Mapped, StreamName, StreamSpec } from './mapping';
import { MemoryCallLogs } from './memory';
import type {
  CallLogIndex,
  CheckpointStore,
  DirectorySink,
  InteractionSink,
  SurveySink,
  UpsertOutcome,
} from './ports';
import { fromBulkRow, salesforceDatetime } from './raw';
import { opportunityOf, readOpportunityStages, withOpportunityStage } from './stages';
import { syncSurveys, type SurveySyncReport } from './surveys';
import { fetchTranscripts } from './transcripts';

import { SalesforceCheckpoint } from './checkpoint';
export { SalesforceCheckpoint } from './checkpoint';

export interface SyncDeps {
  client: SalesforceClient;
  checkpoints: CheckpointStore;
  interactions: InteractionSink;
  directory: DirectorySink;
  /** Where every record we cannot take in goes: nothing is skipped silently. */
  quarantine: QuarantineSink;
  /** VoiceCall ↔ call-log Task across runs; a per-run index when absent. */
  callLogs?: CallLogIndex;
  /** Post-call survey answers (Feedback Management) go here; none → surveys are not read. */
  surveys?: SurveySink;
  config: SalesforceAdapterConfig;
  now?: () => Date;
}

export interface StreamReport {
  stream: StreamName;
  mode: 'rest' | 'bulk';
  fetched: number;
  skippedAtHighWater: number;
  outcomes: Record<UpsertOutcome, number>;
  /** Records quarantined: Salesforce id and the field/reason, never the value. */
  rejected: { id: string | undefined; reason: string }[];
  /** Voice calls / messaging sessions that came with their conversation's transcript. */
  transcripts: number;
  checkpointReset: boolean;
  checkpoint: SalesforceCheckpoint;
}

export interface SyncReport {
  streams: StreamReport[];
  /** REST calls plus Bulk API jobs made by this run, as counted by the client. */
  apiCallsMade: number;
  /** Requests against activities (VoiceCall, Task, EmailMessage, MessagingSession, chats) read. */
  requests: RequestCount;
  /** Records (and transcript lines) quarantined by this run. */
  quarantined: number;
  /** Configured but absent in the org (e.g. a member-id field): synced without. */
  missing: CapabilityGap[];
  /** Optional and absent in the org (e.g. LiveChatTranscript): synced without. */
  skipped: CapabilityGap[];
  /**
   * Daily API usage from Salesforce's Sforce-Limit-Info header: just before this run (first answer
   * less our requests until then) and at its last answer. No extra /limits call is made.
   */
  dailyApiUsed?: { before: number; after: number; limit: number };
  /** Feedback Management responses read and saved (absent when surveys were not read). */
  surveys?: SurveySyncReport;
}

const ACTIVITY_STREAMS: ReadonlySet<StreamName> = new Set([
  'Task',
  'VoiceCall',
  'EmailMessage',
  'MessagingSession',
  'LiveChatTranscript',
]);
const CONVERSATIONS: ReadonlySet<StreamName> = new Set(['VoiceCall', 'MessagingSession']);

/** Answers meaning the survey objects cannot be read by this user: the sync goes on without. */
const SURVEYS_UNREADABLE: ReadonlySet<string> = new Set([
  'SALESFORCE.INVALID_TYPE',
  'SALESFORCE.NOT_FOUND',
  'SALESFORCE.FORBIDDEN',
]);

/** Checkpoints a little ahead of our clock are normal skew; this far ahead they are corrupt. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

const soqlDatetime = (iso: string) => new Date(iso).toISOString();

function soqlFor(plan: StreamPlan, highWater: string, order: boolean): string {
  const where = [...plan.filter, `SystemModstamp >= ${soqlDatetime(highWater)}`].join(' AND ');
  return `SELECT ${plan.fields.join(', ')} FROM ${plan.spec.sobject} WHERE ${where}${order ? ' ORDER BY SystemModstamp, Id' : ''}`;
}

/** A record's id and its SystemModstamp as ISO (undefined when Salesforce's value is not a datetime). */
interface Key {
  id: string;
  stamp: string | undefined;
}
const keyOf = (r: Record<string, unknown>): Key => ({
  id: String(r['Id']),
  stamp: typeof r['SystemModstamp'] === 'string' ? salesforceDatetime(r['SystemModstamp']) : undefined,
});

/** Advances the mark over records sorted by (SystemModstamp, Id), each stored or quarantined. */
function advance(cp: SalesforceCheckpoint, records: Key[]): SalesforceCheckpoint {
  let next = cp;
  for (const r of records) {
    if (!r.stamp) continue;
    const stamp = Date.parse(r.stamp);
    const mark = Date.parse(next.highWater);
    if (stamp > mark) next = { highWater: new Date(stamp).toISOString(), idsAtHighWater: [r.id] };
    else if (stamp === mark && !next.idsAtHighWater.includes(r.id)) {
      next = { highWater: next.highWater, idsAtHighWater: [...next.idsAtHighWater, r.id] };
    }
  }
  return next;
}

async function loadCheckpoint(
  deps: SyncDeps,
  spec: StreamSpec,
): Promise<{ cp: SalesforceCheckpoint; fresh: boolean; reset: boolean }> {
  const initial: SalesforceCheckpoint = {
    highWater: new Date(deps.config.startFrom).toISOString(),
    idsAtHighWater: [],
  };
  const raw = await deps.checkpoints.load(deps.config.tenantId, `salesforce:${spec.name}`);
  if (raw === undefined || raw === null) return { cp: initial, fresh: true, reset: false };
  const parsed = SalesforceCheckpoint.safeParse(raw);
  if (!parsed.success) {
    throw new TeachbackError(
      'SYNC.CHECKPOINT_INVALID',
      `Salesforce ${spec.name} checkpoint is not valid; refusing to guess where to resume`,
      { details: { stream: spec.name } },
    );
  }
  const now = (deps.now ?? (() => new Date()))().getTime();
  if (new Date(parsed.data.highWater).getTime() > now + FUTURE_TOLERANCE_MS) {
    // A mark in the future would silently skip everything until then; start over instead.
    // Upserts are idempotent, so re-reading is safe.
    return { cp: initial, fresh: true, reset: true };
  }
  return { cp: parsed.data, fresh: false, reset: false };
}

/** A StreamSpec used directly (tests, one-off pulls) asks for all its fields. */
const asPlan = (p: StreamPlan | StreamSpec, config: SalesforceAdapterConfig): StreamPlan =>
  'spec' in p ? p : { spec: p, fields: p.fields(config), filter: p.filter(config, () => true) };

/** Takes one page of records in: map, add transcripts and call-log links, then store or quarantine each. */
class PageWriter {
  constructor(
    private readonly plan: StreamPlan,
    private readonly deps: SyncDeps,
    private readonly report: StreamReport,
    private readonly transcripts: boolean,
    private readonly callLogs: CallLogIndex,
    private readonly opportunities: boolean,
  ) {}

  async take(records: Record<string, unknown>[]): Promise<void> {
    const { spec } = this.plan;
    const config = this.deps.config;
    const mapped = records.map((r) => ({ key: keyOf(r), m: spec.map(r, config) }));
    if (this.transcripts && CONVERSATIONS.has(spec.name)) await this.addTranscripts(mapped.map((x) => x.m));
    if (this.opportunities)
      await this.addStages(
        records,
        mapped.map((x) => x.m),
      );
    for (const { key, m } of mapped) {
      await this.linkCallLog(m);
      await this.write(m, key);
    }
  }

  private async addTranscripts(mapped: Mapped[]): Promise<void> {
    const conversations = new Map<string, string | undefined>();
    for (const m of mapped) {
      if (m.kind === 'interaction')
        conversations.set(m.interaction.source.externalId, m.interaction.startedAt);
    }
    if (conversations.size === 0) return;
    const batch = await fetchTranscripts(this.deps.client, conversations, this.deps.config.pageSize);
    for (const r of batch.rejected) await this.quarantine('ConversationEntry', r.id, undefined, r.reason);
    for (const m of mapped) {
      const t = m.kind === 'interaction' ? batch.transcripts.get(m.interaction.source.externalId) : undefined;
      if (m.kind === 'interaction' && t) {
        m.interaction = { ...m.interaction, transcript: t };
        this.report.transcripts++;
      }
    }
  }

  /**
   * Calls logged against an Opportunity (Task.WhatId, VoiceCall.RelatedRecordId with prefix 006)
   * get its StageName, mapped to the funnel: one batched read per page (200 ids per IN clause,
   * five queries per `/composite` call).
   */
  private async addStages(records: Record<string, unknown>[], mapped: Mapped[]): Promise<void> {
    const { sobject } = this.plan.spec;
    const ids = records.map((r) => opportunityOf(sobject, r));
    if (!ids.some(Boolean)) return;
    const stages = await readOpportunityStages(
      this.deps.client,
      ids.filter((x): x is string => !!x),
    );
    mapped.forEach((m, i) => {
      const id = ids[i];
      if (m.kind !== 'interaction' || !id) return;
      m.interaction = withOpportunityStage(m.interaction, records[i]!, stages.get(id), this.deps.config);
    });
  }

  /** VoiceCalls name their call-log Task; that Task is then linked to the call, not scored again. */
  private async linkCallLog(m: Mapped): Promise<void> {
    if (m.kind !== 'interaction') return;
    const tenant = this.deps.config.tenantId;
    const i = m.interaction;
    if (i.attributes['sfObject'] === 'VoiceCall') {
      const task = i.links.find((l) => l.platform === 'salesforce')?.externalId;
      if (task) await this.callLogs.put(tenant, task, i.source.externalId);
      return;
    }
    if (i.attributes['sfObject'] !== 'Task') return;
    const voiceCall = await this.callLogs.get(tenant, i.source.externalId);
    if (!voiceCall) return;
    m.interaction = {
      ...i,
      links: [
        ...i.links.filter((l) => l.externalId !== voiceCall),
        { platform: 'salesforce', externalId: voiceCall },
      ],
      attributes: { ...i.attributes, callLogOf: `salesforce:${voiceCall}` },
    };
  }

  private async write(mapped: Mapped, key: Key): Promise<void> {
    const tenant = this.deps.config.tenantId;
    let outcome: UpsertOutcome;
    if (mapped.kind === 'rejected') {
      await this.quarantine(this.plan.spec.sobject, mapped.id, key.stamp, mapped.reason);
      this.report.rejected.push({ id: mapped.id, reason: mapped.reason });
      return;
    }
    if (mapped.kind === 'interaction') {
      outcome = await this.deps.interactions.upsert(
        tenant,
        mapped.interaction,
        contentHash(mapped.interaction),
      );
    } else if (mapped.kind === 'person') {
      outcome = await this.deps.directory.upsertPerson(tenant, mapped.person, contentHash(mapped.person));
    } else {
      outcome = await this.deps.directory.upsertCase(tenant, mapped.record, contentHash(mapped.record));
    }
    this.report.outcomes[outcome]++;
  }

  private async quarantine(kind: string, id: string | undefined, stamp: string | undefined, reason: string) {
    await this.deps.quarantine.add({
      tenantId: this.deps.config.tenantId,
      platform: 'salesforce',
      kind,
      // A record without a usable Id is still kept, by when it changed (no PHI in either).
      ref: id ?? `no-id@${stamp ?? 'unknown'}`,
      reason,
      at: (this.deps.now ?? (() => new Date()))().toISOString(),
    });
  }
}

/**
 * Pulls one stream incrementally. Pages come through REST (checkpoint saved after each page is
 * stored or quarantined); a first sync whose first page says more than `bulkThreshold` records
 * match goes through one Bulk API 2.0 job instead.
 */
export async function syncStream(
  planOrSpec: StreamPlan | StreamSpec,
  deps: SyncDeps,
  opts: { transcripts?: boolean; callLogs?: CallLogIndex; opportunities?: boolean } = {},
): Promise<StreamReport> {
  const plan = asPlan(planOrSpec, deps.config);
  const { spec } = plan;
  const { cp: start, fresh, reset } = await loadCheckpoint(deps, spec);
  const report: StreamReport = {
    stream: spec.name,
    mode: 'rest',
    fetched: 0,
    skippedAtHighWater: 0,
    outcomes: { created: 0, updated: 0, unchanged: 0 },
    rejected: [],
    transcripts: 0,
    checkpointReset: reset,
    checkpoint: start,
  };
  const stream = `salesforce:${spec.name}`;
  const writer = new PageWriter(
    plan,
    deps,
    report,
    !!opts.transcripts,
    opts.callLogs ?? deps.callLogs ?? new MemoryCallLogs(),
    !!opts.opportunities && (spec.name === 'Task' || spec.name === 'VoiceCall'),
  );
  const seen = new Set(start.idsAtHighWater);
  const startMark = Date.parse(start.highWater);
  const alreadyTaken = (k: Key) => !!k.stamp && Date.parse(k.stamp) === startMark && seen.has(k.id);

  let cp = start;
  /** Records of one page, sorted by (SystemModstamp, Id): taken in, then the mark moves over them. */
  const takePage = async (records: Record<string, unknown>[]) => {
    const fresh: Record<string, unknown>[] = [];
    for (const r of records) {
      report.fetched++;
      if (alreadyTaken(keyOf(r))) report.skippedAtHighWater++;
      else fresh.push(r);
    }
    await writer.take(fresh);
    // Saved only after every record of the page is stored or quarantined: a crash re-reads it.
    cp = advance(cp, fresh.map(keyOf));
    await deps.checkpoints.save(deps.config.tenantId, stream, cp);
  };

  let total = 0;
  let toBulk = false;
  for await (const page of deps.client.queryPages(soqlFor(plan, start.highWater, true), {
    batchSize: deps.config.pageSize,
    onTotal: (n) => (total = n),
  })) {
    // The first page tells how many match: a large first sync switches to Bulk API 2.0.
    if (fresh && total > deps.config.bulkThreshold) {
      toBulk = true;
      break;
    }
    await takePage(page as Record<string, unknown>[]);
  }

  if (toBulk) {
    report.mode = 'bulk';
    const rows = (await deps.client.bulkQuery(soqlFor(plan, start.highWater, false))).map(fromBulkRow);
    const keyed = rows.map((r) => ({ r, k: keyOf(r) }));
    keyed.sort(
      (a, b) => Date.parse(a.k.stamp ?? '') - Date.parse(b.k.stamp ?? '') || a.k.id.localeCompare(b.k.id),
    );
    for (let i = 0; i < keyed.length; i += deps.config.pageSize) {
      await takePage(keyed.slice(i, i + deps.config.pageSize).map((x) => x.r));
    }
  }
  report.checkpoint = cp;
  return report;
}

/**
 * Pulls every stream the org has: describe first (objects and fields, two API calls), then
 * people and cases (so activities resolve to them), VoiceCalls before Tasks (so a call's log
 * Task is linked to it), the rest after.
 */
export async function syncSalesforce(deps: SyncDeps): Promise<SyncReport> {
  const callsBefore = deps.client.apiCalls;
  const planOpts = { surveys: !!deps.surveys };
  const org = await describeOrg(deps.client, objectsToDescribe(deps.config, planOpts));
  // The org's count just before this run: its answer to the describe, less the describe itself.
  const described = deps.client.apiCalls - callsBefore;
  const first = deps.client.dailyApiUsage;
  const plan = planSync(deps.config, org, planOpts);
  const callLogs = deps.callLogs ?? new MemoryCallLogs();
  const streams: StreamReport[] = [];
  for (const p of plan.streams) {
    streams.push(
      await syncStream(p, deps, {
        transcripts: plan.transcripts,
        callLogs,
        opportunities: plan.opportunities,
      }),
    );
  }
  // After the activities, so the calls the surveys are about are stored.
  let surveys: SurveySyncReport | undefined;
  if (plan.surveys && deps.surveys) {
    try {
      const task = plan.streams.find((p) => p.spec.name === 'Task');
      surveys = await syncSurveys({
        ...deps,
        surveys: deps.surveys,
        callLogs,
        taskKeyFields: task ? task.fields.filter((f) => deps.config.callKeyFields.Task.includes(f)) : [],
      });
    } catch (err) {
      // Objects described but not queryable for this user: skipped like a missing permission.
      if (!(err instanceof ConnectorError && SURVEYS_UNREADABLE.has(err.code))) throw err;
      plan.skipped.push({ what: 'SurveyResponse', why: `${err.code}: synced without post-call surveys` });
    }
  }
  const last = deps.client.dailyApiUsage;
  const apiCallsMade = deps.client.apiCalls - callsBefore;
  return {
    streams,
    apiCallsMade,
    requests: {
      requests: apiCallsMade,
      // Records re-read at the high-water mark are not new activities.
      interactions: streams
        .filter((s) => ACTIVITY_STREAMS.has(s.stream))
        .reduce((n, s) => n + s.fetched - s.skippedAtHighWater, 0),
    },
    quarantined:
      streams.reduce((n, s) => n + s.rejected.length, 0) +
      (surveys ? surveys.notStored + surveys.quarantined : 0),
    missing: plan.missing,
    skipped: plan.skipped,
    ...(surveys ? { surveys } : {}),
    ...(first && last
      ? { dailyApiUsed: { before: first.used - described, after: last.used, limit: last.limit } }
      : {}),
  };
}
