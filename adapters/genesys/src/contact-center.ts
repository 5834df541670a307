import { z } from 'zod';
import type { ContactCenterFacts, SurveyResponse } from '@teachback/core';
import type { RawConversation, RawSurvey, RawSurveyForm } from '@teachback/connector-genesys';

/*
 * Conversation-details metrics → core's ContactCenterFacts, and Quality surveys → SurveyResponse.
 * Metric names are the analytics session metrics Genesys emits on the details record
 * (AnalyticsSessionMetric {name, value, emitDate}); values are milliseconds for t*, counts for n*.
 * A fact Genesys did not emit stays undefined: "no tHeld" means "not held" only when the agent
 * session's metrics were there at all, never on a record without metrics.
 */

type RawParticipant = NonNullable<RawConversation['participants']>[number];

const AGENT_PURPOSES = new Set(['agent', 'user']);
const QUEUE_PURPOSES = new Set(['acd']);

function metricsOf(p: RawParticipant): { name: string; value: number }[] {
  const out: { name: string; value: number }[] = [];
  for (const s of p.sessions ?? []) {
    for (const m of s.metrics ?? []) {
      if (m.name && typeof m.value === 'number' && Number.isFinite(m.value)) {
        out.push({ name: m.name, value: m.value });
      }
    }
  }
  return out;
}

const sum = (xs: readonly number[]): number | undefined =>
  xs.length === 0 ? undefined : Math.max(0, Math.round(xs.reduce((a, b) => a + b, 0)));

/**
 * Facts of one conversation from its participants' session metrics (and hold segments when the
 * metrics do not count holds). Returns undefined when the record carries no metrics at all.
 *
 * - waitMs: the first queue's tAnswered (answered) or tAbandon (abandoned), else tAcd.
 * - answered / abandoned: a queue emitted tAnswered / tAbandon; an agent with talk time answered.
 * - talkMs, holdMs, wrapUpMs, handleMs: summed over every agent leg (tTalkComplete, tHeldComplete,
 *   tAcw, tHandle; tTalk/tHeld when the *Complete metric is absent), so a transfer's two legs add.
 * - holdCount: tHeldComplete emissions (one per hold), else `hold` segments on agent sessions.
 * - transfers: nTransferred summed over agent legs.
 */
export function contactCenterFacts(c: RawConversation): ContactCenterFacts | undefined {
  const queueMetrics: { name: string; value: number }[] = [];
  const agentMetrics: { name: string; value: number }[] = [];
  let holdSegments = 0;
  let agentSessions = 0;
  for (const p of c.participants ?? []) {
    const purpose = (p.purpose ?? '').toLowerCase();
    if (QUEUE_PURPOSES.has(purpose)) queueMetrics.push(...metricsOf(p));
    if (AGENT_PURPOSES.has(purpose)) {
      agentMetrics.push(...metricsOf(p));
      for (const s of p.sessions ?? []) {
        agentSessions++;
        for (const seg of s.segments ?? [])
          if ((seg.segmentType ?? '').toLowerCase() === 'hold') holdSegments++;
      }
    }
  }
  if (queueMetrics.length === 0 && agentMetrics.length === 0) return undefined;
  const q = (name: string) => queueMetrics.filter((m) => m.name === name).map((m) => m.value);
  const a = (name: string) => agentMetrics.filter((m) => m.name === name).map((m) => m.value);
  const firstOf = (xs: number[]) => (xs.length ? Math.max(0, Math.round(xs[0]!)) : undefined);

  const answeredWait = q('tAnswered');
  const abandonWait = q('tAbandon');
  const facts: ContactCenterFacts = {};
  const wait = firstOf(answeredWait) ?? firstOf(abandonWait) ?? firstOf(q('tAcd'));
  if (wait !== undefined) facts.waitMs = wait;
  const talked = a('tTalkComplete').length ? a('tTalkComplete') : a('tTalk');
  if (answeredWait.length > 0 || talked.length > 0) {
    facts.answered = true;
    facts.abandoned = false;
  } else if (abandonWait.length > 0) {
    facts.answered = false;
    facts.abandoned = true;
  }
  const talkMs = sum(talked);
  if (talkMs !== undefined) facts.talkMs = talkMs;
  const heldComplete = a('tHeldComplete');
  const holdMs = sum(heldComplete.length ? heldComplete : a('tHeld'));
  if (holdMs !== undefined) facts.holdMs = holdMs;
  if (heldComplete.length > 0) facts.holdCount = heldComplete.length;
  else if (holdSegments > 0) facts.holdCount = holdSegments;
  else if (agentMetrics.length > 0 && agentSessions > 0 && facts.answered) {
    // The agent legs emitted their metrics and none was a hold: that is a known zero.
    facts.holdCount = 0;
    facts.holdMs ??= 0;
  }
  const wrapUpMs = sum(a('tAcw'));
  if (wrapUpMs !== undefined) facts.wrapUpMs = wrapUpMs;
  const handleMs = sum(a('tHandle'));
  if (handleMs !== undefined) facts.handleMs = handleMs;
  const transfers = sum(a('nTransferred'));
  if (transfers !== undefined) facts.transfers = transfers;
  else if (facts.answered && agentMetrics.length > 0) facts.transfers = 0;
  return Object.keys(facts).length > 0 ? facts : undefined;
}

/**
 * A tenant's mapping from Genesys wrap-up codes or queues to its call types (scheduling, billing,
 * ...). A wrap-up code is what the agent chose, so it wins over the queue the call came in on.
 */
export const CallTypeMap = z.strictObject({
  wrapUpCodes: z.record(z.string().min(1), z.string().min(1).max(100)).default({}),
  queues: z.record(z.string().min(1), z.string().min(1).max(100)).default({}),
});
export type CallTypeMap = z.input<typeof CallTypeMap>;

export function callTypeHint(
  map: CallTypeMap | undefined,
  hints: { wrapUpCode?: string | undefined; queueId?: string | undefined },
): string | undefined {
  if (!map) return undefined;
  const m = CallTypeMap.parse(map);
  return (
    (hints.wrapUpCode ? m.wrapUpCodes[hints.wrapUpCode] : undefined) ??
    (hints.queueId ? m.queues[hints.queueId] : undefined)
  );
}

/** Completed surveys named on the details record: the ids to read answers by. */
export function completedSurveyIds(c: RawConversation): string[] {
  const out: string[] = [];
  for (const s of c.surveys ?? []) {
    if (!s.surveyId) continue;
    const status = (s.surveyStatus ?? '').toLowerCase();
    // Genesys statuses: Pending, Sent, InProgress, Finished, OptOut, Error, Expired.
    if (status === 'finished' || (!status && s.surveyCompletedDate)) out.push(s.surveyId);
  }
  return [...new Set(out)];
}

type FormQuestion = NonNullable<
  NonNullable<NonNullable<RawSurveyForm['questionGroups']>[number]['questions']>[number]
>;

/**
 * A finished Genesys survey → SurveyResponse, reading each question's type from the form:
 * - npsQuestion → `nps` with the 0–10 npsScore;
 * - multipleChoiceQuestion with five options → `csat` 1–5 by the chosen option's rank by value;
 *   with two options → `yes_no` (the higher-valued option is yes);
 * - freeTextQuestion → `text` with no value (free text may be PHI and is not kept);
 * - read-only text blocks, N/A answers and other multiple-choice shapes are left out.
 * Returns undefined when the survey is not completed or no question maps.
 */
export function surveyResponseFrom(
  conversationId: string,
  survey: RawSurvey,
  form: RawSurveyForm,
): SurveyResponse | undefined {
  if (!survey.id || !survey.completedDate) return undefined;
  if ((survey.status ?? 'Finished').toLowerCase() !== 'finished') return undefined;
  const questions = new Map<string, FormQuestion>();
  for (const g of form.questionGroups ?? [])
    for (const q of g.questions ?? []) if (q.id) questions.set(q.id, q);
  const answers: SurveyResponse['answers'] = [];
  for (const g of survey.answers?.questionGroupScores ?? []) {
    if (g.markedNA) continue;
    for (const s of g.questionScores ?? []) {
      if (!s.questionId || s.markedNA) continue;
      const q = questions.get(s.questionId);
      const type = q?.type ?? '';
      if (type === 'npsQuestion') {
        if (typeof s.npsScore === 'number' && s.npsScore >= 0 && s.npsScore <= 10)
          answers.push({ questionId: s.questionId, kind: 'nps', value: Math.round(s.npsScore) });
      } else if (type === 'multipleChoiceQuestion') {
        const options = [...(q?.answerOptions ?? [])]
          .filter((o) => o.id)
          .sort((x, y) => (x.value ?? 0) - (y.value ?? 0));
        const rank = options.findIndex((o) => o.id === s.answerId);
        if (rank < 0) continue;
        if (options.length === 5) answers.push({ questionId: s.questionId, kind: 'csat', value: rank + 1 });
        else if (options.length === 2)
          answers.push({ questionId: s.questionId, kind: 'yes_no', value: rank === 1 ? 1 : 0 });
      } else if (type === 'freeTextQuestion') {
        answers.push({ questionId: s.questionId, kind: 'text' });
      }
    }
  }
  if (answers.length === 0) return undefined;
  const submittedAt = new Date(survey.completedDate);
  if (Number.isNaN(submittedAt.getTime())) return undefined;
  return {
    id: `genesys:survey:${survey.id}`,
    interaction: { platform: 'genesys', externalId: survey.conversation?.id ?? conversationId },
    source: 'genesys',
    submittedAt: submittedAt.toISOString(),
    answers,
  };
}
