import {
  buildSummary,
  classifyCallType,
  type CallSummary,
  type CallTypeModel,
  type CallTypeResult,
  type Escalation,
  type Interaction,
  type InteractionDetail,
  type Store,
} from '@teachback/core';
import {
  DEFAULT_METRICS_DEFINITIONS,
  builtinCallTypeModel,
  type MetricsDefinitions,
} from '@teachback/config';
import { jobsActor } from '../actor';

/** What the pipeline needs to classify calls and track follow-ups (the `metrics` settings). */
export interface CallFactsDeps {
  /** The tenant's metric definitions (call-type mappings); default: none mapped. */
  definitionsFor?: (tenantId: string) => MetricsDefinitions;
  /** The conversation classifier; default the built-in weights (config/models/calltypes.json). */
  callTypeModel?: CallTypeModel;
}

/** Attribute keys the classification is kept under (non-PHI: a source, a number, a field value). */
export const CALL_TYPE_SOURCE = 'teachback.callType.source';
export const CALL_TYPE_EVIDENCE = 'teachback.callType.evidence';

/**
 * The interaction with its call type and the evidence for it. The evidence kept on the record is
 * where to look (the field and its value, or the utterance index and time), never the quote: the
 * quote may be PHI and the transcript already holds it, encrypted.
 */
export function withCallType(
  deps: CallFactsDeps,
  tenantId: string,
  interaction: Interaction,
  escalations: readonly Escalation[] = [],
): { interaction: Interaction; result: CallTypeResult } {
  const defs = deps.definitionsFor?.(tenantId) ?? DEFAULT_METRICS_DEFINITIONS;
  const result = classifyCallType(interaction, {
    mapping: defs.callTypes,
    escalations,
    model: deps.callTypeModel ?? builtinCallTypeModel(),
  });
  const e = result.evidence;
  const evidence =
    e.kind === 'field'
      ? `${e.field}=${e.value}`
      : e.kind === 'utterance'
        ? `utterance ${e.utterance}${e.startMs !== null ? ` at ${e.startMs} ms` : ''} (${e.why.split(':')[0]})`
        : e.why;
  return {
    result,
    interaction: {
      ...interaction,
      callType: result.callType,
      attributes: {
        ...interaction.attributes,
        [CALL_TYPE_SOURCE]: `${result.source}:${result.confidence}`,
        [CALL_TYPE_EVIDENCE]: evidence.slice(0, 200),
      },
    },
  };
}

/** The offline summary of a call with a transcript; undefined without one. */
export function offlineSummary(
  detail: Pick<InteractionDetail, 'interaction' | 'summary'>,
): CallSummary | undefined {
  const i = detail.interaction;
  if (!i.transcript || i.transcript.utterances.length === 0) return undefined;
  return buildSummary({
    interactionId: detail.summary.id,
    startedAt: i.startedAt,
    utterances: i.transcript.utterances,
    callType: i.callType,
  });
}

/** Each promise on the call becomes a tracked item; re-saving one never reopens a closed one. */
export async function trackPromises(
  store: Store,
  tenantId: string,
  summary: CallSummary,
  startedAt: string,
): Promise<number> {
  for (const p of summary.promised)
    await store.followUps.save(jobsActor(tenantId), tenantId, {
      id: p.id,
      interactionId: summary.interactionId,
      owner: p.owner,
      text: p.text,
      dueAt: p.dueAt ?? null,
      madeAt: new Date(Date.parse(startedAt) + p.atOffsetMs).toISOString(),
    });
  return summary.promised.length;
}

/** The coaching task a missed follow-up opens for its agent (supervisors see their teams' tasks). */
export const MISSED_FOLLOW_UP = 'follow-up-missed';

/**
 * Settles the tenant's follow-ups due before `asOf` (kept when the agent contacted the person again
 * in time, else missed) and opens a coaching task per missed one, keyed by the item so a second
 * settle adds nothing. Returns how many were kept and missed.
 */
export async function settleFollowUps(
  store: Store,
  tenantId: string,
  asOf: string,
): Promise<{ kept: number; missed: number }> {
  const ctx = jobsActor(tenantId);
  const changed = await store.followUps.settle(ctx, tenantId, asOf);
  let missed = 0;
  for (const item of changed) {
    if (item.status !== 'missed') continue;
    missed++;
    if (!item.agentId) continue;
    await store.coaching.saveTask(ctx, tenantId, {
      id: `followup-${item.id}`.slice(0, 128).replace(/[^A-Za-z0-9._:-]/g, '-'),
      interactionId: item.interactionId,
      assignee: item.agentId,
      status: 'open',
      source: { criterionId: MISSED_FOLLOW_UP },
      notes: [],
    });
  }
  return { kept: changed.filter((i) => i.status === 'kept').length, missed };
}
