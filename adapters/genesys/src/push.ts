import { createHash } from 'node:crypto';
import {
  TeachbackError,
  oneLineSummary,
  type AgentDayMetric,
  type CallSummary,
  type Escalation,
  type Finding,
  type Scorecard,
} from '@teachback/core';
import { ConnectorError } from '@teachback/connector-kit';
import type { GenesysClient, Models } from '@teachback/connector-genesys';
import type { EvaluationFormRef, GenesysInstallation, GenesysPushKind, PushReceipts } from './ports';

/** The part of a playbook the evaluation form is built from (config's Playbook satisfies it). */
export interface PlaybookForForm {
  id: string;
  version: string;
  title: string;
  criteria: readonly {
    id: string;
    title: string;
    category: 'compliance' | 'adherence' | 'soft-skill';
    severity: 'critical' | 'high' | 'medium' | 'low';
    weight: number;
    tip?: string;
  }[];
}

const MAX_QUESTIONS = 200;
export const formNameFor = (p: Pick<PlaybookForForm, 'title' | 'version'>): string =>
  `Teachback: ${p.title} (v${p.version})`;

/** toPlatform: one multiple-choice question (Yes / No, N/A allowed) per playbook criterion. */
export function evaluationFormFor(playbook: PlaybookForForm): Models.EvaluationForm {
  if (playbook.criteria.length === 0) {
    throw new TeachbackError(
      'GENESYS.FORM_INVALID',
      'playbook.criteria: at least one criterion is needed for a form',
    );
  }
  if (playbook.criteria.length > MAX_QUESTIONS) {
    throw new TeachbackError(
      'GENESYS.FORM_INVALID',
      `playbook.criteria: Genesys forms hold at most ${MAX_QUESTIONS} questions`,
    );
  }
  return {
    name: formNameFor(playbook),
    questionGroups: [
      {
        name: playbook.title,
        type: 'questionGroup',
        naEnabled: true,
        weight: 1,
        questions: playbook.criteria.map((c) => ({
          text: c.title,
          helpText: `[${c.id}] ${c.tip ?? ''}`.trim(),
          type: 'multipleChoiceQuestion',
          naEnabled: true,
          commentsRequired: false,
          isCritical: c.category === 'compliance',
          isKill: false,
          answerOptions: [
            { text: 'Yes', value: 1 },
            { text: 'No', value: 0 },
          ],
        })),
      },
    ],
  };
}

/** Reads the ids Genesys assigned back into criterion → question/answer ids. Questions keep their order. */
export function formRefFrom(
  playbook: PlaybookForForm,
  form: Models.EvaluationFormResponse,
): EvaluationFormRef {
  const group = form.questionGroups?.[0];
  const questions = group?.questions ?? [];
  if (!form.id || !group?.id || questions.length !== playbook.criteria.length) {
    throw new ConnectorError(
      'GENESYS.MALFORMED_RESPONSE',
      'evaluation form: questions do not match the playbook criteria',
    );
  }
  const out: EvaluationFormRef['questions'] = {};
  playbook.criteria.forEach((c, i) => {
    const q = questions[i]!;
    const yes = q.answerOptions?.find((a) => a.value === 1)?.id;
    const no = q.answerOptions?.find((a) => a.value === 0)?.id;
    if (!q.id || !yes || !no) {
      throw new ConnectorError('GENESYS.MALFORMED_RESPONSE', `evaluation form: question ${i} has no ids`);
    }
    out[c.id] = { questionId: q.id, yes, no };
  });
  return {
    formId: form.id,
    name: form.name,
    playbook: { id: playbook.id, version: playbook.version },
    questionGroupId: group.id,
    questions: out,
  };
}

const mmss = (ms: number | null | undefined): string | undefined => {
  if (ms === null || ms === undefined) return undefined;
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * toPlatform: a released evaluation whose answers use our form's ids. Evaluations are
 * access-controlled in Genesys (quality permissions), so evidence quotes may appear in comments.
 */
export function evaluationBodyFor(
  scorecard: Scorecard,
  form: EvaluationFormRef,
  who: { agentUserId: string; evaluatorUserId: string; releaseDate: string },
): Models.EvaluationCreateBody {
  if (scorecard.playbook.id !== form.playbook.id) {
    throw new TeachbackError(
      'GENESYS.FORM_MISMATCH',
      'scorecard.playbook.id: no evaluation form installed for this playbook',
      {
        details: { playbook: scorecard.playbook.id },
      },
    );
  }
  const questionScores: Models.EvaluationQuestionScore[] = [];
  for (const f of scorecard.findings) {
    const q = form.questions[f.criterionId];
    if (!q) continue;
    if (f.status === 'not_applicable') {
      questionScores.push({ questionId: q.questionId, markedNA: true });
      continue;
    }
    const at = mmss(f.evidence[0]?.startMs);
    const quote = f.evidence[0]?.quote;
    questionScores.push({
      questionId: q.questionId,
      answerId: f.status === 'met' ? q.yes : q.no,
      comments: [f.explanation, at ? `At ${at}${quote ? `: "${quote}"` : ''}` : undefined]
        .filter(Boolean)
        .join(' '),
    });
  }
  return {
    evaluationForm: { id: form.formId },
    agent: { id: who.agentUserId },
    evaluator: { id: who.evaluatorUserId },
    status: 'FINISHED',
    releaseDate: who.releaseDate,
    neverRelease: false,
    answers: {
      questionGroupScores: [{ questionGroupId: form.questionGroupId, questionScores }],
      comments: `Scored by Teachback against ${scorecard.playbook.id} v${scorecard.playbook.version}: ${Math.round(scorecard.score)}/100${scorecard.compliant ? '' : ', compliance items missed'}.`,
    },
  };
}

/**
 * toPlatform: a coaching appointment for compliance misses and escalations. Coaching is visible
 * beyond QA, so no transcript text goes in: criterion titles, escalation types and times only.
 */
export function coachingRequestFor(
  conversationId: string,
  misses: readonly Finding[],
  escalations: readonly Escalation[],
  who: {
    agentUserId: string;
    facilitatorId: string;
    dateStart: string;
    reviewUrl?: string;
    /** The push's idempotency key, written into the description (an opaque hash, no PHI). */
    marker?: string;
  },
): Models.CreateCoachingAppointmentRequest {
  const lines = [
    ...misses.map(
      (f) =>
        `Missed: ${f.title}${mmss(f.evidence[0]?.startMs) ? ` (around ${mmss(f.evidence[0]?.startMs)})` : ''}`,
    ),
    ...escalations.map(
      (e) => `Escalation: ${e.type.replace(/_/g, ' ')}${mmss(e.startMs) ? ` at ${mmss(e.startMs)}` : ''}`,
    ),
  ];
  // The marker goes last and is never cut off: it is how a retry after a crash finds this appointment.
  const marker = who.marker ? `\n${coachingMarker(who.marker)}` : '';
  return {
    name: misses.length > 0 ? 'Teachback: compliance review' : 'Teachback: escalation review',
    description:
      `Review of one interaction flagged by Teachback.\n${lines.join('\n')}`.slice(0, 1000 - marker.length) +
      marker,
    dateStart: who.dateStart,
    lengthInMinutes: 30,
    attendeeIds: [who.agentUserId],
    facilitatorId: who.facilitatorId,
    conversationIds: [conversationId],
    ...(who.reviewUrl ? { externalLinks: [who.reviewUrl] } : {}),
    addToSchedule: false,
  };
}

/**
 * Genesys coaching appointments take no idempotency key, so the key rides in the description:
 * `Teachback ref: <key>`. Opaque (a hash of tenant, conversation and version), so no PHI.
 */
export const coachingMarker = (key: string): string => `Teachback ref: ${key}`;

/**
 * Reads back whether Genesys already holds the appointment an interrupted attempt created: the
 * agent's appointments starting between a day before the attempt and two days after now, matched
 * by the marker and the conversation. Returns its id, or undefined when there is none.
 */
export async function findCoachingAppointment(
  client: GenesysClient,
  q: { agentUserId: string; conversationId: string; key: string; attemptAt: string; now: Date },
): Promise<string | undefined> {
  const from = new Date(Date.parse(q.attemptAt) - 86_400_000).toISOString();
  const to = new Date(q.now.getTime() + 2 * 86_400_000).toISOString();
  const marker = coachingMarker(q.key);
  // Bounded: an agent has a handful of appointments in three days; 20 pages of 100 is far beyond.
  for (let page = 1; page <= 20; page++) {
    const res = await client.listCoachingAppointments([q.agentUserId], {
      interval: `${from}/${to}`,
      pageNumber: page,
      pageSize: 100,
    });
    const hit = (res.entities ?? []).find(
      (a) =>
        (a.description ?? '').includes(marker) &&
        (a.conversations ?? []).some((c) => c.id === q.conversationId),
    );
    if (hit?.id) return hit.id;
    const entities = res.entities?.length ?? 0;
    if (entities < 100 || (res.pageCount !== undefined && page >= res.pageCount)) return undefined;
  }
  return undefined;
}

/** Idempotency key per tenant + conversation + scorecard version (+ what is pushed). */
export function pushKey(kind: GenesysPushKind, ...parts: string[]): string {
  const h = createHash('sha256')
    .update([kind, ...parts].join('\u0000'))
    .digest('hex');
  // Genesys takes it as a header; a UUID-shaped key stays well inside any length limit.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export interface PushDeps {
  client: GenesysClient;
  outbox: PushReceipts;
  installation: GenesysInstallation;
  /** Service user that appears as the evaluator. */
  evaluatorUserId: string;
  /** The agent's supervisor (from config); coaching is skipped when there is none. */
  supervisorFor: (agentUserId: string) => string | undefined;
  reviewUrl?: (conversationId: string) => string;
  now?: () => Date;
}

export interface ScoredConversation {
  tenantId: string;
  conversationId: string;
  agentUserId: string;
  scorecard: Scorecard;
  escalations?: readonly Escalation[];
  /** Defaults to playbook id@version: re-scoring with the same version pushes nothing new. */
  scorecardVersion?: string;
}

/** `deferred`: Genesys refused for a daily cap; the outbox keeps it failed so a later run retries. */
export type PushOutcome = 'created' | 'replayed' | 'not_needed' | 'no_facilitator' | 'deferred';

function isDailyLimit(err: unknown): boolean {
  if (!(err instanceof ConnectorError) || err.status !== 400) return false;
  const platformCode = err.details?.['platformCode'];
  return typeof platformCode === 'string' && /limit/i.test(platformCode);
}

async function once<T extends { id?: string }>(
  outbox: PushReceipts,
  key: string,
  kind: GenesysPushKind,
  now: () => Date,
  run: () => Promise<T>,
  fingerprint?: string,
  readBack?: (attemptAt: string) => Promise<string | undefined>,
): Promise<'created' | 'replayed'> {
  const prior = await outbox.get(key);
  if (prior?.status === 'done' && prior.fingerprint === fingerprint) return 'replayed';
  const attempts = (prior?.attempts ?? 0) + 1;
  // An earlier attempt may have reached the platform and died before its receipt: when the
  // platform has no idempotency key, ask it what it holds before creating again.
  if (prior && readBack) {
    const existing = await readBack(prior.updatedAt);
    if (existing) {
      await outbox.put({
        key,
        kind,
        status: 'done',
        attempts: prior.attempts,
        updatedAt: now().toISOString(),
        externalId: existing,
        ...(fingerprint ? { fingerprint } : {}),
      });
      return 'replayed';
    }
  }
  await outbox.put({
    key,
    kind,
    status: 'pending',
    attempts,
    updatedAt: now().toISOString(),
    ...(fingerprint ? { fingerprint } : {}),
  });
  try {
    const res = await run();
    await outbox.put({
      key,
      kind,
      status: 'done',
      attempts,
      updatedAt: now().toISOString(),
      ...(res.id ? { externalId: res.id } : {}),
      ...(fingerprint ? { fingerprint } : {}),
    });
    return 'created';
  } catch (err) {
    await outbox.put({
      key,
      kind,
      status: 'failed',
      attempts,
      updatedAt: now().toISOString(),
      lastErrorCode: err instanceof ConnectorError || err instanceof TeachbackError ? err.code : 'UNKNOWN',
    });
    throw err;
  }
}

/** Pushes one scored conversation: a released evaluation, plus coaching when compliance was missed or it escalated. */
export async function pushScoredConversation(
  deps: PushDeps,
  s: ScoredConversation,
): Promise<{ evaluation: PushOutcome; coaching: PushOutcome }> {
  const now = deps.now ?? (() => new Date());
  const version = s.scorecardVersion ?? `${s.scorecard.playbook.id}@${s.scorecard.playbook.version}`;
  const evalKey = pushKey('evaluation', s.tenantId, s.conversationId, version);
  const body = evaluationBodyFor(s.scorecard, deps.installation.form, {
    agentUserId: s.agentUserId,
    evaluatorUserId: deps.evaluatorUserId,
    releaseDate: now().toISOString(),
  });
  let evaluation: PushOutcome;
  try {
    evaluation = await once(deps.outbox, evalKey, 'evaluation', now, () =>
      deps.client.createEvaluation(s.conversationId, body, evalKey),
    );
  } catch (err) {
    // 50 evaluations per agent per day: not an error in the scorecard, just not today.
    if (!isDailyLimit(err)) throw err;
    evaluation = 'deferred';
  }

  const misses = s.scorecard.findings.filter((f) => f.category === 'compliance' && f.status === 'missed');
  const escalations = s.escalations ?? [];
  let coaching: PushOutcome = 'not_needed';
  if (misses.length > 0 || escalations.length > 0) {
    const facilitatorId = deps.supervisorFor(s.agentUserId);
    if (!facilitatorId) coaching = 'no_facilitator';
    else {
      // Next day, on the hour: Genesys refuses appointments in the past and more than 6 weeks out.
      const start = new Date(now().getTime() + 86_400_000);
      start.setUTCMinutes(0, 0, 0);
      const key = pushKey('coaching', s.tenantId, s.conversationId, version);
      const req = coachingRequestFor(s.conversationId, misses, escalations, {
        agentUserId: s.agentUserId,
        facilitatorId,
        dateStart: start.toISOString(),
        marker: key,
        ...(deps.reviewUrl ? { reviewUrl: deps.reviewUrl(s.conversationId) } : {}),
      });
      coaching = await once(
        deps.outbox,
        key,
        'coaching',
        now,
        () => deps.client.createCoachingAppointment(req),
        undefined,
        (attemptAt) =>
          findCoachingAppointment(deps.client, {
            agentUserId: s.agentUserId,
            conversationId: s.conversationId,
            key,
            attemptAt,
            now: now(),
          }),
      );
    }
  }
  return { evaluation, coaching };
}

// ---- external scorecard metrics ---------------------------------------------------------------

type MetricDataItem = Models.ExternalMetricDataItem & { metricId: string; value: number };

/**
 * Contact-center values of one agent-day computed elsewhere (core/src/metrics), each with the count
 * behind it. Absent values are not written: a day without surveys has no CSAT, not a CSAT of 0.
 */
export interface AgentDayExtras {
  /** First contact resolution %, over `count` contacts. */
  fcr?: { value: number; count: number };
  /** Mean CSAT 1–5, over `count` answers. */
  csat?: { value: number; count: number };
  /** Average handle time in seconds, over `count` calls. */
  aht?: { value: number; count: number };
}

/** Extras by agent and day: key `${agentUserId}|${day}`. */
export type AgentDayExtrasFor = (agentUserId: string, day: string) => AgentDayExtras | undefined;

/**
 * One agent-day's metrics as Genesys external metric data: compliance and adherence always, and
 * each contact-center metric the installation has a definition for and the day has a value for.
 */
export function externalMetricDataFor(
  installation: Pick<GenesysInstallation, 'metrics'>,
  m: AgentDayMetric,
  extras: AgentDayExtras = {},
): MetricDataItem[] {
  const values: Array<[metricId: string, value: number, count: number]> = [
    [installation.metrics.compliance, m.compliancePct, m.interactions],
    [installation.metrics.adherence, m.adherencePct, m.interactions],
  ];
  for (const name of ['fcr', 'csat', 'aht'] as const) {
    const id = installation.metrics[name];
    const v = extras[name];
    if (id && v && Number.isFinite(v.value) && v.count > 0) values.push([id, v.value, v.count]);
  }
  return values.map(([metricId, value, count]) => ({
    userId: m.agentUserId,
    metricId,
    dateOccurred: m.day,
    value,
    count,
  }));
}

/**
 * Writes the agent-day metrics (computed by core's `agentDayMetrics`) as external metric data.
 * Genesys keeps one value per user, metric and day, so a rewrite replaces; the outbox skips values
 * already written unchanged.
 */
export async function pushAgentDayMetrics(
  deps: Pick<PushDeps, 'client' | 'outbox' | 'installation' | 'now'>,
  tenantId: string,
  metrics: readonly AgentDayMetric[],
  extrasFor?: AgentDayExtrasFor,
): Promise<{ written: number; unchanged: number }> {
  const now = deps.now ?? (() => new Date());
  const items: { key: string; fingerprint: string; item: Models.ExternalMetricDataItem }[] = [];
  let total = 0;
  for (const m of metrics) {
    for (const item of externalMetricDataFor(deps.installation, m, extrasFor?.(m.agentUserId, m.day))) {
      total++;
      const key = pushKey('metric', tenantId, item.metricId, m.agentUserId, m.day);
      const fingerprint = `${item.value}|${item.count ?? m.interactions}`;
      const prior = await deps.outbox.get(key);
      if (prior?.status === 'done' && prior.fingerprint === fingerprint) continue;
      items.push({ key, fingerprint, item });
    }
  }
  for (let i = 0; i < items.length; i += 100) {
    const chunk = items.slice(i, i + 100);
    const res = await deps.client.writeExternalMetricData(chunk.map((c) => c.item));
    const failed = new Set(
      (res.unprocessedEntities ?? []).map((u) => `${u.userId}|${u.metricId}|${u.dateOccurred}`),
    );
    for (const c of chunk) {
      const ok = !failed.has(`${c.item.userId}|${c.item.metricId}|${c.item.dateOccurred}`);
      await deps.outbox.put({
        key: c.key,
        kind: 'metric',
        status: ok ? 'done' : 'failed',
        fingerprint: c.fingerprint,
        attempts: 1,
        updatedAt: now().toISOString(),
        ...(ok ? {} : { lastErrorCode: 'GENESYS.METRIC_UNPROCESSED' }),
      });
    }
  }
  return { written: items.length, unchanged: total - items.length };
}

// ---- post-call summary ------------------------------------------------------------------------

/** Participant data key the summary is written under (Architect and Scripts read it by this name). */
export const SUMMARY_ATTRIBUTE = 'Teachback Summary';
/** Participant data is plumbing for flows and scripts, not a document store: keep it short. */
export const SUMMARY_MAX_CHARS = 1000;

/**
 * The summary as participant data holds it. Participant data flows into analytics and
 * EventBridge and usually holds no PHI, so identifiers a summary may quote are masked: e-mail
 * addresses, and digit runs of four or more (phone, member and claim numbers, dates of birth).
 * Reason, what was done and what was promised stay readable.
 */
export function summaryAttributeText(summary: Pick<CallSummary, 'text'>): string {
  return oneLineSummary(summary.text, SUMMARY_MAX_CHARS);
}

export interface SummaryPush {
  tenantId: string;
  conversationId: string;
  summary: CallSummary;
  /** Participant data key; default `Teachback Summary`. */
  attribute?: string;
}

/**
 * Writes the post-call summary as participant data on the conversation's customer participant
 * (PATCH /api/v2/conversations/{id}/participants/{pid}/attributes), where Architect flows,
 * Scripts and the interaction details read it. Wrap-up notes were not chosen: Genesys takes them
 * only while the agent is in after-call work, and a summary is made after the call ends.
 * Idempotent: the outbox keeps one receipt per conversation with the text's fingerprint, so a
 * replay writes nothing and a changed summary is written again (PATCH replaces the one key).
 */
export async function pushCallSummary(
  deps: Pick<PushDeps, 'client' | 'outbox' | 'now'>,
  p: SummaryPush,
): Promise<'created' | 'replayed' | 'no_participant'> {
  const now = deps.now ?? (() => new Date());
  const text = summaryAttributeText(p.summary);
  if (!text) return 'replayed';
  const key = pushKey('summary', p.tenantId, p.conversationId);
  const fingerprint = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const prior = await deps.outbox.get(key);
  if (prior?.status === 'done' && prior.fingerprint === fingerprint) return 'replayed';
  const details = await deps.client.getConversationDetails(p.conversationId);
  const participant =
    details.participants?.find((x) => ['customer', 'external'].includes((x.purpose ?? '').toLowerCase())) ??
    undefined;
  if (!participant?.participantId) return 'no_participant';
  const participantId = participant.participantId;
  return once(
    deps.outbox,
    key,
    'summary',
    now,
    async () => {
      await deps.client.setParticipantAttributes(p.conversationId, participantId, {
        [p.attribute ?? SUMMARY_ATTRIBUTE]: text,
      });
      return { id: participantId };
    },
    fingerprint,
  );
}
