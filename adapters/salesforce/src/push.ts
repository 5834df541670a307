import { createHash } from 'node:crypto';
import {
  maskSummaryIdentifiers,
  type CallSummary,
  type CoachingNote,
  type Escalation,
  type Interaction,
  type Scorecard,
} from '@teachback/core';
import { ConnectorError } from '@teachback/connector-kit';
import {
  recordError,
  type CompositeSubrequest,
  type SalesforceClient,
  type UpsertOutcome as RecordOutcome,
} from '@teachback/connector-salesforce';
import type { SalesforceAdapterConfig } from './config';
import { queryMany, soqlString } from './soql';
import type { PushReceipt, PushReceipts, SalesforcePerson } from './ports';
import { contentHash } from './sync';

export const SCORE_OBJECT = 'Teachback_Interaction_Score__c';
export const SCORE_EXTERNAL_ID = 'External_Id__c';
export const TASK_EXTERNAL_ID = 'Teachback_External_Id__c';

/** One scored interaction to write back to Salesforce. */
export interface ScoreToPush {
  interaction: Interaction;
  scorecard: Scorecard;
  escalations?: Escalation[];
  coaching?: CoachingNote[];
  /** Salesforce records to link when known beyond the interaction itself (e.g. from the timeline). */
  links?: { contactId?: string; accountId?: string; voiceCallId?: string; caseId?: string };
  /**
   * Per-interaction outcomes computed elsewhere (core/src/metrics, surveys). Each goes to its score
   * field when given; an absent one is not written, so unknown never reads as 0 or "no".
   */
  outcomes?: { csat?: number; nps?: number; firstContactResolved?: boolean };
}

export interface PushDeps {
  client: SalesforceClient;
  outbox: PushReceipts;
  config: SalesforceAdapterConfig;
  now?: () => Date;
}

export interface PushReport {
  scores: { created: number; updated: number; unchanged: number; failed: { key: string; code: string }[] };
  tasks: {
    created: number;
    updated: number;
    skipped: { key: string; reason: string }[];
    failed: { key: string; code: string }[];
  };
  apiCallsMade: number;
}

const cap = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

/**
 * The Contact / Person Account lookups for a score, from the person the timeline resolved the
 * interaction to (a Genesys or Five9 call carries no Salesforce id of its own).
 */
export function linksForPerson(person: SalesforcePerson): NonNullable<ScoreToPush['links']> {
  return { contactId: person.contactId, ...(person.accountId ? { accountId: person.accountId } : {}) };
}

/** Stable per interaction, ≤ 255 characters (the external id field's length). */
export function scoreExternalId(tenantId: string, interaction: Interaction): string {
  const key = `tb:${tenantId}:${interaction.source.platform}:${interaction.source.externalId}`;
  return key.length <= 200 ? key : `tb:${createHash('sha256').update(key).digest('hex')}`;
}

function salesforceLinks(item: ScoreToPush) {
  const i = item.interaction;
  const refs = [i.source, ...i.links].filter((r) => r.platform === 'salesforce').map((r) => r.externalId);
  const crm = i.contact?.crmId;
  return {
    contactId: item.links?.contactId ?? (crm?.startsWith('003') ? crm : undefined),
    accountId: item.links?.accountId ?? (crm?.startsWith('001') ? crm : undefined),
    voiceCallId: item.links?.voiceCallId ?? refs.find((id) => id.startsWith('0LQ')),
    caseId: item.links?.caseId ?? i.attributes['caseId'],
  };
}

/**
 * The score record: numbers, flags, criterion names and links. No transcript text and no
 * evidence quotes: Salesforce users see what was missed, Teachback holds why.
 */
export function toScoreRecord(item: ScoreToPush, now: Date): Record<string, unknown> {
  const { scorecard: sc, interaction: i } = item;
  const links = salesforceLinks(item);
  const missed = sc.findings.filter((f) => f.status === 'missed');
  const escalationTypes = [...new Set((item.escalations ?? []).map((e) => e.type))];
  return {
    Score__c: Math.round(sc.score * 100) / 100,
    Compliance_Pass__c: sc.compliant,
    Escalation__c: escalationTypes.length > 0,
    Escalation_Type__c: escalationTypes.length ? escalationTypes.join(';') : null,
    Missed_Criteria__c: missed.length
      ? cap(missed.map((f) => `${f.criterionId}: ${f.title}`).join('\n'), 32_000)
      : null,
    Needs_Review__c: sc.needsReview,
    Playbook__c: sc.playbook.id,
    Playbook_Version__c: sc.playbook.version,
    Scored_At__c: sc.scoredAt ?? now.toISOString(),
    Interaction_Start__c: i.startedAt ?? null,
    Channel__c: i.channel,
    Source_Platform__c: i.source.platform,
    Source_Interaction_Id__c: i.source.externalId,
    Contact__c: links.contactId ?? null,
    Account__c: links.accountId ?? null,
    Voice_Call__c: links.voiceCallId ?? null,
    Case__c: links.caseId ?? null,
    ...contactCenterFields(item),
  };
}

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms / 1000));
const yesNo = (b: boolean | undefined) => (b === undefined ? undefined : b ? 'yes' : 'no');

/**
 * Contact-center facts, call type, stage and survey/FCR outcomes as score fields. Only known
 * values are written: the record carries no field for a fact the platform did not report.
 */
export function contactCenterFields(item: ScoreToPush): Record<string, string | number> {
  const cc = item.interaction.contactCenter ?? {};
  const o = item.outcomes ?? {};
  const fields: Record<string, string | number | undefined> = {
    Wait_Seconds__c: seconds(cc.waitMs),
    Handle_Seconds__c: seconds(cc.handleMs),
    Hold_Seconds__c: seconds(cc.holdMs),
    Transfers__c: cc.transfers,
    Abandoned__c: yesNo(cc.abandoned),
    Call_Type__c: item.interaction.callType,
    Stage__c: cc.stage,
    CSAT__c: o.csat === undefined ? undefined : Math.round(o.csat * 100) / 100,
    NPS__c: o.nps,
    First_Contact_Resolved__c: yesNo(o.firstContactResolved),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<
    string,
    string | number
  >;
}

/** Coaching notes that ask something of the agent (strengths do not). */
function notesToReview(item: { coaching?: CoachingNote[] }): CoachingNote[] {
  return (item.coaching ?? []).filter((n) => n.kind !== 'strength');
}

/** Which Salesforce user owns the agent's coaching task, or why there is none. */
export function coachingOwner(
  interaction: Interaction,
  config: SalesforceAdapterConfig,
): { ownerId: string } | { reason: string } {
  for (const p of interaction.participants) {
    if (p.role !== 'agent' || !p.userId) continue;
    const mapped = config.agentUserMap[`${interaction.source.platform}:${p.userId}`];
    if (mapped) return { ownerId: mapped };
    if (interaction.source.platform === 'salesforce' && p.userId.startsWith('005'))
      return { ownerId: p.userId };
  }
  return config.defaultCoachingOwnerId
    ? { ownerId: config.defaultCoachingOwnerId }
    : { reason: 'no-user-mapping' };
}

export function toCoachingTask(
  item: ScoreToPush,
  ownerId: string,
  config: SalesforceAdapterConfig,
  now: Date,
): Record<string, unknown> | undefined {
  const missed = item.scorecard.findings.filter((f) => f.status === 'missed');
  const notes = notesToReview(item);
  // A call that only went well opens no task; its strengths ride along when there is one.
  if (missed.length === 0 && notes.length === 0) return undefined;
  const strengths = (item.coaching ?? []).filter((n) => n.kind === 'strength').map((n) => n.text);
  const scoredAt = new Date(item.scorecard.scoredAt ?? now.toISOString());
  const due = new Date(scoredAt.getTime() + config.coachingDueDays * 86_400_000).toISOString().slice(0, 10);
  const lines = notes.length ? notes.map((n) => n.text) : missed.map((f) => `Review: ${f.title}`);
  return {
    Subject: cap(`Teachback coaching: ${Math.max(missed.length, notes.length)} item(s) to review`, 255),
    Description: cap([...lines, ...strengths].join('\n'), 32_000),
    OwnerId: ownerId,
    ActivityDate: due,
    Status: 'Not Started',
    Priority: (item.escalations ?? []).length > 0 || !item.scorecard.compliant ? 'High' : 'Normal',
    TaskSubtype: 'Task',
  };
}

interface Planned {
  key: string;
  taskKey: string;
  score: Record<string, unknown>;
  task?: Record<string, unknown>;
  taskSkip?: string;
  fingerprint: string;
  prior?: PushReceipt;
}

/**
 * Upserts score records and coaching tasks by external id, so a replay creates nothing. A few
 * items go through `/composite` (score, task and the task id back on the score in one call);
 * larger batches through sObject collections, 200 per call, and batches above `bulkThreshold`
 * (re-scoring backfills) through Bulk API 2.0 upsert jobs. The outbox skips items already pushed
 * with the same content.
 */
export async function pushScores(
  items: readonly ScoreToPush[],
  deps: PushDeps,
  options: { mode?: 'auto' | 'composite' | 'collections' } = {},
): Promise<PushReport> {
  const now = (deps.now ?? (() => new Date()))();
  const callsBefore = deps.client.apiCalls;
  const report: PushReport = {
    scores: { created: 0, updated: 0, unchanged: 0, failed: [] },
    tasks: { created: 0, updated: 0, skipped: [], failed: [] },
    apiCallsMade: 0,
  };
  const plans: Planned[] = [];
  for (const item of items) {
    const key = scoreExternalId(deps.config.tenantId, item.interaction);
    const score = toScoreRecord(item, now);
    const owner = coachingOwner(item.interaction, deps.config);
    const task = 'ownerId' in owner ? toCoachingTask(item, owner.ownerId, deps.config, now) : undefined;
    const taskSkip =
      'reason' in owner &&
      (notesToReview(item).length || item.scorecard.findings.some((f) => f.status === 'missed'))
        ? owner.reason
        : undefined;
    const fingerprint = contentHash({ score, task });
    const prior = await deps.outbox.get(key);
    if (prior?.status === 'done' && prior.fingerprint === fingerprint) {
      report.scores.unchanged++;
      continue;
    }
    plans.push({
      key,
      taskKey: `${key}:coaching`,
      score,
      ...(task ? { task } : {}),
      ...(taskSkip ? { taskSkip } : {}),
      fingerprint,
      ...(prior ? { prior } : {}),
    });
  }
  for (const p of plans) if (p.taskSkip) report.tasks.skipped.push({ key: p.key, reason: p.taskSkip });

  const mode =
    options.mode === 'auto' || !options.mode
      ? plans.length <= 5
        ? 'composite'
        : 'collections'
      : options.mode;
  if (mode === 'composite') {
    for (const p of plans) await pushOne(p, deps, report);
  } else {
    await pushBatch(plans, deps, report);
  }
  report.apiCallsMade = deps.client.apiCalls - callsBefore;
  return report;
}

async function record(
  deps: PushDeps,
  p: Planned,
  status: PushReceipt['status'],
  extra: Partial<PushReceipt>,
): Promise<void> {
  await deps.outbox.put({
    key: p.key,
    kind: 'score',
    status,
    fingerprint: p.fingerprint,
    attempts: (p.prior?.attempts ?? 0) + 1,
    updatedAt: new Date().toISOString(),
    ...extra,
  });
}

function countTask(created: boolean | undefined, report: PushReport) {
  if (created) report.tasks.created++;
  else report.tasks.updated++;
}

async function pushOne(p: Planned, deps: PushDeps, report: PushReport): Promise<void> {
  const path = (object: string, field: string, key: string) =>
    `/sobjects/${object}/${field}/${encodeURIComponent(key)}`;
  const subs: CompositeSubrequest[] = [
    {
      method: 'PATCH',
      url: path(SCORE_OBJECT, SCORE_EXTERNAL_ID, p.key),
      referenceId: 'score',
      body: p.score,
    },
  ];
  if (p.task) {
    subs.push({
      method: 'PATCH',
      url: path('Task', TASK_EXTERNAL_ID, p.taskKey),
      referenceId: 'task',
      body: { ...p.task, WhatId: '@{score.id}' },
    });
    subs.push({
      method: 'PATCH',
      url: path(SCORE_OBJECT, SCORE_EXTERNAL_ID, p.key),
      referenceId: 'link',
      body: { Coaching_Task_Id__c: '@{task.id}' },
    });
  }
  try {
    const res = await deps.client.composite(subs, { allOrNone: true });
    const failed = res.find((r) => r.httpStatusCode >= 400);
    if (failed) {
      const sfCode = Array.isArray(failed.body)
        ? String((failed.body[0] as { errorCode?: string } | undefined)?.errorCode ?? 'UNKNOWN')
        : 'UNKNOWN';
      const code = recordError(sfCode).code;
      report.scores.failed.push({ key: p.key, code });
      await record(deps, p, 'failed', { lastErrorCode: code });
      return;
    }
    const score = res[0]!;
    const body = score.body as { id?: string; created?: boolean };
    if (body.created) report.scores.created++;
    else report.scores.updated++;
    if (p.task) countTask((res[1]!.body as { created?: boolean }).created, report);
    await record(deps, p, 'done', { ...(body.id ? { externalId: body.id } : {}) });
  } catch (err) {
    const code = err instanceof ConnectorError ? err.code : 'SALESFORCE.UNEXPECTED';
    report.scores.failed.push({ key: p.key, code });
    await record(deps, p, 'failed', { lastErrorCode: code });
  }
}

/** Collections (200 per call) normally; one Bulk API 2.0 job for re-scoring backfills. */
async function upsertMany(
  deps: PushDeps,
  sobject: string,
  externalIdField: string,
  records: Record<string, unknown>[],
): Promise<RecordOutcome[]> {
  if (records.length > deps.config.bulkThreshold) {
    return (await deps.client.bulkUpsert(sobject, externalIdField, records)).outcomes;
  }
  return deps.client.upsertRecords(sobject, externalIdField, records);
}

async function pushBatch(plans: Planned[], deps: PushDeps, report: PushReport): Promise<void> {
  if (plans.length === 0) return;
  const scores = await upsertMany(
    deps,
    SCORE_OBJECT,
    SCORE_EXTERNAL_ID,
    plans.map((p) => ({ [SCORE_EXTERNAL_ID]: p.key, ...p.score })),
  );
  const ok: { plan: Planned; id: string }[] = [];
  for (const outcome of scores) {
    const p = plans[outcome.index]!;
    if (outcome.error || !outcome.id) {
      const code = outcome.error?.code ?? 'SALESFORCE.RECORD_ERROR';
      report.scores.failed.push({ key: p.key, code });
      await record(deps, p, 'failed', { lastErrorCode: code });
      continue;
    }
    if (outcome.created) report.scores.created++;
    else report.scores.updated++;
    ok.push({ plan: p, id: outcome.id });
  }
  const withTasks = ok.filter((o) => o.plan.task);
  const taskOutcomes: RecordOutcome[] = withTasks.length
    ? await upsertMany(
        deps,
        'Task',
        TASK_EXTERNAL_ID,
        withTasks.map((o) => ({ [TASK_EXTERNAL_ID]: o.plan.taskKey, ...o.plan.task, WhatId: o.id })),
      )
    : [];
  const taskIds = new Map<string, string>();
  for (const outcome of taskOutcomes) {
    const o = withTasks[outcome.index]!;
    if (outcome.error || !outcome.id) {
      report.tasks.failed.push({ key: o.plan.key, code: outcome.error?.code ?? 'SALESFORCE.RECORD_ERROR' });
      continue;
    }
    countTask(outcome.created, report);
    taskIds.set(o.plan.key, outcome.id);
  }
  if (taskIds.size) {
    await upsertMany(
      deps,
      SCORE_OBJECT,
      SCORE_EXTERNAL_ID,
      [...taskIds].map(([key, id]) => ({ [SCORE_EXTERNAL_ID]: key, Coaching_Task_Id__c: id })),
    );
  }
  for (const o of ok) {
    const taskFailed = report.tasks.failed.some((f) => f.key === o.plan.key);
    await record(deps, o.plan, taskFailed ? 'failed' : 'done', {
      externalId: o.id,
      ...(taskFailed ? { lastErrorCode: 'SALESFORCE.TASK_FAILED' } : {}),
    });
  }
}

// ---- post-call summary ------------------------------------------------------------------------

/** Marks Teachback's part of a Task description, so a new summary replaces ours and keeps the agent's notes. */
export const SUMMARY_MARKER = '--- Teachback summary ---';
const TASK_DESCRIPTION_MAX = 32_000;

/** The Task that logs this call: the interaction itself, or the call-log Task it links to. */
export function summaryTaskId(interaction: Interaction): string | undefined {
  const refs = [interaction.source, ...interaction.links].filter((r) => r.platform === 'salesforce');
  return refs.map((r) => r.externalId).find((id) => id.startsWith('00T'));
}

/**
 * The Task description with the summary: the agent's own notes stay first and untouched; our
 * earlier summary (after the marker) is replaced. Task.Description already holds the call's
 * notes, so the summary puts nothing there the field does not already carry; identifiers are
 * still masked (e-mail addresses, digit runs of four or more), as a summary needs none.
 */
export function descriptionWithSummary(current: string | null | undefined, summary: CallSummary): string {
  const mine = maskSummaryIdentifiers(summary.text);
  const at = (current ?? '').indexOf(SUMMARY_MARKER);
  const theirs = (at >= 0 ? (current ?? '').slice(0, at) : (current ?? '')).trimEnd();
  const block = `${SUMMARY_MARKER}\n${mine}`;
  const room = TASK_DESCRIPTION_MAX - block.length - 2;
  return theirs ? `${cap(theirs, Math.max(0, room))}\n\n${block}` : block;
}

export type SummaryOutcome = 'updated' | 'replayed' | 'no_task';

/**
 * Writes the post-call summary into the Description of the call's Task (the VoiceCall's
 * activity, or the call-log Task a Genesys/Five9 call is linked to): read, merge, update (two
 * `/composite` calls). Idempotent through the outbox: a receipt per Task with the text's
 * fingerprint, so a replay writes nothing and a changed summary replaces ours.
 */
export async function pushCallSummary(
  deps: Pick<PushDeps, 'client' | 'outbox' | 'now'>,
  p: { tenantId: string; interaction: Interaction; summary: CallSummary },
): Promise<SummaryOutcome> {
  const taskId = summaryTaskId(p.interaction);
  if (!taskId) return 'no_task';
  return writeTaskSummary(deps, p.tenantId, taskId, p.summary);
}

const summaryFingerprint = (summary: CallSummary) =>
  createHash('sha256').update(summary.text).digest('hex').slice(0, 16);

/** Read, merge and update one Task's Description, once per summary text (outbox receipt per Task). */
async function writeTaskSummary(
  deps: Pick<PushDeps, 'client' | 'outbox' | 'now'>,
  tenantId: string,
  taskId: string,
  summary: CallSummary,
): Promise<SummaryOutcome> {
  const now = deps.now ?? (() => new Date());
  const key = `sf:summary:${tenantId}:${taskId}`;
  const fingerprint = summaryFingerprint(summary);
  const prior = await deps.outbox.get(key);
  if (prior?.status === 'done' && prior.fingerprint === fingerprint) return 'replayed';
  const attempts = (prior?.attempts ?? 0) + 1;
  try {
    const [read] = await deps.client.composite(
      [{ method: 'GET', url: `/sobjects/Task/${taskId}?fields=Description`, referenceId: 'task' }],
      { allOrNone: false },
    );
    if (!read || read.httpStatusCode >= 300) throw subrequestError('read Task', read);
    const current = (read.body as { Description?: string | null } | null)?.Description;
    const [write] = await deps.client.composite(
      [
        {
          method: 'PATCH',
          url: `/sobjects/Task/${taskId}`,
          referenceId: 'summary',
          body: { Description: descriptionWithSummary(current, summary) },
        },
      ],
      { allOrNone: false },
    );
    if (!write || write.httpStatusCode >= 300) throw subrequestError('update Task', write);
  } catch (err) {
    await deps.outbox.put({
      key,
      kind: 'summary',
      status: 'failed',
      attempts,
      updatedAt: now().toISOString(),
      lastErrorCode: err instanceof ConnectorError ? err.code : 'UNKNOWN',
    });
    throw err;
  }
  await deps.outbox.put({
    key,
    kind: 'summary',
    status: 'done',
    externalId: taskId,
    fingerprint,
    attempts,
    updatedAt: now().toISOString(),
  });
  return 'updated';
}

function subrequestError(what: string, r: { httpStatusCode: number; body: unknown } | undefined) {
  const code = Array.isArray(r?.body) ? (r.body as { errorCode?: string }[])[0]?.errorCode : undefined;
  return new ConnectorError(
    `SALESFORCE.${code ?? 'MALFORMED_RESPONSE'}`,
    `${what}: ${code ?? 'no response'}`,
    {
      status: r?.httpStatusCode ?? 500,
      details: { reason: code ?? 'MALFORMED_RESPONSE' },
    },
  );
}

// ---- summaries of Genesys / Five9 calls logged in Salesforce ------------------------------------

/** Days around a call's start in which its call-log Task is looked for (CreatedDate is indexed). */
const CALL_LOG_WINDOW_BEFORE_MS = 86_400_000;
const CALL_LOG_WINDOW_AFTER_MS = 7 * 86_400_000;

/**
 * The call-log Task a CTI package wrote in Salesforce for a Genesys or Five9 call: a Task
 * (TaskSubtype Call) whose call-key field (`callKeyFields.Task`, default CallObject) holds the
 * call's id, else the Task of the VoiceCall whose `callKeyFields.VoiceCall` (default
 * VendorCallKey) holds it (VoiceCall.ActivityId). These are the same keys the Salesforce sync links
 * calls by. One `/composite` call (up to five queries); bounded by CreatedDate around the call so
 * the query stays selective on a large Task table.
 */
export async function findCallLogTask(
  client: SalesforceClient,
  config: SalesforceAdapterConfig,
  interaction: Interaction,
): Promise<string | undefined> {
  const keys = [
    ...new Set(
      [interaction.source.externalId, ...(interaction.source.aliases ?? [])].filter((k) => k.trim()),
    ),
  ];
  if (keys.length === 0) return undefined;
  const start = interaction.startedAt ? Date.parse(interaction.startedAt) : NaN;
  const window = Number.isFinite(start)
    ? [
        `CreatedDate >= ${new Date(start - CALL_LOG_WINDOW_BEFORE_MS).toISOString()}`,
        `CreatedDate <= ${new Date(start + CALL_LOG_WINDOW_AFTER_MS).toISOString()}`,
      ]
    : [];
  const inKeys = keys.map(soqlString).join(', ');
  const taskFields = config.callKeyFields.Task;
  const voiceFields = config.callKeyFields.VoiceCall;
  const soqls = [
    ...taskFields.map(
      (f) =>
        `SELECT Id FROM Task WHERE ${["TaskSubtype = 'Call'", `${f} IN (${inKeys})`, ...window].join(' AND ')} ORDER BY CreatedDate LIMIT 1`,
    ),
    ...voiceFields.map(
      (f) =>
        `SELECT Id, ActivityId FROM VoiceCall WHERE ${[`${f} IN (${inKeys})`, ...window].join(' AND ')} ORDER BY CreatedDate LIMIT 1`,
    ),
  ];
  const answers = await queryMany(client, soqls);
  for (const rows of answers.slice(0, taskFields.length)) {
    const id = rows[0]?.['Id'];
    if (typeof id === 'string' && id.startsWith('00T')) return id;
  }
  for (const rows of answers.slice(taskFields.length)) {
    const id = rows[0]?.['ActivityId'];
    if (typeof id === 'string' && id.startsWith('00T')) return id;
  }
  return undefined;
}

/** The outbox key of a Genesys/Five9 call's summary in Salesforce (its receipt: pending or done). */
export function linkedSummaryKey(tenantId: string, platform: string, externalId: string): string {
  return `sf:summary-of:${tenantId}:${platform}:${externalId}`;
}

/**
 * Pushes a Genesys or Five9 call's summary to the Task that logs it in Salesforce, below the same
 * marker as a Salesforce call's summary. No Task → `no_task`, and none is created: the CTI package
 * logs one Task per call, so a Task of ours would be a second activity for the same call in the
 * patient's history. The call's receipt is then left `pending`: a Task logged later is found by
 * the Salesforce sync, which pushes the summary then (`taskId` given: no search). Idempotent
 * through the outbox: a receipt per call (with the Task it found and the text's fingerprint, so a
 * replay makes no API call at all) and the Task's own receipt.
 */
export async function pushLinkedCallSummary(
  deps: Pick<PushDeps, 'client' | 'outbox' | 'config' | 'now'>,
  p: { tenantId: string; interaction: Interaction; summary: CallSummary; taskId?: string },
): Promise<SummaryOutcome> {
  const { platform, externalId } = p.interaction.source;
  if (platform === 'salesforce') return pushCallSummary(deps, p);
  const key = linkedSummaryKey(p.tenantId, platform, externalId);
  const fingerprint = summaryFingerprint(p.summary);
  const prior = await deps.outbox.get(key);
  if (prior?.status === 'done' && prior.fingerprint === fingerprint) return 'replayed';
  const at = () => (deps.now ?? (() => new Date()))().toISOString();
  const taskId =
    p.taskId ??
    (prior?.status === 'done' ? prior.externalId : undefined) ??
    (await findCallLogTask(deps.client, deps.config, p.interaction));
  if (!taskId) {
    // Remembered, so the Salesforce sync pushes the summary when the call's Task is logged later.
    await deps.outbox.put({
      key,
      kind: 'summary',
      status: 'pending',
      attempts: (prior?.attempts ?? 0) + 1,
      updatedAt: at(),
      lastErrorCode: 'SALESFORCE.NO_CALL_LOG_TASK',
    });
    return 'no_task';
  }
  const outcome = await writeTaskSummary(deps, p.tenantId, taskId, p.summary);
  await deps.outbox.put({
    key,
    kind: 'summary',
    status: 'done',
    externalId: taskId,
    fingerprint,
    attempts: (prior?.attempts ?? 0) + 1,
    updatedAt: at(),
  });
  return outcome;
}
