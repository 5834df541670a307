import type { UtteranceActs } from '../acts/names';
import type { Escalation } from '../model/escalation';
import type { Interaction } from '../model/interaction';
import type { CallTypeModel } from './model';
import { CALL_TYPES, type CallType, type CallTypeResult } from './types';

/** A tenant's mapping of platform fields to call types (config MetricsDefinitions.callTypes). */
export interface CallTypeMapping {
  queues?: Readonly<Record<string, CallType>>;
  dispositions?: Readonly<Record<string, CallType>>;
}

export interface ClassifyInputs {
  mapping?: CallTypeMapping;
  /** The escalation monitor's output for the call, if it ran. */
  escalations?: readonly Pick<Escalation, 'type' | 'severity' | 'utterance' | 'startMs' | 'quote'>[];
  /** The dialogue-act tagger's output for the call, if it ran. */
  acts?: readonly UtteranceActs[];
  /** The learned conversation classifier; without it an unmapped call is `other`. */
  model?: CallTypeModel;
}

// Medicare marketing rules require these acts on a sales call and nowhere else.
const MEDICARE_ACTS = new Set(['tpmo-disclaimer', 'scope-of-appointment']);

function lookup(
  map: Readonly<Record<string, CallType>> | undefined,
  value: string | undefined,
): CallType | undefined {
  if (!map || !value) return undefined;
  if (map[value]) return map[value];
  const lower = value.toLowerCase();
  const hit = Object.entries(map).find(([k]) => k.toLowerCase() === lower);
  return hit?.[1];
}

function quoteOf(
  i: Pick<Interaction, 'transcript'>,
  index: number,
): { startMs: number | null; quote: string } {
  const u = i.transcript?.utterances[index];
  return { startMs: u?.startMs ?? null, quote: (u?.text ?? '').slice(0, 200) };
}

/**
 * The call type of one interaction, with its evidence, strongest source first:
 *   1. the tenant's queue mapping, 2. its disposition mapping (the platform's routing and the
 *   agent's wrap-up are facts, not guesses);
 *   3. an emergency escalation (medical emergency, or a critical mental-health crisis);
 *   4. Medicare sales acts (TPMO disclaimer or scope of appointment) from the dialogue-act tagger;
 *   5. the learned conversation classifier, when it is at least `minConfidence` sure;
 *   otherwise `other`.
 * A call type already on the interaction (set by the platform adapter) is kept as a field fact.
 */
export function classifyCallType(
  interaction: Pick<Interaction, 'queue' | 'disposition' | 'wrapUp' | 'transcript' | 'callType'>,
  inputs: ClassifyInputs = {},
): CallTypeResult {
  const queue = interaction.queue?.name ?? interaction.queue?.id;
  const byQueue = lookup(inputs.mapping?.queues, queue);
  if (byQueue)
    return {
      callType: byQueue,
      source: 'queue',
      confidence: 1,
      evidence: { kind: 'field', field: 'queue', value: queue! },
    };
  const disposition = interaction.disposition ?? interaction.wrapUp?.code ?? interaction.wrapUp?.name;
  const byDisposition = lookup(inputs.mapping?.dispositions, disposition);
  if (byDisposition)
    return {
      callType: byDisposition,
      source: 'disposition',
      confidence: 1,
      evidence: { kind: 'field', field: 'disposition', value: disposition! },
    };
  if (interaction.callType && (CALL_TYPES as readonly string[]).includes(interaction.callType))
    return {
      callType: interaction.callType as CallType,
      source: 'platform',
      confidence: 1,
      evidence: { kind: 'field', field: 'callType', value: interaction.callType },
    };
  const emergency = (inputs.escalations ?? []).find(
    (e) => e.type === 'medical_emergency' || (e.type === 'mental_health_crisis' && e.severity === 'critical'),
  );
  if (emergency)
    return {
      callType: 'emergency',
      source: 'escalation',
      confidence: 1,
      evidence: {
        kind: 'utterance',
        utterance: emergency.utterance,
        startMs: emergency.startMs ?? null,
        quote: (emergency.quote ?? '').slice(0, 200),
        why: `escalation: ${emergency.type}`,
      },
    };
  const medicare = (inputs.acts ?? []).find((u) => u.acts.some((a) => MEDICARE_ACTS.has(a.act)));
  if (medicare) {
    const act = medicare.acts.find((a) => MEDICARE_ACTS.has(a.act))!;
    return {
      callType: 'medicare-sales',
      source: 'acts',
      confidence: Math.round(act.score * 1000) / 1000,
      evidence: {
        kind: 'utterance',
        utterance: medicare.index,
        ...quoteOf(interaction, medicare.index),
        why: `act: ${act.act}`,
      },
    };
  }
  const utterances = interaction.transcript?.utterances ?? [];
  if (inputs.model && utterances.length > 0) {
    const p = inputs.model.predict(utterances);
    if (p.confidence >= inputs.model.weights.minConfidence && p.utterance >= 0)
      return {
        callType: p.callType,
        source: 'conversation',
        confidence: p.confidence,
        evidence: {
          kind: 'utterance',
          utterance: p.utterance,
          ...quoteOf(interaction, p.utterance),
          why: `model ${inputs.model.version}: ${p.words.join(', ')}`,
        },
      };
  }
  return {
    callType: 'other',
    source: 'none',
    confidence: 0,
    evidence: {
      kind: 'none',
      why: utterances.length ? 'no mapping and no confident classification' : 'no mapping and no transcript',
    },
  };
}

/** The playbook a tenant assigned to a call type, if any (config MetricsDefinitions.callTypes.playbooks). */
export function playbookForCallType(
  playbooks: Readonly<Partial<Record<CallType, string>>> | undefined,
  callType: string | undefined,
): string | undefined {
  if (!playbooks || !callType) return undefined;
  return playbooks[callType as CallType];
}
