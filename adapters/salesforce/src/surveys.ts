import {
  SurveyResponse,
  TeachbackError,
  type QuarantineSink,
  type SurveyQuestionKind,
} from '@teachback/core';
import type { SalesforceClient } from '@teachback/connector-salesforce';
import { SalesforceCheckpoint } from './checkpoint';
import type { SalesforceAdapterConfig } from './config';
import { VOICE_CALL_PREFIX, vendorKeyPlatform } from './mapping';
import type { CallLogIndex, CheckpointStore, SurveySink } from './ports';
import { salesforceDatetime } from './raw';
import { selectIn } from './soql';

/*
 * Salesforce Feedback Management → core's SurveyResponse.
 *
 * Which interaction a response is about: Feedback Management links an invitation or a response to
 * the record it concerns through SurveySubject (ParentId = the SurveyInvitation or SurveyResponse,
 * SubjectId = the record, SubjectEntityType = its object; VoiceCall, Task, MessagingSession and
 * LiveChatTranscript are documented subject types). That is the only link the object model makes
 * to one call, so it is the one used. A response whose subjects are only a Case, Contact or
 * Account is not attributed to a call by time window: a patient with two calls that day would get
 * the answer on the wrong one. Those are counted as `unlinked`.
 */

/** Subject types that are an interaction, most specific first (a VoiceCall outranks its call-log Task). */
const INTERACTION_SUBJECTS = ['VoiceCall', 'MessagingSession', 'LiveChatTranscript', 'Task'] as const;

/** QuestionType (API value) → the answer kind it is without configuration. */
const KIND_BY_TYPE: Readonly<Record<string, SurveyQuestionKind>> = {
  NPS: 'nps',
  CSAT: 'csat',
  Boolean: 'yes_no',
  FreeText: 'text',
  ShortText: 'text',
};

export interface SurveySyncReport {
  /** Completed responses read since the checkpoint. */
  read: number;
  /** Saved through the survey sink (a re-read response is saved again; the store keeps one). */
  saved: number;
  /** No SurveySubject names a call, messaging session or chat: not attributed. */
  unlinked: number;
  /** Linked, but no CSAT / NPS / yes-no question was answered (free text is not kept). */
  withoutAnswers: number;
  /** About a record the store does not hold (not a synced activity): quarantined with the reason. */
  notStored: number;
  /** Could not be mapped (e.g. no valid completion time): quarantined with the reason. */
  quarantined: number;
  checkpoint: SalesforceCheckpoint;
}

type Row = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export interface SurveySyncDeps {
  client: SalesforceClient;
  checkpoints: CheckpointStore;
  surveys: SurveySink;
  quarantine: QuarantineSink;
  config: SalesforceAdapterConfig;
  /** VoiceCall ↔ call-log Task, as the streams recorded it: a survey on the Task goes to the call. */
  callLogs?: CallLogIndex;
  /**
   * The org's call-key fields on Task (`callKeyFields.Task` that describe found); empty or absent
   * when the Task stream is not synced, and then a Task subject is taken as it is.
   */
  taskKeyFields?: readonly string[];
  now?: () => Date;
}

type Ref = { platform: 'salesforce' | 'genesys' | 'five9'; externalId: string };

/**
 * Where a survey about a call-log Task belongs, best first: the call that Task logs (its VoiceCall
 * by ActivityId or WhatId, or the Genesys / Five9 call named by its call key), which is the
 * interaction that is scored, then the Task itself. One batched read of those Tasks per page.
 */
async function taskTargets(deps: SurveySyncDeps, taskIds: string[]): Promise<Map<string, Ref[]>> {
  const out = new Map<string, Ref[]>();
  const keyFields = deps.taskKeyFields ?? [];
  if (taskIds.length === 0 || keyFields.length === 0) return out;
  const rows = await selectIn(deps.client, {
    fields: [...new Set(['Id', 'WhatId', ...keyFields])],
    from: 'Task',
    field: 'Id',
    ids: taskIds,
  });
  for (const t of rows) {
    const id = String(t['Id']);
    const refs: Ref[] = [];
    const voiceCall = await deps.callLogs?.get(deps.config.tenantId, id);
    if (voiceCall) refs.push({ platform: 'salesforce', externalId: voiceCall });
    const what = str(t['WhatId']);
    if (what?.startsWith(VOICE_CALL_PREFIX)) refs.push({ platform: 'salesforce', externalId: what });
    for (const f of keyFields) {
      const key = str(t[f])?.trim();
      const platform = key ? vendorKeyPlatform(key, deps.config.vendorKeyPlatform) : undefined;
      if (key && platform) refs.push({ platform, externalId: key });
    }
    out.set(id, refs);
  }
  return out;
}

/** The kind of one question: configured DeveloperName first, then its QuestionType. */
export function questionKind(
  question: { DeveloperName?: unknown; QuestionType?: unknown },
  config: SalesforceAdapterConfig,
): SurveyQuestionKind | undefined {
  const name = str(question.DeveloperName);
  const s = config.surveys;
  if (name && s.csatQuestions.includes(name)) return 'csat';
  if (name && s.npsQuestions.includes(name)) return 'nps';
  if (name && s.yesNoQuestions.includes(name)) return 'yes_no';
  return KIND_BY_TYPE[str(question.QuestionType) ?? ''];
}

/** One answer's value on core's scale, or undefined when out of range or absent. */
export function answerValue(kind: SurveyQuestionKind, answer: Row): number | undefined {
  if (kind === 'text') return undefined;
  if (kind === 'yes_no')
    return typeof answer['IsTrueOrFalse'] === 'boolean' ? (answer['IsTrueOrFalse'] ? 1 : 0) : undefined;
  const n = answer['NumberValue'];
  if (typeof n !== 'number' || !Number.isInteger(n)) return undefined;
  if (kind === 'nps') return n >= 0 && n <= 10 ? n : undefined;
  return n >= 1 && n <= 5 ? n : undefined;
}

/** The interaction a response is about, from its own and its invitation's SurveySubjects. */
export function subjectOf(
  response: Row,
  subjectsByParent: ReadonlyMap<string, Row[]>,
): { type: string; id: string } | undefined {
  const own = subjectsByParent.get(String(response['Id'])) ?? [];
  const invitation = str(response['InvitationId']);
  const all = [...own, ...(invitation ? (subjectsByParent.get(invitation) ?? []) : [])];
  for (const type of INTERACTION_SUBJECTS) {
    const s = all.find((x) => x['SubjectEntityType'] === type && str(x['SubjectId']));
    if (s) return { type, id: String(s['SubjectId']) };
  }
  return undefined;
}

/**
 * Reads completed responses changed since the checkpoint (`SystemModstamp`, same inclusive mark as
 * the streams), page by page: their SurveySubjects, answers and questions in batched `IN`
 * queries (five to a `/composite` call), then saves each mapped response. The checkpoint moves
 * past a page once each of its responses is saved, counted or quarantined.
 */
export async function syncSurveys(deps: SurveySyncDeps): Promise<SurveySyncReport> {
  const tenant = deps.config.tenantId;
  const stream = 'salesforce:SurveyResponse';
  const raw = await deps.checkpoints.load(tenant, stream);
  let cp: SalesforceCheckpoint = {
    highWater: new Date(deps.config.startFrom).toISOString(),
    idsAtHighWater: [],
  };
  if (raw !== undefined && raw !== null) {
    const parsed = SalesforceCheckpoint.safeParse(raw);
    if (!parsed.success) {
      throw new TeachbackError(
        'SYNC.CHECKPOINT_INVALID',
        'Salesforce SurveyResponse checkpoint is not valid; refusing to guess where to resume',
        { details: { stream: 'SurveyResponse' } },
      );
    }
    cp = parsed.data;
  }
  const report: SurveySyncReport = {
    read: 0,
    saved: 0,
    unlinked: 0,
    withoutAnswers: 0,
    notStored: 0,
    quarantined: 0,
    checkpoint: cp,
  };
  const startMark = Date.parse(cp.highWater);
  const seen = new Set(cp.idsAtHighWater);
  const questions = new Map<string, Row>();
  const soql =
    `SELECT Id, InvitationId, CompletionDateTime, SystemModstamp FROM SurveyResponse WHERE Status = 'Completed' ` +
    `AND SystemModstamp >= ${new Date(cp.highWater).toISOString()} ORDER BY SystemModstamp, Id`;
  for await (const page of deps.client.queryPages(soql, { batchSize: deps.config.pageSize })) {
    const rows = (page as Row[]).filter((r) => {
      const stamp = salesforceDatetime(String(r['SystemModstamp']));
      return !(stamp && Date.parse(stamp) === startMark && seen.has(String(r['Id'])));
    });
    report.read += rows.length;
    await takePage(deps, rows, questions, report);
    for (const r of rows) {
      const stamp = salesforceDatetime(String(r['SystemModstamp']));
      if (!stamp) continue;
      const t = Date.parse(stamp);
      const mark = Date.parse(cp.highWater);
      const id = String(r['Id']);
      if (t > mark) cp = { highWater: new Date(t).toISOString(), idsAtHighWater: [id] };
      else if (t === mark && !cp.idsAtHighWater.includes(id))
        cp = { highWater: cp.highWater, idsAtHighWater: [...cp.idsAtHighWater, id] };
    }
    await deps.checkpoints.save(tenant, stream, cp);
  }
  report.checkpoint = cp;
  return report;
}

async function takePage(
  deps: SurveySyncDeps,
  rows: Row[],
  questions: Map<string, Row>,
  report: SurveySyncReport,
): Promise<void> {
  if (rows.length === 0) return;
  const { client, config } = deps;
  const responseIds = rows.map((r) => String(r['Id']));
  const parents = [
    ...responseIds,
    ...rows.map((r) => str(r['InvitationId'])).filter((x): x is string => !!x),
  ];
  const subjects = await selectIn(client, {
    fields: ['ParentId', 'SubjectId', 'SubjectEntityType'],
    from: 'SurveySubject',
    field: 'ParentId',
    ids: parents,
  });
  const byParent = new Map<string, Row[]>();
  for (const s of subjects) {
    const p = String(s['ParentId']);
    (byParent.get(p) ?? byParent.set(p, []).get(p)!).push(s);
  }
  const linked = rows.map((r) => ({ r, subject: subjectOf(r, byParent) }));
  const withSubject = linked.filter((x) => x.subject);
  report.unlinked += linked.length - withSubject.length;
  if (withSubject.length === 0) return;
  const calls = await taskTargets(
    deps,
    withSubject.filter((x) => x.subject!.type === 'Task').map((x) => x.subject!.id),
  );
  const answers = await selectIn(client, {
    fields: ['ResponseId', 'QuestionId', 'NumberValue', 'IsTrueOrFalse'],
    from: 'SurveyQuestionResponse',
    field: 'ResponseId',
    ids: withSubject.map((x) => String(x.r['Id'])),
  });
  const unknownQuestions = [...new Set(answers.map((a) => String(a['QuestionId'])))].filter(
    (q) => !questions.has(q),
  );
  for (const q of await selectIn(client, {
    fields: ['Id', 'DeveloperName', 'QuestionType'],
    from: 'SurveyQuestion',
    field: 'Id',
    ids: unknownQuestions,
  }))
    questions.set(String(q['Id']), q);
  const answersOf = new Map<string, Row[]>();
  for (const a of answers) {
    const id = String(a['ResponseId']);
    (answersOf.get(id) ?? answersOf.set(id, []).get(id)!).push(a);
  }
  for (const { r, subject } of withSubject) {
    const id = String(r['Id']);
    const mapped: SurveyResponse['answers'] = [];
    for (const a of answersOf.get(id) ?? []) {
      const q = questions.get(String(a['QuestionId']));
      const kind = q ? questionKind(q, config) : undefined;
      if (!kind || !q) continue;
      const value = answerValue(kind, a);
      // A text answer is kept as answered, without its words; a scale answer only with its value.
      if (kind !== 'text' && value === undefined) continue;
      mapped.push({
        questionId: String(q['DeveloperName'] ?? q['Id']).slice(0, 200),
        kind,
        ...(value !== undefined ? { value } : {}),
      });
    }
    if (!mapped.some((a) => a.value !== undefined)) {
      report.withoutAnswers++;
      continue;
    }
    const submitted = salesforceDatetime(String(r['CompletionDateTime'] ?? r['SystemModstamp']));
    const candidate = SurveyResponse.safeParse({
      id: `salesforce:${id}`,
      interaction: { platform: 'salesforce', externalId: subject!.id },
      source: 'salesforce',
      submittedAt: submitted,
      answers: mapped,
    });
    if (!candidate.success) {
      report.quarantined++;
      await quarantine(deps, id, `SurveyResponse: ${candidate.error.issues[0]?.message ?? 'invalid'}`);
      continue;
    }
    const targets: Ref[] = [
      ...(calls.get(subject!.id) ?? []),
      { platform: 'salesforce', externalId: subject!.id },
    ];
    if (await saveToFirstStored(deps, candidate.data, targets)) {
      report.saved++;
    } else {
      // About a record we do not hold (e.g. a Task that is not a call log): kept with its reason.
      report.notStored++;
      await quarantine(deps, id, `about ${subject!.type} ${subject!.id}, which is not a synced interaction`);
    }
  }
}

/** Saves the response on the first target the store holds; false when it holds none. */
async function saveToFirstStored(
  deps: SurveySyncDeps,
  response: SurveyResponse,
  targets: Ref[],
): Promise<boolean> {
  for (const interaction of targets) {
    try {
      await deps.surveys.save(deps.config.tenantId, { ...response, interaction });
      return true;
    } catch (err) {
      if (!(err instanceof TeachbackError && err.code === 'STORE.NOT_FOUND')) throw err;
    }
  }
  return false;
}

async function quarantine(deps: SurveySyncDeps, ref: string, reason: string): Promise<void> {
  await deps.quarantine.add({
    tenantId: deps.config.tenantId,
    platform: 'salesforce',
    kind: 'SurveyResponse',
    ref,
    reason,
    at: (deps.now ?? (() => new Date()))().toISOString(),
  });
}
